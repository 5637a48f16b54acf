import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Assistant } from '../src/ai/assistant';
import { MalformedModelOutput } from '../src/ai/openai-assistant';
import type { SupportMetrics } from '../src/observability/metrics';
import type { ClassifyInput, DraftAnswerInput, SupportActivities, TurnResult } from './types';

const HEARTBEAT_EVERY_MS = 2_000;

/**
 * Classification and answer drafting. Pure reads of KB/CRM plus an LLM call: safe to retry. Failures count in
 * metrics and go back to the workflow, which escalates after the retries.
 */
export function assistantActivities(
  assistant: Assistant, metrics?: SupportMetrics,
): Pick<SupportActivities, 'classifyMessage' | 'draftAnswer' | 'answerTurn'> {
  async function guarded<T>(step: string, fn: () => Promise<T>): Promise<T> {
    // Heartbeats while the model thinks, so a worker that dies mid-call is noticed within the heartbeat timeout
    // instead of the whole start-to-close timeout.
    // (A local activity has no heartbeat: the workflow task it runs in is kept alive by the SDK instead.)
    const context = Context.current();
    const beat = context.info.isLocal ? undefined : setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
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
  async function draft(input: DraftAnswerInput) {
    const answer = await assistant.draftAnswer(input);
    metrics?.assistantDecisions.inc({ decision: answer.decision, source: answer.source });
    return answer;
  }
  return {
    answerTurn: (input: ClassifyInput) =>
      guarded('turn', async (): Promise<TurnResult> => {
        const classification = await assistant.classify(input);
        // A person is needed whatever the answer would say: do not spend a draft on it.
        if (classification.wantsHuman || classification.sentiment === 'negative') return { classification };
        return { classification, draft: await draft({ ...input, classification }) };
      }),
    classifyMessage: (input: ClassifyInput) => guarded('classify', () => assistant.classify(input)),
    draftAnswer: (input: DraftAnswerInput) => guarded('answer', () => draft(input)),
  };
}
