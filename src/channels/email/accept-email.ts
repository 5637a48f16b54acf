import { acceptInboundMessage } from '../../gateway/accept-inbound';
import { linkByMailedCode } from '../../identity/link-by-message';
import type { GatewayDependencies } from '../../gateway/dependencies';
import { senderEvidence } from './authentication-results';
import { recordInboundEmail } from './email-threads';
import { parseInboundEmail } from './parse-inbound';
import type { EmailSettings } from './settings';
import { checkEmailFiles } from './email-files';

export type EmailAcceptance =
  /** issueId null: the mail was a "LINK 123456" code that linked this address, it started no issue */
  | { kind: 'accepted'; issueId: string | null }
  | { kind: 'ignored'; reason: string }
  | { kind: 'rejected'; reason: string };

/**
 * The e-mail channel's inbound path, shared by the SMTP listener and the webhook: parse, drop automatic mail,
 * remember the threading facts, then the common path (identity → customer → issue workflow), with the
 * evidence our MX recorded about the sender. Resolves once
 * Temporal holds the message; throws when it could not (the SMTP answer is then a temporary failure).
 */
export async function acceptInboundEmail(
  deps: Pick<GatewayDependencies, 'db' | 'issues' | 'metrics' | 'logger' | 'limits'> & Partial<Pick<GatewayDependencies, 'attachments'>>,
  settings: Pick<EmailSettings, 'supportAddress' | 'authservId'>,
  raw: Buffer,
  envelopeFrom?: string,
): Promise<EmailAcceptance> {
  const result = await parseInboundEmail(raw, { supportAddress: settings.supportAddress, envelopeFrom });
  if (result.kind !== 'message') {
    deps.metrics.inboundMessages.inc({ channel: 'email', result: result.kind });
    deps.logger.info({ channel: 'email', result: result.kind, reason: result.reason, bytes: raw.length }, 'inbound e-mail not accepted');
    return result;
  }
  const mail = result.mail;
  await recordInboundEmail(deps.db, mail);
  // a reply to a code mail (asked for from Direct, Telegram, ...) joins the conversation it was asked from
  const linked = await linkByMailedCode(deps.db, mail.fromAddress, mail.subject, mail.text);
  if (linked) deps.logger.info({ channel: 'email', linkId: linked.id }, 'e-mail address linked by the mailed code');
  // a file we cannot take (too large, a type not accepted) does not lose the mail: it is kept with a note
  const { files, notes } = await checkEmailFiles(deps.attachments, mail.files);
  const { issueId } = await acceptInboundMessage(deps, {
    identity: { channel: 'email', externalId: mail.fromAddress, name: mail.fromName, email: mail.fromAddress },
    externalMessageId: mail.externalMessageId,
    text: [mail.text, ...notes].filter(Boolean).join('\n'),
    files,
    // the From header alone proves nothing; our MX's SPF/DKIM/DMARC verdict does (README: e-mail identities)
    evidence: senderEvidence(raw, mail.fromAddress, settings.authservId),
  });
  deps.logger.info({ channel: 'email', issueId, externalMessageId: mail.externalMessageId }, 'inbound e-mail accepted');
  return { kind: 'accepted', issueId };
}
