//! Wushe's database. One SQL code path serves SQLite and PostgreSQL through sqlx's `Any` driver;
//! what differs between the engines lives in [`dialect`].
//!
//! Every function that reads or writes region-owned data takes a [`Scope`] first and puts it in
//! the query's `WHERE` clause, so a record outside the caller's region is never read at all.

pub mod accounts;
pub mod activities;
pub mod activity_attendance;
pub mod activity_reports;
pub mod appeals;
pub mod audit;
pub mod backup;
pub mod batch;
pub mod cases;
pub mod certificates;
pub mod chains;
pub mod commit_rate;
pub mod crypto;
pub mod dialect;
pub mod disclosure;
pub mod donations;
pub mod donors;
mod error;
pub mod escalation;
pub mod figures;
pub mod fund_book;
pub mod funds;
pub mod grants;
pub mod hours;
pub mod hours_corrections;
pub mod hours_requests;
pub mod key_check;
pub mod ledger;
pub mod login_guard;
pub mod matching;
pub mod memberships;
pub mod messages;
pub mod national;
pub mod needs;
pub mod organizations;
pub mod persons;
pub mod recorder;
pub mod referrals;
pub mod regions;
pub mod rekey;
pub mod relief;
pub mod relief_documents;
pub mod residents;
mod scope;
pub mod sealed;
pub mod second_factors;
pub mod service_points;
pub mod service_records;
pub mod sessions;
pub mod skills;
pub mod social_workers;
pub mod tasks;
pub mod throttle;
pub mod volunteers;
pub mod wish_claims;
pub mod wishes;
pub mod workbench;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, AnyPool, Connection, Row};

pub use crypto::Crypto;
pub use dialect::Backend;
pub use error::StoreError;
pub use scope::Scope;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What a view shows for a sealed text that does not open (see [`Db::open_shown`]).
pub const UNREADABLE: &str = "（无法解密，已记录 / cannot be opened, logged）";

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// The database handle every layer above shares.
#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    pub crypto: Crypto,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("backend", &self.backend).finish_non_exhaustive()
    }
}

impl Db {
    /// Connects to `url` (`sqlite://…` or `postgres://…`). Does not migrate.
    pub async fn connect(url: &str, max_connections: u32, crypto: Crypto) -> Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url).ok_or_else(|| StoreError::BadUrl)?;
        let url = backend.normalise_url(url);
        // One direct connection first: a pool retries until its timeout and then reports only
        // that it timed out, hiding "file is not a database" or "connection refused".
        let mut first = AnyConnection::connect(&url).await?;
        dialect::prepare_connection(backend, &mut first, max_connections).await?;
        first.close().await?;
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(std::time::Duration::from_secs(10))
            .after_connect(move |conn, _meta| Box::pin(dialect::prepare_connection(backend, conn, max_connections)))
            .connect(&url)
            .await?;
        Ok(Db { pool, backend, crypto })
    }

    /// Applies the embedded migrations that have not run yet.
    pub async fn migrate(&self) -> Result<()> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    /// Keeps SQLite's query planner informed: without statistics it takes a range of region
    /// paths for selective even when it is the whole country, and a country-wide list reads
    /// every region (665,276) before a handful of records. Tables never analyzed are analyzed
    /// (sampled, so it stays fast at any size); after that `PRAGMA optimize` redoes what has
    /// changed much. PostgreSQL keeps its own statistics.
    pub async fn refresh_statistics(&self) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Ok(());
        }
        let analyzed: i64 = sqlx::query("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let sql = if analyzed == 0 {
            "PRAGMA analysis_limit = 1000; ANALYZE"
        } else {
            "PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002"
        };
        sqlx::raw_sql(sql).execute(&self.pool).await?;
        Ok(())
    }

    /// Brings the data up to what this release expects, once the data key is known to open it
    /// (`key_check::matches`): values sealed before seals were bound to their place, persons
    /// shared across regions, figures not yet rolled up. Each step is a no-op once done.
    pub async fn upgrade_data(&self) -> Result<()> {
        rekey::upgrade(self).await?;
        persons::separate_regions(self).await?;
        figures::ensure_built(self).await
    }

    /// Opens a sealed value for a view, or reports it: a value that does not open (a wrong key,
    /// a value moved from another row) is logged with its place, never its content, and shows
    /// as missing, so one bad row does not take a whole list down. `wushe verify` lists them.
    pub fn open_shown(&self, place: crypto::Place<'_>, sealed: &str) -> Option<String> {
        match self.crypto.open_in(place, sealed) {
            Ok(v) => Some(v),
            Err(e) => {
                tracing::error!(table = place.table, column = place.column, row = place.id, "{e}");
                None
            }
        }
    }

    /// Starts a transaction that writes. SQLite takes its write lock at once so that two writers
    /// never deadlock upgrading a read lock.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(self.pool.begin_with(self.backend.begin_write_sql()).await?)
    }
}

/// Milliseconds since the Unix epoch: how every time is stored.
pub fn now_ms() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    i64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}
