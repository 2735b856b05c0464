-- Grants from a fund to a need (the fifth linkage): a social worker asks, one of the fund's keepers
-- (someone else) approves, and approval pays: the grant and its ledger transaction are written
-- together, so an approved grant is always paid and never more than the fund holds.
CREATE TABLE grants (
    id            TEXT PRIMARY KEY,
    need_id       TEXT NOT NULL REFERENCES needs (id),
    fund_id       TEXT NOT NULL REFERENCES funds (id),
    region_code   TEXT NOT NULL REFERENCES regions (code),
    amount        BIGINT NOT NULL,
    purpose       TEXT NOT NULL,
    -- requested | paid | declined
    status        TEXT NOT NULL,
    requested_by  TEXT NOT NULL REFERENCES accounts (id),
    requested_at  BIGINT NOT NULL,
    decided_by    TEXT REFERENCES accounts (id),
    decided_at    BIGINT,
    decision_note TEXT,
    txn_seq       BIGINT UNIQUE REFERENCES money_transactions (seq)
);
CREATE INDEX grants_region ON grants (region_code, status);
CREATE INDEX grants_need ON grants (need_id);
CREATE INDEX grants_fund ON grants (fund_id, status);
