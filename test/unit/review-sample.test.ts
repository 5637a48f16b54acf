import { loadReviewSettings } from '../../src/review/review-settings';
import { reviewSampleDraw, sampledForReview } from '../../src/review/review-sample';
import { ConfigError } from '../../src/config-error';

describe('the review sample of assistant answers', () => {
  const ids = Array.from({ length: 4000 }, (_, n) => `2f0c9a4e-0000-4000-8000-${String(n).padStart(12, '0')}:out:${n % 37}`);

  it('draws the same for a message every time (restarts and retries keep the sample)', () => {
    for (const id of ids.slice(0, 50)) {
      expect(sampledForReview(id, 0.3)).toBe(sampledForReview(id, 0.3));
      expect(reviewSampleDraw(id)).toBe(reviewSampleDraw(`${id}`));
    }
  });

  it('takes about the configured share, and a larger share keeps every message a smaller one took', () => {
    const at10 = ids.filter((id) => sampledForReview(id, 0.1));
    const at30 = ids.filter((id) => sampledForReview(id, 0.3));
    expect(at10.length / ids.length).toBeGreaterThan(0.08);
    expect(at10.length / ids.length).toBeLessThan(0.12);
    expect(at30.length / ids.length).toBeGreaterThan(0.27);
    expect(at30.length / ids.length).toBeLessThan(0.33);
    expect(at10.every((id) => at30.includes(id))).toBe(true);
  });

  it('takes none at 0 and all at 1', () => {
    expect(ids.some((id) => sampledForReview(id, 0))).toBe(false);
    expect(ids.every((id) => sampledForReview(id, 1))).toBe(true);
  });
});

describe('REVIEW_SAMPLE_SHARE', () => {
  it('defaults to 5 % and takes a fraction 0..1', () => {
    expect(loadReviewSettings({}).sampleShare).toBe(0.05);
    expect(loadReviewSettings({ REVIEW_SAMPLE_SHARE: '0.2' }).sampleShare).toBe(0.2);
    expect(loadReviewSettings({ REVIEW_SAMPLE_SHARE: '0' }).sampleShare).toBe(0);
    expect(loadReviewSettings({ REVIEW_SAMPLE_SHARE: '1' }).sampleShare).toBe(1);
  });

  it.each(['1.5', '-0.1', 'half', '20%'])('refuses %j at start-up', (value) => {
    expect(() => loadReviewSettings({ REVIEW_SAMPLE_SHARE: value })).toThrow(ConfigError);
    expect(() => loadReviewSettings({ REVIEW_SAMPLE_SHARE: value })).toThrow(/REVIEW_SAMPLE_SHARE/);
  });
});
