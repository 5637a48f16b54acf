/**
 * A fake Meta Graph API on loopback for a page with a linked Instagram account: POST /v21.0/me/messages (the Send
 * API, `recipient: {id}` or `{comment_id}` for a private reply) answering `{recipient_id, message_id}`, and public
 * replies under comments (Facebook `/{comment-id}/comments`, Instagram `/{comment-id}/replies`) answering `{id}`.
 * Like Meta it allows one private reply per comment (error 10900) and answers Graph errors as
 * `{error: {message, type, code, error_subcode, fbtrace_id}}`. Also builds webhook bodies shaped as Meta's
 * documentation shows them, and signs them with the app secret. Files: customers' attachments are served from a
 * CDN path (`/cdn/<key>`, no token, as Meta's signed CDN links need none), and a Send API `attachment` with
 * `payload.url` is fetched from that URL the way Meta fetches it, its bytes kept on the sent message.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJson } from './fake-whatsapp';

export interface SentMetaMessage {
  messageId: string;
  recipient: { id?: string; comment_id?: string };
  /** the person it reached (a private reply reaches the commenter) */
  recipientId: string;
  messaging_type: string;
  tag?: string;
  text: string;
  /** an attachment message: its type and the bytes Meta fetched from payload.url */
  attachment?: { type: string; url: string; bytes: Buffer };
}

export interface MetaCommentReply {
  id: string;
  edge: 'comments' | 'replies';
  commentId: string;
  text: string;
}

export interface MetaErrorAnswer {
  status: number;
  code: number;
  subcode?: number;
  message: string;
  retryAfter?: string;
}

export interface FakeMeta {
  baseUrl: string;
  pageId: string;
  instagramAccountId: string;
  accessToken: string;
  sent: SentMetaMessage[];
  commentReplies: MetaCommentReply[];
  /** who wrote each comment (so a private reply reaches them), as Meta knows */
  commenters: Map<string, string>;
  /** every POST the fake answered */
  calls: number;
  /** hide/unhide requests on comments (`POST /{comment-id}`), with the parameters as sent */
  moderation: { commentId: string; params: Record<string, unknown> }[];
  /** profiles the User Profile API returns (GET /{psid}?fields=first_name,last_name, GET /{igsid}?fields=name,username) */
  profiles: Map<string, Record<string, string>>;
  failNext(...answers: MetaErrorAnswer[]): void;
  /** a customer's file on the fake CDN: the URL a webhook's attachment payload carries */
  serveFile(bytes: Buffer, contentType: string): string;
  close(): Promise<void>;
}

