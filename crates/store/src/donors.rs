//! Donors, scoped by the region they are registered in.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::donor::{DonorKind, NewDonor};
use wushe_domain::{AccountId, DonorId, Field, FieldError, Reason, RegionCode, RegionPath};

use crate::audit::{self, Event};
use crate::batch::Problem;
use crate::crypto::at;
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
    /// Erased on request: name, phone and credit code are gone, the id stays.
    pub erased: bool,
}

const SELECT: &str = "SELECT d.id, d.region_code, r.path AS region_path, d.kind, d.name, d.anonymous, d.phone, d.credit_code, \
    d.erased_at FROM donors d JOIN regions r ON r.code = d.region_code";

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
        phone: sealed.and_then(|s| db.open_shown(at("donors", "phone", &id), &s)),
        credit_code: r.try_get("credit_code")?,
        erased: r.try_get::<Option<i64>, _>("erased_at")?.is_some(),
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

/// Donors in scope, named ones matching `query` by name (anonymous ones are never found by name),
/// or any matching it as a full phone number (compared by keyed hash).
pub async fn list(db: &Db, scope: &Scope, query: &str, offset: i64, limit: i64) -> Result<(Vec<Donor>, i64)> {
    let q = query.trim().replace(['%', '_'], "");
    let phone = wushe_domain::validate::phone(Field::Phone, &q).ok().map(|p| db.crypto.index("phone", &p));
    let values = [scope.lo().to_owned(), scope.hi().to_owned(), q.clone(), format!("%{q}%"), phone.unwrap_or_default()];
    let cond = "WHERE r.path >= $1 AND r.path < $2 AND d.erased_at IS NULL \
                AND ($3 = '' OR (d.anonymous = 0 AND d.name LIKE $4) OR d.phone_index = $5)";
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

/// Checks a batch: every donor's region in scope.
pub async fn check(db: &Db, scope: &Scope, batch: &[NewDonor]) -> Result<Vec<Problem>> {
    let mut known = std::collections::HashMap::new();
    let mut problems = Vec::new();
    for (i, d) in batch.iter().enumerate() {
        let found = match known.get(&d.region) {
            Some(found) => *found,
            None => {
                let found = regions::get(db, scope, &d.region).await?.is_some();
                known.insert(d.region.clone(), found);
                found
            }
        };
        if !found {
            problems.push(Problem { index: i, field: Field::Region, reason: Reason::NotFound });
        }
    }
    Ok(problems)
}

pub async fn create(db: &Db, scope: &Scope, new: &NewDonor, by: Option<AccountId>) -> Result<Donor> {
    if let Some(p) = check(db, scope, std::slice::from_ref(new)).await?.into_iter().next() {
        return Err(FieldError::new(p.field, p.reason).into());
    }
    let ids = insert(db, scope, std::slice::from_ref(new), by, "donor.create", &mut |_| {}).await?;
    get(db, scope, ids[0]).await?.ok_or_else(|| StoreError::corrupt("donor vanished after insert"))
}

/// Inserts a batch that [`check`] found clean, in one transaction with one audit event.
pub async fn insert(
    db: &Db,
    scope: &Scope,
    batch: &[NewDonor],
    by: Option<AccountId>,
    action: &str,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Vec<DonorId>> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let mut ids = Vec::with_capacity(batch.len());
    for new in batch {
        let id = DonorId::new();
        let did = id.to_string();
        sqlx::query(
            "INSERT INTO donors (id, region_code, kind, name, anonymous, phone, phone_index, credit_code, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        )
        .bind(id.to_string())
        .bind(new.region.as_str())
        .bind(new.kind.key())
        .bind(new.name.clone())
        .bind(i64::from(new.anonymous))
        .bind(new.phone.as_deref().map(|p| db.crypto.seal_in(at("donors", "phone", &did), p)).transpose()?)
        .bind(new.phone.as_deref().map(|p| db.crypto.index("phone", p)))
        .bind(new.credit_code.clone())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        ids.push(id);
        progress(ids.len());
    }
    let event = Event::batch(by, action, "donor", scope, batch.first().map(|d| &d.region), &ids);
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(ids)
}

/// Corrects a donor in scope (rectification on request). `None` when not in scope.
pub async fn correct(
    db: &Db,
    scope: &Scope,
    id: DonorId,
    new: &NewDonor,
    by: Option<AccountId>,
) -> Result<Option<Donor>> {
    let Some(before) = get(db, scope, id).await? else { return Ok(None) };
    if before.erased {
        return Err(StoreError::Conflict(wushe_domain::Conflict::Erased));
    }
    regions::get(db, scope, &new.region).await?.ok_or(FieldError::new(Field::Region, Reason::NotFound))?;
    let mut changed = Vec::new();
    for (field, differs) in [
        ("kind", before.kind != new.kind),
        ("name", before.name != new.name),
        ("anonymous", before.anonymous != new.anonymous),
        ("phone", before.phone != new.phone),
        ("credit_code", before.credit_code != new.credit_code),
        ("region", before.region_code != new.region),
    ] {
        if differs {
            changed.push(field);
        }
    }
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE donors SET region_code = $1, kind = $2, name = $3, anonymous = $4, phone = $5, phone_index = $6, \
         credit_code = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(new.region.as_str())
    .bind(new.kind.key())
    .bind(new.name.clone())
    .bind(i64::from(new.anonymous))
    .bind(new.phone.as_deref().map(|p| db.crypto.seal_in(at("donors", "phone", &id.to_string()), p)).transpose()?)
    .bind(new.phone.as_deref().map(|p| db.crypto.index("phone", p)))
    .bind(new.credit_code.clone())
    .bind(now_ms())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    let event = Event::new(by, "donor.correct", "donor")
        .id(id)
        .region(&before.region_code)
        .detail(serde_json::json!({ "changed": changed }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

/// Erases a donor's data on request: name, phone and credit code go; the id (which later
/// donations refer to), kind and region stay.
pub async fn erase(db: &Db, scope: &Scope, id: DonorId, reason: &str, by: Option<AccountId>) -> Result<Option<Donor>> {
    let Some(before) = get(db, scope, id).await? else { return Ok(None) };
    if before.erased {
        return Err(StoreError::Conflict(wushe_domain::Conflict::Erased));
    }
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE donors SET name = NULL, phone = NULL, phone_index = NULL, credit_code = NULL, erased_at = $1, \
         updated_at = $1 WHERE id = $2",
    )
    .bind(now)
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    let event = Event::new(by, "donor.erase", "donor")
        .id(id)
        .region(&before.region_code)
        .detail(serde_json::json!({ "reason": reason }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}
