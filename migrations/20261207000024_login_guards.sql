-- Failed sign-ins under names that belong to no account count and lock like an account's, so
-- that an unknown name answers exactly like a known one. The key is a keyed hash of the name.
CREATE TABLE login_guards (
    key          TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    locked_until BIGINT,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX login_guards_updated ON login_guards (updated_at);
CREATE INDEX sessions_account_created ON sessions (account_id, created_at);
