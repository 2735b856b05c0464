-- In-app notifications, and the outbox a real SMS or WeChat sender would read: one row per
-- account and message; delivered_at is set when the sender has passed it on.
CREATE TABLE notifications (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    region_code  TEXT NOT NULL REFERENCES regions (code),
    kind         TEXT NOT NULL,
    need_id      TEXT REFERENCES needs (id),
    -- What the person reads; never a resident's personal data.
    text         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    delivered_at BIGINT,
    read_at      BIGINT
);
CREATE INDEX notifications_region ON notifications (region_code, account_id);
CREATE INDEX notifications_account ON notifications (account_id, created_at);
CREATE INDEX notifications_undelivered ON notifications (delivered_at, created_at);
