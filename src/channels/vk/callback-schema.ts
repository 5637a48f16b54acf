import { z } from 'zod';
import { normaliseText } from '../../domain/safe-text';
import { attachmentPlaceholder, type SocialEvent, type SocialFile } from '../social/accept-social';

/**
 * VK Callback API events: `{type, group_id, event_id, v, secret, object}`. Only `confirmation`, `message_new`
 * and `wall_reply_new` are read; every other type is acknowledged. Unknown properties are allowed.
 */
export const callbackSchema = z.object({
  type: z.string().min(1).max(64),
  group_id: z.number().int().positive(),
  event_id: z.string().max(100).optional(),
  secret: z.string().max(100).optional(),
  object: z.unknown().optional(),
}).loose();

const cleanText = z.string().max(20_000).transform(normaliseText);
// a link that is not http(s) is treated as absent (the attachment keeps its placeholder), not as a bad event
const link = z.string().max(4_000).transform((url) => (/^https?:\/\//i.test(url) ? url : undefined));
/** photo (several sizes), doc (a file with its title and size) and audio_message are fetched; the rest labelled. */
const attachmentsSchema = z.array(z.object({
  type: z.string().max(40),
  photo: z.object({
    id: z.number().int().optional(),
    sizes: z.array(z.object({ url: link.optional(), width: z.number().nonnegative().default(0), height: z.number().nonnegative().default(0) }).loose()).max(30).default([]),
  }).loose().optional(),
  doc: z.object({ title: z.string().max(500).optional(), ext: z.string().max(20).optional(), size: z.number().int().nonnegative().optional(), url: link.optional() }).loose().optional(),
  audio_message: z.object({ link_mp3: link.optional(), link_ogg: link.optional() }).loose().optional(),
}).loose()).max(20).optional();

const messageNewSchema = z.object({
  message: z.object({
    id: z.number().int().nonnegative(),
    date: z.number().int().nonnegative(),
    peer_id: z.number().int(),
    from_id: z.number().int(),
    conversation_message_id: z.number().int().optional(),
    text: cleanText.default(''),
    out: z.number().int().optional(),
    attachments: attachmentsSchema,
  }).loose(),
}).loose();

const wallReplySchema = z.object({
  id: z.number().int().positive(),
  from_id: z.number().int(),
  post_id: z.number().int().positive(),
  owner_id: z.number().int(),
  date: z.number().int().nonnegative(),
  text: cleanText.default(''),
  attachments: attachmentsSchema,
}).loose();

export type VkCallback = z.infer<typeof callbackSchema>;
export type VkAction =
  | { kind: 'event'; event: SocialEvent }
  /** a wall comment deleted or restored on VK itself */
  | { kind: 'visibility'; commentId: string; hidden: boolean }
  | { kind: 'skipped'; reason: string };

/** `wall_reply_delete` carries only ids; `wall_reply_restore` the whole comment: both name the wall and comment. */
const wallReplyIdsSchema = z.object({ id: z.number().int().positive(), owner_id: z.number().int() }).loose();

type VkAttachment = NonNullable<z.infer<typeof attachmentsSchema>>[number];

function textWithAttachments(text: string, attachments: { type: string }[] | undefined): string {
  const types = (attachments ?? []).map((a) => a.type);
  return [text.trim() || undefined, types.length ? attachmentPlaceholder(types) : undefined].filter(Boolean).join('\n');
}

/** A message's files: a photo's largest size, a document, a voice message (MP3); others keep a placeholder. */
function filesOf(attachments: VkAttachment[] | undefined, messageId: number): { files: SocialFile[]; labelled: VkAttachment[] } {
  const files: SocialFile[] = [];
  const labelled: VkAttachment[] = [];
  for (const a of attachments ?? []) {
    const sizes = (a.photo?.sizes ?? []).filter((s) => s.url);
    const largest = sizes.reduce<typeof sizes[number] | undefined>((best, s) => (!best || s.width * s.height >= best.width * best.height ? s : best), undefined);
    if (a.type === 'photo' && largest?.url) files.push({ url: largest.url, name: `photo-${a.photo?.id ?? messageId}.jpg` });
    else if (a.type === 'doc' && a.doc?.url) files.push({ url: a.doc.url, name: docName(a.doc.title, a.doc.ext), size: a.doc.size });
    else if (a.type === 'audio_message' && (a.audio_message?.link_mp3 ?? a.audio_message?.link_ogg)) {
      files.push({ url: (a.audio_message.link_mp3 ?? a.audio_message.link_ogg)!, name: `voice-${messageId}.${a.audio_message.link_mp3 ? 'mp3' : 'ogg'}` });
    } else labelled.push(a);
  }
  return { files, labelled };
}

function docName(title = 'document', ext?: string): string {
  return ext && !title.toLowerCase().endsWith(`.${ext.toLowerCase()}`) ? `${title}.${ext}` : title;
}

/** What an event (other than confirmation) asks of us; throws a 400 (via parse) when its object is malformed. */
export function readVkEvent(body: VkCallback, groupId: number, parse: <T extends z.ZodType>(schema: T, value: unknown, what: string) => z.infer<T>): VkAction {
  if (body.type === 'message_new') {
    const { message } = parse(messageNewSchema, body.object, 'VK message_new object');
    // private dialogs with a person only (chats have peer ids above 2e9, communities negative ids)
    if (message.from_id <= 0 || message.peer_id !== message.from_id || message.out === 1) {
      return { kind: 'skipped', reason: 'not a person\'s private message' };
    }
    const { files, labelled } = filesOf(message.attachments, message.id);
    const text = textWithAttachments(message.text, labelled);
    if (!text && files.length === 0) return { kind: 'skipped', reason: `message ${message.id} is empty` };
    return {
      kind: 'event',
      event: {
        channel: 'vk', kind: 'direct', externalMessageId: `msg:${message.id || `${message.peer_id}:${message.conversation_message_id}`}`,
        senderId: String(message.from_id), text, sentAt: new Date(message.date * 1000),
        ...(files.length ? { files } : {}),
      },
    };
  }
  if (body.type === 'wall_reply_new') {
    const comment = parse(wallReplySchema, body.object, 'VK wall_reply_new object');
    if (comment.from_id <= 0 || comment.from_id === -groupId) return { kind: 'skipped', reason: `comment ${comment.id} is not a person's` };
    if (comment.owner_id !== -groupId) return { kind: 'skipped', reason: `comment ${comment.id} is on another wall` };
    const text = textWithAttachments(comment.text, comment.attachments);
    if (!text) return { kind: 'skipped', reason: `comment ${comment.id} is empty` };
    return {
      kind: 'event',
      event: {
        channel: 'vk', kind: 'comment', externalMessageId: `comment:${comment.post_id}_${comment.id}`,
        senderId: String(comment.from_id), commentId: String(comment.id), postId: String(comment.post_id),
        text, sentAt: new Date(comment.date * 1000),
      },
    };
  }
  if (body.type === 'wall_reply_delete' || body.type === 'wall_reply_restore') {
    const ids = parse(wallReplyIdsSchema, body.object, `VK ${body.type} object`);
    if (ids.owner_id !== -groupId) return { kind: 'skipped', reason: `comment ${ids.id} is on another wall` };
    return { kind: 'visibility', commentId: String(ids.id), hidden: body.type === 'wall_reply_delete' };
  }
  return { kind: 'skipped', reason: `event type ${body.type}` };
}
