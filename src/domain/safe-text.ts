import { z } from 'zod';
import { isStorableText, normaliseText } from './text-normalise';

/**
 * Zod schemas for text as it may enter Switchboard; the rules (what is removed, replaced or refused, and why)
 * are in text-normalise.ts, re-exported here.
 */
export { isStorableText, normaliseJson, normaliseText, truncateText } from './text-normalise';

// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001F\u007F]/;

export interface SafeTextOptions {
  /** longest accepted text after normalisation, in UTF-16 units (JavaScript string length) */
  max: number;
}

/** A zod schema for customer or operator free text: normalised, trimmed, required, at most `max` long. */
export function safeText({ max }: SafeTextOptions) {
  return z.string().transform(normaliseText).pipe(
    z.string().trim().min(1, 'must not be empty (control characters are removed)').max(max),
  );
}

/** As safeText, but an empty result is allowed and becomes undefined (optional names, subjects, comments). */
export function optionalSafeText({ max }: SafeTextOptions) {
  return z.string().transform((value) => normaliseText(value).trim() || undefined)
    .pipe(z.string().max(max).optional()).optional();
}

/** A zod schema for an identifier: trimmed, 1..max long, no control characters or unpaired surrogates. */
export function safeId({ max }: SafeTextOptions) {
  return z.string().trim().min(1).max(max)
    .refine((id) => !ANY_CONTROL.test(id), 'must not contain control characters')
    .refine((id) => isStorableText(id), 'must be valid Unicode (no unpaired surrogates)');
}
