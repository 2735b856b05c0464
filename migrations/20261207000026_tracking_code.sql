-- The tracking code of a public submission, sealed, so that a key rotation can compute its keyed
-- hash again (only the hash was kept before, which a rotation could not recompute).
ALTER TABLE needs ADD COLUMN tracking_code TEXT;
