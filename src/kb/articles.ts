import { randomUUID } from 'node:crypto';
import type { Db } from '../db/pool';
import { detectLanguage, TEXT_SEARCH_CONFIG, type SupportedLanguage } from '../ai/language';

export interface KbArticle {
  id: string;
  title: string;
  body: string;
  language: SupportedLanguage;
  source: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface ArticleRow {
  id: string; title: string; body: string; language: SupportedLanguage; source: string | null;
  created_at: Date; updated_at: Date;
}
const toArticle = (r: ArticleRow): KbArticle => ({
  id: r.id, title: r.title, body: r.body, language: r.language, source: r.source,
  createdAt: r.created_at, updatedAt: r.updated_at,
});

export async function createArticle(
  db: Db, input: { title: string; body: string; language?: SupportedLanguage; source?: string },
): Promise<KbArticle> {
  const language = input.language ?? detectLanguage(`${input.title} ${input.body}`);
  const { rows } = await db.query<ArticleRow>(
    `INSERT INTO kb_articles (id, title, body, language, source) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, title, body, language, source, created_at, updated_at`,
    [randomUUID(), input.title, input.body, language, input.source ?? null],
  );
  return toArticle(rows[0]);
}

export async function listArticles(db: Db, options: { limit: number; offset: number }): Promise<KbArticle[]> {
  const { rows } = await db.query<ArticleRow>(
    `SELECT id, title, body, language, source, created_at, updated_at FROM kb_articles
      ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`,
    [options.limit, options.offset],
  );
  return rows.map(toArticle);
}

export interface KbMatch {
  article: KbArticle;
  /** ts_rank_cd normalised to 0..1 */
  rank: number;
  /** share of the query's meaningful words (stemmed, stop words removed) that the article contains */
  coverage: number;
  queryTerms: number;
}

/**
 * Full-text search with the text-search configuration of the query's language. Any query word may match;
 * the caller judges confidence from coverage and rank.
 */
export async function searchArticles(db: Db, query: string, options: { limit: number; language?: SupportedLanguage }): Promise<KbMatch[]> {
  const language = options.language ?? detectLanguage(query);
  const config = TEXT_SEARCH_CONFIG[language];
  const { rows } = await db.query<ArticleRow & { rank: number; matched: number; terms: number }>(
    `WITH terms AS (
       SELECT unnest(tsvector_to_array(to_tsvector($1::regconfig, $2))) AS lexeme
     ), any_term AS (
       SELECT to_tsquery($1::regconfig, string_agg(quote_literal(lexeme), ' | ')) AS q, count(*) AS n FROM terms
     )
     SELECT a.id, a.title, a.body, a.language, a.source, a.created_at, a.updated_at,
            ts_rank_cd(a.search_vector, any_term.q, 32) AS rank,
            (SELECT count(*) FROM terms WHERE a.search_vector @@ to_tsquery($1::regconfig, quote_literal(terms.lexeme))) AS matched,
            any_term.n AS terms
       FROM kb_articles a, any_term
      WHERE any_term.n > 0 AND a.language = $3 AND a.search_vector @@ any_term.q
      ORDER BY matched DESC, rank DESC, a.id
      LIMIT $4`,
    [config, query, language, options.limit],
  );
  return rows.map((r) => ({
    article: toArticle(r),
    rank: Number(r.rank),
    coverage: Number(r.terms) > 0 ? Number(r.matched) / Number(r.terms) : 0,
    queryTerms: Number(r.terms),
  }));
}
