/**
 * The standalone worker (`npm run worker`, workers/main.ts) as a child process, so a test can kill it the hard
 * way (SIGKILL) and start another, as a crash and a restart would in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(__dirname, '../..');

export interface WorkerProcess {
  proc: ChildProcess;
  /** resolves once the worker logged that it runs (it polls the task queue from then on) */
  ready: Promise<void>;
  /** resolves when the process has exited, with how */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL, then waits for the exit */
  kill(): Promise<void>;
}

/** Starts workers/main.ts with the test's environment plus `env` (DATABASE_URL, TEMPORAL_*, channels, ...). */
export function spawnWorkerProcess(env: Record<string, string | undefined>): WorkerProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'workers/main.ts')], {
    cwd: ROOT,
    // info level: the "worker running" line tells when it polls; everything else on stdout is dropped
    env: { ...process.env, WORKER_HTTP_PORT: '0', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const ready = new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout! });
    lines.on('line', (line) => {
      if (line.includes('"worker running"')) resolve();
    });
    void exited.then(({ code, signal }) => reject(new Error(`worker exited before it ran (code ${code}, signal ${signal})`)));
  });
  ready.catch(() => undefined); // a killed worker that never got ready is not an unhandled rejection
  return {
    proc,
    ready,
    exited,
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}
