-- The charity ledger (慈善资源台账): double-entry, in integer fen. Every movement is a transaction
-- whose postings sum to zero; nothing is updated or deleted, a mistake is undone by a reversal
-- (a new transaction). Transactions are hash-chained (chain 'money') like the audit log.

-- Special funds (专项基金) held by an organization or a charity federation.
CREATE TABLE funds (
    id              TEXT PRIMARY KEY,
    region_code     TEXT NOT NULL REFERENCES regions (code),
    organization_id TEXT REFERENCES organizations (id),
    name            TEXT NOT NULL,
    purpose         TEXT NOT NULL,
    rules           TEXT NOT NULL,
    -- active | closed
    status          TEXT NOT NULL,
    created_by      TEXT REFERENCES accounts (id),
    created_at      BIGINT NOT NULL
);
CREATE INDEX funds_region ON funds (region_code, status);

-- Ledger accounts. `balance` is the sum of the account's postings, kept in the same transaction;
-- an account that may not go negative (a fund, a matching pool) refuses a posting that would.
CREATE TABLE ledger_accounts (
    id               TEXT PRIMARY KEY,
    region_code      TEXT NOT NULL REFERENCES regions (code),
    fund_id          TEXT REFERENCES funds (id),
    -- fund | pool | donors | grants | matcher
    kind             TEXT NOT NULL,
    name             TEXT NOT NULL,
    may_go_negative  BIGINT NOT NULL,
    balance          BIGINT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX ledger_accounts_region ON ledger_accounts (region_code, fund_id);

CREATE TABLE money_transactions (
    seq             BIGINT PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    region_code     TEXT NOT NULL REFERENCES regions (code),
    fund_id         TEXT REFERENCES funds (id),
    -- donation | matching | pool | grant | reversal
    kind            TEXT NOT NULL,
    memo            TEXT NOT NULL,
    -- A retried request with the same key is recorded once.
    idempotency_key TEXT UNIQUE,
    -- What the request said, so that a key reused for something else is refused.
    fingerprint     TEXT,
    -- The transaction this one reverses; each is reversed at most once.
    reverses        BIGINT UNIQUE REFERENCES money_transactions (seq),
    created_by      TEXT REFERENCES accounts (id),
    created_at      BIGINT NOT NULL,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);
CREATE INDEX money_transactions_region ON money_transactions (region_code, fund_id, created_at);

CREATE TABLE money_postings (
    seq         BIGINT NOT NULL REFERENCES money_transactions (seq),
    leg         BIGINT NOT NULL,
    account_id  TEXT NOT NULL REFERENCES ledger_accounts (id),
    region_code TEXT NOT NULL REFERENCES regions (code),
    amount      BIGINT NOT NULL,
    PRIMARY KEY (seq, leg)
);
CREATE INDEX money_postings_region ON money_postings (region_code, account_id);
CREATE INDEX money_postings_account ON money_postings (account_id);

INSERT INTO chain_heads (chain, seq, hash)
VALUES ('money', 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- A matcher's rule (配捐): it matches donations to a fund at numerator/denominator, within caps,
-- from its pool (an account it funds beforehand), between two days.
CREATE TABLE matching_rules (
    id            TEXT PRIMARY KEY,
    fund_id       TEXT NOT NULL REFERENCES funds (id),
    region_code   TEXT NOT NULL REFERENCES regions (code),
    matcher       TEXT NOT NULL,
    pool_account  TEXT NOT NULL REFERENCES ledger_accounts (id),
    numerator     BIGINT NOT NULL,
    denominator   BIGINT NOT NULL,
    per_donation  BIGINT,
    per_donor     BIGINT,
    total_cap     BIGINT,
    -- What the rule has matched so far, kept with each donation: the total cap reads it.
    matched       BIGINT NOT NULL,
    starts_on     TEXT NOT NULL,
    ends_on       TEXT NOT NULL,
    created_by    TEXT REFERENCES accounts (id),
    created_at    BIGINT NOT NULL
);
CREATE INDEX matching_rules_region ON matching_rules (region_code, fund_id);

-- Donations of money to a fund, named (a registered donor) or anonymous, with the match they drew.
CREATE TABLE donations (
    id            TEXT PRIMARY KEY,
    fund_id       TEXT NOT NULL REFERENCES funds (id),
    region_code   TEXT NOT NULL REFERENCES regions (code),
    donor_id      TEXT REFERENCES donors (id),
    anonymous     BIGINT NOT NULL,
    amount        BIGINT NOT NULL,
    matched       BIGINT NOT NULL,
    rule_id       TEXT REFERENCES matching_rules (id),
    txn_seq       BIGINT NOT NULL UNIQUE REFERENCES money_transactions (seq),
    receipt_no    TEXT NOT NULL UNIQUE,
    created_by    TEXT REFERENCES accounts (id),
    created_at    BIGINT NOT NULL
);
CREATE INDEX donations_region ON donations (region_code, fund_id, created_at);
CREATE INDEX donations_rule ON donations (rule_id, donor_id);
