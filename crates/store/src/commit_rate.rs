//! The engine's raw single-row commit rate: one connection, one small row per transaction,
//! committed as every write of the platform is. Group commit is measured against it.

use std::time::{Duration, Instant};

use crate::{Backend, Db, Result, now_ms};

/// Commits single-row transactions for `time` on a scratch table (a temporary one on
/// PostgreSQL, so give `db` one connection); returns how many and how long they took.
pub async fn measure(db: &Db, time: Duration) -> Result<(i64, Duration)> {
    let create = match db.backend {
        Backend::Sqlite => "CREATE TABLE IF NOT EXISTS bench_commits (id BIGINT PRIMARY KEY, at BIGINT NOT NULL)",
        Backend::Postgres => "CREATE TEMPORARY TABLE bench_commits (id BIGINT PRIMARY KEY, at BIGINT NOT NULL)",
    };
    sqlx::query(create).execute(&db.pool).await?;
    let started = Instant::now();
    let mut n: i64 = 0;
    while started.elapsed() < time {
        let mut tx = db.begin_write().await?;
        sqlx::query("INSERT INTO bench_commits (id, at) VALUES ($1, $2)")
            .bind(n)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        n += 1;
    }
    Ok((n, started.elapsed()))
}
