-- Up Migration
-- Quality review of the assistant's answers (issue 10, item 4). The projection queues an answer once — a sample,
-- or an answer followed by a low CSAT, a reopen or a "that didn't help" reply — with the reasons; a reviewer's
-- verdict closes it, and a right answer becomes a suggestion an admin accepts or rejects.
CREATE TABLE answer_reviews (
  id              uuid PRIMARY KEY,
  -- the assistant's outbound message: one review per answer, whatever the number of reasons
  message_id      text NOT NULL UNIQUE REFERENCES messages (id),
  issue_id        uuid NOT NULL REFERENCES issues (id),
  -- sample, low_csat, reopened, unhelpful_reply (sorted, distinct)
  reasons         text[] NOT NULL,
  answered_at     timestamptz NOT NULL,
  queued_at       timestamptz NOT NULL DEFAULT now(),
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
  verdict         text CHECK (verdict IN ('correct', 'incorrect', 'harmful')),
  correct_answer  text,
  note            text,
  -- the intent the reviewer says the question belongs to (for a labelled example)
  intent          text,
  reviewer_id     uuid,
  reviewed_at     timestamptz,
  CHECK ((status = 'done') = (verdict IS NOT NULL))
);
CREATE INDEX answer_reviews_queue_idx ON answer_reviews (status, queued_at);
CREATE INDEX answer_reviews_issue_idx ON answer_reviews (issue_id);

CREATE TABLE review_suggestions (
  id              uuid PRIMARY KEY,
  review_id       uuid NOT NULL UNIQUE REFERENCES answer_reviews (id),
  kind            text NOT NULL CHECK (kind IN ('kb_edit', 'intent_example')),
  -- kb_edit: the article and its body when suggested (accepting refuses when the body changed since)
  article_id      uuid REFERENCES kb_articles (id) ON DELETE SET NULL,
  article_body    text,
  proposed_body   text,
  -- intent_example: question -> intent
  example_text    text,
  example_label   text,
  correct_answer  text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  decided_by      uuid,
  decided_at      timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_suggestions_status_idx ON review_suggestions (status, created_at);

-- Down Migration
DROP TABLE review_suggestions;
DROP TABLE answer_reviews;
