/** A loopback HTTP endpoint standing in for an integrator's webhook receiver; records what arrives. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: { deliveryId: string; issueId: string; customer: { externalId: string }; message: { id: string; text: string } };
  /** when it arrived (Date.now()) */
  at: number;
}

export async function startWebhookReceiver(status = 200) {
  const received: ReceivedWebhook[] = [];
  let answer = status;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (answer < 300) received.push({ headers: req.headers, body, json: JSON.parse(body), at: Date.now() });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    setStatus(s: number) {
      answer = s;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
