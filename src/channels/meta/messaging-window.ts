import type { MessageAuthor } from '../../domain/issue';

/**
 * Meta's messaging windows (Messenger Platform and Instagram Messaging): a page may answer freely within 24 hours
 * of the person's last message (`messaging_type: RESPONSE`); after that only a person may, with the HUMAN_AGENT
 * tag, until 7 days after it; then nobody may until they write again.
 */
export const STANDARD_WINDOW_MS = 24 * 60 * 60 * 1000;
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export type WindowDecision =
  | { kind: 'standard' }
  | { kind: 'human_agent' }
  | { kind: 'closed'; reason: string };

export function messagingWindow(lastDirectAt: Date | undefined, now: Date, author: MessageAuthor | undefined): WindowDecision {
  if (!lastDirectAt) return { kind: 'closed', reason: 'the customer never wrote a direct message, so the page may not message them' };
  const age = now.getTime() - lastDirectAt.getTime();
  if (age < STANDARD_WINDOW_MS) return { kind: 'standard' };
  if (age < HUMAN_AGENT_WINDOW_MS) {
    if (author === 'operator') return { kind: 'human_agent' };
    return { kind: 'closed', reason: 'the customer last wrote more than 24 hours ago; after that Meta allows only a person\'s reply (HUMAN_AGENT tag), not an automatic one' };
  }
  return { kind: 'closed', reason: 'the customer last wrote more than 7 days ago; Meta allows no message until they write again' };
}
