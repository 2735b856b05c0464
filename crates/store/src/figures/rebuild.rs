//! Making the rollups again from the records, and checking them against the records. Both count
//! with the same definitions as the writing transactions, but all at once.

use std::collections::BTreeMap;

use futures_util::TryStreamExt;
use sqlx::Row;
use wushe_domain::figures::{Grain, Metric};

use super::defs::DEFS;
use super::keep::{Key, metric_of, moment, spread, upsert};
use crate::{Db, Result, StoreError};

/// A rollup cell whose kept value is not what the records give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub region_code: String,
    pub grain: Grain,
    pub period: i64,
    pub metric: Metric,
    pub kept: i64,
    pub counted: i64,
}

/// Every cell, counted from the records the connection sees.
async fn count_all(
    conn: &mut sqlx::AnyConnection,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<BTreeMap<Key, i64>> {
    let mut cells = BTreeMap::new();
    let mut seen = 0u64;
    for d in DEFS {
        for sql in d.branches("1 = 1") {
            let mut rows = sqlx::query(&sql).fetch(&mut *conn);
            let mut batch = Vec::with_capacity(4096);
            while let Some(row) = rows.try_next().await? {
                batch.push((
                    d.metric,
                    row.try_get::<String, _>("path")?,
                    moment(d.source, &row)?,
                    row.try_get("value")?,
                ));
                if batch.len() == batch.capacity() {
                    spread(&mut cells, &batch, 1);
                    seen += batch.len() as u64;
                    progress(seen);
                    batch.clear();
                }
            }
            seen += batch.len() as u64;
            spread(&mut cells, &batch, 1);
        }
    }
    progress(seen);
    cells.retain(|_, v| *v != 0);
    Ok(cells)
}

/// Replaces every rollup row with what the records give, holding writers off meanwhile.
/// Returns the number of rows written.
pub async fn rebuild(db: &Db, progress: &mut (dyn FnMut(u64) + Send)) -> Result<usize> {
    let mut tx = db.begin_write().await?;
    if let Some(lock) = db.backend.lock_figures_sql() {
        sqlx::query(lock).execute(&mut *tx).await?;
    }
    let cells = count_all(&mut tx, progress).await?;
    sqlx::query("DELETE FROM figures").execute(&mut *tx).await?;
    upsert(&mut tx, &cells).await?;
    sqlx::query("UPDATE figures_state SET built = 1 WHERE id = 1").execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(cells.len())
}

/// Builds the rollups of a database that had records before they existed; nothing otherwise.
pub async fn ensure_built(db: &Db) -> Result<()> {
    let built: i64 =
        sqlx::query("SELECT built FROM figures_state WHERE id = 1").fetch_one(&db.pool).await?.try_get("built")?;
    if built == 0 {
        rebuild(db, &mut |_| {}).await?;
    }
    Ok(())
}

/// Every cell where the rollups and the records disagree, read in one snapshot.
pub async fn check(db: &Db, progress: &mut (dyn FnMut(u64) + Send)) -> Result<Vec<Difference>> {
    let mut tx = db.pool.begin_with(db.backend.begin_snapshot_sql()).await?;
    let mut counted = count_all(&mut tx, progress).await?;
    let mut out = Vec::new();
    {
        let mut rows = sqlx::query("SELECT region_code, grain, period, metric, value FROM figures").fetch(&mut *tx);
        while let Some(row) = rows.try_next().await? {
            let grain = Grain::from_number(row.try_get("grain")?).ok_or_else(|| StoreError::corrupt("figure grain"))?;
            let key: Key =
                (row.try_get("region_code")?, grain, row.try_get("period")?, metric_of(row.try_get("metric")?)?);
            let kept: i64 = row.try_get("value")?;
            let expected = counted.remove(&key).unwrap_or(0);
            if kept != expected {
                out.push(difference(key, kept, expected));
            }
        }
    }
    out.extend(counted.into_iter().map(|(key, n)| difference(key, 0, n)));
    tx.rollback().await?;
    Ok(out)
}

fn difference((region_code, grain, period, metric): Key, kept: i64, counted: i64) -> Difference {
    Difference { region_code, grain, period, metric, kept, counted }
}
