import { z } from 'zod';
import { normaliseJson, normaliseText, safeId } from '../../domain/safe-text';

/**
 * The WhatsApp Cloud API webhook: `{object, entry[].changes[]{field, value}}`. Only the `messages` field is read
 * (customer messages and the statuses of ours); other fields are acknowledged. Unknown properties are allowed
 * because Meta adds new ones without notice.
 */
const unixSecondsSchema = z.string().regex(/^\d{1,12}$/, 'must be unix seconds');
/** Free text from Meta, NUL and other control characters removed (see src/domain/safe-text.ts). */
const cleanText = z.string().transform(normaliseText);
const wamidSchema = safeId({ max: 200 });

/** An image, document, audio, video or sticker: the media id to fetch (GET /{media-id}), never the bytes. */
const mediaSchema = z.object({
  id: safeId({ max: 100 }),
  mime_type: z.string().max(200).optional(),
  caption: cleanText.optional(),
  filename: cleanText.optional(),
}).loose();
export const MEDIA_KINDS = ['image', 'document', 'audio', 'video', 'sticker'] as const;
type MediaKind = typeof MEDIA_KINDS[number];

const inboundMessageSchema = z.object({
  from: z.string().regex(/^\d{5,20}$/, 'must be a wa_id (digits)'),
  id: wamidSchema,
  timestamp: unixSecondsSchema,
  type: z.string(),
  text: z.object({ body: cleanText }).loose().optional(),
  // a tap on a quick-reply button of a template we sent
  button: z.object({ text: cleanText }).loose().optional(),
  interactive: z.object({
    type: z.string(),
    button_reply: z.object({ title: cleanText }).loose().optional(),
    list_reply: z.object({ title: cleanText }).loose().optional(),
  }).loose().optional(),
  image: mediaSchema.optional(),
  document: mediaSchema.optional(),
  audio: mediaSchema.optional(),
  video: mediaSchema.optional(),
  sticker: mediaSchema.optional(),
}).loose();

const statusSchema = z.object({
  id: wamidSchema,
  status: safeId({ max: 40 }),
  timestamp: unixSecondsSchema,
  recipient_id: cleanText.optional(),
  // kept as they came (jsonb), every string in them cleaned
  errors: z.array(z.object({
    code: z.number().int(),
    title: z.string().optional(),
    message: z.string().optional(),
    error_data: z.object({ details: z.string().optional() }).loose().optional(),
  }).loose()).transform((errors) => normaliseJson(errors) as typeof errors).optional(),
}).loose();

export const messagesValueSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  metadata: z.object({ phone_number_id: z.string() }).loose(),
  contacts: z.array(z.object({ wa_id: z.string(), profile: z.object({ name: cleanText.optional() }).loose().optional() }).loose()).optional(),
  messages: z.array(inboundMessageSchema).optional(),
  statuses: z.array(statusSchema).optional(),
}).loose();

export const whatsAppWebhookSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.object({
    id: z.string(),
    changes: z.array(z.object({ field: z.string(), value: z.unknown() }).loose()),
  }).loose()),
}).loose();

export type WhatsAppWebhook = z.infer<typeof whatsAppWebhookSchema>;
export type MessagesValue = z.infer<typeof messagesValueSchema>;
export type WhatsAppStatus = z.infer<typeof statusSchema>;

export interface WhatsAppInboundText {
  waId: string;
  name?: string;
  /** the wamid: a re-delivered webhook carries the same one */
  externalMessageId: string;
  /** may be empty when the message is a file without a caption */
  text: string;
  sentAt: Date;
  /** the file the message carries, to fetch by its media id */
  media?: { kind: MediaKind; id: string; mimeType?: string; filename?: string };
}

export interface WhatsAppIgnored {
  externalMessageId: string;
  reason: string;
}

/** The text a customer sent: typed text, or the label of a button or list entry they tapped. */
function textOf(message: z.infer<typeof inboundMessageSchema>): string | undefined {
  switch (message.type) {
    case 'text': return message.text?.body;
    case 'button': return message.button?.text;
    case 'interactive': return message.interactive?.button_reply?.title ?? message.interactive?.list_reply?.title;
    case 'image': case 'document': case 'video': return message[message.type]?.caption ?? '';
    case 'audio': case 'sticker': return '';
    default: return undefined;
  }
}

/** Splits one `messages` change into customer texts, messages we do not handle, and delivery statuses. */
export function readMessagesValue(value: MessagesValue): {
  texts: WhatsAppInboundText[]; ignored: WhatsAppIgnored[]; statuses: WhatsAppStatus[];
} {
  const names = new Map((value.contacts ?? []).map((c) => [c.wa_id, c.profile?.name?.trim() || undefined]));
  const texts: WhatsAppInboundText[] = [];
  const ignored: WhatsAppIgnored[] = [];
  for (const message of value.messages ?? []) {
    const text = textOf(message)?.trim();
    const kind = MEDIA_KINDS.find((k) => k === message.type);
    const media = kind ? message[kind] : undefined;
    if (!text && !media) {
      ignored.push({ externalMessageId: message.id, reason: `unsupported message type ${message.type}` });
      continue;
    }
    texts.push({
      waId: message.from, name: names.get(message.from), externalMessageId: message.id, text: text ?? '',
      sentAt: new Date(Number(message.timestamp) * 1000),
      ...(kind && media ? { media: { kind, id: media.id, mimeType: media.mime_type, filename: media.filename } } : {}),
    });
  }
  return { texts, ignored, statuses: value.statuses ?? [] };
}
