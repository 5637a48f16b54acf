import { createTransport, type Transporter } from 'nodemailer';
import type { Db } from '../../db/pool';
import { PermanentDeliveryError, type ChannelSender, type OutboundAttachment, type OutboundMessage } from '../outbound';
import { findCustomerEmailAddress, findReplyThread } from './email-threads';
import { textToHtml } from './render-html';
import { issueLanguage } from '../../csat/customer-language';
import { loadRatingLinkSecret, ratingLinks } from '../../csat/rating-links';
import { ratingEmail } from './rating-email';
import type { EmailSettings } from './settings';
import { buildReferences, outboundMessageId, replySubject } from './threading';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo?: string;
  references: string[];
  /** the HTML part when it is more than the text (the CSAT links); else built from the text */
  html?: string;
  /** files an operator sent with the reply, as MIME attachments */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/**
 * Replies by SMTP through SMTP_URL, in the customer's thread. A 5xx for the recipient or the content is
 * permanent (PermanentDeliveryError: no retry, recorded on the issue); anything else (server down, timeout,
 * 4xx) is thrown as is, so the delivery activity retries it.
 */
export class EmailSender implements ChannelSender {
  private readonly transport: Transporter;
  private secret?: Promise<string>;

  constructor(private readonly settings: EmailSettings, private readonly db: Db) {
    this.transport = createTransport({
      url: settings.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000,
    });
  }

  async send(message: OutboundMessage): Promise<boolean> {
    const thread = await findReplyThread(this.db, message, this.settings.supportAddress);
    const to = thread?.toAddress ?? await findCustomerEmailAddress(this.db, message.customerId);
    if (!to) throw new PermanentDeliveryError('the customer has no e-mail address');
    const body = message.csat && this.settings.publicUrl
      ? ratingEmail(message.text, ratingLinks(this.settings.publicUrl, await this.linkSecret(), message.issueId, Date.now()),
        await issueLanguage(this.db, message.issueId))
      : { text: message.text };
    await this.transmit({
      to,
      subject: replySubject(thread?.subject),
      ...body,
      messageId: outboundMessageId(message.messageId, this.settings.supportAddress),
      inReplyTo: thread?.inReplyTo,
      references: thread?.inReplyTo ? buildReferences(thread.parentReferences, thread.conversation, thread.inReplyTo) : [],
      ...(message.attachments?.length ? { attachments: await mimeAttachments(message.attachments) } : {}),
    });
    return true;
  }

  async transmit(mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.settings.supportName
          ? { name: this.settings.supportName, address: this.settings.supportAddress }
          : this.settings.supportAddress,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? textToHtml(mail.text),
        messageId: mail.messageId,
        inReplyTo: mail.inReplyTo,
        references: mail.references.length ? mail.references : undefined,
        attachments: mail.attachments,
      });
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  /** The CSAT links' signing key, stored in PostgreSQL so the gateway checks what the worker signed. */
  private linkSecret(): Promise<string> {
    return (this.secret ??= loadRatingLinkSecret(this.db).catch((error) => {
      this.secret = undefined;
      throw error;
    }));
  }

  close(): void {
    this.transport.close();
  }
}

async function mimeAttachments(files: OutboundAttachment[]): Promise<NonNullable<OutgoingMail['attachments']>> {
  return Promise.all(files.map(async (f) => ({ filename: f.name, content: await f.read(), contentType: f.contentType })));
}

/** Permanent when the server refused the recipient or the message with a 5xx; retryable otherwise. */
export function classifySmtpError(error: unknown): Error {
  const e = error as { responseCode?: number; code?: string; response?: string; command?: string; message?: string };
  const refused = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600
    && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE' || /^(RCPT TO|DATA)$/i.test(e.command ?? ''));
  if (refused) return new PermanentDeliveryError(`the mail server refused the reply: ${e.response ?? e.message}`);
  return error instanceof Error ? error : new Error(String(error));
}
