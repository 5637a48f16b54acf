import type { AcceptedInbound } from '../../gateway/accept-inbound';
import { acceptInboundMessage } from '../../gateway/accept-inbound';
import type { GatewayDependencies } from '../../gateway/dependencies';
import { commentVerdict, type CommentPolicy } from './comment-policy';
import { recordSocialInbound, type SocialInbound } from './social-store';

/** A direct message or comment as a social channel's webhook delivered it, verified and parsed. */
export interface SocialEvent extends Omit<SocialInbound, 'autoAnswer' | 'policyReason'> {
  /** the person's name or handle, when the platform gave it */
  name?: string;
  text: string;
  /** set when the message has nothing for the assistant to answer (e.g. an Instagram story mention): why */
  recordOnly?: string;
}

/** What an attachment-only message becomes until attachments are stored: a visible placeholder, never a drop. */
export function attachmentPlaceholder(types: string[]): string {
  const kinds = [...new Set(types.map((t) => t.toLowerCase() || 'file'))];
  return `[${kinds.join(', ')} attachment${types.length > 1 ? 's' : ''} — not shown here yet; ask the customer to describe it]`;
}

/**
 * The common intake of Facebook, Instagram and VK: a comment is judged by SOCIAL_COMMENT_POLICY, then the event is
 * recorded (where a reply must go, and whether the assistant answers it) before the issue gets it, so the reply
 * never looks for a target that is not there yet. Both steps are idempotent: a re-delivery changes nothing.
 */
export async function acceptSocialEvent(
  deps: Pick<GatewayDependencies, 'db' | 'issues' | 'metrics' | 'limits'> & Partial<Pick<GatewayDependencies, 'identityLinks'>>,
  event: SocialEvent, policy: CommentPolicy,
): Promise<AcceptedInbound> {
  const verdict = event.recordOnly ? { autoAnswer: false, reason: event.recordOnly }
    : event.kind === 'comment' ? commentVerdict(policy, event.text) : { autoAnswer: true, reason: undefined };
  const { name: _name, text: _text, recordOnly: _recordOnly, ...inbound } = event;
  await recordSocialInbound(deps.db, { ...inbound, autoAnswer: verdict.autoAnswer, policyReason: verdict.reason });
  return acceptInboundMessage(deps, {
    identity: { channel: event.channel, externalId: event.senderId, name: event.name },
    externalMessageId: event.externalMessageId,
    text: event.text,
    // when the customer wrote, unless their platform's clock is ahead of ours
    receivedAt: event.sentAt < new Date() ? event.sentAt : new Date(),
    autoAnswer: verdict.autoAnswer,
  });
}
