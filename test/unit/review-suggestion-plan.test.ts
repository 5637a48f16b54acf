import type { AnswerReview } from '../../src/review/answer-reviews';
import { ReviewRefused } from '../../src/review/review-refused';
import { planSuggestion } from '../../src/review/verdicts';

const review = (over: Partial<AnswerReview> = {}): AnswerReview => ({
  id: 'r', issueId: 'i', messageId: 'm', reasons: ['sample'], status: 'pending', answeredAt: '', queuedAt: '',
  question: 'Where is my refund?', answer: 'It is on its way.', article: { id: 'a1', title: 'Refunds', body: 'Refunds take 5 days.' },
  intent: 'refund_status', verdict: null, correctAnswer: null, note: null, reviewerIntent: null, reviewerId: null,
  reviewedAt: null, suggestion: null, ...over,
});

describe('what a right answer suggests', () => {
  it('suggests nothing without a right answer', () => {
    expect(planSuggestion(review(), { verdict: 'incorrect' })).toBeUndefined();
  });

  it('edits the article the answer came from: its body becomes the right answer', () => {
    expect(planSuggestion(review(), { verdict: 'incorrect', correctAnswer: 'Refunds take 10 days.' }))
      .toEqual({ kind: 'kb_edit', articleId: 'a1', articleBody: 'Refunds take 5 days.', proposedBody: 'Refunds take 10 days.' });
  });

  it('makes a labelled example when the reviewer names the intent, article or not', () => {
    expect(planSuggestion(review(), { verdict: 'incorrect', correctAnswer: 'x', intent: 'refund_request' }))
      .toEqual({ kind: 'intent_example', text: 'Where is my refund?', label: 'refund_request' });
  });

  it('labels a correct answer without an article with the classified intent', () => {
    expect(planSuggestion(review({ article: null }), { verdict: 'correct', correctAnswer: 'Better wording.' }))
      .toEqual({ kind: 'intent_example', text: 'Where is my refund?', label: 'refund_status' });
  });

  it('refuses an incorrect answer with neither an article nor an intent named (the classified one was wrong)', () => {
    const refusal = (() => {
      try {
        planSuggestion(review({ article: null }), { verdict: 'incorrect', correctAnswer: 'x' });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ReviewRefused);
    expect(refusal).toMatchObject({ status: 422, code: 'intent_required' });
  });

  it('refuses an example when the question is not recorded', () => {
    expect(() => planSuggestion(review({ question: null }), { verdict: 'incorrect', correctAnswer: 'x', intent: 'y' }))
      .toThrow(/question/);
  });
});
