/**
 * Finds the FAQ thread that answers a query. Three signals, each in [0, 1] and comparable across queries,
 * summed with weights: BM25 on the thread's question (paraphrases of it are what users type, so it weighs
 * most), BM25 on all its answers together (they name the product and the steps), and the cosine of word +
 * character n-gram TF-IDF vectors of the question, which still matches when users misspell or inflect words.
 */
import { FeatureSpace } from '../intent-model/features';
import type { SparseVector } from '../intent-model/sparse';
import { Bm25Index } from './bm25';

export interface FaqEntry {
  readonly threadId: string;
  readonly question: string;
  readonly answer: string;
}

export interface FaqWeights {
  readonly question: number;
  readonly answers: number;
  readonly ngramCosine: number;
}

export const DEFAULT_FAQ_WEIGHTS: FaqWeights = { question: 1, answers: 0.5, ngramCosine: 1 };

export interface FaqHit {
  readonly threadId: string;
  readonly question: string;
  readonly score: number;
}

interface Thread {
  readonly id: string;
  readonly question: string;
  readonly answers: string;
}

export class FaqRetriever {
  private readonly threads: Thread[];
  private readonly questionIndex: Bm25Index;
  private readonly answerIndex: Bm25Index;
  private readonly space: FeatureSpace;
  private readonly questionVectors: SparseVector[];

  constructor(entries: readonly FaqEntry[], private readonly weights: FaqWeights = DEFAULT_FAQ_WEIGHTS) {
    const byThread = new Map<string, { question: string; answers: string[] }>();
    for (const entry of entries) {
      const thread = byThread.get(entry.threadId);
      if (thread) thread.answers.push(entry.answer);
      else byThread.set(entry.threadId, { question: entry.question, answers: [entry.answer] });
    }
    this.threads = [...byThread].map(([id, t]) => ({ id, question: t.question, answers: t.answers.join('\n') }));
    this.questionIndex = new Bm25Index(this.threads.map((t) => t.question));
    this.answerIndex = new Bm25Index(this.threads.map((t) => t.answers));
    this.space = FeatureSpace.fit(this.threads.map((t) => `${t.question}\n${t.answers}`));
    this.questionVectors = this.threads.map((t) => this.space.vectorize(t.question));
  }

  /** The best threads for the query, best first. */
  search(query: string, limit = 5): FaqHit[] {
    const question = this.questionIndex.scores(query);
    const answers = this.answerIndex.scores(query);
    const queryVector = this.space.vectorize(query);
    const cosine = this.questionVectors.map((vector) => dot(queryVector, vector));
    return this.threads
      .map((thread, i) => ({
        threadId: thread.id,
        question: thread.question,
        score: this.weights.question * question[i] + this.weights.answers * answers[i] + this.weights.ngramCosine * cosine[i],
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}

function dot(a: SparseVector, b: SparseVector): number {
  const weights = new Map<number, number>();
  a.indices.forEach((feature, i) => weights.set(feature, a.values[i]));
  let sum = 0;
  b.indices.forEach((feature, i) => { sum += (weights.get(feature) ?? 0) * b.values[i]; });
  return sum;
}
