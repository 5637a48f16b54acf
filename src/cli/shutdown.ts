import type { Logger } from '../observability/logger';

/** A repeat within this window is the same Ctrl-C delivered twice (by the terminal and by npm/tsx relaying it). */
const DUPLICATE_SIGNAL_MS = 2_000;

/** Runs `stop` once on SIGINT/SIGTERM, then exits; a second, later signal exits at once. */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stoppingSince: number | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < DUPLICATE_SIGNAL_MS) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
