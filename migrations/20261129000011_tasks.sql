-- Volunteer tasks for a need: a time window, a place, the skills wanted and a number of places.
-- `taken` counts accepted volunteers; it is raised only by a conditional update, so a full task
-- accepts nobody else however many accept at once.
CREATE TABLE tasks (
    id          TEXT PRIMARY KEY,
    need_id     TEXT NOT NULL REFERENCES needs (id),
    region_code TEXT NOT NULL REFERENCES regions (code),
    title       TEXT NOT NULL,
    place       TEXT NOT NULL,
    starts_at   BIGINT NOT NULL,
    ends_at     BIGINT NOT NULL,
    -- JSON array of skill names.
    skills      TEXT NOT NULL,
    places      BIGINT NOT NULL,
    taken       BIGINT NOT NULL,
    -- open | cancelled
    status      TEXT NOT NULL,
    created_by  TEXT REFERENCES accounts (id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX tasks_region ON tasks (region_code, status, starts_at);
CREATE INDEX tasks_need ON tasks (need_id);

-- Who accepted a task; withdrawing keeps the row. Check-in and check-out times stay raw for the
-- hours ledger.
CREATE TABLE task_volunteers (
    task_id       TEXT NOT NULL REFERENCES tasks (id),
    volunteer_id  TEXT NOT NULL REFERENCES volunteers (id),
    region_code   TEXT NOT NULL REFERENCES regions (code),
    -- accepted | withdrawn
    status        TEXT NOT NULL,
    accepted_at   BIGINT NOT NULL,
    withdrawn_at  BIGINT,
    check_in_at   BIGINT,
    check_out_at  BIGINT,
    PRIMARY KEY (task_id, volunteer_id)
);
CREATE INDEX task_volunteers_region ON task_volunteers (region_code, task_id);
CREATE INDEX task_volunteers_volunteer ON task_volunteers (volunteer_id, status);
