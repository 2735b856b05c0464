use wushe_domain::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A value the user gave collides with a unique constraint or names a missing record.
    #[error("{0}")]
    Field(#[from] FieldError),
    /// The record changed state in a way that makes the request impossible (409).
    #[error("conflict: {0}")]
    Conflict(#[from] wushe_domain::Conflict),
    #[error("database URL must start with sqlite: or postgres:")]
    BadUrl,
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    pub fn corrupt(what: impl Into<String>) -> Self {
        StoreError::Corrupt(what.into())
    }

    /// Whether the database could not be reached (a server away, a pool that could not get a
    /// connection in time): the request may succeed if tried again, nothing is wrong with it.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Db(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_),
            ) => true,
            // PostgreSQL: connection exceptions (08…), and shutting down or starting up (57P01–57P03).
            StoreError::Db(sqlx::Error::Database(e)) => {
                e.code().is_some_and(|c| c.starts_with("08") || matches!(c.as_ref(), "57P01" | "57P02" | "57P03"))
            }
            _ => false,
        }
    }
}

/// True when `err` is a unique-constraint violation on the index called `name`
/// (SQLite names the columns instead, so both are checked).
pub(crate) fn is_unique_violation(err: &sqlx::Error, name: &str, sqlite_columns: &str) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            let msg = db.message();
            db.constraint() == Some(name) || (msg.contains("UNIQUE constraint failed") && msg.contains(sqlite_columns))
        }
        _ => false,
    }
}
