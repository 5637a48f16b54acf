import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { Db } from '../../db/pool';
import { requireOperator } from '../auth';
import { HttpError, parseWith } from '../http-errors';

/**
 * The remote codec endpoint of the Temporal Web UI and CLI: with payload encryption on, they send the sealed
 * payloads here and show them decrypted. Whoever calls it reads customers' messages, so it needs a credential:
 * - `Authorization: Bearer <operator token>` on `/codec/decode` (the Temporal CLI's `--codec-auth`), or
 * - the codec access key (CODEC_ACCESS_KEY) as a path segment, `/codec/<key>/decode`: the Temporal UI's codec
 *   client sends no credential of its own unless it has an OIDC sign-in (`codec.passAccessToken`) or cookies
 *   (`codec.includeCredentials`), and the dev server's UI can set neither; `npm start` generates a key per run
 *   and gives the UI that URL. Being on loopback is no credential (a local proxy makes everyone loopback).
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

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export interface CodecAccess {
  db: Db;
  /** CODEC_ACCESS_KEY: accepted as the path segment of `/codec/<key>/…`; undefined = only operator tokens */
  accessKey?: string;
}

export function codecRoutes(codec: PayloadCodec, uiOrigins: string[], access: CodecAccess): Router {
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
  const byOperator = requireOperator(access.db);
  const byKey: RequestHandler = (req, _res, next) => {
    const given = String(req.params.accessKey ?? '');
    if (!access.accessKey || !timingSafeEqual(digest(given), digest(access.accessKey))) {
      throw new HttpError(401, 'unauthorized', 'unknown codec access key');
    }
    next();
  };
  const ops = operations(codec);
  router.use(cors);
  router.post(['/decode', '/encode'], byOperator, ops);
  router.use('/:accessKey', byKey, ops);
  return router;
}

/** POST /decode and /encode of the Temporal codec protocol (JSON Payloads). */
function operations(codec: PayloadCodec): Router {
  const router = Router();
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
