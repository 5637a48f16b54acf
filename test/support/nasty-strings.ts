/**
 * fast-check arbitraries of what arrives from outside: any code point, NUL and other control characters, lone
 * UTF-16 surrogates, and huge strings, mixed with ordinary text.
 */
import fc from 'fast-check';

const nastyUnit = fc.oneof(
  fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\t', '\n', '\r', '\u001F', '\u007F', ' ', '\uFEFF', '\u2028'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
);

/** Short strings mixing every kind of unit, now and then a huge one. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: nastyUnit, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ unit: nastyUnit, maxLength: 5 }), fc.integer({ min: 4_000, max: 300_000 }))
    .map(([s, n]) => s.repeat(Math.ceil(n / Math.max(1, s.length))).slice(0, n) || 'x'.repeat(n)) },
);

/** A string, sometimes not a string at all (numbers, null, objects), as a hostile JSON body would send. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.constant({}), fc.constant([])) },
);

/** Every string inside a value (object keys excluded), for checking what a parser let through. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object' && !(value instanceof Date)) return Object.values(value).flatMap(stringsIn);
  return [];
}
