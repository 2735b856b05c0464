-- Social workers: a person, a licence, an employer, and a posting at a service point whose
-- region scopes the registration. Postings keep their history.
CREATE TABLE social_workers (
    id               TEXT PRIMARY KEY,
    person_id        TEXT NOT NULL REFERENCES persons (id),
    region_code      TEXT NOT NULL REFERENCES regions (code),
    licence          TEXT NOT NULL,
    licence_no       TEXT,
    licence_year     BIGINT,
    employer_id      TEXT REFERENCES organizations (id),
    service_point_id TEXT NOT NULL REFERENCES service_points (id),
    status           TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX social_workers_person_key ON social_workers (person_id);
CREATE INDEX social_workers_region ON social_workers (region_code, licence);

CREATE TABLE social_worker_postings (
    id               TEXT PRIMARY KEY,
    worker_id        TEXT NOT NULL REFERENCES social_workers (id),
    region_code      TEXT NOT NULL REFERENCES regions (code),
    service_point_id TEXT NOT NULL REFERENCES service_points (id),
    from_date        TEXT NOT NULL,
    to_date          TEXT
);
CREATE INDEX social_worker_postings_region ON social_worker_postings (region_code, worker_id);
