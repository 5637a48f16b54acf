import type { Response } from 'express';
import type { OpenStreams } from '../channels/widget/message-stream';
import { startEventStream } from '../gateway/event-stream-response';
import type { ConsoleEventHub, ConsoleDelivery } from './console-event-hub';
import { PERSONAL_EVENT_TYPES } from './console-events';

export interface ConsoleStreamTiming {
  heartbeatMs: number;
  /** the stream ends after this long (the browser reconnects), so a revoked session does not keep one open */
  maxAgeMs: number;
}
export const DEFAULT_CONSOLE_STREAM_TIMING: ConsoleStreamTiming = { heartbeatMs: 15_000, maxAgeMs: 10 * 60_000 };
const MAX_STREAMS_PER_OPERATOR = 10;

/**
 * Server-Sent Events for one operator's console: first `hello` (`push: false` tells the console to poll, the
 * database pushes nothing), then each console event by its type (`task`, `message`, `sla`, `issue`; `offer`
 * and `offer_closed` only to the operator they name), `resync` when events may have been missed, and comment heartbeats.
 */
export function streamConsoleEvents(
  res: Response,
  params: { hub: ConsoleEventHub; streams: OpenStreams; operatorId: string; timing?: ConsoleStreamTiming },
): void {
  const { hub, streams, operatorId } = params;
  const timing = params.timing ?? DEFAULT_CONSOLE_STREAM_TIMING;
  let closed = false;
  const stop = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(maxAge);
    unregister();
    unsubscribe();
    res.end();
  };
  const unregister = streams.add(operatorId, stop, MAX_STREAMS_PER_OPERATOR);
  startEventStream(res);
  const send = (type: string, data: unknown): void => {
    res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  send('hello', { push: hub.pushing, at: new Date().toISOString() });
  const unsubscribe = hub.subscribe((delivery: ConsoleDelivery) => {
    if (closed) return;
    if (delivery.kind === 'resync') {
      send('resync', { at: new Date().toISOString() });
      return;
    }
    const { event } = delivery;
    if (PERSONAL_EVENT_TYPES.has(event.type) && (event as { operatorId?: string }).operatorId !== operatorId) return;
    send(event.type, event);
  });
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), timing.heartbeatMs);
  heartbeat.unref();
  const maxAge = setTimeout(stop, timing.maxAgeMs);
  maxAge.unref();
  res.on('close', stop);
  if (res.destroyed) stop();
}
