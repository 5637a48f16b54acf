import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Assistant } from '../src/ai/assistant';
import { MalformedModelOutput } from '../src/ai/openai-assistant';
import type { SupportMetrics } from '../src/observability/metrics';
import type { ClassifyInput, DraftAnswerInput, SupportActivities } from './types';

const HEARTBEAT_EVERY_MS = 2_000;

/**
 * Classification and answer drafting. Pure reads of KB/CRM plus an LLM call: safe to retry. Failures count in
 * metrics and go back to the workflow, which escalates after the retries.
 */
export function assistantActivities(
  assistant: Assistant, metrics?: SupportMetrics,
): Pick<SupportActivities, 'classifyMessage' | 'draftAnswer'> {
  async function guarded<T>(step: string, fn: () => Promise<T>): Promise<T> {
    // Heartbeats while the model thinks, so a worker that dies mid-call is noticed within the heartbeat timeout
    // instead of the whole start-to-close timeout.
    const beat = setInterval(() => Context.current().heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      return await fn();
    } catch (error) {
      metrics?.assistantFailures.inc({ step, source: assistant.name });
      if (error instanceof MalformedModelOutput) {
        throw ApplicationFailure.retryable(error.message, 'MalformedModelOutput');
      }
      throw error;
    } finally {
      clearInterval(beat);
    }
  }
  return {
    classifyMessage: (input: ClassifyInput) => guarded('classify', () => assistant.classify(input)),
    draftAnswer: (input: DraftAnswerInput) =>
      guarded('answer', async () => {
        const draft = await assistant.draftAnswer(input);
        metrics?.assistantDecisions.inc({ decision: draft.decision, source: draft.source });
        return draft;
      }),
  };
}
