-- Closure feedback: the resident's satisfaction (1–5) from the follow-up call (回访), and an
-- optional supervisor review. The calls and reviews themselves are timeline entries.
ALTER TABLE needs ADD COLUMN satisfaction BIGINT;
ALTER TABLE needs ADD COLUMN reviewed_by TEXT REFERENCES accounts (id);
ALTER TABLE needs ADD COLUMN reviewed_at BIGINT;
