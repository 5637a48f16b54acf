import { bareRating, ratingReply, ratingWindowOpen } from '../../src/domain/csat-reply';

describe('a bare rating typed after the CSAT question', () => {
  it.each([
    ['5', 5], [' 4 ', 4], ['3/5', 3], ['4 / 5', 4], ['5 stars', 5], ['1 star', 1], ['5!', 5], ['⭐⭐⭐⭐', 4],
    ['⭐️⭐️⭐️⭐️⭐️', 5], ['rating: 2', 2], ['оценка 5', 5], ['5 из 5', 5], ['4 балла', 4], ['2 out of 5', 2],
  ])('%j is rating %i', (text, score) => {
    expect(bareRating(text)).toBe(score);
  });

  it.each([
    'My order 5 never came', '6', '0', '55', '5 more questions please', '', 'I want a person', '1234',
    'LINK 12345678', '⭐⭐⭐⭐⭐⭐', '5 stars but the parcel is still broken',
  ])('%j is not a rating', (text) => {
    expect(bareRating(text)).toBeUndefined();
  });

  it('counts only within csatWait of the question, and only once', () => {
    const asked = '2026-01-01T00:00:00.000Z';
    const at = Date.parse(asked);
    expect(ratingWindowOpen(asked, false, at + 59_000, 60_000)).toBe(true);
    expect(ratingWindowOpen(asked, false, at + 61_000, 60_000)).toBe(false);
    expect(ratingWindowOpen(asked, true, at + 1_000, 60_000)).toBe(false);
    expect(ratingWindowOpen(undefined, false, at, 60_000)).toBe(false);
  });
});

describe('a rating with a comment typed after the CSAT question', () => {
  it.each([
    ['5 — thanks!', 5, 'thanks!'], ['4 - slow but fine', 4, 'slow but fine'], ['3: ok', 3, 'ok'],
    ['5, great job', 5, 'great job'], ['4/5 — quick', 4, 'quick'], ['5 stars - loved it', 5, 'loved it'],
    ['оценка 4 — долго, но хорошо', 4, 'долго, но хорошо'], ['5', 5, undefined], ['5!', 5, undefined],
  ])('%j is rating %i with comment %j', (text, score, comment) => {
    expect(ratingReply(text)).toEqual({ score, ...(comment ? { comment } : {}) });
  });

  it.each([
    'My order 5 never came', '5 more questions please', '5 stars but the parcel is still broken', '2 items missing',
    '6 — great', 'LINK 12345678',
  ])('%j is not a rating', (text) => {
    expect(ratingReply(text)).toBeUndefined();
  });

  it('keeps a long comment to its first 1,000 characters', () => {
    expect(ratingReply(`2 — ${'x'.repeat(5_000)}`)?.comment).toHaveLength(1_000);
  });
});
