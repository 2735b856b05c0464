-- Donors of money and goods. Later donations refer to the donor's id; erasing a donor's data
-- on request clears name and phone and keeps the id.
CREATE TABLE donors (
    id           TEXT PRIMARY KEY,
    region_code  TEXT NOT NULL REFERENCES regions (code),
    kind         TEXT NOT NULL,
    name         TEXT,
    anonymous    BIGINT NOT NULL,
    -- Sealed, with a keyed index for lookup.
    phone        TEXT,
    phone_index  TEXT,
    credit_code  TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX donors_region ON donors (region_code, kind);
CREATE INDEX donors_phone_index ON donors (phone_index);
