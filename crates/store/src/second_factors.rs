//! An account's second factor: its TOTP secret, sealed like every personal value and bound to the
//! account's row, the last time step it accepted, and its one-time recovery codes, kept only as
//! hashes. Every change is audited in its own transaction.

use sha2::{Digest, Sha256};
use sqlx::Row;
use wushe_domain::second_factor::TotpSecret;
use wushe_domain::{AccountId, RegionCode};

use crate::accounts::{self, Account};
use crate::audit::{self, Event};
use crate::crypto::at;
use crate::{Db, Result, Scope, StoreError, now_ms};

/// An account's second factor as stored.
#[derive(Debug, Clone)]
pub struct Factor {
    pub secret: TotpSecret,
    /// `None` while enrolment waits for its first code.
    pub confirmed_at: Option<i64>,
    pub last_step: i64,
}

/// The SHA-256 of a normalised recovery code. The codes carry 80 random bits, so a plain hash
/// cannot be walked back; a keyed hash would not survive a key rotation, which cannot recompute
/// it without the codes.
pub fn recovery_hash(normalised: &str) -> String {
    Sha256::digest(normalised.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn event(by: AccountId, action: &str, account: AccountId, region: &RegionCode) -> Event {
    Event::new(Some(by), action, "account").id(account).region(region)
}

pub async fn get(db: &Db, account: AccountId) -> Result<Option<Factor>> {
    let id = account.to_string();
    let row = sqlx::query("SELECT secret, confirmed_at, last_step FROM second_factors WHERE id = $1")
        .bind(&id)
        .fetch_optional(&db.pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let text = db.crypto.open_in(at("second_factors", "secret", &id), &row.try_get::<String, _>("secret")?)?;
    let secret = TotpSecret::from_base32(&text)
        .ok_or_else(|| StoreError::corrupt(format!("second factor of account {id}: not a secret")))?;
    Ok(Some(Factor { secret, confirmed_at: row.try_get("confirmed_at")?, last_step: row.try_get("last_step")? }))
}

/// Recovery codes not used yet.
pub async fn recovery_left(db: &Db, account: AccountId) -> Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL")
        .bind(account.to_string())
        .fetch_one(&db.pool)
        .await?;
    Ok(row.try_get("n")?)
}

/// Starts (or starts again) an enrolment with a new secret, unless one is already confirmed.
/// Returns whether it started.
pub async fn begin(db: &Db, account: &Account, secret: &TotpSecret) -> Result<bool> {
    let id = account.id.to_string();
    let sealed = db.crypto.seal_in(at("second_factors", "secret", &id), &secret.base32())?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "INSERT INTO second_factors (id, secret, confirmed_at, last_step, created_at, updated_at) \
         VALUES ($1, $2, NULL, 0, $3, $3) ON CONFLICT (id) DO UPDATE SET secret = excluded.secret, \
         last_step = 0, created_at = excluded.created_at, updated_at = excluded.updated_at \
         WHERE second_factors.confirmed_at IS NULL",
    )
    .bind(&id)
    .bind(sealed)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    audit::append(&mut tx, &event(account.id, "second_factor.begin", account.id, &account.region_code)).await?;
    tx.commit().await?;
    Ok(true)
}

async fn put_recovery(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    account: AccountId,
    hashes: &[String],
    now: i64,
) -> Result<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1")
        .bind(account.to_string())
        .execute(&mut **tx)
        .await?;
    for h in hashes {
        sqlx::query(
            "INSERT INTO recovery_codes (id, account_id, code_hash, used_at, created_at) VALUES ($1, $2, $3, NULL, $4)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(account.to_string())
        .bind(h)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Puts the factor in force with the step of its first code and its recovery codes; once (a
/// conditional update), so two confirmations at once confirm one. Returns whether it did.
pub async fn confirm(db: &Db, account: &Account, step: i64, recovery_hashes: &[String]) -> Result<bool> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE second_factors SET confirmed_at = $1, last_step = $2, updated_at = $1 \
         WHERE id = $3 AND confirmed_at IS NULL AND last_step < $2",
    )
    .bind(now)
    .bind(step)
    .bind(account.id.to_string())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    put_recovery(&mut tx, account.id, recovery_hashes, now).await?;
    let e = event(account.id, "second_factor.enrol", account.id, &account.region_code)
        .detail(serde_json::json!({ "recovery_codes": recovery_hashes.len() }));
    audit::append(&mut tx, &e).await?;
    tx.commit().await?;
    Ok(true)
}

/// Takes a code's time step for the account's factor in force, if no later or equal step was
/// taken before: of two requests with one code, one wins.
pub async fn take_step(db: &Db, account: AccountId, step: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE second_factors SET last_step = $1, updated_at = $2 \
         WHERE id = $3 AND confirmed_at IS NOT NULL AND last_step < $1",
    )
    .bind(step)
    .bind(now_ms())
    .bind(account.to_string())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Uses a recovery code (by its hash) of an account whose factor is in force; once. Audited.
pub async fn use_recovery(db: &Db, account: &Account, hash: &str) -> Result<bool> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 WHERE account_id = $2 AND code_hash = $3 AND used_at IS NULL \
         AND account_id IN (SELECT id FROM second_factors WHERE confirmed_at IS NOT NULL)",
    )
    .bind(now)
    .bind(account.id.to_string())
    .bind(hash)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    audit::append(&mut tx, &event(account.id, "second_factor.recovery_used", account.id, &account.region_code)).await?;
    tx.commit().await?;
    Ok(true)
}

