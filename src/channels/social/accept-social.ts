import type { AcceptedInbound } from '../../gateway/accept-inbound';
import { acceptInboundMessage } from '../../gateway/accept-inbound';
import type { GatewayDependencies } from '../../gateway/dependencies';
import { downloadCapped } from '../../net/capped-download';
import { refuseFilesOnce } from '../files/file-refusal';
import { takeRemoteFiles } from '../files/remote-files';
import { commentVerdict, type CommentPolicy } from './comment-policy';
import { recordSocialInbound, type SocialInbound } from './social-store';

/** A file of a direct message, at the platform's CDN link (signed by the platform itself: no token needed). */
export interface SocialFile {
  url: string;
  name: string;
  /** as the platform announced it (VK documents), so a file over the limit is not fetched at all */
  size?: number;
}

/** A direct message or comment as a social channel's webhook delivered it, verified and parsed. */
export interface SocialEvent extends Omit<SocialInbound, 'autoAnswer' | 'policyReason'> {
  /** the person's name or handle, when the platform gave it */
  name?: string;
  text: string;
  /** set when the message has nothing for the assistant to answer (e.g. an Instagram story mention): why */
  recordOnly?: string;
  files?: SocialFile[];
}

const PLATFORM_NAMES: Record<string, string> = { facebook: 'Messenger', instagram: 'Instagram', vk: 'VK' };

/** What an attachment we do not fetch (a share, a sticker, a location, ...) becomes: a visible placeholder, never a drop. */
export function attachmentPlaceholder(types: string[]): string {
  const kinds = [...new Set(types.map((t) => t.toLowerCase() || 'file'))];
  return `[${kinds.join(', ')} attachment${types.length > 1 ? 's' : ''} — not shown here yet; ask the customer to describe it]`;
}

/**
 * The common intake of Facebook, Instagram and VK: a comment is judged by SOCIAL_COMMENT_POLICY, then the event is
 * recorded (where a reply must go, and whether the assistant answers it) before the issue gets it, so the reply
 * never looks for a target that is not there yet. Both steps are idempotent: a re-delivery changes nothing.
 * A direct message's files are fetched and stored through the attachments intake; files refused for their size or
 * type are said to the customer once through `replyNow` (after the message is with the issue), and noted in it.
 */
export async function acceptSocialEvent(
  deps: Pick<GatewayDependencies, 'db' | 'issues' | 'metrics' | 'limits' | 'attachments' | 'logger'> & Partial<Pick<GatewayDependencies, 'identityLinks'>>,
  event: SocialEvent, policy: CommentPolicy, replyNow?: (text: string) => Promise<string>,
): Promise<AcceptedInbound> {
  const verdict = event.recordOnly ? { autoAnswer: false, reason: event.recordOnly }
    : event.kind === 'comment' ? commentVerdict(policy, event.text) : { autoAnswer: true, reason: undefined };
  const { name: _name, text: _text, recordOnly: _recordOnly, files: remote = [], ...inbound } = event;
  const platform = PLATFORM_NAMES[event.channel] ?? event.channel;
  const taken = await takeRemoteFiles(deps.attachments, remote.map((f) => ({
    name: f.name, size: f.size, fetch: (maxBytes: number) => downloadCapped(f.url, { maxBytes }),
  })), platform, (file, error) => deps.logger.warn({ channel: event.channel, externalMessageId: event.externalMessageId, file, err: (error as Error).message }, 'file not fetched'));
  await recordSocialInbound(deps.db, { ...inbound, autoAnswer: verdict.autoAnswer, policyReason: verdict.reason });
  const accepted = await acceptInboundMessage(deps, {
    identity: { channel: event.channel, externalId: event.senderId, name: event.name },
    externalMessageId: event.externalMessageId,
    text: [event.text, ...taken.notes].filter(Boolean).join('\n'),
    files: taken.files,
    // when the customer wrote, unless their platform's clock is ahead of ours
    receivedAt: event.sentAt < new Date() ? event.sentAt : new Date(),
    autoAnswer: verdict.autoAnswer,
  });
  if (replyNow) {
    await refuseFilesOnce(deps, {
      channel: event.channel, externalMessageId: event.externalMessageId, issueId: accepted.issueId, customerId: accepted.customerId,
      text: event.text, refused: taken.refused, send: replyNow,
    });
  }
  return accepted;
}
