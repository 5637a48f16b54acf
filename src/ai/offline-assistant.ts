import type { Db } from '../db/pool';
import type { Classification, DraftAnswer } from '../domain/issue';
import { searchArticles } from '../kb/articles';
import type { CrmReader } from '../crm/crm-reader';
import type { Assistant, AssistantTurn } from './assistant';
import { loadCustomerContext } from './customer-context';
import { answerFromCustomerData } from './order-status-answer';
import { detectLanguage } from './language';
import { asksForHuman, categoryOf, priorityOf, sentimentOf } from './message-signals';

/** The offline responder answers only when the best article covers most of what the customer asked. */
export const OFFLINE_MIN_COVERAGE = 0.6;
const MAX_ANSWER_CHARS = 3_000;

export class OfflineAssistant implements Assistant {
  readonly name = 'offline' as const;

  constructor(private readonly db: Db, private readonly crm?: CrmReader) {}

  async classify(turn: AssistantTurn): Promise<Classification> {
    const text = turn.text;
    const wantsHuman = asksForHuman(text);
    const { category, matched } = categoryOf(text);
    return {
      category,
      intent: wantsHuman ? 'request_human' : `${category}_question`,
      priority: priorityOf(text),
      sentiment: sentimentOf(text),
      language: detectLanguage(text),
      wantsHuman,
      confidence: matched || wantsHuman ? 0.7 : 0.4,
      source: 'offline',
    };
  }

  async draftAnswer(turn: AssistantTurn & { classification: Classification }): Promise<DraftAnswer> {
    const language = turn.classification.language === 'ru' ? 'ru' : 'en';
    if (this.crm) {
      const fromCrm = answerFromCustomerData(turn.text, await loadCustomerContext(this.crm, turn.customerId), language);
      if (fromCrm) return fromCrm;
    }
    const matches = await searchArticles(this.db, turn.text, { limit: 3, language });
    const [best] = matches;
    if (!best) {
      return { decision: 'escalate', text: '', confidence: 0, citations: [], reason: 'no knowledge-base article matches', source: 'offline' };
    }
    // Coverage says how much of the question the article speaks to; rank breaks near-ties. One-word questions
    // are too vague to trust fully.
    const confidence = Math.min(1, best.coverage * (best.queryTerms >= 2 ? 1 : 0.7) + Math.min(best.rank, 0.5) * 0.2);
    const citations = [{ articleId: best.article.id, title: best.article.title, score: Number(confidence.toFixed(3)) }];
    const retrieved = matches.map((m) => ({ articleId: m.article.id, title: m.article.title, score: Number(m.coverage.toFixed(3)) }));
    if (best.coverage < OFFLINE_MIN_COVERAGE || confidence < OFFLINE_MIN_COVERAGE) {
      return {
        decision: 'escalate', text: '', confidence, citations: [], retrieved,
        reason: `best article covers ${Math.round(best.coverage * 100)}% of the question`, source: 'offline',
      };
    }
    const body = best.article.body.length > MAX_ANSWER_CHARS
      ? `${best.article.body.slice(0, MAX_ANSWER_CHARS)}…`
      : best.article.body;
    return {
      decision: 'answer', text: `${best.article.title}\n\n${body}`, confidence, citations, retrieved,
      reason: `knowledge-base article "${best.article.title}" covers the question`, source: 'offline',
    };
  }
}
