-- Certificates of volunteer service (志愿服务证明). A volunteer, or a recording unit for them,
-- asks for one for a period; the unit that recorded the service issues it. What it certifies
-- (name, masked ID number, hours, summary) is copied in at issue time and never changes after:
-- a later amendment of the ledger is met by revoking the certificate and issuing a new one.
CREATE TABLE certificates (
    id              TEXT PRIMARY KEY,
    -- Given at issue; unguessable, it is what the public verification page is asked for.
    number          TEXT UNIQUE,
    volunteer_id    TEXT NOT NULL REFERENCES volunteers (id),
    region_code     TEXT NOT NULL REFERENCES regions (code),
    -- The issuing unit: an organization, or the service network when NULL.
    organization_id TEXT REFERENCES organizations (id),
    period_from     TEXT NOT NULL,
    period_to       TEXT NOT NULL,
    -- requested | issued | refused | revoked
    status          TEXT NOT NULL,
    requested_by    TEXT NOT NULL REFERENCES accounts (id),
    requested_at    BIGINT NOT NULL,
    decided_by      TEXT REFERENCES accounts (id),
    decided_at      BIGINT,
    decision_note   TEXT,
    issuer          TEXT,
    name            TEXT,
    id_masked       TEXT,
    minutes         BIGINT,
    entries         BIGINT,
    summary         TEXT,
    issued_on       TEXT,
    revoked_by      TEXT REFERENCES accounts (id),
    revoked_at      BIGINT,
    revoke_reason   TEXT,
    replaces        TEXT REFERENCES certificates (id)
);
CREATE INDEX certificates_region ON certificates (region_code, status);
CREATE INDEX certificates_volunteer ON certificates (volunteer_id);
CREATE INDEX certificates_replaces ON certificates (replaces);

-- A volunteer's request to check and correct an entry of their record. The recording unit
-- answers with an amendment (a new ledger entry) or a refusal with a reason.
CREATE TABLE hours_corrections (
    id              TEXT PRIMARY KEY,
    entry_seq       BIGINT NOT NULL REFERENCES hours_entries (seq),
    volunteer_id    TEXT NOT NULL REFERENCES volunteers (id),
    region_code     TEXT NOT NULL REFERENCES regions (code),
    organization_id TEXT REFERENCES organizations (id),
    request         TEXT NOT NULL,
    -- open | amended | rejected
    status          TEXT NOT NULL,
    requested_by    TEXT NOT NULL REFERENCES accounts (id),
    requested_at    BIGINT NOT NULL,
    decided_by      TEXT REFERENCES accounts (id),
    decided_at      BIGINT,
    decision_note   TEXT,
    amendment_seq   BIGINT REFERENCES hours_entries (seq)
);
CREATE INDEX hours_corrections_region ON hours_corrections (region_code, status);
CREATE INDEX hours_corrections_entry ON hours_corrections (entry_seq);
-- One open request an entry, also when two arrive at once.
CREATE UNIQUE INDEX hours_corrections_open_key ON hours_corrections (entry_seq) WHERE status = 'open';
