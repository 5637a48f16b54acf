import { createHash } from 'node:crypto';

/**
 * messages.send's `random_id`: VK drops a second message with the same random_id from the community, so one
 * derived from the outbound message and its part makes a retried delivery (after a crash between the send and
 * its record) harmless. A positive int32; 0 would turn VK's check off.
 */
export function vkRandomId(messageId: string, part: number): number {
  const value = createHash('sha256').update(`${messageId}:${part}`).digest().readUInt32BE(0) & 0x7fffffff;
  return value === 0 ? 1 : value;
}

/** wall.createComment's `guid`, VK's key against repeated comments: the same idea for public replies. */
export function vkCommentGuid(messageId: string, part: number): string {
  return createHash('sha256').update(`${messageId}:${part}`).digest('hex').slice(0, 32);
}
