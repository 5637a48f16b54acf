/**
 * Text → word tokens for the intent model and the FAQ retriever. Unicode-aware, so Cyrillic (and any other
 * script) splits the same way as Latin; normalisation folds the spelling variants customers use
 * interchangeably, so they share features.
 */

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** NFKC (full-width and ligature forms), lower case, "ё" → "е" (Russian writes them interchangeably). */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/ё/g, 'е');
}

/**
 * Lower-cased word tokens. Apostrophes inside a word are dropped ("don't" → "dont", "card's" → "cards"), so
 * the token does not depend on which apostrophe the keyboard produced or on whether one was typed at all.
 */
export function tokenize(text: string): string[] {
  const words = normalizeText(text).match(WORD) ?? [];
  return words.map((word) => word.replace(/['’]/g, ''));
}
