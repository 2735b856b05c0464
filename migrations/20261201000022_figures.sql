-- The figures' rollups: for every region at every level above a record (its own included), per
-- metric, a day row and a month row (China time). Kept in the transaction that writes the record;
-- `wushe figures rebuild` makes them again from the records and `wushe figures check` compares.
CREATE TABLE figures (
    region_code TEXT NOT NULL,
    -- 1 day (days since 1970-01-01), 2 month (year * 12 + month - 1)
    grain       BIGINT NOT NULL,
    period      BIGINT NOT NULL,
    metric      TEXT NOT NULL,
    value       BIGINT NOT NULL,
    PRIMARY KEY (region_code, grain, period, metric)
);

-- Whether the rollups hold every record: a database that had records before this migration is
-- built once at start-up.
CREATE TABLE figures_state (
    id    BIGINT PRIMARY KEY,
    built BIGINT NOT NULL
);
INSERT INTO figures_state (id, built) VALUES (1, 0);

-- When a need was closed: the figures count closures by it.
ALTER TABLE needs ADD COLUMN closed_at BIGINT;
UPDATE needs SET closed_at = (SELECT MAX(e.at) FROM need_events e WHERE e.need_id = needs.id AND e.to_status = 'closed')
WHERE status = 'closed';

-- Drill-downs filter records by region and time.
CREATE INDEX needs_closed ON needs (region_code, closed_at);
CREATE INDEX needs_created ON needs (region_code, created_at);
CREATE INDEX volunteers_created ON volunteers (region_code, created_at);
CREATE INDEX activity_signups_check_in ON activity_signups (region_code, check_in_at);
-- An hours entry counts unless a later one amends it: that question is asked for every entry.
CREATE INDEX hours_entries_amends ON hours_entries (amends);
