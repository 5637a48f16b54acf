/**
 * A fake VK API on loopback: POST /method/messages.send and /method/wall.createComment with form parameters
 * (`access_token`, `v`, ...), answering `{response}` or `{error: {error_code, error_msg, request_params}}` with
 * HTTP 200 as VK does. Like VK it drops a repeated messages.send with a `random_id` it has seen (answering the first
 * message's id) and a repeated comment with the same `guid`, and refuses messages to users who do not accept them
 * (error 901). Also builds Callback API events shaped as VK's documentation shows them. Files: customers' photos
 * and documents are served from `/files/<key>` (VK's CDN links carry their own signature, no token); ours go the
 * documented way: docs.getMessagesUploadServer names `/upload/doc`, a multipart `file` posted there answers
 * `{file}`, docs.save turns it into `{type: "doc", doc: {id, owner_id, ...}}`, and messages.send carries it as
 * `attachment=doc<owner>_<id>` (kept with the delivered message, with its bytes).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readForm as readMultipart } from './fake-whatsapp';

export interface VkDelivered {
  id: number;
  peerId: string;
  randomId: string;
  text: string;
  attachment?: string;
  /** the document the attachment names, as uploaded */
  doc?: { title: string; bytes: Buffer };
}

export interface VkComment {
  commentId: number;
  ownerId: string;
  postId: string;
  replyToComment: string;
  fromGroup: string;
  guid: string;
  text: string;
}

export interface FakeVk {
  baseUrl: string;
  groupId: number;
  accessToken: string;
  /** messages that reached a person (repeats dropped by random_id are not here) */
  delivered: VkDelivered[];
  comments: VkComment[];
  /** every messages.send call, repeats included */
  sendCalls: { peerId: string; randomId: string }[];
  /** public profiles users.get returns */
  users: Map<string, { first_name: string; last_name: string }>;
  /** users who do not accept messages from the community */
  noMessages: Set<string>;
  /** comments deleted by wall.deleteComment, as "<owner_id>_<comment_id>" */
  deletedComments: Set<string>;
  /** wall.deleteComment / wall.restoreComment calls, as sent */
  moderation: { method: string; ownerId: string; commentId: string }[];
  /** the next calls fail with these VK error codes */
  failNext(...codes: number[]): void;
  /** the next messages.send to this peer is carried out, but its answer is lost (HTTP 502): the caller cannot know it went */
  loseNextAnswerTo(peerId: string): void;
  /** a customer's file on the fake CDN: the URL an event's attachment carries */
  serveFile(bytes: Buffer): string;
  close(): Promise<void>;
}

function answerJson(res: import('node:http').ServerResponse, body: unknown) {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
  });
}

const ERROR_TEXT: Record<number, string> = {
  5: 'User authorization failed: invalid access_token (4).',
  6: 'Too many requests per second',
  9: 'Flood control',
  10: 'Internal server error',
  901: "Can't send messages for users without permission",
};

