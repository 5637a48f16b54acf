/** The small HTML page an e-mail rating link opens: the thanks, and a form for an optional comment. */
import { escapeHtml } from '../channels/email/render-html';

export const RATING_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const STYLE = 'body{font-family:Arial,Helvetica,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}'
  + 'textarea{width:100%;min-height:6rem}button{margin-top:.5rem;padding:.4rem 1rem}';

function page(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`
    + `<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`
    + `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>\n`;
}

const stars = (score: number) => `${'★'.repeat(score)}${'☆'.repeat(5 - score)}`;

export function ratedPage(score: number, options: { already: boolean; offerComment: boolean; commented?: boolean }): string {
  const said = options.commented ? 'Thank you for your comment.'
    : options.already ? `You have rated this conversation ${score} of 5 already. Thank you!`
      : `You rated this conversation ${score} of 5.`;
  const form = options.offerComment
    ? `<form method="post"><p><label for="comment">Anything you would like to add? (optional)</label></p>`
      + '<textarea id="comment" name="comment" maxlength="1000"></textarea><br><button type="submit">Send</button></form>'
    : '';
  return page('Thank you for your feedback', `<p aria-label="${score} of 5">${stars(score)}</p><p>${escapeHtml(said)}</p>${form}`);
}

export function refusedPage(message: string): string {
  return page('This rating link cannot be used', `<p>${escapeHtml(message)}</p>`);
}
