import type { Response } from 'express';
import type { Db } from '../../db/pool';
import { startEventStream } from '../../gateway/event-stream-response';
import { HttpError } from '../../gateway/http-errors';
import type { Logger } from '../../observability/logger';
import type { WidgetMessageNotifications } from './message-notifications';
import { visitorMessageTime, visitorMessagesSince, type VisitorMessage } from './visitor-messages';

export interface StreamTiming {
  /** between queries when the database pushes no notifications (embedded PGlite) */
  pollMs: number;
  /** between queries while notifications arrive: only a safety net for a lost one */
  safetyPollMs: number;
  heartbeatMs: number;
  /**
   * How far back each poll looks behind the newest message sent. A customer message carries the time the
   * gateway received it but reaches the table only when the workflow projects it, possibly after a newer reply;
   * the window catches such late rows, and the per-stream set of sent ids keeps them from repeating.
   */
  lookbackMs: number;
}

export const DEFAULT_TIMING: StreamTiming = { pollMs: 1_000, safetyPollMs: 30_000, heartbeatMs: 15_000, lookbackMs: 60_000 };
const BATCH = 500;

/**
 * The streams open in one gateway, so shutdown can end them (an open SSE response keeps server.close waiting),
 * and so one visitor cannot hold more than a few.
 */
export class OpenStreams {
  private readonly stops = new Map<() => void, string>();
  private readonly perVisitor = new Map<string, number>();

  /** Registers a stream of `visitorId`; 429 when the visitor already has `max` open here. */
  add(visitorId: string, stop: () => void, max = Infinity): () => void {
    const open = this.perVisitor.get(visitorId) ?? 0;
    if (open >= max) {
      throw new HttpError(429, 'too_many_streams', `at most ${max} live streams per visitor; close one first`,
        { retryAfterSeconds: 10 });
    }
    this.perVisitor.set(visitorId, open + 1);
    this.stops.set(stop, visitorId);
    return () => {
      if (!this.stops.delete(stop)) return;
      const left = (this.perVisitor.get(visitorId) ?? 1) - 1;
      if (left > 0) this.perVisitor.set(visitorId, left);
      else this.perVisitor.delete(visitorId);
    };
  }
  get size(): number {
    return this.stops.size;
  }
  closeAll(): void {
    for (const stop of [...this.stops.keys()]) stop();
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
 * Server-Sent Events of the visitor's new messages. Queries the messages table (one indexed query) when a
 * notification says the visitor has a new message, and otherwise only as a safety net; where the database
 * pushes no notifications, on a timer. Each event's `id:` is the message id, so a reconnect resumes after it.
 */
export async function streamVisitorMessages(
  res: Response,
  params: {
    db: Db; logger: Logger; visitorId: string; resumeAfter?: string; streams: OpenStreams; maxPerVisitor?: number;
    /** the stream ends after this long, so a token that expired or was revoked does not keep one open forever */
    maxAgeMs?: number;
    notifications?: WidgetMessageNotifications; timing?: StreamTiming;
    /** adds what the messages table does not hold (their files, with signed links) before they are sent */
    decorate?: (messages: VisitorMessage[]) => Promise<VisitorMessage[]>;
  },
): Promise<void> {
  const { db, logger, visitorId, streams, notifications } = params;
  const timing = params.timing ?? DEFAULT_TIMING;
  let closed = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let maxAge: NodeJS.Timeout | undefined;
  const stop = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(maxAge);
    clearTimeout(pollTimer);
    unregister();
    unsubscribe();
    res.end();
  };
  // Registered before anything is awaited, so concurrent requests cannot slip past the cap.
  const unregister = streams.add(visitorId, stop, params.maxPerVisitor);
  let unsubscribe = (): void => undefined;
  let floor: Floor | undefined;
  if (params.resumeAfter) {
    const time = await visitorMessageTime(db, visitorId, params.resumeAfter).catch((error: unknown) => {
      unregister();
      throw error;
    });
    // An id that is not theirs (or gone): start from now rather than replaying everything.
    floor = { time: time ?? new Date(), id: time ? params.resumeAfter : '' };
  }

  startEventStream(res);

  const sent = new Map<string, number>(); // message id -> created at (ms), pruned behind the look-back window
  let highWater = floor?.time.getTime() ?? 0;

  heartbeat = setInterval(() => res.write(': heartbeat\n\n'), timing.heartbeatMs);
  heartbeat.unref();
  if (params.maxAgeMs) {
    maxAge = setTimeout(stop, params.maxAgeMs);
    maxAge.unref();
  }
  res.on('close', stop);
  if (res.destroyed) stop(); // the page went away while the stream was being set up

  // One query at a time; a notification during a query asks for one more right after it.
  let polling = false;
  let again = false;
  const wake = (): void => {
    if (closed) return;
    if (polling) {
      again = true;
      return;
    }
    clearTimeout(pollTimer);
    void poll();
  };
  if (notifications && !closed) unsubscribe = notifications.subscribe(visitorId, wake);

  const poll = async (): Promise<void> => {
    polling = true;
    again = false;
    try {
      const since = new Date(Math.max(highWater - timing.lookbackMs, floor?.time.getTime() ?? 0));
      const found = await visitorMessagesSince(db, visitorId, since, BATCH);
      const rows = params.decorate ? await params.decorate(found) : found;
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
    polling = false;
    if (closed) return;
    if (again) {
      void poll();
      return;
    }
    pollTimer = setTimeout(() => void poll(), notifications?.pushing ? timing.safetyPollMs : timing.pollMs);
    pollTimer.unref();
  };
  await poll();
}
