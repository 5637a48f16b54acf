import express, { Router } from 'express';
import { z } from 'zod';
import { registerDevice, unregisterDevice } from '../../channels/push/push-devices';
import { findCustomerByIdentity } from '../../db/customers';
import { findIssue, listCustomerMessages } from '../../db/issue-queries';
import { optionalSafeText, safeId } from '../../domain/safe-text';
import { base64FilesSchema, filesFromBase64, isMultipart, jsonLimitForFiles, readMultipart } from '../../attachments/api-uploads';
import { attachmentsOfMessages } from '../../attachments/attachment-rows';
import { linkStartSchema, linkVerifySchema } from '../../identity/link-schemas';
import { acceptInboundMessage } from '../accept-inbound';
import { csatRequestOf } from '../../channels/csat-request';
import { requireChannelKey } from '../auth';
import { HttpError, parseWith } from '../http-errors';
import type { GatewayDependencies } from '../dependencies';

const apiMessageFields = z.object({
  messageId: safeId({ max: 200 }),
  customer: z.object({
    externalId: safeId({ max: 200 }),
    name: optionalSafeText({ max: 200 }),
    email: z.email().max(320).optional(),
    phone: z.string().trim().regex(/^\+?[0-9 ()-]{5,32}$/, 'phone must be digits, optionally with +').optional(),
  }).strict(),
  /** may be left out when the message carries files */
  text: optionalSafeText({ max: 8_000 }),
  attachments: base64FilesSchema,
}).strict();
const TEXT_OR_FILES = { message: 'a message needs text or attachments', path: ['text'] };
export const apiMessageSchema = apiMessageFields.refine((m) => Boolean(m.text) || (m.attachments?.length ?? 0) > 0, TEXT_OR_FILES);
/** multipart: the files are parts of their own, so the message itself may be empty of both */
const multipartMessageSchema = (files: number) => apiMessageFields.refine((m) => Boolean(m.text) || files > 0, TEXT_OR_FILES);

