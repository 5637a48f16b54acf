/**
 * A customer's reply to the CSAT question typed in the chat: a bare rating ("5", "4/5", "5 stars", "⭐⭐⭐⭐",
 * "оценка 5") counts as the rating instead of reopening the issue. Anything with more words than that is a new
 * message. Pure: used by the issue workflow.
 */
const STAR = /[⭐★]/gu;
const WORDS = /^(?:(?:my\s+)?(?:rating|score|grade)|оценка|моя\s+оценка)\s*[:\-]?\s*/iu;
const SUFFIX = /\s*(?:\/\s*5|out\s+of\s+5|из\s+5|stars?|звезд[аы]?|звёзд[аы]?|балл(?:а|ов)?)?\s*[.!)]*\s*$/iu;

export function bareRating(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 30) return undefined;
  const stars = trimmed.match(STAR);
  if (stars && trimmed.replace(STAR, '').replace(/\uFE0F/gu, '').trim() === '') {
    return stars.length >= 1 && stars.length <= 5 ? stars.length : undefined;
  }
  const body = trimmed.replace(WORDS, '');
  const match = /^([1-5])(.*)$/su.exec(body);
  if (!match) return undefined;
  return SUFFIX.test(match[2]!) && match[2]!.replace(SUFFIX, '') === '' ? Number(match[1]) : undefined;
}

const SCALE_WORDS = String.raw`(?:\/\s*5|out\s+of\s+5|из\s+5|stars?|звезд[аы]?|звёзд[аы]?|балл(?:а|ов)?)`;
/** "4 — slow but fine", "5, thanks", "3: ok": a rating, a separator, then the comment. */
const WITH_COMMENT = new RegExp(String.raw`^([1-5])\s*${SCALE_WORDS}?\s*[—–\-:,.!]+\s*(\S.*)$`, 'su');
export const CSAT_COMMENT_MAX_CHARS = 1_000;

/**
 * A rating typed in the chat, with the comment after it when there is one. Only a separator after the number
 * makes the rest a comment ("5 — thanks!"); "5 items missing" stays a new message.
 */
export function ratingReply(text: string): { score: number; comment?: string } | undefined {
  const score = bareRating(text);
  if (score !== undefined) return { score };
  const match = WITH_COMMENT.exec(text.trim().replace(WORDS, ''));
  if (!match) return undefined;
  const comment = match[2]!.trim().slice(0, CSAT_COMMENT_MAX_CHARS);
  return { score: Number(match[1]), ...(comment ? { comment } : {}) };
}

/** Whether a rating given now still counts: within `csatWaitMs` of the question, once per question. */
export function ratingWindowOpen(csatAskedAt: string | undefined, alreadyRated: boolean, nowMs: number, csatWaitMs: number): boolean {
  if (!csatAskedAt || alreadyRated) return false;
  return nowMs <= Date.parse(csatAskedAt) + csatWaitMs;
}
