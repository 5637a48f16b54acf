import { ApplicationFailure } from '@temporalio/common';
import { PermanentDeliveryError } from '../outbound';
import { MetaGraphError } from './graph-api';

/**
 * Throttling Meta reports with a 4xx other than 429: application (4), user (17), page (32) and API (613) call
 * limits, and the Messenger/Instagram send limits (80001–80009 family used by the Send API).
 */
const THROTTLING_CODES = new Set([4, 17, 32, 613, 80001, 80002, 80004, 80006]);

export function isThrottling(error: MetaGraphError): boolean {
  return error.status === 429 || (error.code !== undefined && THROTTLING_CODES.has(error.code));
}

/**
 * 429 and throttling wait as long as Meta asks (Retry-After) or the usual backoff; 5xx and network errors are
 * retried; any other 4xx (a revoked token, a user who cannot be messaged, outside the allowed window) will never
 * succeed, so it is permanent and recorded on the issue.
 */
export function deliveryErrorFor(error: unknown): Error {
  if (!(error instanceof MetaGraphError)) return error instanceof Error ? error : new Error(String(error));
  if (isThrottling(error)) {
    return ApplicationFailure.create({
      message: error.message, type: 'MetaRateLimited', nonRetryable: false,
      ...(error.retryAfter !== undefined ? { nextRetryDelay: `${Math.max(1, Math.ceil(error.retryAfter))}s` } : {}),
    });
  }
  if (error.status >= 400 && error.status < 500) return new PermanentDeliveryError(error.message);
  return error;
}
