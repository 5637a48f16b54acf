/**
 * The webhook receiver both systems reply to (loopback only): records when each reply arrives, by the customer's
 * external id, and wakes whoever waits for that customer's next reply. Arrival time is taken when the request
 * body has been read, on the same clock (performance.now) as the load generator's send times.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface Reply {
  at: number;
  externalId: string;
  deliveryId: string;
  text: string;
}

interface Waiter {
  resolve(reply: Reply): void;
  timer: NodeJS.Timeout;
}

export class ReplyReceiver {
  private server?: Server;
  /** replies that arrived before anyone waited for them (e.g. before the 202 came back) */
  private readonly unclaimed = new Map<string, Reply[]>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly seenDeliveries = new Set<string>();
  received = 0;
  duplicates = 0;
  url = '';

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = performance.now();
        res.writeHead(200).end();
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          this.accept({
            at, externalId: String(body.customer?.externalId), deliveryId: String(body.deliveryId), text: String(body.message?.text ?? ''),
          });
        } catch {
          // not a reply: ignored (the benchmark only counts well-formed deliveries)
        }
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    const { port: bound } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${bound}/replies`;
  }

  private accept(reply: Reply): void {
    // Deliveries are at least once: a repeat is counted, never matched twice.
    if (this.seenDeliveries.has(reply.deliveryId)) {
      this.duplicates += 1;
      return;
    }
    this.seenDeliveries.add(reply.deliveryId);
    this.received += 1;
    const waiting = this.waiters.get(reply.externalId);
    const waiter = waiting?.shift();
    if (waiting?.length === 0) this.waiters.delete(reply.externalId);
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(reply);
    } else {
      const list = this.unclaimed.get(reply.externalId) ?? [];
      list.push(reply);
      this.unclaimed.set(reply.externalId, list);
    }
  }

  /**
   * The next reply to this customer not yet claimed, or undefined after timeoutMs. Call it before sending, so a
   * reply that beats the 202 is not mistaken for the answer to a later message.
   */
  nextReply(externalId: string, timeoutMs: number): Promise<Reply | undefined> {
    const early = this.unclaimed.get(externalId);
    if (early?.length) {
      const reply = early.shift()!;
      if (early.length === 0) this.unclaimed.delete(externalId);
      return Promise.resolve(reply);
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          const list = this.waiters.get(externalId);
          const i = list?.indexOf(waiter) ?? -1;
          if (list && i >= 0) list.splice(i, 1);
          if (list?.length === 0) this.waiters.delete(externalId);
          resolve(undefined);
        }, timeoutMs),
      };
      const list = this.waiters.get(externalId) ?? [];
      list.push(waiter);
      this.waiters.set(externalId, list);
    });
  }

  /** Replies nobody waited for (a system answering twice, or after the waiter gave up). */
  unclaimedCount(): number {
    let n = 0;
    for (const list of this.unclaimed.values()) n += list.length;
    return n;
  }

  async stop(): Promise<void> {
    for (const list of this.waiters.values()) for (const w of list) clearTimeout(w.timer);
    this.waiters.clear();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