export async function startFakeMeta(accessToken = 'EAAGpage-access-token'): Promise<FakeMeta> {
  const sent: SentMetaMessage[] = [];
  const commentReplies: MetaCommentReply[] = [];
  const commenters = new Map<string, string>();
  const privatelyAnswered = new Set<string>();
  const failures: MetaErrorAnswer[] = [];
  const cdn = new Map<string, { bytes: Buffer; contentType: string }>();
  const server = createServer(async (req, res) => {
    const cdnKey = /^\/cdn\/([\w-]+)/.exec(req.url ?? '')?.[1];
    if (req.method === 'GET' && cdnKey) {
      const file = cdn.get(cdnKey);
      res.writeHead(file ? 200 : 404, { 'content-type': file?.contentType ?? 'text/plain' });
      return res.end(file?.bytes ?? 'URL signature expired');
    }
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const graphError = (status: number, code: number, message: string, subcode?: number, headers?: Record<string, string>) =>
      answer(status, { error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'AXyZ123' } }, headers);
    if (req.headers.authorization !== `Bearer ${accessToken}`) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    if (req.method === 'GET') {
      const url = new URL(req.url ?? '/', 'http://fake');
      const profile = fake.profiles.get(decodeURIComponent(url.pathname.replace(/^\/v21\.0\//, '')));
      // without the person's consent Meta answers an error, as here for anyone not in `profiles`
      if (!profile) return graphError(400, 100, '(#100) No profile available for this user.', 2018218);
      const fields = (url.searchParams.get('fields') ?? '').split(',');
      return answer(200, { ...Object.fromEntries(fields.filter((f) => profile[f]).map((f) => [f, profile[f]])), id: url.pathname.slice(6) });
    }
    const body = await readJson(req);
    if (req.method !== 'POST' || !body) return graphError(400, 100, 'Unsupported post request.');
    fake.calls += 1;
    const failure = failures.shift();
    if (failure) {
      return graphError(failure.status, failure.code, failure.message, failure.subcode,
        failure.retryAfter ? { 'retry-after': failure.retryAfter } : {});
    }
    if (req.url === '/v21.0/me/messages') {
      const text = body.message?.text;
      const attachment = body.message?.attachment;
      if (attachment !== undefined) {
        if (!['image', 'video', 'audio', 'file'].includes(attachment?.type) || typeof attachment?.payload?.url !== 'string') {
          return graphError(400, 100, '(#100) param message[attachment] must be an object with type and payload');
        }
      } else if (typeof text !== 'string' || text.length === 0 || text.length > 2000) return graphError(400, 100, '(#100) Length of param message[text] must be less than or equal to 2000');
      let recipientId: string | undefined = body.recipient?.id;
      const commentId: string | undefined = body.recipient?.comment_id;
      if (commentId) {
        if (privatelyAnswered.has(commentId)) return graphError(400, 10900, 'Activity already replied to');
        recipientId = commenters.get(commentId);
        if (!recipientId) return graphError(400, 100, '(#100) No matching user found', 2018001);
        privatelyAnswered.add(commentId);
      }
      if (!recipientId) return graphError(400, 100, '(#100) The parameter recipient is required');
      if (body.messaging_type === 'MESSAGE_TAG' && body.tag !== 'HUMAN_AGENT') return graphError(400, 100, '(#100) Invalid tag');
      let fetched: SentMetaMessage['attachment'];
      if (attachment) {
        // Meta downloads the file from the URL before it answers; a link it cannot fetch is error 100/2018047
        const file = await fetch(attachment.payload.url).catch(() => undefined);
        if (!file?.ok) return graphError(400, 100, '(#100) Upload attachment failure.', 2018047);
        fetched = { type: attachment.type, url: attachment.payload.url, bytes: Buffer.from(await file.arrayBuffer()) };
      }
      const messageId = `m_${randomBytes(18).toString('base64url')}`;
      sent.push({ messageId, recipient: body.recipient, recipientId, messaging_type: body.messaging_type, tag: body.tag, text: text ?? '', ...(fetched ? { attachment: fetched } : {}) });
      return answer(200, { recipient_id: recipientId, message_id: messageId });
    }
    // Facebook: POST /{comment-id} {is_hidden}; Instagram: POST /{ig-comment-id} {hide}; both answer {success: true}
    const comment = /^\/v21\.0\/([^/?]+)$/.exec(req.url ?? '');
    if (comment) {
      const params = body as Record<string, unknown>;
      const flags = ['is_hidden', 'hide'].filter((k) => k in params);
      if (flags.length !== 1 || typeof params[flags[0]] !== 'boolean') return graphError(400, 100, '(#100) Invalid parameter');
      fake.moderation.push({ commentId: decodeURIComponent(comment[1]), params });
      return answer(200, { success: true });
    }
    const reply = /^\/v21\.0\/([^/]+)\/(comments|replies)$/.exec(req.url ?? '');
    if (reply && typeof body.message === 'string' && body.message.length > 0) {
      const id = `${reply[1]}_${randomBytes(6).toString('hex')}`;
      commentReplies.push({ id, edge: reply[2] as 'comments' | 'replies', commentId: decodeURIComponent(reply[1]), text: body.message });
      return answer(200, { id });
    }
    return graphError(400, 100, 'Unsupported post request.');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeMeta = {
    baseUrl: `http://127.0.0.1:${port}/v21.0`,
    pageId: '109876543210987',
    instagramAccountId: '17841400000000001',
    accessToken,
    sent,
    commentReplies,
    commenters,
    calls: 0,
    profiles: new Map(),
    moderation: [],
    failNext(...answers) {
      failures.push(...answers);
    },
    serveFile(bytes, contentType) {
      const key = randomBytes(12).toString('hex');
      cdn.set(key, { bytes, contentType });
      return `http://127.0.0.1:${port}/cdn/${key}?_nc_cat=1&oh=00_signed&oe=67A1B2C3`;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

const nowMs = () => Date.now();

/** A Messenger (object "page") or Instagram Direct (object "instagram") message, as the webhook carries it. */
export function directMessageWebhook(
  object: 'page' | 'instagram', accountId: string,
  m: { senderId: string; mid: string; text?: string; attachments?: { type: string; payload: Record<string, unknown> }[]; at?: Date },
) {
  return {
    object,
    entry: [{
      id: accountId,
      time: nowMs(),
      messaging: [{
        sender: { id: m.senderId },
        recipient: { id: accountId },
        timestamp: (m.at ?? new Date()).getTime(),
        message: { mid: m.mid, ...(m.text !== undefined ? { text: m.text } : {}), ...(m.attachments ? { attachments: m.attachments } : {}) },
      }],
    }],
  };
}

/** A comment on a Facebook page post (`feed` field, item "comment", verb "add"). */
export function feedCommentWebhook(pageId: string, c: { commentId: string; postId: string; fromId: string; name: string; text: string }) {
  return {
    object: 'page',
    entry: [{
      id: pageId,
      time: Math.floor(nowMs() / 1000),
      changes: [{
        field: 'feed',
        value: {
          from: { id: c.fromId, name: c.name },
          post: { status_type: 'added_photos', is_published: true, updated_time: new Date().toISOString(), permalink_url: `https://www.facebook.com/${c.postId}`, promotion_status: 'inactive', id: c.postId },
          message: c.text,
          post_id: c.postId,
          comment_id: c.commentId,
          created_time: Math.floor(nowMs() / 1000),
          item: 'comment',
          parent_id: c.postId,
          verb: 'add',
        },
      }],
    }],
  };
}

/** A comment on the Instagram account's media (`comments` field). */
export function instagramCommentWebhook(accountId: string, c: { commentId: string; mediaId: string; fromId: string; username: string; text: string }) {
  return {
    object: 'instagram',
    entry: [{
      id: accountId,
      time: Math.floor(nowMs() / 1000),
      changes: [{
        field: 'comments',
        value: {
          from: { id: c.fromId, username: c.username },
          media: { id: c.mediaId, media_product_type: 'FEED' },
          id: c.commentId,
          text: c.text,
        },
      }],
    }],
  };
}

/** X-Hub-Signature-256, computed as Meta does with the app secret (the same scheme as WhatsApp's). */
export { signWhatsApp as signMeta } from './fake-whatsapp';
