-- Second factor (TOTP, RFC 6238) and its recovery codes.
-- One row per account that has begun enrolment; `id` is the account's id, so the sealed secret
-- is bound to the account like every sealed column is bound to its row.
CREATE TABLE second_factors (
    id           TEXT PRIMARY KEY REFERENCES accounts (id),
    -- Sealed (AES-256-GCM): the base32 secret.
    secret       TEXT NOT NULL,
    -- Set when the first code confirmed the enrolment; until then the factor is not in force.
    confirmed_at BIGINT,
    -- The last time step whose code was accepted: no code is accepted twice.
    last_step    BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

-- One-time recovery codes, stored only as SHA-256 of 80 random bits.
CREATE TABLE recovery_codes (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    code_hash  TEXT NOT NULL,
    used_at    BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX recovery_codes_account ON recovery_codes (account_id, code_hash);

-- A session that has passed the password but not yet the code: until this moment (epoch ms) it
-- reaches the code page only; NULL for a session that is fully open.
ALTER TABLE sessions ADD COLUMN pending_until BIGINT;
