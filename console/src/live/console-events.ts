import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { authHeaders, signedOut } from '../api/client';

/** The server sends a heartbeat every 15 s: this long without one means the connection is dead. */
const SILENCE_MS = 45_000;

/** What the live connection is doing; shown in the header. */
export type LiveState = 'connecting' | 'live' | 'polling' | 'offline';

export interface ConsoleEvent {
  type: string;
  issueId?: string;
  taskId?: string;
  operatorId?: string;
  teamId?: string;
  change?: string;
  /** sla events: which clock (first_response, next_response, resolution) */
  kind?: string;
  at?: string;
}

/** Calls `onEvent` for each Server-Sent Event in a fetch body (fetch, not EventSource: it can send a Bearer token). */
async function readEvents(
  body: ReadableStream<Uint8Array>, onEvent: (type: string, data: string) => void, onChunk: () => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    onChunk();
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) onEvent(type, data.join('\n'));
    }
  }
}

/**
 * Keeps the console's data fresh: `GET /api/v1/console/events` invalidates the queries an event touches (the
 * console refetches through the API). When the server says it cannot push (embedded database) or the stream is
 * down, queries poll instead. `onNotice` hears of tasks offered to this operator (`offer`), of offers that
 * ended (`offer_closed`) and of SLA warnings and breaches (`sla`). Returns the live state.
 */
export function useConsoleEvents(enabled: boolean, onNotice?: (event: ConsoleEvent) => void): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');

  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    let retryMs = 1_000;
    const invalidate = (event: ConsoleEvent) => {
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      if (event.issueId) void queryClient.invalidateQueries({ queryKey: ['issue', event.issueId] });
    };
    const connect = async (): Promise<void> => {
      while (!abort.signal.aborted) {
        // a stream that went silent (no heartbeat for a while: a dead connection) is dropped and opened again
        const connection = new AbortController();
        const stop = () => connection.abort();
        abort.signal.addEventListener('abort', stop);
        let watchdog: ReturnType<typeof setTimeout> | undefined;
        const alive = () => {
          clearTimeout(watchdog);
          watchdog = setTimeout(stop, SILENCE_MS);
        };
        try {
          alive();
          const response = await fetch('/api/v1/console/events', {
            headers: { accept: 'text/event-stream', ...authHeaders() }, credentials: 'same-origin', signal: connection.signal,
          });
          if (response.status === 401) {
            signedOut(); // the session ended: back to the sign-in screen
            return;
          }
          if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
          retryMs = 1_000;
          await readEvents(response.body, (type, data) => {
            let event: ConsoleEvent;
            try {
              event = JSON.parse(data) as ConsoleEvent;
            } catch {
              return;
            }
            if (type === 'hello') {
              setState((event as { push?: boolean }).push ? 'live' : 'polling');
              return;
            }
            if (type === 'resync') {
              void queryClient.invalidateQueries();
              return;
            }
            if (type === 'offer' || type === 'offer_closed' || type === 'sla') onNotice?.({ ...event, type });
            invalidate(event);
          }, alive);
        } catch {
          if (abort.signal.aborted) return;
          setState('offline');
        } finally {
          clearTimeout(watchdog);
          abort.signal.removeEventListener('abort', stop);
        }
        await new Promise((r) => setTimeout(r, retryMs));
        retryMs = Math.min(retryMs * 2, 15_000);
        // the stream may have missed something while it was down
        void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      }
    };
    void connect();
    return () => abort.abort();
  }, [enabled, queryClient, onNotice]);

  return state;
}

/** How often queries poll: rarely while events are pushed, every few seconds otherwise. */
export function pollInterval(state: LiveState): number {
  return state === 'live' ? 60_000 : 5_000;
}
