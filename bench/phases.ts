/**
 * The measured phases, run against one system at a time (the caller alternates systems between repetitions):
 * warm-up, steady rate (P2, and P3's small reference), throughput (P1), filling up to K open issues, and the
 * steady rate again with K issues open (P3). Each records its samples and the CPU/RSS of every process.
 */
import { performance } from 'node:perf_hooks';
import { closedLoop, openLoop, sendAndAwaitReply, type MessageKind, type Sample } from './load';
import { UsageWindow, type ProcessUsage } from './proc-usage';
import type { ReplyReceiver } from './receiver';
import type { SystemName, Target } from './targets';

export type PhaseName = 'warmup' | 'steady' | 'throughput' | 'long' | 'fill' | 'steady-open';

export interface PhaseResult {
  phase: PhaseName;
  system: SystemName;
  rep: number;
  /** conversations this system had open (answered, waiting on timers) when the phase started */
  openAtStart: number;
  seconds: number;
  samples: Sample[];
  usage: Record<string, ProcessUsage>;
}

/** One system's side of the run: its target and the conversations it has open. */
export class SystemState {
  readonly open: string[] = [];
  private readonly busy = new Set<string>();
  private seq = 0;

  constructor(readonly target: Target) {}

  newCustomer(tag: string): string {
    return `${this.target.prefix}-${tag}-${++this.seq}`;
  }

  /**
   * One of `pool`'s open conversations with no message in flight (so replies match unambiguously), at random.
   */
  idleOpenCustomer(pool: readonly string[]): string | undefined {
    for (let attempt = 0; attempt < 20 && pool.length > 0; attempt++) {
      const candidate = pool[Math.floor(Math.random() * pool.length)]!;
      if (!this.busy.has(candidate)) return candidate;
    }
    return pool.find((c) => !this.busy.has(c));
  }

  async message(receiver: ReplyReceiver, externalId: string, kind: MessageKind): Promise<Sample> {
    this.busy.add(externalId);
    try {
      const sample = await sendAndAwaitReply(this.target, receiver, externalId, kind);
      if (kind === 'new' && sample.repliedAt !== undefined) this.open.push(externalId);
      return sample;
    } finally {
      this.busy.delete(externalId);
    }
  }
}

export interface PhaseContext {
  receiver: ReplyReceiver;
  pids: Readonly<Record<string, number>>;
  say(line: string): void;
}

async function measured(
  ctx: PhaseContext, phase: PhaseName, state: SystemState, rep: number, run: () => Promise<Sample[]>,
): Promise<PhaseResult> {
  const openAtStart = state.open.length;
  const usage = new UsageWindow(ctx.pids).start();
  const started = performance.now();
  const samples = await run();
  const seconds = (performance.now() - started) / 1000;
  const result = { phase, system: state.target.name, rep, openAtStart, seconds, samples, usage: usage.stop() };
  const answered = samples.filter((s) => s.repliedAt !== undefined).length;
  ctx.say(`  ${phase.padEnd(11)} ${state.target.name.padEnd(8)} rep ${rep}: ${answered}/${samples.length} answered in ${seconds.toFixed(1)} s (open at start: ${openAtStart})`);
  return result;
}

/** New customers ask, then ask again in their now open conversation: JIT, caches and connections warm up. */
export function warmUp(ctx: PhaseContext, state: SystemState, customers: number, concurrency: number): Promise<PhaseResult> {
  return measured(ctx, 'warmup', state, 0, async () => {
    const ids = Array.from({ length: customers }, () => state.newCustomer('warm'));
    const first = await closedLoop(ids.length, concurrency, (i) => state.message(ctx.receiver, ids[i]!, 'new'));
    const again = await closedLoop(ids.length, concurrency, (i) => state.message(ctx.receiver, ids[i]!, 'open'));
    return [...first, ...again];
  });
}

/**
 * Messages at a fixed rate, alternately from a new customer and into a conversation that was open when the phase
 * began (so a new customer's conversation holds exactly one message while the phase runs).
 */
export function steadyRate(
  ctx: PhaseContext, phase: 'steady' | 'steady-open', state: SystemState, rep: number, rate: number, seconds: number,
): Promise<PhaseResult> {
  const count = Math.max(2, Math.round(rate * seconds));
  const pool = [...state.open];
  return measured(ctx, phase, state, rep, () => openLoop(count, rate, (i) => {
    const open = i % 2 === 1 ? state.idleOpenCustomer(pool) : undefined;
    return open
      ? state.message(ctx.receiver, open, 'open')
      : state.message(ctx.receiver, state.newCustomer(`s${rep}`), 'new');
  }));
}

/** N new customers, `concurrency` messages in flight: replies per second. */
export function throughputRun(ctx: PhaseContext, state: SystemState, rep: number, n: number, concurrency: number): Promise<PhaseResult> {
  return measured(ctx, 'throughput', state, rep, () =>
    closedLoop(n, concurrency, () => state.message(ctx.receiver, state.newCustomer(`t${rep}`), 'new')));
}

/** Opens conversations (answered, then waiting on timers) until `target` are open, many at a time. */
export function fillOpen(ctx: PhaseContext, state: SystemState, target: number, concurrency: number): Promise<PhaseResult> {
  return measured(ctx, 'fill', state, 0, async () => {
    const needed = Math.max(0, target - state.open.length);
    let done = 0;
    const progress = setInterval(() => ctx.say(`    ${state.target.name}: ${done}/${needed} opened`), 15_000);
    try {
      return await closedLoop(needed, concurrency, async () => {
        const sample = await state.message(ctx.receiver, state.newCustomer('open'), 'new');
        done += 1;
        return sample;
      });
    } finally {
      clearInterval(progress);
    }
  });
}

/**
 * One customer writes `messages` times into one conversation, each message after the previous reply: shows whether
 * a long conversation (several continue-as-new runs for the pipeline) answers as fast as a short one.
 */
export function longConversation(ctx: PhaseContext, state: SystemState, messages: number): Promise<PhaseResult> {
  return measured(ctx, 'long', state, 0, async () => {
    const customer = state.newCustomer('long');
    const samples: Sample[] = [];
    for (let i = 0; i < messages; i++) {
      samples.push(await state.message(ctx.receiver, customer, i === 0 ? 'new' : 'open'));
    }
    return samples;
  });
}
