//! Donors, scoped by the region they are registered in.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::donor::{DonorKind, NewDonor};
use wushe_domain::{AccountId, DonorId, Field, FieldError, Reason, RegionCode, RegionPath};

use crate::audit::{self, Event};
use crate::{Db, Result, Scope, StoreError, now_ms, regions};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Donor {
    pub id: DonorId,
    pub region_code: RegionCode,
    pub region_path: RegionPath,
    pub kind: DonorKind,
    /// Kept for receipts even when the donor is anonymous; views show it only when not.
    pub name: Option<String>,
    pub anonymous: bool,
    /// In clear inside the process only; every view masks it.
    pub phone: Option<String>,
    pub credit_code: Option<String>,
}

const SELECT: &str = "SELECT d.id, d.region_code, r.path AS region_path, d.kind, d.name, d.anonymous, d.phone, d.credit_code \
    FROM donors d JOIN regions r ON r.code = d.region_code";

fn decode(db: &Db, r: &AnyRow) -> Result<Donor> {
    let id: String = r.try_get("id")?;
    let bad = |what: &str| StoreError::corrupt(format!("donor {id}: bad {what}"));
    let sealed: Option<String> = r.try_get("phone")?;
    Ok(Donor {
        id: id.parse().map_err(|_| bad("id"))?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        region_path: RegionPath::from_stored(r.try_get("region_path")?).ok_or_else(|| bad("path"))?,
        kind: DonorKind::parse(&r.try_get::<String, _>("kind")?).map_err(|_| bad("kind"))?,
        name: r.try_get("name")?,
        anonymous: r.try_get::<i64, _>("anonymous")? != 0,
        phone: sealed.map(|s| db.crypto.open(&s)).transpose()?,
        credit_code: r.try_get("credit_code")?,
    })
}

pub async fn get(db: &Db, scope: &Scope, id: DonorId) -> Result<Option<Donor>> {
    let sql = format!("{SELECT} WHERE d.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.map(|r| decode(db, &r)).transpose()
}

/// Where a donor is registered, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: DonorId) -> Result<Option<RegionCode>> {
    get(db, &Scope::all(), id).await.map(|d| d.map(|d| d.region_code))
}

/// Donors in scope, named ones matching `query` by name (anonymous ones are never found by name).
pub async fn list(db: &Db, scope: &Scope, query: &str, offset: i64, limit: i64) -> Result<(Vec<Donor>, i64)> {
    let q = query.trim().replace(['%', '_'], "");
    let values = [scope.lo().to_owned(), scope.hi().to_owned(), q.clone(), format!("%{q}%")];
    let cond = "WHERE r.path >= $1 AND r.path < $2 AND ($3 = '' OR (d.anonymous = 0 AND d.name LIKE $4))";
    let sql = format!("{SELECT} {cond} ORDER BY d.region_code, d.created_at LIMIT {limit} OFFSET {offset}");
    let rows = values.iter().fold(sqlx::query(&sql), |q, v| q.bind(v.as_str())).fetch_all(&db.pool).await?;
    let count_sql = format!("SELECT COUNT(*) AS n FROM donors d JOIN regions r ON r.code = d.region_code {cond}");
    let total: i64 = values
        .iter()
        .fold(sqlx::query(&count_sql), |q, v| q.bind(v.as_str()))
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    Ok((rows.iter().map(|r| decode(db, r)).collect::<Result<_>>()?, total))
}

pub async fn create(db: &Db, scope: &Scope, new: &NewDonor, by: Option<AccountId>) -> Result<Donor> {
    regions::get(db, scope, &new.region).await?.ok_or(FieldError::new(Field::Region, Reason::NotFound))?;
    let id = DonorId::new();
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO donors (id, region_code, kind, name, anonymous, phone, phone_index, credit_code, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(id.to_string())
    .bind(new.region.as_str())
    .bind(new.kind.key())
    .bind(new.name.clone())
    .bind(i64::from(new.anonymous))
    .bind(new.phone.as_deref().map(|p| db.crypto.seal(p)).transpose()?)
    .bind(new.phone.as_deref().map(|p| db.crypto.index("phone", p)))
    .bind(new.credit_code.clone())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let event = Event::new(by, "donor.create", "donor")
        .id(id)
        .region(&new.region)
        .detail(serde_json::json!({ "kind": new.kind.key() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await?.ok_or_else(|| StoreError::corrupt("donor vanished after insert"))
}
