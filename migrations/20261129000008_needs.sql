-- Needs (急难愁盼) and their timelines. Descriptions, contact names and phones are sealed: they
-- are about vulnerable people and often name them.
CREATE TABLE needs (
    id             TEXT PRIMARY KEY,
    region_code    TEXT NOT NULL REFERENCES regions (code),
    resident_id    TEXT REFERENCES residents (id),
    category       TEXT NOT NULL,
    urgency        TEXT NOT NULL,
    description    TEXT NOT NULL,
    contact_name   TEXT,
    contact_phone  TEXT,
    -- staff | public
    source         TEXT NOT NULL,
    status         TEXT NOT NULL,
    -- The level of the network that must take it up now: room, station or center.
    level          TEXT NOT NULL,
    -- Until when it may wait to be taken up (epoch ms); escalation moves it.
    due_at         BIGINT NOT NULL,
    taken_at       BIGINT,
    outcome        TEXT,
    -- Keyed hash of the public submitter's tracking code.
    tracking_index TEXT,
    created_by     TEXT REFERENCES accounts (id),
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX needs_region ON needs (region_code, status);
CREATE INDEX needs_due ON needs (status, due_at);
CREATE UNIQUE INDEX needs_tracking_key ON needs (tracking_index);

-- Every change of a need, in order: who, when, from which state to which, and a note (sealed).
CREATE TABLE need_events (
    id          TEXT PRIMARY KEY,
    need_id     TEXT NOT NULL REFERENCES needs (id),
    region_code TEXT NOT NULL REFERENCES regions (code),
    at          BIGINT NOT NULL,
    actor_id    TEXT REFERENCES accounts (id),
    kind        TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    note        TEXT
);
CREATE INDEX need_events_region ON need_events (region_code, need_id);
CREATE INDEX need_events_need ON need_events (need_id, at);

-- Counters for throttling the public forms: one row per key and time window.
CREATE TABLE throttle (
    bucket     TEXT NOT NULL,
    window_at  BIGINT NOT NULL,
    hits       BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_at)
);
