-- What happened at an activity, written after it: a note on the activity, and photos. Photos are
-- kept in the database (base64 text, the same on both engines) so that a backup of the database
-- is a backup of everything; each is at most 5 MB and an activity takes at most 9.
ALTER TABLE activities ADD COLUMN report TEXT;
ALTER TABLE activities ADD COLUMN reported_by TEXT REFERENCES accounts (id);
ALTER TABLE activities ADD COLUMN reported_at BIGINT;

CREATE TABLE activity_photos (
    id           TEXT PRIMARY KEY,
    activity_id  TEXT NOT NULL REFERENCES activities (id),
    region_code  TEXT NOT NULL REFERENCES regions (code),
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         TEXT NOT NULL,
    uploaded_by  TEXT REFERENCES accounts (id),
    uploaded_at  BIGINT NOT NULL
);
CREATE INDEX activity_photos_region ON activity_photos (region_code, activity_id);
