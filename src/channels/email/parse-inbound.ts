import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { z } from 'zod';
import { isStorableText, normaliseText, optionalSafeText, truncateText } from '../../domain/safe-text';
import { stripQuotedReply } from './strip-quotes';
import { parseMessageIds } from './threading';

/** What the customer wrote, ready for the common inbound path. */
export interface InboundEmail {
  /** the Message-ID header, or a content hash when the mail has none: re-deliveries map to the same id */
  externalMessageId: string;
  /** the Message-ID header itself (threading), absent when the mail had none */
  messageIdHeader?: string;
  fromAddress: string;
  fromName?: string;
  subject?: string;
  /** ids this mail answers (References, then In-Reply-To), oldest first */
  references: string[];
  /** the new text for the assistant: quotes and signatures stripped (empty when the mail carries only files) */
  text: string;
  /** the mail's attached files (not the images its HTML shows inline), unchecked: names and bytes as sent */
  files: { bytes: Buffer; declaredName?: string }[];
}

export type InboundEmailResult =
  | { kind: 'message'; mail: InboundEmail }
  /** accepted at SMTP level (the sender must not retry or bounce) but not a customer message */
  | { kind: 'ignored'; reason: string }
  | { kind: 'rejected'; reason: string };

/** The workflow's limit for one customer message; longer mails are cut, not refused. */
export const MAX_TEXT_CHARS = 8_000;

/** `<local@domain>` of printable characters (no controls, no spaces) */
// eslint-disable-next-line no-control-regex
const MESSAGE_ID = /^<[^<>\s\u0000-\u001F\u007F]{1,250}>$/;

const headerSchema = z.object({
  fromAddress: z.email().max(254),
  fromName: optionalSafeText({ max: 200 }),
  // an id with a control character is not trusted: the content hash stands in for it
  messageId: z.string().regex(MESSAGE_ID).optional().catch(undefined),
  subject: optionalSafeText({ max: 998 }),
});

/**
 * Parses a raw RFC 5322 message. `envelopeFrom` is the SMTP MAIL FROM ('' for a bounce) when known.
 * Mail from mailer daemons and auto-responders is ignored, so an out-of-office reply never starts a loop.
 */
export async function parseInboundEmail(
  raw: Buffer, options: { supportAddress: string; envelopeFrom?: string },
): Promise<InboundEmailResult> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
  } catch (error) {
    return { kind: 'rejected', reason: `the message could not be parsed as MIME: ${(error as Error).message}` };
  }
  const from = firstAddress(parsed.from);
  const header = headerSchema.safeParse({
    fromAddress: from?.address?.trim().toLowerCase(), fromName: from?.name || undefined,
    messageId: parsed.messageId, subject: parsed.subject || undefined,
  });
  if (!header.success) return { kind: 'rejected', reason: 'the message has no valid From address' };
  const h = header.data;
  const autoReason = automaticReason(parsed, options.envelopeFrom, h.fromAddress, options.supportAddress);
  if (autoReason) return { kind: 'ignored', reason: autoReason };

  const references = [...parseMessageIds(parsed.references), ...parseMessageIds(parsed.inReplyTo)]
    .filter((id, i, all) => all.indexOf(id) === i && MESSAGE_ID.test(id) && isStorableText(id));
  const text = composeText(stripQuotedReply(normaliseText(parsed.text ?? '')), h.subject);
  // logos and signature images are parts the HTML shows (related, by Content-ID): not the customer's files
  const files = parsed.attachments
    .filter((a) => !a.related || a.contentDisposition === 'attachment')
    .map((a) => ({ bytes: a.content, declaredName: a.filename }));
  if (!text && files.length === 0) return { kind: 'rejected', reason: 'the message has neither text nor a subject' };

  return {
    kind: 'message',
    mail: {
      externalMessageId: h.messageId ?? contentHash(parsed, h.fromAddress),
      messageIdHeader: h.messageId,
      fromAddress: h.fromAddress,
      fromName: h.fromName,
      subject: h.subject,
      references,
      text: truncateText(text, MAX_TEXT_CHARS),
      files,
    },
  };
}

/**
 * The body is what the customer asks; the subject is used only when nothing is left of the body. Subjects are
 * often generic ("Help", "Question") and repeat the body, and words added to the question dilute the match
 * against the knowledge base; the subject stays on record (email_inbound_messages) and on every reply.
 */
export function composeText(body: string, subject: string | undefined): string {
  return body || subject?.trim() || '';
}

function firstAddress(value: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value).find((a) => a.address);
}

function automaticReason(parsed: ParsedMail, envelopeFrom: string | undefined, from: string, support: string): string | undefined {
  if (envelopeFrom === '') return 'a bounce (empty envelope sender)';
  if (from === support) return 'mail from the support address itself';
  if (/^(mailer-daemon|postmaster)@/i.test(from)) return 'a delivery status notification';
  const header = (name: string) => String(parsed.headers.get(name) ?? '').toLowerCase().trim();
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return `an automatic message (Auto-Submitted: ${autoSubmitted})`;
  if (['bulk', 'junk', 'auto_reply', 'list'].includes(header('precedence'))) return 'a bulk or automatic message (Precedence)';
  if (parsed.headers.has('x-autoreply') || parsed.headers.has('x-autorespond')) return 'an automatic reply';
  const contentType = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (contentType?.value === 'multipart/report') return 'a delivery or read report';
  return undefined;
}

/** Stable over re-delivery: trace headers (Received, Delivered-To) change, these do not. */
function contentHash(parsed: ParsedMail, from: string): string {
  const hash = createHash('sha256')
    .update([from, parsed.date?.toISOString() ?? '', parsed.subject ?? '', parsed.text ?? '', parsed.html || ''].join('\u0000'))
    .digest('hex');
  return `sha256:${hash}`;
}
