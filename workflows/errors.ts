import { ActivityFailure } from '@temporalio/workflow';

/** The message worth recording of a failed activity (its cause), or of any error. */
export function errorText(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}
