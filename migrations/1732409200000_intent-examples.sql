-- Up Migration
-- Labelled example messages the offline intent model learns from, and the intent a knowledge-base article answers.
CREATE TABLE intent_examples (
  id          uuid PRIMARY KEY,
  text        text NOT NULL,
  label       text NOT NULL,
  text_hash   text NOT NULL,          -- md5 of the lower-cased text: the same example twice is one example
  source      text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (label, text_hash)
);
CREATE INDEX intent_examples_label_idx ON intent_examples (label);

ALTER TABLE kb_articles ADD COLUMN intent text;
CREATE INDEX kb_articles_intent_idx ON kb_articles (intent) WHERE intent IS NOT NULL;

-- Down Migration
DROP INDEX kb_articles_intent_idx;
ALTER TABLE kb_articles DROP COLUMN intent;
DROP TABLE intent_examples;
