//! The one place where SQLite and PostgreSQL differ. Everything else is portable SQL.

use sqlx::{AnyConnection, Executor};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    /// SQLite URLs get `mode=rwc` so that a new data folder gets a new database file.
    pub fn normalise_url(self, url: &str) -> String {
        match self {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_owned(),
        }
    }

    pub fn begin_write_sql(self) -> &'static str {
        match self {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        }
    }

    /// A read transaction that sees one snapshot throughout.
    pub fn begin_snapshot_sql(self) -> &'static str {
        match self {
            Backend::Sqlite => "BEGIN",
            Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        }
    }

    /// Keeps other writers off the rollups while they are rebuilt; SQLite's write transaction
    /// already does.
    pub fn lock_figures_sql(self) -> Option<&'static str> {
        match self {
            Backend::Sqlite => None,
            Backend::Postgres => Some("LOCK TABLE figures IN SHARE ROW EXCLUSIVE MODE"),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// SQLite's page cache for the whole pool, in KiB, shared out among its connections. The
/// operating system caches the file as well, so a larger cache buys little, while each
/// connection's cache is memory the server keeps once it has grown (16 × 64 MiB was too much).
/// It is also SQLite's soft heap limit for the process: past it, caches give pages back rather
/// than grow, whatever statements and sorts hold besides.
pub const SQLITE_CACHE_KIB: u32 = 64 * 1024;

/// Per-connection settings. SQLite: write-ahead log, full fsync on commit (an acknowledged write
/// survives a power cut), foreign keys, a wait instead of an error when another writer holds
/// the lock, and this connection's share of the page cache.
pub(crate) async fn prepare_connection(
    backend: Backend,
    conn: &mut AnyConnection,
    connections: u32,
) -> Result<(), sqlx::Error> {
    match backend {
        Backend::Sqlite => {
            let cache_kib = (SQLITE_CACHE_KIB / connections.max(1)).max(2048);
            let heap = u64::from(SQLITE_CACHE_KIB) * 1024;
            conn.execute(
                format!(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA cache_size = -{cache_kib}; \
                     PRAGMA soft_heap_limit = {heap};"
                )
                .as_str(),
            )
            .await?;
        }
        Backend::Postgres => {
            conn.execute("SET TIME ZONE 'UTC'").await?;
        }
    }
    Ok(())
}
