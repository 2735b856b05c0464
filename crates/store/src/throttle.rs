//! Counting hits per key and time window, for the public forms. In the database so that every
//! server process and a restart see the same counts.

use sqlx::Row;

use crate::{Db, Result};

/// Counts one hit for `bucket` in the window of `window_ms` that holds `now`, and returns the
/// hits in that window so far (this one included). Old windows are swept on the way.
pub async fn hit(db: &Db, bucket: &str, window_ms: i64, now: i64) -> Result<i64> {
    let window_at = now - now.rem_euclid(window_ms.max(1));
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM throttle WHERE bucket = $1 AND window_at < $2")
        .bind(bucket)
        .bind(window_at)
        .execute(&mut *tx)
        .await?;
    let hits: i64 = sqlx::query(
        "INSERT INTO throttle (bucket, window_at, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket, window_at) DO UPDATE SET hits = throttle.hits + 1 RETURNING hits",
    )
    .bind(bucket)
    .bind(window_at)
    .fetch_one(&mut *tx)
    .await?
    .try_get("hits")?;
    tx.commit().await?;
    Ok(hits)
}

/// Removes the counts of windows that began before `before`, whatever their bucket: a bucket
/// that is never hit again would otherwise stay for ever. Callers pass a time older than the
/// longest window in use.
pub async fn sweep(db: &Db, before: i64) -> Result<u64> {
    let gone = sqlx::query("DELETE FROM throttle WHERE window_at < $1").bind(before).execute(&db.pool).await?;
    Ok(gone.rows_affected())
}
