import { z } from 'zod';
import { normaliseText, safeId } from '../../domain/safe-text';
import { parseWith } from '../../gateway/http-errors';
import { attachmentPlaceholder, type SocialEvent, type SocialFile } from '../social/accept-social';
import { nameForKind } from '../files/remote-files';
import { STORY_MENTION, storyLabel, storyReplySchema } from './stories';

/** Attachment types whose bytes we fetch and store; the rest get a placeholder. */
const FILE_TYPES = new Set(['image', 'video', 'audio', 'file']);

/**
 * Meta's Messenger Platform and Instagram webhooks: `{object: "page" | "instagram", entry[]}`, each entry with
 * `messaging[]` (direct messages, echoes of ours, reads, ...) and/or `changes[]` (Facebook `feed`, Instagram
 * `comments`). Unknown properties are allowed: Meta adds new ones without notice. What is not a customer's
 * message or comment is acknowledged and skipped.
 */
const id = safeId({ max: 200 });
const cleanText = z.string().max(20_000).transform(normaliseText);

const messagingSchema = z.object({
  sender: z.object({ id }).loose(),
  recipient: z.object({ id }).loose(),
  timestamp: z.number().int().nonnegative(),
  message: z.object({
    mid: id,
    text: cleanText.optional(),
    is_echo: z.boolean().optional(),
    is_deleted: z.boolean().optional(),
    // image/video/audio/file carry a CDN link in payload.url; other types (story_mention, share, ...) are labelled
    attachments: z.array(z.object({
      type: z.string().max(40),
      payload: z.object({ url: z.string().max(4_000).optional() }).loose().nullish(),
    }).loose()).max(20).optional(),
    reply_to: storyReplySchema,
  }).loose().optional(),
  // a tap on a button of ours: its title is what the person "said"
  postback: z.object({ mid: id.optional(), title: cleanText.optional() }).loose().optional(),
}).loose();

export const metaWebhookSchema = z.object({
  object: z.enum(['page', 'instagram']),
  entry: z.array(z.object({
    id,
    time: z.number().int().nonnegative().optional(),
    messaging: z.array(messagingSchema).optional(),
    changes: z.array(z.object({ field: z.string(), value: z.unknown() }).loose()).optional(),
  }).loose()),
}).loose();

/** Facebook page `feed` change for a comment (other items, verbs other than "add": skipped). */
const feedCommentSchema = z.object({
  item: z.literal('comment'),
  verb: z.string(),
  comment_id: id,
  post_id: id.optional(),
  from: z.object({ id, name: cleanText.optional() }).loose(),
  message: cleanText.optional(),
  created_time: z.number().int().nonnegative().optional(),
}).loose();

/** Instagram `comments` change. */
const instagramCommentSchema = z.object({
  id,
  text: cleanText,
  from: z.object({ id, username: cleanText.optional() }).loose(),
  media: z.object({ id }).loose().optional(),
}).loose();

export type MetaWebhook = z.infer<typeof metaWebhookSchema>;

/** A comment hidden or shown again on the platform itself (Facebook `feed` verbs `hide` / `unhide`). */
export interface CommentVisibilityChange {
  channel: 'facebook' | 'instagram';
  commentId: string;
  hidden: boolean;
}

export interface ReadResult {
  events: SocialEvent[];
  visibility: CommentVisibilityChange[];
  skipped: string[];
}

/** What every feed comment change carries, whatever its verb (`hide`, `remove`, … may lack the rest). */
const feedChangeSchema = z.object({ item: z.literal('comment'), verb: z.string(), comment_id: id }).loose();

/** Unix time that may be seconds (entry.time on some objects) or milliseconds. */
function dateOf(value: number | undefined): Date {
  if (value === undefined) return new Date();
  return new Date(value < 1e12 ? value * 1000 : value);
}

/** The file's name from its CDN path where it has one ("invoice.pdf"), else from its kind ("photo", "video"). */
function nameOfLink(type: string, url: string): string {
  let last = '';
  try {
    last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '').replace(/[^\p{L}\p{N}._ -]/gu, '');
  } catch { /* a malformed link names nothing */ }
  return type === 'file' && /\.[a-z0-9]{2,5}$/i.test(last) ? last : nameForKind(type);
}

