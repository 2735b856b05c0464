//! Sign-in attempts are taken before the password is checked, atomically, so that guesses sent
//! together are counted like guesses sent one after another: at most
//! [`MAX_FAILED_LOGINS`] of them are ever checked before the lock. An account counts on its own
//! row; a name that belongs to no account counts in `login_guards` under a keyed hash of the
//! name, and locks the same way, so that the answers never tell the two apart.

use sqlx::Row;
use wushe_domain::AccountId;
use wushe_domain::account::{LOCKOUT_MS, MAX_FAILED_LOGINS};

use crate::{Db, Result};

/// What taking an attempt allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Check the password; this is failure number `n` if it is wrong.
    Check { n: i64 },
    /// Locked until then (epoch ms): nothing is checked.
    Locked { until: i64 },
}

fn after(n: Option<i64>, until: Option<i64>, now: i64) -> Attempt {
    match n {
        Some(n) if n <= MAX_FAILED_LOGINS => Attempt::Check { n },
        // More attempts in flight than may be checked: the lock is being set by one of them.
        Some(_) => Attempt::Locked { until: now + LOCKOUT_MS },
        None => Attempt::Locked { until: until.unwrap_or(now + LOCKOUT_MS) },
    }
}

/// Takes an attempt on an account.
pub async fn take_for_account(db: &Db, account: AccountId, now: i64) -> Result<Attempt> {
    let mut tx = db.begin_write().await?;
    let attempt = take(&mut tx, "accounts", "id", "failed_logins", &account.to_string(), now).await?;
    tx.commit().await?;
    Ok(attempt)
}

/// Takes an attempt on a name that belongs to no account (`key` is its keyed hash).
pub async fn take_for_unknown(db: &Db, key: &str, now: i64) -> Result<Attempt> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO login_guards (key, failures, locked_until, updated_at) VALUES ($1, 0, NULL, $2) \
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let attempt = take(&mut tx, "login_guards", "key", "failures", key, now).await?;
    sqlx::query("UPDATE login_guards SET updated_at = $1 WHERE key = $2").bind(now).bind(key).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(attempt)
}

/// Counts one attempt on the row whose `key_col` is `key`, unless it is locked; the same for an
/// account and an unknown name.
async fn take(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    table: &str,
    key_col: &str,
    counter: &str,
    key: &str,
    now: i64,
) -> Result<Attempt> {
    let taken = sqlx::query(&format!(
        "UPDATE {table} SET {counter} = {counter} + 1 \
         WHERE {key_col} = $1 AND (locked_until IS NULL OR locked_until <= $2) RETURNING {counter} AS n"
    ))
    .bind(key)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    let n = taken.map(|r| r.try_get::<i64, _>("n")).transpose()?;
    let until = match n {
        Some(_) => None,
        None => sqlx::query(&format!("SELECT locked_until FROM {table} WHERE {key_col} = $1"))
            .bind(key)
            .fetch_one(&mut **tx)
            .await?
            .try_get("locked_until")?,
    };
    Ok(after(n, until, now))
}

/// Returns an attempt taken on an account whose password was right but whose sign-in is not
/// complete until its second factor's code: the password is not a failure, and the count is
/// cleared only by the code. Wrong codes then count as wrong passwords do.
pub async fn give_back(db: &Db, account: AccountId) -> Result<()> {
    sqlx::query("UPDATE accounts SET failed_logins = failed_logins - 1 WHERE id = $1 AND failed_logins > 0")
        .bind(account.to_string())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The wrong password of failure `n` on an unknown name: the last one allowed locks the name.
/// Returns whether it is now locked.
pub async fn failed_unknown(db: &Db, key: &str, n: i64, now: i64) -> Result<bool> {
    if n < MAX_FAILED_LOGINS {
        return Ok(false);
    }
    sqlx::query("UPDATE login_guards SET locked_until = $1, failures = 0, updated_at = $2 WHERE key = $3")
        .bind(now + LOCKOUT_MS)
        .bind(now)
        .bind(key)
        .execute(&db.pool)
        .await?;
    Ok(true)
}

/// Forgets unknown names not tried since `before` and no longer locked: the table stays as
/// small as the names tried in the last day.
pub async fn sweep(db: &Db, before: i64) -> Result<u64> {
    let gone =
        sqlx::query("DELETE FROM login_guards WHERE updated_at < $1 AND (locked_until IS NULL OR locked_until < $1)")
            .bind(before)
            .execute(&db.pool)
            .await?;
    Ok(gone.rows_affected())
}
