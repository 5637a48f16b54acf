/**
 * A customer's reply saying the assistant's answer did not help ("that didn't help", "не помогло", "это не то").
 * Such a reply right after an answer puts that answer in the review queue. One list, English and Russian; a
 * phrase counts anywhere in the reply ("I tried, it didn't help — what now?"). Pure.
 */

/** Letters on neither side: JavaScript's \b knows no Cyrillic. */
const WORD_START = '(?<![\\p{L}\\p{N}])';
const WORD_END = '(?![\\p{L}\\p{N}])';

const PHRASES: readonly string[] = [
  // English (apostrophes are straightened and optional)
  "didn'?t help", 'did not help', "doesn'?t help", 'does not help', "(?:is|was)n'?t helpful", '(?:is|was) not helpful',
  'not helpful', 'unhelpful', 'no help', 'useless', "(?:that'?s|this is|it'?s) not what i (?:asked|meant|need)",
  'not what i (?:asked|was asking)', "(?:didn'?t|did not|doesn'?t|does not) answer my question", 'wrong answer',
  "still (?:doesn'?t|does not|isn'?t|is not|not) work",
  // Russian (ё is read as е)
  'не помогл[оаи]?', 'не помог', 'не помогает', 'это не то', 'не то,? что я (?:спрашивал|спрашивала|имел в виду|имела в виду)',
  'бесполезн\\p{L}*', 'не ответили на (?:мой )?вопрос', '(?:неправильный|неверный|не тот) ответ',
  '(?:все еще|до сих пор|по-прежнему) не работает',
];

const UNHELPFUL = new RegExp(`${WORD_START}(?:${PHRASES.join('|')})${WORD_END}`, 'iu');

function normalised(text: string): string {
  return text.toLowerCase().replace(/ё/gu, 'е').replace(/[\u2018\u2019\u02BC`´]/gu, "'").replace(/\s+/gu, ' ');
}

export function isUnhelpfulReply(text: string): boolean {
  return UNHELPFUL.test(normalised(text));
}
