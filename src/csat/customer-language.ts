import type { Db } from '../db/pool';

/** The languages the rating flow speaks to customers; English is the fallback (as src/domain/customer-texts.ts). */
export const RATING_LANGUAGES = ['en', 'ru'] as const;
export type RatingLanguage = (typeof RATING_LANGUAGES)[number];

export const ratingLanguageOf = (value: unknown): RatingLanguage | undefined =>
  (RATING_LANGUAGES as readonly unknown[]).includes(value) ? (value as RatingLanguage) : undefined;

/**
 * The SQL of an issue's language, as the workflow classified it (the projected state `issues.summary`): the
 * language the CSAT question itself was written in (customerText). `issueId`: an SQL expression.
 */
export const issueLanguageSql = (issueId: string): string =>
  `(SELECT li.summary->'classification'->>'language' FROM issues li WHERE li.id = ${issueId})`;

/** An issue's language, when it is one the rating flow speaks. */
export async function issueLanguage(db: Db, issueId: string): Promise<RatingLanguage | undefined> {
  const { rows } = await db.query<{ language: string | null }>(`SELECT ${issueLanguageSql('$1')} AS language`, [issueId]);
  return ratingLanguageOf(rows[0]?.language);
}
