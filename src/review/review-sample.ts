import { createHash } from 'node:crypto';

/**
 * The review sample of assistant answers: a draw in [0, 1) from the message id alone, so a restarted worker or
 * a retried projection draws the same, and a larger share keeps every answer a smaller one took.
 */
export function reviewSampleDraw(messageId: string): number {
  return createHash('sha256').update(messageId).digest().readUInt32BE(0) / 2 ** 32;
}

export function sampledForReview(messageId: string, share: number): boolean {
  return share > 0 && reviewSampleDraw(messageId) < share;
}
