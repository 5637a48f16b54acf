/**
 * A fake OpenAI-compatible embeddings server on loopback speaking the real `POST /v1/embeddings` wire format.
 * Its "model" maps words to a few concepts, so texts about the same thing (refund / money back) get similar
 * vectors even when they share no word: enough to tell semantic search from word matching.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const CONCEPTS: string[][] = [
  ['refund', 'refunds', 'money', 'reimburse', 'reimbursement', 'repay', 'back'],
  ['parcel', 'package', 'shipping', 'delivery', 'courier', 'shipped', 'arrive'],
  ['password', 'login', 'sign', 'credentials', 'locked'],
  ['invoice', 'receipt', 'vat', 'bill'],
];

export function fakeEmbedding(text: string): number[] {
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  const vector = CONCEPTS.map((group) => words.filter((w) => group.includes(w)).length);
  return [...vector, 0.1]; // never the zero vector
}

export interface FakeEmbeddings {
  baseUrl: string;
  /** every request body as received */
  requests: { model: string; input: string[]; authorization?: string }[];
  /** texts embedded so far */
  embeddedTexts(): number;
  setFailing(status: number | undefined): void;
  close(): Promise<void>;
}

export async function startFakeEmbeddings(): Promise<FakeEmbeddings> {
  const requests: FakeEmbeddings['requests'] = [];
  let failing: number | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; input: string | string[] };
      const input = Array.isArray(body.input) ? body.input : [body.input];
      requests.push({ model: body.model, input, authorization: req.headers.authorization });
      if (failing) {
        res.writeHead(failing, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        object: 'list',
        // answered out of order on purpose: clients must use `index`
        data: input.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) })).reverse(),
        model: body.model,
        usage: { prompt_tokens: input.length, total_tokens: input.length },
      }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    embeddedTexts: () => requests.reduce((n, r) => n + r.input.length, 0),
    setFailing: (status) => { failing = status; },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
