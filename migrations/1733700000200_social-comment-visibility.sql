-- Up Migration
-- Operators hide a comment under the company's post (Facebook, Instagram) or delete it (VK, which has no hiding):
-- whether it is hidden now, and by whom. Every change is also an issue event (social_comment_hidden / _unhidden).
ALTER TABLE social_inbound ADD COLUMN hidden_at timestamptz;
ALTER TABLE social_inbound ADD COLUMN hidden_by text;

-- Down Migration
ALTER TABLE social_inbound DROP COLUMN hidden_by;
ALTER TABLE social_inbound DROP COLUMN hidden_at;
