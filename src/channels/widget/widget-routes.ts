import { randomUUID } from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { findCustomerByIdentity, resolveCustomer } from '../../db/customers';
import { recordRating } from '../../csat/record-rating';
import { optionalSafeText, safeId, safeText } from '../../domain/safe-text';
import { acceptInboundMessage } from '../../gateway/accept-inbound';
import { linkStartSchema, linkVerifySchema } from '../../identity/link-schemas';
import type { GatewayDependencies } from '../../gateway/dependencies';
import { HttpError, parseWith } from '../../gateway/http-errors';
import { widgetCors } from './cors';
import type { WidgetMessageNotifications } from './message-notifications';
import { streamVisitorMessages, type OpenStreams } from './message-stream';
import type { WidgetSettings } from './settings';
import type { WidgetAssets } from './static-assets';
import { issueStreamTicket, takeStreamTicket } from './stream-tickets';
import { loadOrCreateTokenSecret } from './token-secret';
import { issueVisitorToken, verifyVisitorToken } from './visitor-token';
import { latestVisitorMessages, withVisitorAttachments } from './visitor-messages';
import { isMultipart, readMultipart } from '../../attachments/api-uploads';
import type { InspectedUpload } from '../../attachments/attachments';

export const MAX_TEXT_CHARS = 4_000;
/** files in one widget message (the API and e-mail take up to 10) */
const WIDGET_MAX_FILES = 3;
const HISTORY_LIMIT = 200;

const sessionSchema = z.object({ siteKey: safeId({ max: 100 }) }).strict();
export const widgetMessageSchema = z.object({
  // made by the script per message, so a double click or a retry is the same message to the workflow
  messageId: z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/, 'messageId must be 8-100 letters, digits or _.:-'),
  text: safeText({ max: MAX_TEXT_CHARS }),
}).strict();
/** with files (multipart), the text may be left out */
const widgetUploadSchema = widgetMessageSchema.extend({ text: optionalSafeText({ max: MAX_TEXT_CHARS }) });
const streamQuerySchema = z.object({
  ticket: safeId({ max: 100 }).optional(),
  after: safeId({ max: 200 }).optional(),
});

/** A token in use is replaced by a fresh one (X-Visitor-Token) once it is this old, so active visitors never expire. */
const RENEW_AFTER_S = 86_400;

/** The HMAC key: WIDGET_TOKEN_SECRET, or the generated one from the database (read once, retried on failure). */
function tokenSecret(settings: WidgetSettings, deps: GatewayDependencies): () => Promise<string> {
  if (settings.tokenSecret) {
    const secret = settings.tokenSecret;
    return async () => secret;
  }
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= loadOrCreateTokenSecret(deps.db).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

function bearer(req: Request): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.header('authorization') ?? '')?.[1];
}

const visitorOf = (res: Response): string => res.locals.visitorId as string;

/**
 * The widget's routes, mounted at `/`: the script (`/widget.js`), the demo page (`/demo`) and the visitor API
 * under `/api/v1/widget` (CORS-open, bearer visitor tokens). Any other path falls through untouched.
 */
const widgetRatingSchema = z.object({
  issueId: z.uuid(),
  score: z.number().int().min(1).max(5),
  comment: optionalSafeText({ max: 1_000 }),
}).strict();

