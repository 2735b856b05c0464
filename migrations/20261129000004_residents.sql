-- Residents served (服务对象). Their categories are sealed; a keyed tag per category makes them
-- searchable without storing them in clear.
CREATE TABLE residents (
    id           TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL REFERENCES persons (id),
    region_code  TEXT NOT NULL REFERENCES regions (code),
    household    TEXT,
    -- Sealed JSON array of category names.
    categories   TEXT NOT NULL,
    status       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX residents_person_key ON residents (person_id);
CREATE INDEX residents_region ON residents (region_code);

CREATE TABLE resident_tags (
    resident_id TEXT NOT NULL REFERENCES residents (id),
    region_code TEXT NOT NULL REFERENCES regions (code),
    tag         TEXT NOT NULL,
    PRIMARY KEY (resident_id, tag)
);
CREATE INDEX resident_tags_region ON resident_tags (region_code, tag);

-- Consents are records, not switches: a withdrawal is a new row.
CREATE TABLE consents (
    id           TEXT PRIMARY KEY,
    resident_id  TEXT NOT NULL REFERENCES residents (id),
    region_code  TEXT NOT NULL REFERENCES regions (code),
    purpose      TEXT NOT NULL,
    given        BIGINT NOT NULL,
    guardian     TEXT,
    recorded_by  TEXT,
    recorded_at  BIGINT NOT NULL
);
CREATE INDEX consents_region ON consents (region_code, resident_id);
