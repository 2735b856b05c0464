-- Donors can have their data erased on request like persons; the id stays for later donations.
ALTER TABLE donors ADD COLUMN erased_at BIGINT;

-- Which organizations (and which of their teams) a volunteer belongs to. Leaving ends the row;
-- the history stays. Scoped through the volunteer's home region.
CREATE TABLE volunteer_memberships (
    id              TEXT PRIMARY KEY,
    volunteer_id    TEXT NOT NULL REFERENCES volunteers (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    team            TEXT,
    joined_on       TEXT NOT NULL,
    left_on         TEXT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX volunteer_memberships_volunteer ON volunteer_memberships (volunteer_id, organization_id);
CREATE INDEX volunteer_memberships_organization ON volunteer_memberships (organization_id);
