import { Runtime, type LogLevel, type LogMetadata } from '@temporalio/worker';
import type { Logger } from '../observability/logger';

let installed = false;

/** Routes the Temporal SDK's own logs (worker, workflow `log`, activities) into our JSON logger. Once per process. */
export function installTemporalRuntime(logger: Logger): void {
  if (installed) return;
  installed = true;
  const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
    TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error',
  };
  const child = logger.child({ component: 'temporal' });
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => child[levels[level]](meta ?? {}, message);
  try {
    Runtime.install({
    logger: {
      log: write,
      trace: (m, meta) => write('TRACE', m, meta),
      debug: (m, meta) => write('DEBUG', m, meta),
      info: (m, meta) => write('INFO', m, meta),
      warn: (m, meta) => write('WARN', m, meta),
      error: (m, meta) => write('ERROR', m, meta),
      },
    });
  } catch (error) {
    logger.debug({ err: error }, 'Temporal runtime was already installed; keeping its logger');
  }
}
