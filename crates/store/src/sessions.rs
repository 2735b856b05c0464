//! Server-side sessions. The browser holds a random token; the table holds its SHA-256, so a
//! copy of the database does not let anyone sign in.

use sqlx::Row;
use wushe_domain::AccountId;

use crate::accounts::{self, Account};
use crate::{Db, Result, now_ms};

#[derive(Debug, Clone)]
pub struct Session {
    pub token_hash: String,
    pub account_id: AccountId,
    pub csrf_token: String,
    pub last_seen_at: i64,
    /// Until then (epoch ms) the session has passed the password only and reaches nothing but
    /// the second factor's code page; `None` once it is fully open.
    pub pending_until: Option<i64>,
    /// Unread messages, counted up to one past [`crate::messages::UNREAD_SHOWN`].
    pub unread: i64,
}

impl Session {
    /// Waiting for the second factor's code.
    pub fn pending(&self) -> bool {
        self.pending_until.is_some()
    }
}

/// Only write `last_seen_at` when it is this stale, so that reads stay reads.
const TOUCH_EVERY_MS: i64 = 30_000;

/// The most sessions one account keeps: signing in again and again (a script, a shared
/// account) ends the oldest instead of growing the table.
pub const MAX_PER_ACCOUNT: i64 = 10;

pub async fn create(db: &Db, token_hash: &str, account: AccountId, csrf_token: &str) -> Result<()> {
    insert(db, token_hash, account, csrf_token, None).await
}

/// A half-open session: the password was right and the account has a second factor, so until
/// `pending_until` it may only give the code ([`complete`]).
pub async fn create_pending(
    db: &Db,
    token_hash: &str,
    account: AccountId,
    csrf_token: &str,
    pending_until: i64,
) -> Result<()> {
    insert(db, token_hash, account, csrf_token, Some(pending_until)).await
}

async fn insert(
    db: &Db,
    token_hash: &str,
    account: AccountId,
    csrf_token: &str,
    pending_until: Option<i64>,
) -> Result<()> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, pending_until) \
         VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(token_hash)
    .bind(account.to_string())
    .bind(csrf_token)
    .bind(now)
    .bind(pending_until)
    .execute(&mut *tx)
    .await?;
    sqlx::query(&format!(
        "DELETE FROM sessions WHERE account_id = $1 AND token_hash NOT IN (SELECT token_hash FROM sessions \
         WHERE account_id = $1 ORDER BY created_at DESC, token_hash LIMIT {MAX_PER_ACCOUNT})"
    ))
    .bind(account.to_string())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The live session for a token and its account, in one query: every signed-in request asks.
/// A session idle for longer than `idle_ms` is ended and not returned.
pub async fn get(db: &Db, token_hash: &str, idle_ms: i64) -> Result<Option<(Session, Account)>> {
    let sql = format!(
        "{} JOIN sessions s ON s.account_id = a.id WHERE s.token_hash = $1",
        accounts::SELECT.replacen(
            "SELECT ",
            &format!(
                "SELECT s.token_hash, s.csrf_token, s.last_seen_at, s.pending_until, {}, ",
                crate::messages::unread_column()
            ),
            1
        )
    );
    let row = sqlx::query(&sql).bind(token_hash).fetch_optional(&db.pool).await?;
    let Some(row) = row else { return Ok(None) };
    let account = accounts::decode(db, &row)?;
    let session = Session {
        token_hash: row.try_get("token_hash")?,
        account_id: account.id,
        csrf_token: row.try_get("csrf_token")?,
        last_seen_at: row.try_get("last_seen_at")?,
        pending_until: row.try_get("pending_until")?,
        unread: row.try_get("unread")?,
    };
    let now = now_ms();
    if now - session.last_seen_at > idle_ms || session.pending_until.is_some_and(|t| t <= now) {
        delete(db, token_hash).await?;
        return Ok(None);
    }
    if now - session.last_seen_at > TOUCH_EVERY_MS {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(&db.pool)
            .await?;
    }
    Ok(Some((session, account)))
}

/// Opens a half-open session fully under a new token (the one the password step handed out is
/// dropped, so it cannot be fixed in advance by someone else); once: returns false if it was no
/// longer pending.
pub async fn complete(db: &Db, pending_hash: &str, token_hash: &str, csrf_token: &str) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE sessions SET token_hash = $1, csrf_token = $2, pending_until = NULL, last_seen_at = $3 \
         WHERE token_hash = $4 AND pending_until IS NOT NULL AND pending_until > $3",
    )
    .bind(token_hash)
    .bind(csrf_token)
    .bind(now_ms())
    .bind(pending_hash)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete(db: &Db, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&db.pool).await?;
    Ok(())
}

/// Ends sessions idle for longer than `idle_ms`; run now and then by the server.
pub async fn purge_idle(db: &Db, idle_ms: i64) -> Result<u64> {
    let done =
        sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1").bind(now_ms() - idle_ms).execute(&db.pool).await?;
    Ok(done.rows_affected())
}