/** Turns a validated webhook into customer events; throws (→ 400) on a change that is ours but malformed. */
export function readMetaWebhook(body: MetaWebhook): ReadResult {
  const channel = body.object === 'page' ? 'facebook' : 'instagram';
  const events: SocialEvent[] = [];
  const visibility: CommentVisibilityChange[] = [];
  const skipped: string[] = [];
  for (const entry of body.entry) {
    for (const m of entry.messaging ?? []) {
      const message = m.message;
      const tapped = m.postback?.title?.trim();
      if (!message && tapped && m.sender.id !== entry.id) {
        events.push({
          channel, kind: 'direct', externalMessageId: m.postback?.mid ?? `postback:${m.sender.id}:${m.timestamp}`,
          senderId: m.sender.id, text: tapped, sentAt: dateOf(m.timestamp),
        });
        continue;
      }
      if (!message) { skipped.push('not a message (read, delivery, reaction)'); continue; }
      // echoes are our own messages; a person's id is never the page's or the account's own
      if (message.is_echo || m.sender.id === entry.id) { skipped.push(`echo ${message.mid}`); continue; }
      if (message.is_deleted) { skipped.push(`deleted ${message.mid}`); continue; }
      const text = message.text?.trim();
      const story = storyLabel(message, Boolean(text));
      const files: SocialFile[] = [];
      const labelled: string[] = [];
      for (const a of message.attachments ?? []) {
        if (a.type === STORY_MENTION) continue; // said by the story label
        const url = a.payload?.url;
        if (FILE_TYPES.has(a.type) && url && /^https?:\/\//i.test(url)) files.push({ url, name: nameOfLink(a.type, url) });
        else labelled.push(a.type);
      }
      if (!text && files.length === 0 && labelled.length === 0 && !story) { skipped.push(`empty ${message.mid}`); continue; }
      events.push({
        channel, kind: 'direct', externalMessageId: message.mid, senderId: m.sender.id,
        text: [story?.label, text, labelled.length ? attachmentPlaceholder(labelled) : undefined].filter(Boolean).join('\n'),
        sentAt: dateOf(m.timestamp),
        ...(story?.recordOnly ? { recordOnly: story.recordOnly } : {}),
        ...(files.length ? { files } : {}),
      });
    }
    for (const change of entry.changes ?? []) {
      if (channel === 'facebook' && change.field === 'feed') {
        const item = (change.value as { item?: unknown } | null)?.item;
        if (item !== 'comment') { skipped.push(`feed item ${String(item)}`); continue; }
        const seen = parseWith(feedChangeSchema, change.value, 'Facebook feed comment');
        if (seen.verb === 'hide' || seen.verb === 'unhide') {
          visibility.push({ channel, commentId: seen.comment_id, hidden: seen.verb === 'hide' });
          continue;
        }
        if (seen.verb !== 'add') { skipped.push(`comment ${seen.comment_id} ${seen.verb}`); continue; }
        const c = parseWith(feedCommentSchema, change.value, 'Facebook feed comment');
        if (c.from.id === entry.id) { skipped.push(`the page's own comment ${c.comment_id}`); continue; }
        if (!c.message?.trim()) { skipped.push(`comment ${c.comment_id} without text`); continue; }
        events.push({
          channel, kind: 'comment', externalMessageId: `comment:${c.comment_id}`, senderId: c.from.id, name: c.from.name,
          commentId: c.comment_id, postId: c.post_id, text: c.message.trim(), sentAt: dateOf(c.created_time ?? entry.time),
        });
      } else if (channel === 'instagram' && change.field === 'comments') {
        const c = parseWith(instagramCommentSchema, change.value, 'Instagram comment');
        if (c.from.id === entry.id) { skipped.push(`the account's own comment ${c.id}`); continue; }
        if (!c.text.trim()) { skipped.push(`comment ${c.id} without text`); continue; }
        events.push({
          channel, kind: 'comment', externalMessageId: `comment:${c.id}`, senderId: c.from.id, name: c.from.username,
          commentId: c.id, postId: c.media?.id, text: c.text.trim(), sentAt: dateOf(entry.time),
        });
      } else {
        skipped.push(`field ${change.field}`);
      }
    }
  }
  return { events, visibility, skipped };
}
