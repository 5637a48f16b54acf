/**
 * Child processes the harness starts: TypeScript entry points run by node with tsx's loader (so the pid is the
 * process doing the work, not a wrapper), output to a log file, stopped with SIGTERM then SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const STOP_GRACE_MS = 15_000;

export interface ChildHandle {
  name: string;
  pid: number;
  logFile: string;
  /** rejects if the process exits before stop() was called */
  exited: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx <entry>` from the project root with exactly `env` (plus PATH and HOME).
 * BENCH_CPU_PROFILE_DIR: each child writes V8 CPU profiles into a folder of its name there when it exits (open
 * them in Chrome DevTools): one file per thread, named by Node with pid and thread id
 * (CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile; the main thread's is the largest). One fixed file name would
 * be overwritten by whichever thread (tsx's loader, the intent model's) exits last.
 */
export function startTsChild(name: string, entry: string, env: Record<string, string>, logDir: string): ChildHandle {
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, name.replace(/[^\w.-]+/g, '-'))}`] : [];
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', entry], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  return handleOf(name, child, logFile, () => log.end());
}

function handleOf(name: string, child: ChildProcess, logFile: string, onGone: () => void): ChildHandle {
  let stopping = false;
  const gone = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`));
    child.once('error', (error) => resolve(`could not start: ${error.message}`));
  });
  void gone.then(onGone);
  const exited = gone.then((how) => {
    if (!stopping) throw new Error(`${name} stopped unexpectedly (${how}); see ${logFile}`);
  });
  exited.catch(() => undefined); // observed by whoever awaits it
  // A harness that dies without stop() must not leave children behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  return {
    name,
    pid: child.pid ?? -1,
    logFile,
    exited,
    async stop() {
      stopping = true;
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Polls a loopback URL until it answers 2xx; fails fast if `exited` rejects first. */
export async function waitForHttpOk(url: string, exited: Promise<void>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let failure: unknown;
  exited.catch((error) => {
    failure = error;
  });
  for (;;) {
    if (failure) throw failure;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
