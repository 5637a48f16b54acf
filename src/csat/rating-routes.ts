import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { GatewayDependencies } from '../gateway/dependencies';
import { HttpError, parseWith } from '../gateway/http-errors';
import { optionalSafeText } from '../domain/safe-text';
import { checkRatingLink, loadRatingLinkSecret, type RatingLinkClaims } from './rating-links';
import { issueLanguage, type RatingLanguage } from './customer-language';
import { RATING_PAGE_CSP, RATING_PAGE_TEXTS, ratedPage, refusedPage } from './rating-page';
import { recordRating } from './record-rating';

const commentSchema = z.object({ comment: optionalSafeText({ max: 1_000 }) });

const REFUSALS = {
  malformed: [400, 'invalid_link', 'malformed'],
  bad_signature: [403, 'bad_signature', 'badSignature'],
  expired: [410, 'link_expired', 'expired'],
} as const;

/** A page for a link that names no readable issue speaks the browser's language (English unless it prefers Russian). */
const browserLanguage = (req: Request): RatingLanguage => (req.acceptsLanguages('en', 'ru') === 'ru' ? 'ru' : 'en');

/**
 * GET/POST /csat/{token}: the one-click links of a CSAT e-mail (src/csat/rating-links.ts). GET records the
 * link's rating and shows a form for an optional comment; POST records the rating with the comment. Both are
 * idempotent: a second click shows the rating that stands. A browser gets a page; anything else JSON.
 */
export function ratingLinkRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  let secret: Promise<string> | undefined;
  const linkSecret = () => (secret ??= loadRatingLinkSecret(deps.db).catch((error) => {
    secret = undefined;
    throw error;
  }));
  router.use(express.urlencoded({ extended: false, limit: '16kb' }));

  async function claimsOf(req: Request, res: Response): Promise<RatingLinkClaims | undefined> {
    const checked = checkRatingLink(await linkSecret(), String(req.params.token), Date.now(), deps.issues.ratingWindowMs);
    if (checked.ok) return checked.claims;
    const [status, code, key] = REFUSALS[checked.reason];
    const lang = browserLanguage(req);
    // the JSON message stays English (for integrators); the page speaks the browser's language
    answer(req, res, status, { error: { code, message: RATING_PAGE_TEXTS.en[key] } }, () => refusedPage(RATING_PAGE_TEXTS[lang][key], lang));
    return undefined;
  }

  async function rate(req: Request, res: Response, comment: string | undefined): Promise<void> {
    const claims = await claimsOf(req, res);
    if (!claims) return;
    // the page speaks the issue's language, the one its CSAT question was asked in
    const lang = (await issueLanguage(deps.db, claims.issueId)) ?? browserLanguage(req);
    try {
      const result = await recordRating(deps, { issueId: claims.issueId, score: claims.score, comment, channel: 'email' });
      const score = result.score ?? claims.score;
      const commented = Boolean(comment) && result.outcome === 'recorded';
      const offerComment = !commented && !result.hasComment && score === claims.score;
      answer(req, res, 200, { rating: { score, outcome: result.outcome, commented } },
        () => ratedPage(score, { already: result.outcome === 'already_rated', offerComment, commented }, lang));
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      answer(req, res, error.status, { error: { code: error.code, message: error.message } }, () => refusedPage(
        error.code === 'not_waiting_for_rating' ? RATING_PAGE_TEXTS[lang].noLongerRated : error.message, lang,
      ));
    }
  }

  router.get('/:token', (req, res) => rate(req, res, undefined));
  router.post('/:token', async (req, res) => {
    const { comment } = parseWith(commentSchema, req.body ?? {});
    await rate(req, res, comment);
  });
  return router;
}

function answer(req: Request, res: Response, status: number, json: unknown, html: () => string): void {
  res.set('cache-control', 'no-store');
  if (req.accepts(['json', 'html']) === 'html') {
    res.status(status).set('content-security-policy', RATING_PAGE_CSP).type('html').send(html());
  } else {
    res.status(status).json(json);
  }
}
