import { randomUUID } from 'node:crypto';
import type { Db } from '../db/pool';
import { detectLanguage, TEXT_SEARCH_CONFIG, type SupportedLanguage } from '../ai/language';
import { defaultEmbedder, type Embedder } from './embeddings';

export interface KbArticle {
  id: string;
  title: string;
  body: string;
  language: SupportedLanguage;
  source: string | null;
  /** for imported chunks: the headings above the chunk in its document, outermost first */
  headingPath: string[];
  /** for imported chunks: the chunk's identity within its source; null for articles created by hand */
  chunkKey: string | null;
  /** the intent this article answers (offline intent model), when set */
  intent: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface ArticleRow {
  id: string; title: string; body: string; language: SupportedLanguage; source: string | null;
  heading_path: string[]; chunk_key: string | null; intent: string | null; created_at: Date; updated_at: Date;
}
const ARTICLE_COLUMNS = 'id, title, body, language, source, heading_path, chunk_key, intent, created_at, updated_at';
const toArticle = (r: ArticleRow): KbArticle => ({
  id: r.id, title: r.title, body: r.body, language: r.language, source: r.source,
  headingPath: r.heading_path ?? [], chunkKey: r.chunk_key ?? null, intent: r.intent ?? null, createdAt: r.created_at, updatedAt: r.updated_at,
});

export async function createArticle(
  db: Db, input: { title: string; body: string; language?: SupportedLanguage; source?: string; intent?: string },
): Promise<KbArticle> {
  const language = input.language ?? detectLanguage(`${input.title} ${input.body}`);
  const { rows } = await db.query<ArticleRow>(
    `INSERT INTO kb_articles (id, title, body, language, source, intent) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${ARTICLE_COLUMNS}`,
    [randomUUID(), input.title, input.body, language, input.source ?? null, input.intent ?? null],
  );
  return toArticle(rows[0]);
}

export async function listArticles(db: Db, options: { limit: number; offset: number; source?: string }): Promise<KbArticle[]> {
  const { rows } = await db.query<ArticleRow>(
    `SELECT ${ARTICLE_COLUMNS} FROM kb_articles
      WHERE $3::text IS NULL OR source = $3
      ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`,
    [options.limit, options.offset, options.source ?? null],
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
  /** cosine similarity of the query and article embeddings, when hybrid search ran and the article has one */
  similarity?: number;
}

export interface SearchOptions {
  limit: number;
  language?: SupportedLanguage;
  /** hybrid search with this embedder; undefined: the one EMBEDDINGS_* configure; null: full text only */
  embedder?: Embedder | null;
}

type MatchRow = ArticleRow & { rank: number | null; matched: number; terms: number; similarity?: number };

// The query's meaningful words (lexemes) in the query language, and "any of them" as a tsquery.
const QUERY_TERMS = `WITH terms AS (
       SELECT unnest(tsvector_to_array(to_tsvector($1::regconfig, $2))) AS lexeme
     ), any_term AS (
       SELECT to_tsquery($1::regconfig, string_agg(quote_literal(lexeme), ' | ')) AS q, count(*) AS n FROM terms
     )`;
const MATCH_STATS = `ts_rank_cd(a.search_vector, any_term.q, 32) AS rank,
            (SELECT count(*) FROM terms WHERE a.search_vector @@ to_tsquery($1::regconfig, quote_literal(terms.lexeme))) AS matched,
            any_term.n AS terms`;

const toMatch = (r: MatchRow): KbMatch => ({
  article: toArticle(r),
  rank: Number(r.rank ?? 0),
  coverage: Number(r.terms) > 0 ? Number(r.matched) / Number(r.terms) : 0,
  queryTerms: Number(r.terms),
  ...(r.similarity !== undefined && r.similarity !== null ? { similarity: Number(r.similarity) } : {}),
});

/**
 * Full-text search with the text-search configuration of the query's language. Any query word may match;
 * the caller judges confidence from coverage and rank. With an embedder, also a nearest-neighbour search over
 * the article embeddings, and both lists are fused by reciprocal rank (robust without tuning score scales).
 */
export async function searchArticles(db: Db, query: string, options: SearchOptions): Promise<KbMatch[]> {
  const language = options.language ?? detectLanguage(query);
  const embedder = options.embedder === undefined ? defaultEmbedder() : options.embedder ?? undefined;
  if (!embedder) return fullTextMatches(db, query, language, options.limit);
  const candidates = Math.max(options.limit * 4, 20);
  let queryVector: number[] | undefined;
  try {
    [queryVector] = await embedder.embed([query]);
  } catch {
    // An unreachable embeddings endpoint degrades to full-text search: the customer still gets an answer.
  }
  const textHits = await fullTextMatches(db, query, language, queryVector ? candidates : options.limit);
  if (!queryVector) return textHits;
  const vectorHits = await nearestMatches(db, query, language, queryVector, embedder.model, candidates);
  return fuseByReciprocalRank([textHits, vectorHits]).slice(0, options.limit);
}

async function fullTextMatches(db: Db, query: string, language: SupportedLanguage, limit: number): Promise<KbMatch[]> {
  const { rows } = await db.query<MatchRow>(
    `${QUERY_TERMS}
     SELECT a.id, a.title, a.body, a.language, a.source, a.heading_path, a.chunk_key, a.created_at, a.updated_at,
            ${MATCH_STATS}
       FROM kb_articles a, any_term
      WHERE any_term.n > 0 AND a.language = $3 AND a.search_vector @@ any_term.q
      ORDER BY matched DESC, rank DESC, a.id
      LIMIT $4`,
    [TEXT_SEARCH_CONFIG[language], query, language, limit],
  );
  return rows.map(toMatch);
}

async function nearestMatches(
  db: Db, query: string, language: SupportedLanguage, vector: number[], model: string, limit: number,
): Promise<KbMatch[]> {
  // Vectors are stored unit-length, so the dot product is the cosine similarity.
  const { rows } = await db.query<MatchRow>(
    `${QUERY_TERMS}
     SELECT a.id, a.title, a.body, a.language, a.source, a.heading_path, a.chunk_key, a.created_at, a.updated_at,
            ${MATCH_STATS},
            (SELECT sum(x * y) FROM unnest(a.embedding, $5::real[]) AS v(x, y)) AS similarity
       FROM kb_articles a, any_term
      WHERE a.language = $3 AND a.embedding_model = $6 AND cardinality(a.embedding) = cardinality($5::real[])
      ORDER BY similarity DESC, a.id
      LIMIT $4`,
    [TEXT_SEARCH_CONFIG[language], query, language, limit, vector, model],
  );
  return rows.map(toMatch);
}

/** The usual constant of reciprocal-rank fusion: damps the head of each list so no single list dominates. */
const RRF_K = 60;

function fuseByReciprocalRank(lists: KbMatch[][]): KbMatch[] {
  const fused = new Map<string, { match: KbMatch; score: number }>();
  for (const list of lists) {
    list.forEach((match, position) => {
      const entry = fused.get(match.article.id);
      const score = 1 / (RRF_K + position + 1);
      if (entry) {
        entry.score += score;
        entry.match = { ...entry.match, similarity: entry.match.similarity ?? match.similarity };
      } else {
        fused.set(match.article.id, { match, score });
      }
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || b.match.coverage - a.match.coverage || b.match.rank - a.match.rank)
    .map((e) => e.match);
}

/** The article that answers an intent, in the customer's language if there is one. */
export async function articleForIntent(db: Db, intent: string, language: SupportedLanguage): Promise<KbArticle | undefined> {
  const { rows } = await db.query<ArticleRow>(
    `SELECT ${ARTICLE_COLUMNS} FROM kb_articles WHERE intent = $1
      ORDER BY (language = $2) DESC, updated_at DESC LIMIT 1`,
    [intent, language],
  );
  return rows[0] ? toArticle(rows[0]) : undefined;
}
