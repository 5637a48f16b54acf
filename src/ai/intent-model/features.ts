/**
 * TF-IDF features: word 1..n-grams plus character n-grams taken inside word boundaries (each word padded with
 * spaces, as scikit-learn's `char_wb`), so typos, inflections and Russian endings still share most features.
 * Term frequency is sublinear (1 + ln tf); the word block and the character block are each L2-normalised and
 * weighted so the whole vector has unit length, which keeps the many character n-grams from drowning the
 * words.
 */
import { stackRows, type SparseMatrix, type SparseVector } from './sparse';
import { tokenize } from './tokenize';

export interface FeatureOptions {
  /** Longest word n-gram (1 = unigrams only). */
  readonly maxWordNgram: number;
  /**
   * Also ordered pairs of non-adjacent words at most this many words apart (0 = none): intents often hinge
   * on two words far apart ("card … arrive" vs "card … declined"), which n-grams miss; worth +0.5 points on
   * Banking77. The window keeps the count linear in the length of long messages.
   */
  readonly wordPairWindow: number;
  readonly minCharNgram: number;
  readonly maxCharNgram: number;
  /** Share of the vector's squared length given to character n-grams (the rest goes to word n-grams). */
  readonly charShare: number;
  /** Features seen in fewer training texts are dropped: they cannot generalise and bloat the model. */
  readonly minDocumentFrequency: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  maxWordNgram: 2,
  wordPairWindow: 10,
  minCharNgram: 2,
  maxCharNgram: 5,
  charShare: 0.5,
  minDocumentFrequency: 2,
};

export interface FeatureSpaceJSON {
  readonly options: FeatureOptions;
  readonly vocabulary: string[];
  readonly idf: number[];
}

/** The feature space with its idf as a typed array (transferable between threads). */
export interface FeatureSpaceData {
  readonly options: FeatureOptions;
  readonly vocabulary: string[];
  readonly idf: Float64Array;
}

/** Feature keys of one text, word keys and character keys apart (they are normalised apart). */
function featureKeys(text: string, options: FeatureOptions): { words: string[]; chars: string[] } {
  const tokens = tokenize(text);
  const words: string[] = [];
  for (let n = 1; n <= options.maxWordNgram; n++) {
    for (let i = 0; i + n <= tokens.length; i++) words.push(`w ${tokens.slice(i, i + n).join(' ')}`);
  }
  for (let i = 0; i < tokens.length; i++) {
    for (let j = i + 2; j <= i + options.wordPairWindow && j < tokens.length; j++) words.push(`p ${tokens[i]} ${tokens[j]}`);
  }
  const chars: string[] = [];
  for (const token of tokens) {
    const padded = ` ${token} `;
    for (let n = options.minCharNgram; n <= options.maxCharNgram; n++) {
      for (let i = 0; i + n <= padded.length; i++) chars.push(`c${padded.slice(i, i + n)}`);
    }
  }
  return { words, chars };
}

function countKeys(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

export class FeatureSpace {
  private readonly index: Map<string, number>;

  private constructor(
    readonly options: FeatureOptions,
    private readonly vocabulary: string[],
    private readonly idf: Float64Array,
  ) {
    this.index = new Map(vocabulary.map((key, i) => [key, i]));
  }

  /** Learns the vocabulary and the smoothed idf, ln((1 + n) / (1 + df)) + 1, from the training texts. */
  static fit(texts: readonly string[], options: FeatureOptions = DEFAULT_FEATURE_OPTIONS): FeatureSpace {
    const documentFrequency = new Map<string, number>();
    for (const text of texts) {
      const { words, chars } = featureKeys(text, options);
      for (const key of new Set([...words, ...chars])) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);
    }
    const vocabulary = [...documentFrequency.keys()].filter((key) => documentFrequency.get(key)! >= options.minDocumentFrequency);
    const idf = Float64Array.from(vocabulary, (key) => Math.log((1 + texts.length) / (1 + documentFrequency.get(key)!)) + 1);
    return new FeatureSpace(options, vocabulary, idf);
  }

  static fromJSON(json: FeatureSpaceJSON): FeatureSpace {
    return FeatureSpace.fromData({ ...json, idf: Float64Array.from(json.idf) });
  }

  toJSON(): FeatureSpaceJSON {
    return { options: this.options, vocabulary: this.vocabulary, idf: Array.from(this.idf) };
  }

  static fromData(data: FeatureSpaceData): FeatureSpace {
    return new FeatureSpace(data.options, data.vocabulary, data.idf);
  }

  toData(): FeatureSpaceData {
    return { options: this.options, vocabulary: this.vocabulary, idf: this.idf };
  }

  get dimension(): number {
    return this.vocabulary.length;
  }

  vectorize(text: string): SparseVector {
    const { words, chars } = featureKeys(text, this.options);
    const wordBlock = this.weighBlock(countKeys(words));
    const charBlock = this.weighBlock(countKeys(chars));
    const wordScale = blockScale(wordBlock.values, 1 - this.options.charShare);
    const charScale = blockScale(charBlock.values, this.options.charShare);
    const size = wordBlock.indices.length + charBlock.indices.length;
    const indices = new Int32Array(size);
    const values = new Float32Array(size);
    wordBlock.indices.forEach((feature, i) => { indices[i] = feature; values[i] = wordBlock.values[i] * wordScale; });
    const offset = wordBlock.indices.length;
    charBlock.indices.forEach((feature, i) => { indices[offset + i] = feature; values[offset + i] = charBlock.values[i] * charScale; });
    return { indices, values };
  }

  vectorizeAll(texts: readonly string[]): SparseMatrix {
    return stackRows(texts.map((text) => this.vectorize(text)), this.dimension);
  }

  private weighBlock(counts: Map<string, number>): { indices: number[]; values: number[] } {
    const indices: number[] = [];
    const values: number[] = [];
    for (const [key, count] of counts) {
      const feature = this.index.get(key);
      if (feature === undefined) continue;
      indices.push(feature);
      values.push((1 + Math.log(count)) * this.idf[feature]);
    }
    return { indices, values };
  }
}

/** Factor that gives a block the squared length `share` (0 for an empty block). */
function blockScale(values: readonly number[], share: number): number {
  let squared = 0;
  for (const value of values) squared += value * value;
  return squared > 0 ? Math.sqrt(share / squared) : 0;
}
