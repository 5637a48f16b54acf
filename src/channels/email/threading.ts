/**
 * The headers that keep a conversation in one thread in the customer's mail client (RFC 5322 §3.6.4):
 * our Message-ID derived from our message id (stable across delivery retries, so a rare double send shows
 * as one mail), In-Reply-To the customer's latest mail, References the chain, Subject "Re: <original>".
 */

/** Most clients thread fine on a trimmed chain; keep the root and the most recent ones. */
const MAX_REFERENCES = 20;

/** `<{messageId}@{domain}>`, with every character outside the safe atom set replaced. */
export function outboundMessageId(messageId: string, supportAddress: string): string {
  const domain = supportAddress.slice(supportAddress.lastIndexOf('@') + 1).toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  const local = messageId.replace(/[^A-Za-z0-9._+=-]/g, '.');
  return `<${local}@${domain}>`;
}

/** Message ids found in a References/In-Reply-To value, e.g. "<a@x> <b@y>" → ["<a@x>", "<b@y>"]. */
export function parseMessageIds(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : value ?? '';
  return [...text.matchAll(/<[^<>\s]+>/g)].map((m) => m[0]);
}

/** "Re: <subject>", without piling up prefixes ("Re: Re: AW: Fwd:" → one "Re:"). */
export function replySubject(subject: string | undefined, fallback = 'Your support request'): string {
  const base = (subject ?? '').replace(/^(\s*(re|aw|sv|fw|fwd|ответ|отв|на|re\[\d+\])\s*:\s*)+/iu, '').trim();
  return `Re: ${base || fallback}`;
}

/**
 * References for a reply to `parentId`: the ids the parent mail referenced, then the conversation's ids in
 * order, ending with the parent; duplicates dropped, trimmed to the root and the latest ones.
 */
export function buildReferences(parentReferences: string[], conversation: string[], parentId: string): string[] {
  const seen = new Set<string>();
  const chain: string[] = [];
  const parentAt = conversation.indexOf(parentId);
  const before = parentAt >= 0 ? conversation.slice(0, parentAt) : conversation;
  for (const id of [...parentReferences, ...before]) {
    if (id === parentId || seen.has(id)) continue;
    seen.add(id);
    chain.push(id);
  }
  chain.push(parentId);
  if (chain.length <= MAX_REFERENCES) return chain;
  return [chain[0], ...chain.slice(chain.length - (MAX_REFERENCES - 1))];
}
