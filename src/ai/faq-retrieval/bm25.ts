/** Okapi BM25 over one text field of a set of documents (k1 = 1.2, b = 0.75, the usual defaults). */
import { tokenize } from '../intent-model/tokenize';

const K1 = 1.2;
const B = 0.75;

interface Posting {
  readonly document: number;
  readonly frequency: number;
}

export class Bm25Index {
  private readonly postings = new Map<string, Posting[]>();
  private readonly lengths: Float64Array;
  private readonly averageLength: number;

  constructor(texts: readonly string[]) {
    this.lengths = new Float64Array(texts.length);
    texts.forEach((text, document) => {
      const tokens = tokenize(text);
      this.lengths[document] = tokens.length;
      const counts = new Map<string, number>();
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      for (const [term, frequency] of counts) {
        const list = this.postings.get(term);
        if (list) list.push({ document, frequency });
        else this.postings.set(term, [{ document, frequency }]);
      }
    });
    this.averageLength = this.lengths.reduce((sum, length) => sum + length, 0) / Math.max(texts.length, 1) || 1;
  }

  /**
   * BM25 score of every document for the query (a repeated query word counts once), divided by the most any
   * document could score for it, (k1 + 1) · Σ idf. The result in [0, 1) says how much of the query's
   * evidence a document matches, so it is comparable across queries and with other [0, 1] signals; words the
   * index has never seen count as unmatched evidence with the highest idf.
   */
  scores(query: string): Float64Array {
    const out = new Float64Array(this.lengths.length);
    const n = this.lengths.length;
    let bound = 0;
    for (const term of new Set(tokenize(query))) {
      const list = this.postings.get(term) ?? [];
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      bound += idf * (K1 + 1);
      for (const { document, frequency } of list) {
        const norm = K1 * (1 - B + (B * this.lengths[document]) / this.averageLength);
        out[document] += (idf * frequency * (K1 + 1)) / (frequency + norm);
      }
    }
    return bound > 0 ? out.map((score) => score / bound) : out;
  }
}
