/**
 * Load generators. Every message waits for its reply at the receiver (registered before sending) with a timeout,
 * so every loop ends by itself: a closed loop (a fixed number of messages in flight) for throughput, an open loop
 * (messages on a fixed schedule, whatever the replies do) for latency.
 */
import { performance } from 'node:perf_hooks';
import type { ReplyReceiver } from './receiver';
import type { Target } from './targets';

export type MessageKind = 'new' | 'open';

export interface Sample {
  kind: MessageKind;
  externalId: string;
  sentAt: number;
  acceptedAt?: number;
  repliedAt?: number;
  replyText?: string;
  error?: string;
}

export const QUESTION = 'How do I reset my password?';
const REPLY_TIMEOUT_MS = 120_000;
let messageSeq = 0;

/** One message and its reply. Never throws: failures are recorded on the sample. */
export async function sendAndAwaitReply(
  target: Target, receiver: ReplyReceiver, externalId: string, kind: MessageKind, timeoutMs = REPLY_TIMEOUT_MS,
): Promise<Sample> {
  const reply = receiver.nextReply(externalId, timeoutMs);
  const sample: Sample = { kind, externalId, sentAt: performance.now() };
  try {
    await target.send(externalId, `bench-${process.pid}-${++messageSeq}`, QUESTION);
    sample.acceptedAt = performance.now();
  } catch (error) {
    sample.error = `not accepted: ${(error as Error).message}`;
  }
  const answer = await reply;
  if (answer) {
    sample.repliedAt = answer.at;
    sample.replyText = answer.text;
  } else if (!sample.error) {
    sample.error = `no reply within ${timeoutMs / 1000} s`;
  }
  return sample;
}

/** `count` jobs, at most `concurrency` at a time. */
export async function closedLoop<T>(count: number, concurrency: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await job(i);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** `count` jobs started at `rate` per second on a fixed schedule (open loop); resolves when all have finished. */
export async function openLoop<T>(count: number, rate: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const start = performance.now();
  const running: Promise<T>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    running.push(job(i));
  }
  return Promise.all(running);
}

/** accepted -> reply received, in seconds, of the messages that got both */
export function latencies(samples: readonly Sample[], kind?: MessageKind): number[] {
  return samples
    .filter((s) => (kind === undefined || s.kind === kind) && s.acceptedAt !== undefined && s.repliedAt !== undefined)
    .map((s) => (s.repliedAt! - s.acceptedAt!) / 1000);
}

/** sent -> accepted, in seconds */
export function acceptTimes(samples: readonly Sample[]): number[] {
  return samples.filter((s) => s.acceptedAt !== undefined).map((s) => (s.acceptedAt! - s.sentAt) / 1000);
}

/** Replies per second over the window from the first send to the last reply. */
export function throughput(samples: readonly Sample[]): { messages: number; seconds: number; perSecond: number } {
  const answered = samples.filter((s) => s.repliedAt !== undefined);
  if (answered.length === 0) return { messages: 0, seconds: Number.NaN, perSecond: 0 };
  const first = Math.min(...samples.map((s) => s.sentAt));
  const last = Math.max(...answered.map((s) => s.repliedAt!));
  const seconds = (last - first) / 1000;
  return { messages: answered.length, seconds, perSecond: answered.length / seconds };
}
