import type { Db } from '../db/pool';
import type { Classification, DraftAnswer } from '../domain/issue';
import { articleForIntent, searchArticles } from '../kb/articles';
import type { CrmReader } from '../crm/crm-reader';
import type { Assistant, AssistantTurn, DraftTurn } from './assistant';
import { loadCustomerContext } from './customer-context';
import { answerFromCustomerData, asksForCustomerData } from './order-status-answer';
import type { IntentModelStore } from './intent-model-store';
import { detectLanguage } from './language';
import { asksForHuman, categoryOf, priorityOf, sentimentOf } from './message-signals';

/** The offline responder answers only when the best article covers most of what the customer asked. */
export const OFFLINE_MIN_COVERAGE = 0.6;
const MAX_ANSWER_CHARS = 3_000;
const OUT_OF_SCOPE = 'out_of_scope';

export class OfflineAssistant implements Assistant {
  readonly name = 'offline' as const;

  constructor(
    private readonly db: Db,
    private readonly crm?: CrmReader,
    /** the intent model trained from labelled examples, when there are any (never waited for) */
    private readonly intents?: IntentModelStore,
  ) {}

  async classify(turn: AssistantTurn): Promise<Classification> {
    const text = turn.text;
    const wantsHuman = asksForHuman(text);
    const { category, matched } = categoryOf(text);
    const base = {
      category, priority: priorityOf(text), sentiment: sentimentOf(text), language: detectLanguage(text), wantsHuman,
      source: 'offline' as const,
    };
    const model = this.intents?.current();
    if (model && !wantsHuman) {
      const prediction = model.classifier.predict(text);
      return { ...base, intent: prediction.label ?? OUT_OF_SCOPE, confidence: prediction.confidence };
    }
    return {
      ...base,
      intent: wantsHuman ? 'request_human' : `${category}_question`,
      confidence: matched || wantsHuman ? 0.7 : 0.4,
    };
  }

  /**
   * The article of the predicted intent, when the model is confident enough (threshold from its training, or the
   * scenario's confidence threshold).
   */
  private async answerFromIntent(classification: Classification, language: 'en' | 'ru', threshold?: number): Promise<DraftAnswer | undefined> {
    const model = this.intents?.current();
    const answerThreshold = threshold ?? model?.answerThreshold ?? Infinity;
    if (!model || classification.intent === OUT_OF_SCOPE || classification.confidence < answerThreshold) return undefined;
    const article = await articleForIntent(this.db, classification.intent, language);
    if (!article) return undefined;
    const citation = { articleId: article.id, title: article.title, score: Number(classification.confidence.toFixed(3)) };
    return {
      decision: 'answer', text: answerText(article.title, article.body), confidence: classification.confidence,
      citations: [citation], retrieved: [citation], source: 'offline',
      reason: `intent ${classification.intent} at confidence ${classification.confidence.toFixed(2)} ≥ ${answerThreshold.toFixed(2)}`,
    };
  }

  async draftAnswer(turn: DraftTurn): Promise<DraftAnswer> {
    const minimum = turn.scenario?.confidenceThreshold ?? OFFLINE_MIN_COVERAGE;
    const language = turn.classification.language === 'ru' ? 'ru' : 'en';
    // the customer's CRM data only for a question about it: four reads on every turn otherwise
    if (this.crm && asksForCustomerData(turn.text)) {
      const fromCrm = answerFromCustomerData(turn.text, await loadCustomerContext(this.crm, turn.customerId), language);
      if (fromCrm) return fromCrm;
    }
    const fromIntent = await this.answerFromIntent(turn.classification, language, turn.scenario?.confidenceThreshold);
    if (fromIntent) return fromIntent;
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
    if (best.coverage < minimum || confidence < minimum) {
      const second = matches[1];
      if (second && best.coverage >= 0.5 && second.coverage === best.coverage && second.article.title !== best.article.title) {
        // Two articles fit the question equally: one question to the customer settles it.
        return {
          decision: 'clarify', confidence, citations: [], retrieved, source: 'offline',
          text: customerQuestion(language, best.article.title, second.article.title),
          reason: `two articles match equally ("${best.article.title}", "${second.article.title}")`,
        };
      }
      return {
        decision: 'escalate', text: '', confidence, citations: [], retrieved,
        reason: `best article covers ${Math.round(best.coverage * 100)}% of the question`, source: 'offline',
      };
    }
    return {
      decision: 'answer', text: answerText(best.article.title, best.article.body), confidence, citations, retrieved,
      reason: `knowledge-base article "${best.article.title}" covers the question`, source: 'offline',
    };
  }
}

/** The article as a reply: its title, then its body (long bodies cut). */
function answerText(title: string, body: string): string {
  return `${title}\n\n${body.length > MAX_ANSWER_CHARS ? `${body.slice(0, MAX_ANSWER_CHARS)}…` : body}`;
}

function customerQuestion(language: 'en' | 'ru', first: string, second: string): string {
  return language === 'ru'
    ? `Уточните, пожалуйста: вас интересует «${first}» или «${second}»?`
    : `Just to be sure I help with the right thing: is your question about "${first}" or "${second}"?`;
}
