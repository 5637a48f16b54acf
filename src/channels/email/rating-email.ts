import type { RatingLanguage } from '../../csat/customer-language';
import { escapeHtml, textToHtml } from './render-html';

/** The mail's own words around the links, in the issue's language (the question arrives already in it). */
const WORDS: Record<RatingLanguage, { labels: Record<number, string>; rate: string; orReply: string }> = {
  en: {
    labels: { 1: 'poor', 2: 'fair', 3: 'good', 4: 'very good', 5: 'excellent' },
    rate: 'Rate with one click:',
    orReply: 'Or reply to this e-mail with a number from 1 to 5, and a comment after it if you like.',
  },
  ru: {
    labels: { 1: 'плохо', 2: 'так себе', 3: 'хорошо', 4: 'очень хорошо', 5: 'отлично' },
    rate: 'Оцените одним нажатием:',
    orReply: 'Или ответьте на это письмо цифрой от 1 до 5, можно с комментарием после неё.',
  },
};

/**
 * The CSAT question by e-mail: the question, then five one-click links (1 poor … 5 excellent), in the text part
 * and as buttons in the HTML part. Replying with a number still works (the text says so).
 */
export function ratingEmail(question: string, links: { score: number; url: string }[], lang: RatingLanguage = 'en'): { text: string; html: string } {
  const { labels, rate, orReply } = WORDS[lang];
  const text = `${question}\n\n${rate}\n${links.map((l) => `${l.score} (${labels[l.score]}): ${l.url}`).join('\n')}\n\n${orReply}`;
  const buttons = links.map((l) => `<a href="${escapeHtml(l.url)}" style="display:inline-block;margin:0 6px 6px 0;padding:8px 14px;`
    + `border:1px solid #888;border-radius:4px;color:#222;text-decoration:none" title="${escapeHtml(labels[l.score]!)}">${'★'.repeat(l.score)} ${l.score}</a>`);
  const html = textToHtml(`${question}`).replace('</body>',
    `<p style="margin:0 0 1em 0">${buttons.join('')}</p>\n<p style="margin:0 0 1em 0;color:#555">${escapeHtml(orReply)}</p>\n</body>`);
  return { text, html };
}