export async function startFakeVk(groupId = 218_861_756, accessToken = 'vk1.a.community-token'): Promise<FakeVk> {
  const delivered: VkDelivered[] = [];
  const comments: VkComment[] = [];
  const sendCalls: FakeVk['sendCalls'] = [];
  const byRandomId = new Map<string, number>();
  const byGuid = new Map<string, number>();
  const failures: number[] = [];
  const loseAnswer = new Set<string>();
  let nextId = 1000;
  const files = new Map<string, Buffer>();
  const uploads = new Map<string, { name: string; bytes: Buffer }>();
  const docs = new Map<string, { title: string; bytes: Buffer }>();
  const server = createServer(async (req, res) => {
    if (req.method === 'POST' && req.url?.startsWith('/upload/doc')) {
      const form = await readMultipart(req);
      const file = form?.get('file');
      if (!(file instanceof Blob)) return answerJson(res, { error: 'no_file' });
      const token = `up${nextId++}`;
      uploads.set(token, { name: (file as File).name, bytes: Buffer.from(await file.arrayBuffer()) });
      return answerJson(res, { file: token });
    }
    const fileKey = /^\/files\/([\w-]+)/.exec(req.url ?? '')?.[1];
    if (req.method === 'GET' && fileKey) {
      const file = files.get(fileKey);
      res.writeHead(file ? 200 : 404, { 'content-type': 'application/octet-stream' });
      return res.end(file ?? 'not found');
    }
    const form = await readForm(req);
    const answer = (body: unknown, status = 200) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const error = (code: number) => answer({
      error: { error_code: code, error_msg: ERROR_TEXT[code] ?? 'Unknown error', request_params: [{ key: 'method', value: req.url?.slice(8) }] },
    });
    if (form.get('access_token') !== accessToken) return error(5);
    if (!form.get('v')) return answer({ error: { error_code: 8, error_msg: 'Invalid request: v is required' } });
    const failure = failures.shift();
    if (failure !== undefined) return error(failure);
    if (req.url === '/method/messages.send') {
      const peerId = form.get('peer_id') ?? '';
      const randomId = form.get('random_id') ?? '';
      const text = form.get('message') ?? '';
      sendCalls.push({ peerId, randomId });
      if (!/^\d+$/.test(randomId)) return answer({ error: { error_code: 100, error_msg: 'One of the parameters specified was missing or invalid: random_id is a required parameter' } });
      if (fake.noMessages.has(peerId)) return error(901);
      let id = randomId !== '0' ? byRandomId.get(randomId) : undefined;
      if (id === undefined) {
        id = nextId++;
        if (randomId !== '0') byRandomId.set(randomId, id);
        const attachment = form.get('attachment') ?? undefined;
        if (attachment && !docs.has(attachment)) return answer({ error: { error_code: 100, error_msg: 'One of the parameters specified was missing or invalid: attachment' } });
        if (!text && !attachment) return answer({ error: { error_code: 100, error_msg: 'One of the parameters specified was missing or invalid: message is empty' } });
        delivered.push({ id, peerId, randomId, text, ...(attachment ? { attachment, doc: docs.get(attachment) } : {}) });
      }
      if (loseAnswer.delete(peerId)) {
        return answer({}, 502);
      }
      return answer({ response: id });
    }
    if (req.url === '/method/docs.getMessagesUploadServer') {
      if (form.get('type') !== 'doc' || !form.get('peer_id')) return answer({ error: { error_code: 100, error_msg: 'One of the parameters specified was missing or invalid: peer_id' } });
      return answer({ response: { upload_url: `http://127.0.0.1:${port}/upload/doc?act=add_doc&mid=1&aid=-1&gid=${groupId}&hash=abc&rhash=def` } });
    }
    if (req.url === '/method/docs.save') {
      const upload = uploads.get(form.get('file') ?? '');
      if (!upload) return answer({ error: { error_code: 105, error_msg: "Couldn't save file" } });
      const id = nextId++;
      docs.set(`doc-${groupId}_${id}`, { title: form.get('title') ?? upload.name, bytes: upload.bytes });
      return answer({ response: { type: 'doc', doc: { id, owner_id: -groupId, title: form.get('title') ?? upload.name, size: upload.bytes.length, ext: 'pdf', url: `http://127.0.0.1:${port}/doc`, date: 0, type: 1 } } });
    }
    if (req.url === '/method/users.get') {
      const ids = (form.get('user_ids') ?? '').split(',');
      return answer({ response: ids.filter((id) => fake.users.has(id)).map((id) => ({ id: Number(id), ...fake.users.get(id), can_access_closed: true, is_closed: false })) });
    }
    if (req.url === '/method/wall.createComment') {
      const guid = form.get('guid') ?? '';
      let commentId = guid ? byGuid.get(guid) : undefined;
      if (commentId === undefined) {
        commentId = nextId++;
        if (guid) byGuid.set(guid, commentId);
        comments.push({
          commentId, ownerId: form.get('owner_id') ?? '', postId: form.get('post_id') ?? '', replyToComment: form.get('reply_to_comment') ?? '',
          fromGroup: form.get('from_group') ?? '', guid, text: form.get('message') ?? '',
        });
      }
      return answer({ response: { comment_id: commentId, parents_stack: [Number(form.get('reply_to_comment'))] } });
    }
    if (req.url === '/method/wall.deleteComment' || req.url === '/method/wall.restoreComment') {
      const ownerId = form.get('owner_id') ?? '';
      const commentId = form.get('comment_id') ?? '';
      if (ownerId !== String(-groupId) || !/^\d+$/.test(commentId)) {
        return answer({ error: { error_code: 100, error_msg: 'One of the parameters specified was missing or invalid: owner_id, comment_id' } });
      }
      const deleting = req.url === '/method/wall.deleteComment';
      const key = `${ownerId}_${commentId}`;
      // VK refuses to restore a comment that is not deleted (and to delete one twice)
      if (deleting === fake.deletedComments.has(key)) return answer({ error: { error_code: 100, error_msg: 'Comment is not found' } });
      if (deleting) fake.deletedComments.add(key); else fake.deletedComments.delete(key);
      fake.moderation.push({ method: deleting ? 'wall.deleteComment' : 'wall.restoreComment', ownerId, commentId });
      return answer({ response: 1 });
    }
    return answer({ error: { error_code: 3, error_msg: 'Unknown method passed' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeVk = {
    baseUrl: `http://127.0.0.1:${port}/method`,
    groupId,
    accessToken,
    delivered,
    comments,
    sendCalls,
    users: new Map(),
    noMessages: new Set(),
    deletedComments: new Set(),
    moderation: [],
    failNext(...codes) {
      failures.push(...codes);
    },
    loseNextAnswerTo(peerId) {
      loseAnswer.add(peerId);
    },
    serveFile(bytes) {
      const key = `${nextId++}-${Math.random().toString(36).slice(2)}`;
      files.set(key, bytes);
      return `http://127.0.0.1:${port}/files/${key}?extra=signed`;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

let eventCounter = 0;
const eventId = () => `${Date.now().toString(16)}${(eventCounter++).toString(16).padStart(8, '0')}`;

/** A Callback API event as VK posts it (API version 5.199). */
export function vkEvent(groupId: number, secret: string, type: string, object?: unknown) {
  return { group_id: groupId, type, event_id: eventId(), v: '5.199', ...(object !== undefined ? { object } : {}), secret };
}

/** `message_new`: a person writes to the community. */
export function vkMessageNew(groupId: number, secret: string, m: { userId: number; id: number; text: string; attachments?: unknown[] }) {
  return vkEvent(groupId, secret, 'message_new', {
    message: {
      date: Math.floor(Date.now() / 1000), from_id: m.userId, id: m.id, out: 0, version: 10_000_000 + m.id,
      attachments: m.attachments ?? [], conversation_message_id: m.id % 1000, fwd_messages: [], important: false, is_hidden: false,
      peer_id: m.userId, random_id: 0, text: m.text,
    },
    client_info: { button_actions: ['text', 'vkpay', 'open_app', 'location', 'open_link', 'callback'], keyboard: true, inline_keyboard: true, carousel: true, lang_id: 0 },
  });
}

/** `wall_reply_new`: a person comments on a post of the community's wall. */
export function vkWallReplyNew(groupId: number, secret: string, c: { userId: number; id: number; postId: number; text: string }) {
  return vkEvent(groupId, secret, 'wall_reply_new', {
    id: c.id, from_id: c.userId, post_id: c.postId, owner_id: -groupId, parents_stack: [], date: Math.floor(Date.now() / 1000),
    thread: { count: 0 }, text: c.text, post_owner_id: -groupId,
  });
}

/** `wall_reply_delete`: a comment on the community's wall was deleted (by its author or a community manager). */
export function vkWallReplyDelete(groupId: number, secret: string, c: { id: number; postId: number; deleterId: number }) {
  return vkEvent(groupId, secret, 'wall_reply_delete', { owner_id: -groupId, id: c.id, deleter_id: c.deleterId, post_id: c.postId });
}

/** A photo attachment of a message: its sizes, smallest first as VK lists them. */
export function vkPhoto(id: number, ownerId: number, sizes: { type: string; url: string; width: number; height: number }[]) {
  return { type: 'photo', photo: { album_id: -3, date: Math.floor(Date.now() / 1000), id, owner_id: ownerId, access_key: 'a1b2c3', sizes, text: '', has_tags: false } };
}

/** A document attachment of a message. */
export function vkDoc(id: number, ownerId: number, d: { title: string; ext: string; size: number; url: string }) {
  return { type: 'doc', doc: { id, owner_id: ownerId, title: d.title, size: d.size, ext: d.ext, date: Math.floor(Date.now() / 1000), type: 1, url: d.url, access_key: 'd4e5f6' } };
}
