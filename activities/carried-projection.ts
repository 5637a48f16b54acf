import { ApplicationFailure } from '@temporalio/activity';
import type { ProjectionChange } from './types';

/**
 * Wraps an activity whose input may carry the workflow's pending projection: the change is written first
 * (idempotent, so a retry writes it again harmlessly), then the activity does its own work. A change
 * PostgreSQL refuses for good does not stop the work: it is reported back for the issue to record.
 */
export function projectingFirst<I extends { projection?: ProjectionChange }, R extends object>(
  project: (change: ProjectionChange) => Promise<void>, work: (input: I) => Promise<R>,
): (input: I) => Promise<R & { projectionError?: string }> {
  return async (input) => {
    let projectionError: string | undefined;
    if (input.projection) {
      try {
        await project(input.projection);
      } catch (error) {
        if (!(error instanceof ApplicationFailure && error.nonRetryable)) throw error;
        projectionError = error.message;
      }
    }
    const result = await work(input);
    return projectionError ? { ...result, projectionError } : result;
  };
}
