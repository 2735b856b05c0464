//! Fundraising appeals (募捐项目) of a fund: a name, a goal and a period. A gift may name one;
//! the money stays the fund's, the appeal only counts what was raised for it.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::{AccountId, FundId};

use crate::audit::{self, Event};
use crate::{Db, Result, Scope, StoreError, funds, now_ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appeal {
    pub id: String,
    pub fund_id: FundId,
    pub name: String,
    pub goal: i64,
    pub starts_on: String,
    pub ends_on: String,
    /// Gifts in force that named it, matching included, in fen.
    pub raised: i64,
}

#[derive(Debug, Clone)]
pub struct NewAppeal {
    pub name: String,
    pub goal: i64,
    pub starts_on: String,
    pub ends_on: String,
}

fn select() -> String {
    format!(
        "SELECT c.id, c.fund_id, c.name, c.goal, c.starts_on, c.ends_on, \
         (SELECT CAST(COALESCE(SUM(d.amount + d.matched), 0) AS BIGINT) FROM donations d WHERE d.appeal_id = c.id \
         AND {}) AS raised FROM appeals c",
        crate::ledger::DONATION_IN_FORCE
    )
}

fn decode(r: &AnyRow) -> Result<Appeal> {
    Ok(Appeal {
        id: r.try_get("id")?,
        fund_id: r.try_get::<String, _>("fund_id")?.parse().map_err(|_| StoreError::corrupt("appeal: bad fund"))?,
        name: r.try_get("name")?,
        goal: r.try_get("goal")?,
        starts_on: r.try_get("starts_on")?,
        ends_on: r.try_get("ends_on")?,
        raised: r.try_get("raised")?,
    })
}

/// Opens an appeal of a fund in scope; `None` when the fund is not.
pub async fn create(db: &Db, scope: &Scope, fund: FundId, new: &NewAppeal, by: AccountId) -> Result<Option<String>> {
    let Some(f) = funds::get(db, scope, fund).await? else { return Ok(None) };
    let id = uuid::Uuid::now_v7().to_string();
    let mut tx = db.begin_write().await?;
    funds::hold_open(&mut tx, fund).await?;
    sqlx::query(
        "INSERT INTO appeals (id, fund_id, region_code, name, goal, starts_on, ends_on, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(fund.to_string())
    .bind(f.region_code.as_str())
    .bind(&new.name)
    .bind(new.goal)
    .bind(&new.starts_on)
    .bind(&new.ends_on)
    .bind(by.to_string())
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let event = Event::new(Some(by), "fund.appeal", "fund")
        .id(fund)
        .region(&f.region_code)
        .detail(serde_json::json!({ "appeal": id, "name": new.name, "goal": new.goal }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// A fund's appeals, latest first. The caller has checked the fund is in scope.
pub async fn of_fund(db: &Db, fund: FundId) -> Result<Vec<Appeal>> {
    let rows = sqlx::query(&format!("{} WHERE c.fund_id = $1 ORDER BY c.created_at DESC", select()))
        .bind(fund.to_string())
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(decode).collect()
}

/// An appeal of the fund, if it is one.
pub async fn of(db: &Db, fund: FundId, id: &str) -> Result<Option<Appeal>> {
    let row = sqlx::query(&format!("{} WHERE c.id = $1 AND c.fund_id = $2", select()))
        .bind(id)
        .bind(fund.to_string())
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(decode).transpose()
}
