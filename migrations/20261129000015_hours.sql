-- The volunteer service record: hours entries, only ever appended, hash-chained like the audit
-- log (chain 'hours'), so that a row changed or deleted in the database is found by
-- `wushe verify`. A correction is a new entry that amends an earlier one.
CREATE TABLE hours_entries (
    seq             BIGINT PRIMARY KEY,
    id              TEXT NOT NULL,
    volunteer_id    TEXT NOT NULL REFERENCES volunteers (id),
    -- Where the service was given.
    region_code     TEXT NOT NULL REFERENCES regions (code),
    -- Who records it, and so certifies it (谁记录谁证明): an organization, or the service
    -- network's unit named in `recorder`.
    organization_id TEXT REFERENCES organizations (id),
    recorder        TEXT NOT NULL,
    content         TEXT NOT NULL,
    place           TEXT NOT NULL,
    starts_at       BIGINT NOT NULL,
    ends_at         BIGINT NOT NULL,
    minutes         BIGINT NOT NULL,
    -- task | activity | back_entry | amendment
    source          TEXT NOT NULL,
    source_ref      TEXT,
    amends          BIGINT REFERENCES hours_entries (seq),
    reason          TEXT,
    created_by      TEXT REFERENCES accounts (id),
    created_at      BIGINT NOT NULL,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);
CREATE UNIQUE INDEX hours_entries_id_key ON hours_entries (id);
CREATE INDEX hours_entries_region ON hours_entries (region_code, starts_at);
CREATE INDEX hours_entries_volunteer ON hours_entries (volunteer_id, starts_at);
-- One entry per volunteer for each task or activity they served.
CREATE UNIQUE INDEX hours_entries_source_key ON hours_entries (source, source_ref, volunteer_id);

INSERT INTO chain_heads (chain, seq, hash)
VALUES ('hours', 0, '0000000000000000000000000000000000000000000000000000000000000000');
