//! Consistent copies of a database that keeps serving. SQLite writes its copy with `VACUUM INTO`
//! from one read snapshot; PostgreSQL exports a snapshot that `pg_dump` then reads, and the chain
//! heads are read in that same snapshot, so they describe exactly what the dump holds.

use sqlx::{Any, AnyConnection, Connection, Row, Transaction};

use crate::chains::{Head, heads_in};
use crate::{Backend, Db, Result};

/// Writes a consistent copy of an embedded database to `dest` (which must not exist) while
/// writers go on: they are not blocked, the copy is the database as of the statement's start.
/// `dest` is a path as text: SQLite takes it as a string.
pub async fn sqlite_copy(db: &Db, dest: &str) -> Result<()> {
    sqlx::query("VACUUM INTO $1").bind(dest).execute(&db.pool).await?;
    Ok(())
}

/// An exported PostgreSQL snapshot, held open until [`PgSnapshot::release`]: `pg_dump
/// --snapshot=<id>` sees exactly what `heads` and `tables` were read from.
pub struct PgSnapshot {
    tx: Transaction<'static, Any>,
    pub id: String,
    pub heads: Vec<Head>,
    pub tables: Vec<(String, i64)>,
}

pub async fn pg_snapshot(db: &Db) -> Result<PgSnapshot> {
    let mut tx = db.pool.begin_with(db.backend.begin_snapshot_sql()).await?;
    let id: String = sqlx::query("SELECT pg_export_snapshot() AS id").fetch_one(&mut *tx).await?.try_get("id")?;
    let heads = heads_in(&mut *tx).await?;
    let tables = row_counts_in(&mut tx, Backend::Postgres).await?;
    Ok(PgSnapshot { tx, id, heads, tables })
}

impl PgSnapshot {
    pub async fn release(self) -> Result<()> {
        self.tx.rollback().await?;
        Ok(())
    }
}

/// The chain heads and every table's rows of an embedded database file, opened read-only and
/// left exactly as it was (a backup's copy, after its digest is known or before).
pub async fn sqlite_file_summary(path: &str) -> Result<(Vec<Head>, Vec<(String, i64)>)> {
    let mut conn = AnyConnection::connect(&format!("sqlite://{path}?mode=ro")).await?;
    let heads = heads_in(&mut conn).await?;
    let tables = row_counts_in(&mut conn, Backend::Sqlite).await?;
    conn.close().await?;
    Ok((heads, tables))
}

/// The application's tables by name (the migrations' bookkeeping included: a restore needs it).
pub async fn tables(db: &Db) -> Result<Vec<String>> {
    let rows = sqlx::query(tables_sql(db.backend)).fetch_all(&db.pool).await?;
    rows.iter().map(|r| r.try_get::<String, _>("name").map_err(Into::into)).collect()
}

fn tables_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        }
    }
}

async fn row_counts_in(conn: &mut AnyConnection, backend: Backend) -> Result<Vec<(String, i64)>> {
    let names: Vec<String> = sqlx::query(tables_sql(backend))
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>("name"))
        .collect::<std::result::Result<_, _>>()?;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        // Names come from the catalogue, quoted all the same.
        let n: i64 =
            sqlx::query(&format!("SELECT COUNT(*) AS n FROM \"{name}\"")).fetch_one(&mut *conn).await?.try_get("n")?;
        out.push((name, n));
    }
    Ok(out)
}
