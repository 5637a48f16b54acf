import { ApplicationFailure } from '@temporalio/common';
import { PermanentDeliveryError } from '../outbound';
import { TelegramApiError } from './bot-api';

/**
 * How a failed Bot API call affects delivery: 429 waits exactly as long as Telegram asks (the activity retry
 * is scheduled after `retry_after`), 5xx and network errors are retried with the normal backoff, and any
 * other 4xx ("chat not found", "bot was blocked by the user", a revoked token) will never succeed, so it is
 * permanent and recorded on the issue.
 */
export function deliveryErrorFor(error: unknown): Error {
  if (!(error instanceof TelegramApiError)) return error instanceof Error ? error : new Error(String(error));
  if (error.status === 429) {
    return ApplicationFailure.create({
      message: error.message, type: 'TelegramRateLimited', nonRetryable: false,
      nextRetryDelay: `${Math.max(1, Math.ceil(error.retryAfter ?? 1))}s`,
    });
  }
  if (error.status >= 400 && error.status < 500) return new PermanentDeliveryError(error.message);
  return error;
}
