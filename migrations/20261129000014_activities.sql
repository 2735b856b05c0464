-- Community activities: planned for a community, published, signed up for, checked into with a
-- code that changes every minute. `participants` and `volunteers` count sign-ups; they rise only
-- by a conditional update, so a full activity takes nobody else however many sign up at once.
CREATE TABLE activities (
    id                 TEXT PRIMARY KEY,
    region_code        TEXT NOT NULL REFERENCES regions (code),
    title              TEXT NOT NULL,
    category           TEXT NOT NULL,
    place              TEXT NOT NULL,
    starts_at          BIGINT NOT NULL,
    ends_at            BIGINT NOT NULL,
    participant_places BIGINT NOT NULL,
    volunteer_places   BIGINT NOT NULL,
    participants       BIGINT NOT NULL,
    volunteers         BIGINT NOT NULL,
    -- JSON arrays: target group keys, partner names.
    target_groups      TEXT NOT NULL,
    partners           TEXT NOT NULL,
    description        TEXT NOT NULL,
    -- draft | published | cancelled
    status             TEXT NOT NULL,
    -- The organization that planned it, for organization staff.
    organization_id    TEXT REFERENCES organizations (id),
    created_by         TEXT REFERENCES accounts (id),
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX activities_region ON activities (region_code, status, starts_at);
CREATE INDEX activities_public ON activities (status, starts_at);

-- Who signed up, as a volunteer or a participating resident; withdrawing keeps the row. The
-- check-in and check-out times stay raw: the hours ledger applies the rule for late and missing
-- check-outs.
CREATE TABLE activity_signups (
    id            TEXT PRIMARY KEY,
    activity_id   TEXT NOT NULL REFERENCES activities (id),
    region_code   TEXT NOT NULL REFERENCES regions (code),
    role          TEXT NOT NULL,
    volunteer_id  TEXT REFERENCES volunteers (id),
    resident_id   TEXT REFERENCES residents (id),
    -- signed | withdrawn
    status        TEXT NOT NULL,
    signed_at     BIGINT NOT NULL,
    check_in_at   BIGINT,
    check_out_at  BIGINT,
    -- Who checked them in from the list, when it was not their own scan.
    checked_in_by TEXT REFERENCES accounts (id),
    -- When the schedule settled a missing check-out (credited to the end, or refused by the
    -- ledger's rules), so that it is settled once.
    settled_at    BIGINT
);
CREATE INDEX activity_signups_region ON activity_signups (region_code, activity_id);
CREATE UNIQUE INDEX activity_signups_volunteer ON activity_signups (activity_id, volunteer_id);
CREATE UNIQUE INDEX activity_signups_resident ON activity_signups (activity_id, resident_id);
CREATE INDEX activity_signups_volunteer_seek ON activity_signups (volunteer_id, status);
