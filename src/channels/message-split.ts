/**
 * Splits a reply that is longer than a messenger allows (Telegram and WhatsApp: 4,096 characters) into parts
 * that read naturally: at a paragraph break if one is in the second half of the window, else a line break, a
 * sentence end, a space, and only as a last resort inside a word, and then never inside a grapheme (so never
 * between the two halves of a surrogate pair or inside an emoji sequence). Lengths are UTF-16 code units,
 * which is what both APIs count, so every part fits.
 */
export const MESSENGER_TEXT_LIMIT = 4_096;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function splitMessage(text: string, limit = MESSENGER_TEXT_LIMIT): string[] {
  if (limit < 2) throw new RangeError('limit must be at least 2');
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = cutPosition(rest, limit);
    const part = rest.slice(0, cut).trimEnd();
    if (part) parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** Where to cut `text` (longer than `limit`) so that the first part has at most `limit` code units. */
function cutPosition(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  const half = Math.floor(limit / 2);
  // Each candidate is the index right after the separator; the part before it is at most `limit` long.
  const candidates: Array<() => number> = [
    () => lastMatchEnd(window, /\n\s*\n/g, half),
    () => lastMatchEnd(window, /\n/g, half),
    () => lastMatchEnd(window, /[.!?…。！？]["')\]»”]*\s/g, half),
    () => lastMatchEnd(window, /\s/g, 1),
  ];
  for (const candidate of candidates) {
    const at = candidate();
    if (at > 0 && at <= limit + 1) return Math.min(at, limit);
  }
  return lastGraphemeBoundary(text, limit);
}

/** End index of the last match of `pattern` whose start is at or after `min`; 0 when there is none. */
function lastMatchEnd(window: string, pattern: RegExp, min: number): number {
  let end = 0;
  for (const match of window.matchAll(pattern)) {
    if (match.index >= min) end = match.index + match[0].length;
  }
  return end;
}

/** The last grapheme boundary at or before `limit` (inside a single enormous grapheme: a code-point boundary). */
function lastGraphemeBoundary(text: string, limit: number): number {
  let boundary = 0;
  for (const { index } of segmenter.segment(text.slice(0, limit + 64))) {
    if (index > limit) break;
    boundary = index;
  }
  if (boundary > 0) return boundary;
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}
