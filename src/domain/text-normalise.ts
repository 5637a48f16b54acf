/**
 * Text as it may enter Switchboard. PostgreSQL refuses NUL in `text` and both NUL and unpaired UTF-16 surrogates
 * in `jsonb` (and JSON carries them as `\u0000` / `\ud800`), so one such character in a message would make every
 * write of it fail forever. Everything that comes from outside passes through here first.
 *
 * - free text (messages, names, subjects): NUL and the other C0 control characters except tab, line feed and
 *   carriage return are removed, unpaired surrogates become U+FFFD, then the text is trimmed; empty → refused;
 * - ids (message ids, external ids, path and query parameters): refused when they contain any control character
 *   or unpaired surrogate, since changing an id silently could merge two different things.
 *
 * These are the rules without zod (the schemas applying them to input are in safe-text.ts): the workflow bundle
 * imports them (state-budget.ts), and the worker evaluates every module of the bundle again for each workflow it
 * creates or replays, so they must not pull in zod.
 */

// eslint-disable-next-line no-control-regex
const UNSAFE_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
/** a high surrogate not followed by a low one, or a low surrogate not preceded by a high one */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** The text with control characters removed and unpaired surrogates replaced (not trimmed). */
export function normaliseText(text: string): string {
  return text.replace(UNSAFE_CONTROLS, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** True when PostgreSQL's text and jsonb can hold the string as it is (no NUL, no unpaired surrogate). */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !new RegExp(LONE_SURROGATE.source).test(text);
}

/** At most `max` UTF-16 units, never cutting a surrogate pair in half; an ellipsis marks the cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** A JSON value with every string in it (keys too) normalised, for free-form data kept as jsonb. */
export function normaliseJson(value: unknown): unknown {
  if (typeof value === 'string') return normaliseText(value);
  if (Array.isArray(value)) return value.map(normaliseJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [normaliseText(k), normaliseJson(v)]));
  }
  return value;
}
