import { PermanentDeliveryError } from '../outbound';
import { GraphApiError } from './graph-api';

/** Throughput limits Meta reports with a 400 instead of a 429: retrying later helps. */
const RATE_LIMIT_CODES = new Set([4, 80007, 130429, 131056]);

/** Meta's "re-engagement message" error: more than 24 hours since the customer last wrote. */
export const WINDOW_CLOSED_CODE = 131047;

/** 429, throughput limits, 5xx and network errors are retried; any other 4xx will never succeed. */
export function deliveryErrorFor(error: unknown): Error {
  if (!(error instanceof GraphApiError)) return error instanceof Error ? error : new Error(String(error));
  if (error.status === 429 || (error.code !== undefined && RATE_LIMIT_CODES.has(error.code))) return error;
  if (error.status >= 400 && error.status < 500) return new PermanentDeliveryError(error.message);
  return error;
}
