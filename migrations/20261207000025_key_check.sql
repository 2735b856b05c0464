-- A value sealed with the data key, so that a server started with another key (a lost or
-- replaced data.key) refuses to start instead of sealing new data with the wrong key.
CREATE TABLE key_check (
    id     TEXT PRIMARY KEY,
    sealed TEXT NOT NULL
);
