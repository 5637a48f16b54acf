/** The small HTML page an e-mail rating link opens: the thanks, and a form for an optional comment. */
import { escapeHtml } from '../channels/email/render-html';
import type { RatingLanguage } from './customer-language';

export const RATING_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const STYLE = 'body{font-family:Arial,Helvetica,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}'
  + 'textarea{width:100%;min-height:6rem}button{margin-top:.5rem;padding:.4rem 1rem}';

/** What the page says, in the language (the one its CSAT question was asked in). */
export const RATING_PAGE_TEXTS: Record<RatingLanguage, {
  thanksTitle: string; refusedTitle: string; commented: string; rated: (score: number) => string;
  alreadyRated: (score: number) => string; outOfFive: (score: number) => string; commentLabel: string; send: string;
  malformed: string; badSignature: string; expired: string; noLongerRated: string;
}> = {
  en: {
    thanksTitle: 'Thank you for your feedback',
    refusedTitle: 'This rating link cannot be used',
    commented: 'Thank you for your comment.',
    rated: (score) => `You rated this conversation ${score} of 5.`,
    alreadyRated: (score) => `You have rated this conversation ${score} of 5 already. Thank you!`,
    outOfFive: (score) => `${score} of 5`,
    commentLabel: 'Anything you would like to add? (optional)',
    send: 'Send',
    malformed: 'This is not a rating link (it may have been cut short by your e-mail program).',
    badSignature: 'This rating link is not one we sent.',
    expired: 'This rating link has expired: ratings are taken for a limited time after the question.',
    noLongerRated: 'This conversation no longer takes a rating.',
  },
  ru: {
    thanksTitle: 'Спасибо за отзыв',
    refusedTitle: 'Эту ссылку для оценки нельзя использовать',
    commented: 'Спасибо за комментарий.',
    rated: (score) => `Ваша оценка разговора: ${score} из 5.`,
    alreadyRated: (score) => `Вы уже оценили этот разговор на ${score} из 5. Спасибо!`,
    outOfFive: (score) => `${score} из 5`,
    commentLabel: 'Хотите что-нибудь добавить? (необязательно)',
    send: 'Отправить',
    malformed: 'Это не ссылка для оценки (возможно, почтовая программа её обрезала).',
    badSignature: 'Эту ссылку для оценки отправили не мы.',
    expired: 'Срок действия ссылки истёк: оценки принимаются ограниченное время после вопроса.',
    noLongerRated: 'Этот разговор больше не принимает оценку.',
  },
};

function page(lang: RatingLanguage, title: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`
    + `<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`
    + `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>\n`;
}

const stars = (score: number) => `${'★'.repeat(score)}${'☆'.repeat(5 - score)}`;

export function ratedPage(score: number, options: { already: boolean; offerComment: boolean; commented?: boolean }, lang: RatingLanguage = 'en'): string {
  const t = RATING_PAGE_TEXTS[lang];
  const said = options.commented ? t.commented : options.already ? t.alreadyRated(score) : t.rated(score);
  const form = options.offerComment
    ? `<form method="post"><p><label for="comment">${escapeHtml(t.commentLabel)}</label></p>`
      + `<textarea id="comment" name="comment" maxlength="1000"></textarea><br><button type="submit">${escapeHtml(t.send)}</button></form>`
    : '';
  return page(lang, t.thanksTitle, `<p aria-label="${escapeHtml(t.outOfFive(score))}">${stars(score)}</p><p>${escapeHtml(said)}</p>${form}`);
}

export function refusedPage(message: string, lang: RatingLanguage = 'en'): string {
  return page(lang, RATING_PAGE_TEXTS[lang].refusedTitle, `<p>${escapeHtml(message)}</p>`);
}
