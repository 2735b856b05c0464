//! Offers to take a micro-wish up. Anyone may offer, leaving a name and a phone (sealed); the wish
//! stays open on the public list until staff of its community have called and confirmed one
//! offer, which takes it up and declines the others. So one visitor cannot empty the list.

use sqlx::Row;
use wushe_domain::{AccountId, Conflict};

use crate::audit::{self, Event};
use crate::crypto::at;
use crate::wishes;
use crate::{Db, Result, Scope, StoreError, now_ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub id: String,
    pub wish_id: String,
    pub name: String,
    /// In clear inside the process only; views mask it.
    pub phone: Option<String>,
    /// pending | confirmed | declined
    pub status: String,
    pub claimed_at: i64,
}

/// Someone offers to take an open wish up. `None` when there is no such wish; one open offer
/// per phone and wish.
pub async fn offer(db: &Db, wish: &str, name: &str, phone: &str) -> Result<Option<String>> {
    // A withdrawn wish is not on the public pages: to the public it is not there at all.
    let Some(w) = wishes::get(db, wish).await?.filter(|w| w.status != "withdrawn") else { return Ok(None) };
    if w.status != "open" {
        return Err(StoreError::Conflict(Conflict::WishNotOpen));
    }
    let id = uuid::Uuid::now_v7().to_string();
    let mut tx = db.begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO wish_claims (id, wish_id, region_code, name, phone, phone_index, status, claimed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)",
    )
    .bind(&id)
    .bind(&w.id)
    .bind(w.region_code.as_str())
    .bind(name)
    .bind(db.crypto.seal_in(at("wish_claims", "phone", &id), phone)?)
    .bind(db.crypto.index("phone", phone))
    .bind(now_ms())
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if crate::error::is_unique_violation(&e, "wish_claims_one_open", "wish_claims.wish_id") => {
            return Err(StoreError::Conflict(Conflict::WishClaimPending));
        }
        Err(e) => return Err(e.into()),
    }
    wishes::timeline(db, &mut tx, &w, None, "有爱心人士申请认领微心愿，待社区电话确认").await?;
    let event = Event::new(None, "wish.offer", "need").id(w.need_id).region(&w.region_code);
    audit::append(&mut tx, &event.detail(serde_json::json!({ "wish": w.id, "claim": id }))).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// The offers on a wish, oldest first; the caller has found the wish in scope.
pub async fn of_wish(db: &Db, wish: &str) -> Result<Vec<Claim>> {
    let rows = sqlx::query(
        "SELECT id, wish_id, name, phone, status, claimed_at FROM wish_claims WHERE wish_id = $1 ORDER BY claimed_at, id",
    )
    .bind(wish)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let id: String = r.try_get("id")?;
            let phone = db.open_shown(at("wish_claims", "phone", &id), &r.try_get::<String, _>("phone")?);
            Ok(Claim {
                wish_id: r.try_get("wish_id")?,
                name: r.try_get("name")?,
                phone,
                status: r.try_get("status")?,
                claimed_at: r.try_get("claimed_at")?,
                id,
            })
        })
        .collect()
}

/// Staff of the wish's area confirm one pending offer: the wish is taken up by it (one of two
/// confirmations at once wins), the other offers are declined. `None` when the wish is not in
/// scope or the offer is not the wish's.
pub async fn confirm(db: &Db, scope: &Scope, wish: &str, claim: &str, by: AccountId) -> Result<Option<()>> {
    let Some(w) = wishes::get_in(db, scope, wish).await? else { return Ok(None) };
    let Some(c) = of_wish(db, &w.id).await?.into_iter().find(|c| c.id == claim) else { return Ok(None) };
    if c.status != "pending" {
        return Err(StoreError::Conflict(Conflict::WishClaimDecided));
    }
    let phone = c.phone.ok_or_else(|| StoreError::corrupt(format!("wish claim {claim}: the phone does not open")))?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let taken = sqlx::query(
        "UPDATE wishes SET status = 'taken', taker_name = $1, taker_phone = $2, taker_phone_index = $3, taken_at = $4 \
         WHERE id = $5 AND status = 'open'",
    )
    .bind(&c.name)
    .bind(db.crypto.seal_in(at("wishes", "taker_phone", &w.id), &phone)?)
    .bind(db.crypto.index("phone", &phone))
    .bind(now)
    .bind(&w.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if taken == 0 {
        return Err(StoreError::Conflict(Conflict::WishNotOpen));
    }
    let decide = "UPDATE wish_claims SET status = $1, decided_by = $2, decided_at = $3 WHERE wish_id = $4 AND status = 'pending'";
    sqlx::query(&format!("{decide} AND id = $5"))
        .bind("confirmed")
        .bind(by.to_string())
        .bind(now)
        .bind(&w.id)
        .bind(claim)
        .execute(&mut *tx)
        .await?;
    sqlx::query(decide).bind("declined").bind(by.to_string()).bind(now).bind(&w.id).execute(&mut *tx).await?;
    wishes::timeline(db, &mut tx, &w, Some(by), "微心愿已被爱心人士认领（社区已电话确认）").await?;
    let event = Event::new(Some(by), "wish.take", "need").id(w.need_id).region(&w.region_code);
    audit::append(&mut tx, &event.detail(serde_json::json!({ "wish": w.id, "claim": claim }))).await?;
    tx.commit().await?;
    Ok(Some(()))
}
