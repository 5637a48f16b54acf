import type { Response } from 'express';

/** Starts a Server-Sent Events answer: headers out at once, and a browser reconnects 2 s after it ends. */
export function startEventStream(res: Response): void {
  res.status(200).set({
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx and friends would otherwise buffer the stream
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  res.write('retry: 2000\n\n');
}
