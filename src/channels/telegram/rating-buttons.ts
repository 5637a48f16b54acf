/**
 * The CSAT question's inline keyboard in Telegram: five buttons 1–5 whose callback data names the issue and the
 * score (`csat:<issueId>:<score>`, within Telegram's 64 bytes). A press arrives as a callback_query, which the
 * webhook answers; the rating counts only for the customer the Telegram user is.
 */
const CALLBACK = /^csat:([0-9a-f-]{36}):([1-5])$/;

export function ratingKeyboard(issueId: string): { inline_keyboard: { text: string; callback_data: string }[][] } {
  return { inline_keyboard: [[1, 2, 3, 4, 5].map((score) => ({ text: `${score} ⭐`, callback_data: `csat:${issueId}:${score}` }))] };
}

export function ratingOfCallback(data: string | undefined): { issueId: string; score: number } | undefined {
  const match = data ? CALLBACK.exec(data) : null;
  return match ? { issueId: match[1]!, score: Number(match[2]) } : undefined;
}

/** What Telegram shows the customer after the press (a short notice at the top of the chat). */
export function ratingNotice(outcome: 'recorded' | 'already_rated' | 'refused', score?: number): string {
  if (outcome === 'recorded') return `Thank you! You rated us ${score} of 5.`;
  if (outcome === 'already_rated') return `You have rated this conversation ${score ?? ''} of 5 already. Thank you!`.replace('  ', ' ');
  return 'This conversation no longer takes a rating.';
}
