import { escapeHtml, textToHtml } from './render-html';

const LABELS: Record<number, string> = { 1: 'poor', 2: 'fair', 3: 'good', 4: 'very good', 5: 'excellent' };

/**
 * The CSAT question by e-mail: the question, then five one-click links (1 poor … 5 excellent), in the text part
 * and as buttons in the HTML part. Replying with a number still works (the text says so).
 */
export function ratingEmail(question: string, links: { score: number; url: string }[]): { text: string; html: string } {
  const text = `${question}\n\nRate with one click:\n${links.map((l) => `${l.score} (${LABELS[l.score]}): ${l.url}`).join('\n')}\n\n`
    + 'Or reply to this e-mail with a number from 1 to 5, and a comment after it if you like.';
  const buttons = links.map((l) => `<a href="${escapeHtml(l.url)}" style="display:inline-block;margin:0 6px 6px 0;padding:8px 14px;`
    + `border:1px solid #888;border-radius:4px;color:#222;text-decoration:none" title="${escapeHtml(LABELS[l.score]!)}">${'★'.repeat(l.score)} ${l.score}</a>`);
  const html = textToHtml(`${question}`).replace('</body>',
    `<p style="margin:0 0 1em 0">${buttons.join('')}</p>\n<p style="margin:0 0 1em 0;color:#555">Or reply to this e-mail `
    + 'with a number from 1 to 5, and a comment after it if you like.</p>\n</body>');
  return { text, html };
}
