-- Back-entries (补录) of service not captured at the time: a request with a reason and evidence,
-- which takes effect (an entry in the hours ledger) only when someone else of the recording
-- unit approves it. The request is not the ledger; its decision is audited.
CREATE TABLE hours_requests (
    id              TEXT PRIMARY KEY,
    volunteer_id    TEXT NOT NULL REFERENCES volunteers (id),
    region_code     TEXT NOT NULL REFERENCES regions (code),
    organization_id TEXT REFERENCES organizations (id),
    recorder        TEXT NOT NULL,
    content         TEXT NOT NULL,
    place           TEXT NOT NULL,
    starts_at       BIGINT NOT NULL,
    ends_at         BIGINT NOT NULL,
    minutes         BIGINT NOT NULL,
    reason          TEXT NOT NULL,
    evidence        TEXT NOT NULL,
    -- pending | approved | rejected
    status          TEXT NOT NULL,
    requested_by    TEXT REFERENCES accounts (id),
    requested_at    BIGINT NOT NULL,
    decided_by      TEXT REFERENCES accounts (id),
    decided_at      BIGINT,
    decision_note   TEXT,
    entry_seq       BIGINT REFERENCES hours_entries (seq)
);
CREATE INDEX hours_requests_region ON hours_requests (region_code, status);
CREATE INDEX hours_requests_volunteer ON hours_requests (volunteer_id);
