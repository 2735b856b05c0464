-- Offers to take a micro-wish up. A visitor's offer no longer takes the wish off the public list:
-- staff of its community call the phone left and confirm one offer, which takes the wish up.
CREATE TABLE wish_claims (
    id          TEXT PRIMARY KEY,
    wish_id     TEXT NOT NULL REFERENCES wishes (id),
    region_code TEXT NOT NULL REFERENCES regions (code),
    name        TEXT NOT NULL,
    -- Sealed (AES-256-GCM), with a keyed hash for one open offer per phone and wish.
    phone       TEXT NOT NULL,
    phone_index TEXT NOT NULL,
    -- pending | confirmed | declined
    status      TEXT NOT NULL,
    claimed_at  BIGINT NOT NULL,
    decided_by  TEXT REFERENCES accounts (id),
    decided_at  BIGINT
);
CREATE INDEX wish_claims_region ON wish_claims (region_code, wish_id);
CREATE INDEX wish_claims_wish ON wish_claims (wish_id, status);
CREATE UNIQUE INDEX wish_claims_one_open ON wish_claims (wish_id, phone_index) WHERE status = 'pending';
