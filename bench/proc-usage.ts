/**
 * CPU time and memory of the processes under test, read from /proc (Linux): utime+stime of every thread
 * (`/proc/<pid>/stat`) and resident memory (`VmRSS` in `/proc/<pid>/status`), sampled while a phase runs.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU seconds (user + system) the process has used so far, or NaN when it cannot be read. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return Number.NaN;
  }
}

/** Resident memory in MiB, or NaN. */
export function rssMiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export interface ProcessUsage {
  cpuSeconds: number;
  peakRssMiB: number;
}

/** Watches named processes over a window: CPU delta from start() to stop(), peak RSS sampled every 500 ms. */
export class UsageWindow {
  private readonly startCpu = new Map<string, number>();
  private readonly peak = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly pids: Readonly<Record<string, number>>) {}

  start(): this {
    for (const [name, pid] of Object.entries(this.pids)) this.startCpu.set(name, cpuSeconds(pid));
    this.sample();
    this.timer = setInterval(() => this.sample(), 500);
    return this;
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.pids)) {
      const rss = rssMiB(pid);
      if (!Number.isNaN(rss)) this.peak.set(name, Math.max(this.peak.get(name) ?? 0, rss));
    }
  }

  stop(): Record<string, ProcessUsage> {
    clearInterval(this.timer);
    this.sample();
    const out: Record<string, ProcessUsage> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      out[name] = { cpuSeconds: cpuSeconds(pid) - (this.startCpu.get(name) ?? Number.NaN), peakRssMiB: this.peak.get(name) ?? Number.NaN };
    }
    return out;
  }
}
