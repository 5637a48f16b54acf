import type { Db } from '../db/pool';
import { NotificationListener } from '../db/notification-listener';
import type { Logger } from '../observability/logger';
import { CONSOLE_EVENTS_CHANNEL, type ConsoleEvent } from './console-events';

/** What a console stream is handed: an event, or `resync` (events may have been missed: refetch everything). */
export type ConsoleDelivery = { kind: 'event'; event: ConsoleEvent } | { kind: 'resync' };
type Subscriber = (delivery: ConsoleDelivery) => void;

/**
 * The gateway's one LISTEN on `console_events`, fanned out to the open console streams. Where the database
 * pushes nothing (embedded PGlite) `pushing` is false: the streams say so and consoles poll instead.
 */
export class ConsoleEventHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly listener: NotificationListener;

  constructor(db: Db, private readonly logger: Logger) {
    this.listener = new NotificationListener(db, logger, CONSOLE_EVENTS_CHANNEL, {
      notified: (payload) => this.deliver(payload),
      resync: () => this.subscribers.forEach((s) => s({ kind: 'resync' })),
    });
  }

  get pushing(): boolean {
    return this.listener.pushing;
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }

  private deliver(payload: string): void {
    let event: ConsoleEvent;
    try {
      event = JSON.parse(payload) as ConsoleEvent;
    } catch {
      this.logger.warn({ payload: payload.slice(0, 200) }, 'console event that is not JSON dropped');
      return;
    }
    if (typeof event?.type !== 'string' || typeof event.issueId !== 'string') return;
    this.subscribers.forEach((s) => s({ kind: 'event', event }));
  }
}
