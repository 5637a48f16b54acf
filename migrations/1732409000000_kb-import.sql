-- Up Migration
-- Imported knowledge-base chunks: each chunk of an imported document is keyed by (source, chunk_key), so a
-- re-import updates, keeps or removes exactly the chunks that changed. Articles created by hand keep
-- chunk_key NULL (NULLs never collide in a unique index). The optional embedding (normalised to unit length,
-- so the dot product is the cosine) is a plain real[]: pgvector is not available on the embedded database.
ALTER TABLE kb_articles
  ADD COLUMN chunk_key        text,
  ADD COLUMN heading_path     text[] NOT NULL DEFAULT '{}',
  ADD COLUMN embedding        real[],
  ADD COLUMN embedding_model  text;
CREATE UNIQUE INDEX kb_articles_source_chunk_idx ON kb_articles (source, chunk_key);
CREATE INDEX kb_articles_source_idx ON kb_articles (source) WHERE chunk_key IS NOT NULL;

-- Down Migration
DROP INDEX kb_articles_source_idx;
DROP INDEX kb_articles_source_chunk_idx;
ALTER TABLE kb_articles
  DROP COLUMN embedding_model,
  DROP COLUMN embedding,
  DROP COLUMN heading_path,
  DROP COLUMN chunk_key;
