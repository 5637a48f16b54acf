import type { AnswerContinuation, Classification, DraftAnswer, IssueMessage } from '../domain/issue';
import type { ScenarioOverrides } from '../experiments/scenario-settings';

export interface AssistantTurn {
  issueId: string;
  customerId: string;
  text: string;
  history: Pick<IssueMessage, 'author' | 'text'>[];
}

/**
 * What the issue workflow needs from an AI: classify a customer message, and draft an answer that is sent
 * only when it is grounded and confident. Two implementations: ChatGPT (OpenAI-compatible API) and offline.
 */
export interface Assistant {
  readonly name: 'openai' | 'offline';
  classify(turn: AssistantTurn): Promise<Classification>;
  /** May answer `lookup` (ChatGPT's tool calls): the workflow runs them and calls again with a continuation. */
  draftAnswer(turn: DraftTurn): Promise<DraftAnswer>;
}

export type DraftTurn = AssistantTurn & {
  classification: Classification;
  continuation?: AnswerContinuation;
  /** the customer's scenario (src/ai/scenario-assistant.ts): system prompt and confidence threshold to draft with */
  scenario?: ScenarioOverrides;
};