export function widgetRoutes(
  settings: WidgetSettings, deps: GatewayDependencies, assets: WidgetAssets, streams: OpenStreams,
  notifications?: WidgetMessageNotifications,
): Router {
  const router = Router();
  const secret = tokenSecret(settings, deps);
  const logger = deps.logger.child({ channel: 'widget' });
  const rejected = () => deps.metrics.inboundMessages.inc({ channel: 'widget', result: 'rejected' });

  const renewAfterS = Math.min(RENEW_AFTER_S, settings.tokenTtlS / 2);
  /** The visitor of a valid token (Authorization: Bearer); a token getting old is renewed in X-Visitor-Token. */
  const requireVisitor = (onReject?: () => void): RequestHandler => async (req, res, next) => {
    const token = bearer(req);
    const nowS = Date.now() / 1000;
    const claims = token ? verifyVisitorToken(await secret(), token, nowS, settings.tokenTtlS) : undefined;
    if (!claims) {
      onReject?.();
      throw new HttpError(401, 'unauthorized', 'missing, invalid or expired visitor token; start a new session');
    }
    if (claims.issuedAt + renewAfterS < nowS) {
      res.set('x-visitor-token', issueVisitorToken(await secret(), { visitorId: claims.visitorId, issuedAt: nowS }));
    }
    res.locals.visitorId = claims.visitorId;
    next();
  };

  router.get('/widget.js', (_req, res) => {
    res.type('application/javascript').set({
      'cache-control': 'public, max-age=300',
      // lets sites that isolate themselves (COEP) still load the script
      'cross-origin-resource-policy': 'cross-origin',
    }).send(assets.script);
  });

  router.get('/demo', (_req, res) => {
    res.type('html').set({
      'content-security-policy':
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
      'cache-control': 'no-cache',
    }).send(assets.demoPage);
  });

  const api = Router();
  api.use(widgetCors);

  api.post('/sessions', async (req, res) => {
    const { siteKey } = parseWith(sessionSchema, req.body);
    if (!settings.siteKeys.includes(siteKey)) throw new HttpError(403, 'unknown_site_key', 'this site key is not enabled');
    await deps.limits.consume('WIDGET_SESSIONS_PER_CLIENT', req.ip ?? 'unknown', 'too many chat sessions from this address');
    await deps.limits.consume('WIDGET_SESSIONS_PER_SITE_KEY', siteKey, 'too many chat sessions on this site');
    const visitorId = randomUUID();
    const token = issueVisitorToken(await secret(), { visitorId, issuedAt: Date.now() / 1000 });
    res.status(201).json({ token, visitorId });
  });

  api.post('/messages', requireVisitor(rejected), async (req, res) => {
    let body;
    let files: InspectedUpload[] = [];
    const visitorId = visitorOf(res);
    try {
      if (isMultipart(req)) {
        // a photo from the paperclip button or a paste: fields messageId and text, the files in "files"
        await deps.limits.consume('WIDGET_MESSAGES_PER_VISITOR', visitorId, 'too many messages, slow down');
        // visitors are strangers: a few files per message keeps what one request holds in memory small
        const upload = await readMultipart(req, res, deps.attachments.maxBytes, WIDGET_MAX_FILES);
        body = parseWith(widgetUploadSchema, upload.fields);
        if (!body.text && upload.files.length === 0) throw new HttpError(400, 'invalid_request', 'a message needs text or files');
        files = await deps.attachments.inspect(upload.files);
      } else {
        body = parseWith(widgetMessageSchema, req.body);
        await deps.limits.consume('WIDGET_MESSAGES_PER_VISITOR', visitorId, 'too many messages, slow down');
      }
    } catch (error) {
      rejected();
      throw error;
    }
    const accepted = await acceptInboundMessage(deps, {
      identity: { channel: 'widget', externalId: visitorId }, externalMessageId: body.messageId, text: body.text ?? '', files,
    });
    logger.debug({ visitorId, issueId: accepted.issueId }, 'widget message accepted');
    res.status(202).json({ issueId: accepted.issueId, ...(accepted.attachments ? { attachments: accepted.attachments } : {}) });
  });

  // Linking an e-mail address or a messenger to this visitor, on evidence (see src/identity).
  const visitorCustomer = (visitorId: string) => resolveCustomer(deps.db, { channel: 'widget', externalId: visitorId });
  api.post('/links', requireVisitor(), async (req, res) => {
    const request = parseWith(linkStartSchema, req.body);
    res.status(201).json(await deps.identityLinks.start(await visitorCustomer(visitorOf(res)), request));
  });
  api.post('/links/verify', requireVisitor(), async (req, res) => {
    const { code } = parseWith(linkVerifySchema, req.body);
    res.status(201).json({ link: await deps.identityLinks.verifyEmail(await visitorCustomer(visitorOf(res)), code) });
  });

  // The stars under the CSAT question: the rating (and the comment typed beside them) of the visitor's issue.
  api.post('/csat', requireVisitor(), async (req, res) => {
    const body = parseWith(widgetRatingSchema, req.body);
    const customerId = await findCustomerByIdentity(deps.db, 'widget', visitorOf(res));
    if (!customerId) throw new HttpError(404, 'unknown_issue', 'no such issue');
    const rating = await recordRating(deps, { ...body, channel: 'widget', customerId });
    res.status(202).json({ rating: { outcome: rating.outcome, score: rating.score ?? body.score } });
  });

  api.get('/messages', requireVisitor(), async (_req, res) => {
    const visitorId = visitorOf(res);
    const messages = await latestVisitorMessages(deps.db, visitorId, HISTORY_LIMIT);
    res.json({ visitorId, messages: await withVisitorAttachments(deps.db, deps.attachments, visitorId, messages) });
  });

  // EventSource cannot send headers, and a token in a URL would end up in logs: the page trades its token for
  // a single-use ticket that opens one stream. Last-Event-ID (set by the browser on a reconnect) wins over
  // `after` (the last message the page loaded as history).
  api.post('/stream-tickets', requireVisitor(), async (_req, res) => {
    res.status(201).json(await issueStreamTicket(deps.db, visitorOf(res)));
  });
  api.get('/stream', async (req, res) => {
    const query = parseWith(streamQuerySchema, req.query, 'query');
    const visitorId = query.ticket ? await takeStreamTicket(deps.db, query.ticket) : undefined;
    if (!visitorId) {
      throw new HttpError(401, 'unauthorized', 'missing, used or expired stream ticket; get one from POST /api/v1/widget/stream-tickets');
    }
    const lastEventId = req.header('last-event-id')?.trim();
    await streamVisitorMessages(res, {
      db: deps.db, logger, visitorId, streams, notifications, maxPerVisitor: settings.maxStreamsPerVisitor,
      maxAgeMs: settings.streamMaxAgeMs,
      resumeAfter: lastEventId || query.after,
      decorate: (messages) => withVisitorAttachments(deps.db, deps.attachments, visitorId, messages),
    });
  });

  router.use('/api/v1/widget', api);
  return router;
}
