import type { Db } from '../db/pool';
import type { Classification, DraftAnswer } from '../domain/issue';
import { issueScenario } from '../experiments/customer-scenario';
import type { ScenarioOverrides } from '../experiments/scenario-settings';
import type { Assistant, AssistantTurn, DraftTurn } from './assistant';

/** Reads the scenario (rolled-out settings and the customer's experiment variants) a turn runs under. */
export type ScenarioReader = (turn: AssistantTurn) => Promise<ScenarioOverrides>;

/** The scenario of the issue's channel (as the gateway recorded the issue) for the issue's customer. */
export function storedScenario(db: Db): ScenarioReader {
  return async (turn) => (await issueScenario(db, turn.customerId, turn.issueId)).overrides;
}

/**
 * The assistant under the customer's scenario: the inner assistant drafts with the scenario's system prompt and
 * confidence threshold; this adds what is the same for every AI — the assistant switched off (a person answers),
 * the answer template, the greeting before the assistant's first reply of an issue.
 */
export class ScenarioAssistant implements Assistant {
  readonly name: Assistant['name'];

  constructor(private readonly inner: Assistant, private readonly scenarioOf: ScenarioReader) {
    this.name = inner.name;
  }

  classify(turn: AssistantTurn): Promise<Classification> {
    return this.inner.classify(turn);
  }

  async draftAnswer(turn: DraftTurn): Promise<DraftAnswer> {
    const scenario = await this.scenarioOf(turn);
    if (scenario.assistantEnabled === false) {
      return {
        decision: 'escalate', text: '', confidence: 0, citations: [], source: this.inner.name,
        reason: 'the assistant does not answer in this scenario (experiment or rolled-out setting)',
      };
    }
    const draft = await this.inner.draftAnswer({ ...turn, scenario });
    if (draft.decision !== 'answer' && draft.decision !== 'clarify') return draft;
    let text = draft.decision === 'answer' && scenario.answerTemplate ? scenario.answerTemplate.split('{answer}').join(draft.text) : draft.text;
    const firstReply = !turn.history.some((m) => m.author === 'assistant');
    if (scenario.greeting && firstReply) text = `${scenario.greeting}\n\n${text}`;
    return { ...draft, text };
  }
}
