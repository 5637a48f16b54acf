import type { Response } from 'express';
import type { Db } from '../../db/pool';
import type { Logger } from '../../observability/logger';
import { visitorMessageTime, visitorMessagesSince, type VisitorMessage } from './visitor-messages';

export interface StreamTiming {
  pollMs: number;
  heartbeatMs: number;
  /**
   * How far back each poll looks behind the newest message sent. A customer message carries the time the
   * gateway received it but reaches the table only when the workflow projects it, possibly after a newer reply;
   * the window catches such late rows, and the per-stream set of sent ids keeps them from repeating.
   */
  lookbackMs: number;
}

export const DEFAULT_TIMING: StreamTiming = { pollMs: 500, heartbeatMs: 15_000, lookbackMs: 60_000 };
const BATCH = 500;

/** The streams open in one gateway, so shutdown can end them (an open SSE response keeps server.close waiting). */
export class OpenStreams {
  private readonly stops = new Set<() => void>();
  add(stop: () => void): () => void {
    this.stops.add(stop);
    return () => this.stops.delete(stop);
  }
  get size(): number {
    return this.stops.size;
  }
  closeAll(): void {
    for (const stop of [...this.stops]) stop();
  }
}

/** Where a stream starts: after a message the page already has (Last-Event-ID / `after`), or from the start. */
interface Floor {
  time: Date;
  id: string;
}

const after = (m: VisitorMessage, floor: Floor): boolean => {
  const t = Date.parse(m.createdAt);
  return t > floor.time.getTime() || (t === floor.time.getTime() && m.id > floor.id);
};

/**
 * Server-Sent Events of the visitor's new messages. Polls the messages table (one indexed query per tick per
 * stream); each event's `id:` is the message id, so EventSource's automatic reconnect resumes after it.
 */
export async function streamVisitorMessages(
  res: Response,
  params: { db: Db; logger: Logger; visitorId: string; resumeAfter?: string; streams: OpenStreams; timing?: StreamTiming },
): Promise<void> {
  const { db, logger, visitorId, streams } = params;
  const timing = params.timing ?? DEFAULT_TIMING;
  let floor: Floor | undefined;
  if (params.resumeAfter) {
    const time = await visitorMessageTime(db, visitorId, params.resumeAfter);
    // An id that is not theirs (or gone): start from now rather than replaying everything.
    floor = { time: time ?? new Date(), id: time ? params.resumeAfter : '' };
  }

  res.status(200).set({
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx and friends would otherwise buffer the stream
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  res.write('retry: 2000\n\n');

  const sent = new Map<string, number>(); // message id -> created at (ms), pruned behind the look-back window
  let highWater = floor?.time.getTime() ?? 0;
  let closed = false;
  let pollTimer: NodeJS.Timeout | undefined;

  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), timing.heartbeatMs);
  heartbeat.unref();
  const stop = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(pollTimer);
    unregister();
    res.end();
  };
  const unregister = streams.add(stop);
  res.on('close', stop);
  if (res.destroyed) stop(); // the page went away while the stream was being set up

  const poll = async (): Promise<void> => {
    try {
      const since = new Date(Math.max(highWater - timing.lookbackMs, floor?.time.getTime() ?? 0));
      const rows = await visitorMessagesSince(db, visitorId, since, BATCH);
      for (const m of rows) {
        if (closed) return;
        if (sent.has(m.id) || (floor && !after(m, floor))) continue;
        const t = Date.parse(m.createdAt);
        sent.set(m.id, t);
        highWater = Math.max(highWater, t);
        res.write(`id: ${m.id}\nevent: message\ndata: ${JSON.stringify(m)}\n\n`);
      }
      for (const [id, t] of sent) if (t < highWater - timing.lookbackMs) sent.delete(id);
    } catch (error) {
      // The database may be back on the next tick; the stream stays open.
      logger.warn({ err: error }, 'widget stream poll failed');
    }
    if (!closed) {
      pollTimer = setTimeout(() => void poll(), timing.pollMs);
      pollTimer.unref();
    }
  };
  await poll();
}
