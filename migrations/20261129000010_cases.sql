-- A social worker takes a need as a case: the plan, the next contact date, and case notes over
-- time. One open case per need. Plans and notes are sealed.
CREATE TABLE cases (
    id               TEXT PRIMARY KEY,
    need_id          TEXT NOT NULL REFERENCES needs (id),
    region_code      TEXT NOT NULL REFERENCES regions (code),
    social_worker_id TEXT NOT NULL REFERENCES social_workers (id),
    plan             TEXT NOT NULL,
    next_contact     TEXT,
    status           TEXT NOT NULL,
    created_by       TEXT REFERENCES accounts (id),
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX cases_region ON cases (region_code, need_id);
CREATE UNIQUE INDEX cases_need_key ON cases (need_id);

CREATE TABLE case_notes (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    region_code  TEXT NOT NULL REFERENCES regions (code),
    at           BIGINT NOT NULL,
    author_id    TEXT REFERENCES accounts (id),
    note         TEXT NOT NULL,
    next_contact TEXT
);
CREATE INDEX case_notes_region ON case_notes (region_code, case_id);
