-- Social organizations: registered under a region (which scopes them), serving some regions.
CREATE TABLE organizations (
    id             TEXT PRIMARY KEY,
    region_code    TEXT NOT NULL REFERENCES regions (code),
    name           TEXT NOT NULL,
    name_initials  TEXT NOT NULL,
    credit_code    TEXT NOT NULL,
    kind           TEXT NOT NULL,
    authority      TEXT NOT NULL,
    registered_on  TEXT NOT NULL,
    legal_rep      TEXT NOT NULL,
    -- Sealed (AES-256-GCM).
    contact_phone  TEXT,
    -- JSON array of service categories.
    categories     TEXT NOT NULL,
    capacity       BIGINT NOT NULL,
    status         TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX organizations_credit_code_key ON organizations (credit_code);
CREATE INDEX organizations_region ON organizations (region_code, kind);

CREATE TABLE organization_regions (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    region_code     TEXT NOT NULL REFERENCES regions (code),
    PRIMARY KEY (organization_id, region_code)
);
CREATE INDEX organization_regions_region ON organization_regions (region_code);