/// New recovery codes in place of all earlier ones.
pub async fn replace_recovery(db: &Db, account: &Account, hashes: &[String]) -> Result<()> {
    let mut tx = db.begin_write().await?;
    put_recovery(&mut tx, account.id, hashes, now_ms()).await?;
    let e = event(account.id, "second_factor.recovery_codes", account.id, &account.region_code)
        .detail(serde_json::json!({ "recovery_codes": hashes.len() }));
    audit::append(&mut tx, &e).await?;
    tx.commit().await?;
    Ok(())
}

async fn drop_factor(tx: &mut sqlx::Transaction<'static, sqlx::Any>, account: AccountId) -> Result<u64> {
    let id = account.to_string();
    sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1").bind(&id).execute(&mut **tx).await?;
    Ok(sqlx::query("DELETE FROM second_factors WHERE id = $1").bind(&id).execute(&mut **tx).await?.rows_affected())
}

/// The holder turns their second factor off; their other sessions end.
pub async fn disable_own(db: &Db, account: &Account, keep_session: &str) -> Result<()> {
    let mut tx = db.begin_write().await?;
    drop_factor(&mut tx, account.id).await?;
    sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2")
        .bind(account.id.to_string())
        .bind(keep_session)
        .execute(&mut *tx)
        .await?;
    audit::append(&mut tx, &event(account.id, "second_factor.disable", account.id, &account.region_code)).await?;
    tx.commit().await?;
    Ok(())
}

/// An administrator removes the second factor of an account in scope (a lost phone and no
/// recovery code left), and ends its sessions: its holder enrols again at the next sign-in when
/// the installation requires it. `None` when the account is not in scope.
pub async fn reset(db: &Db, scope: &Scope, id: AccountId, by: AccountId) -> Result<Option<Account>> {
    let Some(before) = accounts::get(db, scope, id).await? else {
        return Ok(None);
    };
    let mut tx = db.begin_write().await?;
    let removed = drop_factor(&mut tx, id).await?;
    sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(id.to_string()).execute(&mut *tx).await?;
    let e = event(by, "second_factor.reset", id, &before.region_code)
        .detail(serde_json::json!({ "had_factor": removed > 0 }));
    audit::append(&mut tx, &e).await?;
    tx.commit().await?;
    accounts::get(db, scope, id).await
}