const listQuerySchema = z.object({
  after: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const csatSchema = z.object({
  score: z.number().int().min(1).max(5),
  comment: optionalSafeText({ max: 2_000 }),
}).strict();

const deviceSchema = z.object({
  provider: z.enum(['fcm', 'webhook']).default('fcm'),
  platform: z.enum(['android', 'ios', 'web']),
  token: safeId({ max: 4_096 }),
}).strict();

function parseJsonField(value: string | undefined): unknown {
  if (!value) throw new HttpError(400, 'invalid_request', 'a multipart message needs the message as JSON in the "message" field');
  try {
    return JSON.parse(value);
  } catch {
    throw new HttpError(400, 'malformed_json', 'the "message" field is not valid JSON');
  }
}

/** The API channel for mobile apps and other systems (`Authorization: Bearer <API channel key>`). */
export function apiChannelRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  const auth = requireChannelKey(deps.db, 'api');

  // files as base64 need more than MAX_BODY_BYTES: one file of the limit as text, plus the message
  const messageJson = express.json({ limit: Math.max(deps.maxBodyBytes, jsonLimitForFiles(deps.attachments.maxBytes)), strict: true });
  router.post('/messages', auth, messageJson, async (req, res) => {
    await deps.limits.consume('API_MESSAGES_PER_KEY', req.header('authorization') ?? '', 'too many messages for this API key');
    let body;
    let files;
    try {
      // multipart/form-data: the message as JSON in the `message` field, the files in `files`
      const multipart = isMultipart(req) ? await readMultipart(req, res, deps.attachments.maxBytes) : undefined;
      body = multipart
        ? parseWith(multipartMessageSchema(multipart.files.length), parseJsonField(multipart.fields.message))
        : parseWith(apiMessageSchema, req.body);
      files = await deps.attachments.inspect([...filesFromBase64(body.attachments), ...(multipart?.files ?? [])]);
    } catch (error) {
      deps.metrics.inboundMessages.inc({ channel: 'api', result: 'rejected' });
      throw error;
    }
    const { issueId, attachments } = await acceptInboundMessage(deps, {
      identity: { channel: 'api', ...body.customer }, externalMessageId: body.messageId, text: body.text ?? '', files,
    });
    res.status(202).json({ issueId, ...(attachments ? { attachments } : {}) });
  });

  router.get('/customers/:externalId/messages', auth, async (req, res) => {
    const query = parseWith(listQuerySchema, req.query, 'query');
    const customerId = await apiCustomer(req.params.externalId);
    const rows = await listCustomerMessages(deps.db, customerId, {
      after: query.after ? new Date(query.after) : undefined, limit: query.limit,
    });
    const files = await attachmentsOfMessages(deps.db, customerId, rows.map((r) => ({
      id: r.id, direction: r.direction, channel: r.channel, externalMessageId: r.external_message_id,
    })));
    res.json({
      messages: await Promise.all(rows.map(async (r) => ({
        id: r.id, issueId: r.issue_id, direction: r.direction, author: r.author, channel: r.channel, text: r.body,
        externalMessageId: r.external_message_id ?? undefined, createdAt: r.created_at.toISOString(),
        ...(r.kind ? { kind: r.kind, csat: csatRequestOf(r.issue_id) } : {}),
        // signed links, valid for ATTACHMENTS_URL_TTL_SECONDS: fetch the list again for fresh ones
        ...(files.has(r.id) ? { attachments: await deps.attachments.withLinks(files.get(r.id)!, deps.people?.publicUrl) } : {}),
      }))),
    });
  });

  async function apiCustomer(rawExternalId: unknown): Promise<string> {
    const externalId = parseWith(safeId({ max: 200 }), rawExternalId, 'externalId');
    const customerId = await findCustomerByIdentity(deps.db, 'api', externalId);
    if (!customerId) throw new HttpError(404, 'unknown_customer', 'no API-channel customer with this externalId');
    return customerId;
  }

  // Mobile push: the app registers its device token; each reply then also notifies it (src/channels/push).
  router.post('/customers/:externalId/devices', auth, async (req, res) => {
    const body = parseWith(deviceSchema, req.body);
    const device = await registerDevice(deps.db, await apiCustomer(req.params.externalId), body);
    res.status(201).json({ device: { id: device.id, provider: device.provider, platform: device.platform } });
  });
  router.delete('/customers/:externalId/devices/:token', auth, async (req, res) => {
    const token = parseWith(safeId({ max: 4_096 }), req.params.token, 'token');
    if (!(await unregisterDevice(deps.db, await apiCustomer(req.params.externalId), token))) {
      throw new HttpError(404, 'unknown_device', 'no active device with this token for this customer');
    }
    res.status(204).end();
  });

  // Linking another channel to this customer, on evidence (see src/identity).
  router.post('/customers/:externalId/links', auth, async (req, res) => {
    const body = parseWith(linkStartSchema, req.body);
    const started = await deps.identityLinks.start(await apiCustomer(req.params.externalId), body);
    res.status(201).json(started);
  });
  router.post('/customers/:externalId/links/verify', auth, async (req, res) => {
    const { code } = parseWith(linkVerifySchema, req.body);
    const link = await deps.identityLinks.verifyEmail(await apiCustomer(req.params.externalId), code);
    res.status(201).json({ link });
  });

  router.post('/issues/:issueId/csat', auth, async (req, res) => {
    const body = parseWith(csatSchema, req.body);
    const issue = await findIssue(deps.db, parseWith(z.uuid(), req.params.issueId, 'issue id'));
    if (!issue) throw new HttpError(404, 'unknown_issue', 'no such issue');
    await deps.issues.submitCsat(issue.workflow_id, issue.id, body.score, body.comment);
    res.status(202).json({ accepted: true });
  });

  return router;
}
