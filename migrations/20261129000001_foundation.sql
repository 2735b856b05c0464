-- The foundation: regions, service points, accounts, sessions, audit.
-- Portable SQL for SQLite and PostgreSQL: TEXT ids, BIGINT for integers and epoch milliseconds.

-- The national division codes plus functional zones. `path` is the service path
-- ('/50/5001/500101/'): "everything under a region" is the range [path, upper(path)).
CREATE TABLE regions (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    level        BIGINT NOT NULL,
    parent_code  TEXT REFERENCES regions (code),
    path         TEXT NOT NULL,
    functional   BIGINT NOT NULL DEFAULT 0,
    -- Where the statistical list puts the unit, kept when it is placed under a functional zone.
    stat_parent  TEXT
);
CREATE UNIQUE INDEX regions_path_level ON regions (path, level);
CREATE INDEX regions_parent ON regions (parent_code);

CREATE TABLE service_points (
    id             TEXT PRIMARY KEY,
    region_code    TEXT NOT NULL REFERENCES regions (code),
    level          TEXT NOT NULL,
    name           TEXT NOT NULL,
    address        TEXT NOT NULL,
    contact_name   TEXT,
    -- Sealed (AES-256-GCM); never stored in clear.
    contact_phone  TEXT,
    opened_on      TEXT NOT NULL,
    status         TEXT NOT NULL,
    closed_on      TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX service_points_region ON service_points (region_code, level);

CREATE TABLE accounts (
    id                   TEXT PRIMARY KEY,
    username             TEXT NOT NULL,
    display_name         TEXT NOT NULL,
    -- Sealed phone and its keyed hash for exact lookup at login.
    phone                TEXT,
    phone_index          TEXT,
    role                 TEXT NOT NULL,
    region_code          TEXT NOT NULL REFERENCES regions (code),
    service_point_id     TEXT REFERENCES service_points (id),
    password_hash        TEXT NOT NULL,
    must_change_password BIGINT NOT NULL,
    status               TEXT NOT NULL,
    failed_logins        BIGINT NOT NULL DEFAULT 0,
    locked_until         BIGINT,
    locale               TEXT,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
CREATE UNIQUE INDEX accounts_username_key ON accounts (username);
CREATE UNIQUE INDEX accounts_phone_index_key ON accounts (phone_index);
CREATE INDEX accounts_region ON accounts (region_code, role);

-- Server-side sessions. The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    csrf_token   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Append-only, hash-chained. No code path updates or deletes a row of this table.
CREATE TABLE audit_events (
    seq          BIGINT PRIMARY KEY,
    at           BIGINT NOT NULL,
    actor_id     TEXT,
    region_code  TEXT,
    action       TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    TEXT,
    outcome      TEXT NOT NULL,
    detail       TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_events_region ON audit_events (region_code, seq);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id);

-- The head of each hash chain; updating it serialises appenders on both engines.
CREATE TABLE chain_heads (
    chain TEXT PRIMARY KEY,
    seq   BIGINT NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO chain_heads (chain, seq, hash)
VALUES ('audit', 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- The whole country, the root of every service path.
INSERT INTO regions (code, name, level, parent_code, path, functional, stat_parent)
VALUES ('CN', '全国', 0, NULL, '/', 0, NULL);
