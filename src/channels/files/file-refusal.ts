import type { AttachmentRefused } from '../../attachments/file-types';
import { detectLanguage } from '../../ai/language';
import type { Channel } from '../../domain/channel';
import type { Db } from '../../db/pool';
import type { GatewayDependencies } from '../../gateway/dependencies';
import { refusalNotice } from './refusal-notice';

export interface FileRefusal {
  channel: Channel;
  /** the channel's id of the customer's message: one refusal per message, however often it is re-delivered */
  externalMessageId: string;
  issueId: string | null;
  customerId: string;
  /** the message's own text, for its language (else the customer's earlier messages decide) */
  text: string;
  refused: AttachmentRefused[];
  /** sends the notice to the customer now; returns the platform's id of the sent message */
  send(text: string): Promise<string>;
}

/**
 * Tells the customer, in their channel, which files were not taken — once per message (recorded as part 0 of
 * "refusal:<message id>" in channel_outbound_parts). Called after the message is durably with the issue; a failed
 * send is logged and left: the note in the message shows the operator what was refused.
 */
export async function refuseFilesOnce(deps: Pick<GatewayDependencies, 'db' | 'logger' | 'attachments'>, refusal: FileRefusal): Promise<void> {
  if (refusal.refused.length === 0) return;
  const key = `refusal:${refusal.externalMessageId}`;
  const { rows } = await deps.db.query('SELECT 1 FROM channel_outbound_parts WHERE channel = $1 AND message_id = $2', [refusal.channel, key]);
  if (rows.length > 0) return;
  const language = detectLanguage(refusal.text.trim() || await recentCustomerText(deps.db, refusal.customerId));
  try {
    const providerMessageId = await refusal.send(refusalNotice(refusal.refused, language, deps.attachments.maxBytes));
    await deps.db.query(
      `INSERT INTO channel_outbound_parts (channel, message_id, part, provider_message_id, kind, issue_id)
       VALUES ($1, $2, 0, $3, 'text', $4) ON CONFLICT DO NOTHING`,
      [refusal.channel, key, providerMessageId, refusal.issueId],
    );
  } catch (error) {
    deps.logger.warn({ channel: refusal.channel, externalMessageId: refusal.externalMessageId, err: (error as Error).message },
      'could not tell the customer their file was refused (the note is on the issue)');
  }
}

/** The customer's last few messages, for the language of a message that carried only files. */
async function recentCustomerText(db: Db, customerId: string): Promise<string> {
  const { rows } = await db.query<{ body: string }>(
    `SELECT body FROM messages WHERE customer_id = $1 AND direction = 'inbound' ORDER BY created_at DESC LIMIT 5`, [customerId]);
  // our own notes ("[customer attached photo.jpg]", "[… was not accepted: …]") are English whatever the customer writes
  return rows.map((r) => r.body.replace(/^\[.*\]$/gm, '')).join('\n');
}
