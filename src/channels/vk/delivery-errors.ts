import { ApplicationFailure } from '@temporalio/common';
import { PermanentDeliveryError } from '../outbound';
import { VkApiError } from './vk-api';

/** VK's "too many requests per second" and "flood control", with how long to wait before trying again. */
const WAIT_SECONDS: Record<number, number> = { 6: 1, 9: 30 };
/** Internal server error, "server is temporarily unavailable": retry with the usual backoff. */
const TRANSIENT = new Set([1, 10]);
/** The user does not accept messages from the community (or blocked it). */
export const NO_MESSAGES_PERMISSION = new Set([900, 901, 902]);

/**
 * 6 (too many requests per second) and 9 (flood control) wait before the next attempt; 1 and 10 (VK's own
 * trouble) and network errors are retried; any other error (a revoked token, no permission to message the user)
 * will never succeed, so it is permanent and recorded on the issue.
 */
export function deliveryErrorFor(error: unknown): Error {
  if (!(error instanceof VkApiError)) return error instanceof Error ? error : new Error(String(error));
  const wait = WAIT_SECONDS[error.code];
  if (wait !== undefined) {
    return ApplicationFailure.create({ message: error.message, type: 'VkRateLimited', nonRetryable: false, nextRetryDelay: `${wait}s` });
  }
  if (TRANSIENT.has(error.code)) return error;
  return new PermanentDeliveryError(error.message);
}
