-- An organization staff account speaks for one organization: the referrals it answers are that
-- organization's.
ALTER TABLE accounts ADD COLUMN organization_id TEXT REFERENCES organizations (id);

-- Referrals (the organization linkage): a need referred to a social organization, which accepts
-- or declines with a reason. Scoped by the need's community.
CREATE TABLE referrals (
    id              TEXT PRIMARY KEY,
    need_id         TEXT NOT NULL REFERENCES needs (id),
    region_code     TEXT NOT NULL REFERENCES regions (code),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    -- sent | accepted | declined
    status          TEXT NOT NULL,
    -- A DeclineReason key when declined.
    reason          TEXT,
    note            TEXT,
    answer_note     TEXT,
    sent_by         TEXT REFERENCES accounts (id),
    sent_at         BIGINT NOT NULL,
    answered_by     TEXT REFERENCES accounts (id),
    answered_at     BIGINT
);
CREATE INDEX referrals_region ON referrals (region_code, need_id);
CREATE INDEX referrals_need ON referrals (need_id);
CREATE INDEX referrals_organization ON referrals (organization_id, status, sent_at);

-- Service records: a visit, a session or a phone follow-up. `served_by_name` keeps who served as
-- recorded, so that the record reads the same after a worker leaves.
CREATE TABLE service_records (
    id               TEXT PRIMARY KEY,
    region_code      TEXT NOT NULL REFERENCES regions (code),
    kind             TEXT NOT NULL,
    need_id          TEXT REFERENCES needs (id),
    social_worker_id TEXT REFERENCES social_workers (id),
    served_by_name   TEXT NOT NULL,
    served_at        BIGINT NOT NULL,
    minutes          BIGINT NOT NULL,
    place            TEXT,
    -- Sealed: what was said and seen.
    note             TEXT,
    person_times     BIGINT NOT NULL,
    created_by       TEXT REFERENCES accounts (id),
    created_at       BIGINT NOT NULL
);
CREATE INDEX service_records_region ON service_records (region_code, served_at);
CREATE INDEX service_records_need ON service_records (need_id);

-- The residents a record served: one row is one person-time (人次).
CREATE TABLE service_record_residents (
    record_id   TEXT NOT NULL REFERENCES service_records (id),
    resident_id TEXT NOT NULL REFERENCES residents (id),
    region_code TEXT NOT NULL REFERENCES regions (code),
    PRIMARY KEY (record_id, resident_id)
);
CREATE INDEX service_record_residents_resident ON service_record_residents (resident_id);
CREATE INDEX service_record_residents_region ON service_record_residents (region_code, record_id);

-- At most one unanswered referral of a need to the same organization, however many send at once.
CREATE UNIQUE INDEX referrals_open_key ON referrals (need_id, organization_id) WHERE status = 'sent';

-- The volunteer index of matching catches up by `updated_at`: these keep that a seek.
CREATE INDEX volunteers_updated ON volunteers (updated_at);
CREATE INDEX tasks_updated ON tasks (updated_at);
CREATE INDEX needs_updated ON needs (updated_at);
