import { useQuery } from '@tanstack/react-query';
import { api } from './client';

/** The review API's answers (src/review on the server). */
export type ReviewReason = 'sample' | 'low_csat' | 'reopened' | 'unhelpful_reply';
export type Verdict = 'correct' | 'incorrect' | 'harmful';
export type SuggestionStatus = 'pending' | 'accepted' | 'rejected';

export interface AnswerReview {
  id: string;
  issueId: string;
  reasons: ReviewReason[];
  status: 'pending' | 'done';
  answeredAt: string;
  question: string | null;
  answer: string;
  article: { id: string; title: string; body: string } | null;
  intent: string | null;
  verdict: Verdict | null;
  correctAnswer: string | null;
  note: string | null;
  suggestion: { id: string; kind: 'kb_edit' | 'intent_example'; status: SuggestionStatus } | null;
}

export interface Suggestion {
  id: string;
  issueId: string;
  kind: 'kb_edit' | 'intent_example';
  status: SuggestionStatus;
  correctAnswer: string;
  article: { id: string; title: string; currentBody: string } | null;
  articleBody: string | null;
  proposedBody: string | null;
  example: { text: string; label: string } | null;
}

export function useReviews(status: 'pending' | 'done', reason: ReviewReason | null) {
  const query = new URLSearchParams({ status, limit: '50', ...(reason ? { reason } : {}) });
  return useQuery({
    queryKey: ['reviews', status, reason],
    queryFn: () => api<{ total: number; reviews: AnswerReview[] }>('GET', `/reviews?${query}`),
  });
}

export function useSuggestions(status: SuggestionStatus) {
  return useQuery({
    queryKey: ['suggestions', status],
    queryFn: () => api<{ total: number; suggestions: Suggestion[] }>('GET', `/suggestions?status=${status}&limit=50`),
  });
}

export interface VerdictInput {
  verdict: Verdict;
  correctAnswer?: string;
  note?: string;
  intent?: string;
}

export const giveVerdict = (id: string, input: VerdictInput) => api('POST', `/reviews/${id}`, input);
export const decideSuggestion = (id: string, decision: 'accept' | 'reject') => api('POST', `/suggestions/${id}/${decision}`);
