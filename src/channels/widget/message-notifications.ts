import type { Db } from '../../db/pool';
import { NotificationListener } from '../../db/notification-listener';
import type { Logger } from '../../observability/logger';

/** The channel the messages trigger notifies (migration 1733200000003_widget-stream-push.sql). */
export const WIDGET_MESSAGES_CHANNEL = 'widget_messages';

type Wake = () => void;

/**
 * Fans `NOTIFY widget_messages '<visitor id>'` out to that visitor's open streams, so streams query only when
 * something new is there. After a lost connection (or on start) every stream is woken once: it may have missed
 * something. Where the database pushes nothing (embedded PGlite) `pushing` stays false and the streams poll.
 */
export class WidgetMessageNotifications {
  private readonly subscribers = new Map<string, Set<Wake>>();
  private readonly listener: NotificationListener;

  constructor(db: Db, logger: Logger) {
    this.listener = new NotificationListener(db, logger, WIDGET_MESSAGES_CHANNEL, {
      notified: (visitorId) => this.subscribers.get(visitorId)?.forEach((wake) => wake()),
      resync: () => {
        for (const set of this.subscribers.values()) set.forEach((wake) => wake());
      },
    });
  }

  /** notifications arrive: streams may rely on them (and poll only rarely, as a safety net) */
  get pushing(): boolean {
    return this.listener.pushing;
  }

  /** Subscribes a stream to its visitor's notifications; returns the unsubscribe. */
  subscribe(visitorId: string, wake: Wake): () => void {
    let set = this.subscribers.get(visitorId);
    if (!set) this.subscribers.set(visitorId, (set = new Set()));
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0 && this.subscribers.get(visitorId) === set) this.subscribers.delete(visitorId);
    };
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }
}
