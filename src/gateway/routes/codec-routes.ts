import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { HttpError, parseWith } from '../http-errors';

/**
 * The remote codec endpoint of the Temporal Web UI (`--ui-codec-endpoint <gateway>/codec`): with payload
 * encryption on, the UI sends the sealed payloads here and shows them decrypted. It answers only callers on this
 * machine (the local UI in a browser here); in production put a codec server behind your own sign-in instead.
 */
const jsonPayloads = z.object({
  payloads: z.array(z.object({
    metadata: z.record(z.string(), z.string()).optional(),
    data: z.string().optional(),
  })).max(1_000),
});

type JsonPayload = z.infer<typeof jsonPayloads>['payloads'][number];

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: p.data === undefined ? undefined : Buffer.from(p.data, 'base64'),
});

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: p.data ? Buffer.from(p.data).toString('base64') : undefined,
});

export function isLoopback(address: string | undefined): boolean {
  return address === '::1' || address === '127.0.0.1' || Boolean(address?.startsWith('::ffff:127.')) || Boolean(address?.startsWith('127.'));
}

export function codecRoutes(codec: PayloadCodec, uiOrigins: string[]): Router {
  const router = Router();
  const cors: RequestHandler = (req, res, next) => {
    const origin = req.header('origin');
    if (origin && uiOrigins.includes(origin)) {
      res.set({
        'access-control-allow-origin': origin,
        'access-control-allow-headers': 'Content-Type, X-Namespace, Authorization',
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-credentials': 'true',
        vary: 'Origin',
      });
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
  const localOnly: RequestHandler = (req, _res, next) => {
    // A request relayed by a proxy on this machine comes from loopback too: refuse anything forwarded.
    if (!isLoopback(req.socket.remoteAddress) || req.header('x-forwarded-for') || req.header('forwarded')) {
      throw new HttpError(403, 'forbidden', 'the codec endpoint answers only callers on this machine');
    }
    next();
  };
  router.use(cors, localOnly);
  router.post('/decode', async (req, res) => {
    const { payloads } = parseWith(jsonPayloads, req.body);
    res.json({ payloads: (await codec.decode(payloads.map(fromJson))).map(toJson) });
  });
  router.post('/encode', async (req, res) => {
    const { payloads } = parseWith(jsonPayloads, req.body);
    res.json({ payloads: (await codec.encode(payloads.map(fromJson))).map(toJson) });
  });
  return router;
}
