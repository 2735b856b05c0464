//! Making the rollups again from the records, and checking them against the records. Both count
//! with the same definitions as the writing transactions, but all at once, a part of the country
//! at a time (`walk`).

use sqlx::Row;

pub use super::walk::Difference;
use super::walk::{Goal, walk};
use crate::{Db, Result};

/// Replaces every rollup row with what the records give, holding writers off meanwhile.
/// Returns the number of rows written.
pub async fn rebuild(db: &Db, progress: &mut (dyn FnMut(u64) + Send)) -> Result<usize> {
    let mut tx = db.begin_write().await?;
    if let Some(lock) = db.backend.lock_figures_sql() {
        sqlx::query(lock).execute(&mut *tx).await?;
    }
    sqlx::query("DELETE FROM figures").execute(&mut *tx).await?;
    walk(&mut tx, &mut Goal::Write, progress).await?;
    let written: i64 = sqlx::query("SELECT COUNT(*) AS n FROM figures").fetch_one(&mut *tx).await?.try_get("n")?;
    sqlx::query("UPDATE figures_state SET built = 1 WHERE id = 1").execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(usize::try_from(written).unwrap_or(0))
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
    let mut goal = Goal::Compare(Vec::new());
    walk(&mut tx, &mut goal, progress).await?;
    tx.rollback().await?;
    let Goal::Compare(out) = goal else { unreachable!("a check compares") };
    Ok(out)
}
