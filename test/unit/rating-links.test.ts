import { checkRatingLink, ratingLinks, signRatingLink } from '../../src/csat/rating-links';

const issueId = '6f1c2a3b-1d2e-4f5a-8b9c-0d1e2f3a4b5c';
const secret = 'k'.repeat(43);
const now = Date.parse('2026-12-03T10:00:00Z');
const day = 86_400_000;

describe('one-click rating links', () => {
  it('carries the issue and the score, and checks within the rating window', () => {
    const token = signRatingLink(secret, { issueId, score: 4, issuedAt: now / 1000 });
    expect(checkRatingLink(secret, token, now + day - 1_000, day)).toEqual({ ok: true, claims: { issueId, score: 4, issuedAt: now / 1000 } });
    expect(checkRatingLink(secret, token, now + day + 1_000, day)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses an edited score, another key and garbage', () => {
    const token = signRatingLink(secret, { issueId, score: 1, issuedAt: now / 1000 });
    expect(checkRatingLink(secret, token.replace(`.1.`, '.5.'), now, day)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(checkRatingLink('another key', token, now, day)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(checkRatingLink(secret, 'nonsense', now, day)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('makes five links under PUBLIC_URL', () => {
    const links = ratingLinks('https://support.example.com', secret, issueId, now);
    expect(links.map((l) => l.score)).toEqual([1, 2, 3, 4, 5]);
    expect(links[4]!.url).toMatch(new RegExp(`^https://support\\.example\\.com/csat/${issueId}\\.5\\.\\d+\\.[\\w-]{43}$`));
  });
});
