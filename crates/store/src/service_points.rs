//! Service points of the three-level network, always read and written within a scope.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::Date;
use wushe_domain::service_point::ServicePointDetails;
use wushe_domain::validate::{format_date, parse_date};
use wushe_domain::{
    AccountId, Conflict, Field, FieldError, Reason, RegionCode, RegionPath, ServicePointId, ServicePointLevel,
    ServicePointStatus,
};

use crate::audit::{self, Event};
use crate::crypto::at;
use crate::figures::{self, Source};
use crate::{Db, Result, Scope, StoreError, now_ms, regions};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePoint {
    pub id: ServicePointId,
    pub region_code: RegionCode,
    pub region_name: String,
    pub region_path: RegionPath,
    pub level: ServicePointLevel,
    pub name: String,
    pub address: String,
    pub contact_name: Option<String>,
    /// In clear inside the process only; every view masks it.
    pub contact_phone: Option<String>,
    pub opened_on: Date,
    pub status: ServicePointStatus,
    pub closed_on: Option<Date>,
    pub updated_at: i64,
}

const SELECT: &str = "SELECT sp.id, sp.region_code, r.name AS region_name, r.path AS region_path, sp.level, sp.name, \
    sp.address, sp.contact_name, sp.contact_phone, sp.opened_on, sp.status, sp.closed_on, sp.updated_at \
    FROM service_points sp JOIN regions r ON r.code = sp.region_code";

fn decode(db: &Db, r: &AnyRow) -> Result<ServicePoint> {
    let id: String = r.try_get("id")?;
    let bad = |what: &str| StoreError::corrupt(format!("service point {id}: bad {what}"));
    let sealed: Option<String> = r.try_get("contact_phone")?;
    let closed: Option<String> = r.try_get("closed_on")?;
    Ok(ServicePoint {
        id: id.parse().map_err(|_| bad("id"))?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        region_name: r.try_get("region_name")?,
        region_path: RegionPath::from_stored(r.try_get("region_path")?).ok_or_else(|| bad("path"))?,
        level: ServicePointLevel::parse(&r.try_get::<String, _>("level")?).map_err(|_| bad("level"))?,
        name: r.try_get("name")?,
        address: r.try_get("address")?,
        contact_name: r.try_get("contact_name")?,
        contact_phone: sealed.and_then(|s| db.open_shown(at("service_points", "contact_phone", &id), &s)),
        opened_on: parse_date(Field::OpenedOn, &r.try_get::<String, _>("opened_on")?).map_err(|_| bad("opened_on"))?,
        status: ServicePointStatus::parse(&r.try_get::<String, _>("status")?).map_err(|_| bad("status"))?,
        closed_on: closed.map(|c| parse_date(Field::ClosedOn, &c).map_err(|_| bad("closed_on"))).transpose()?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// Filters of the service-point list. `region` narrows to a subtree inside the scope.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub region: Option<RegionPath>,
    pub level: Option<ServicePointLevel>,
    pub status: Option<ServicePointStatus>,
    pub name: Option<String>,
}

pub async fn get(db: &Db, scope: &Scope, id: ServicePointId) -> Result<Option<ServicePoint>> {
    let sql = format!("{SELECT} WHERE sp.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.map(|r| decode(db, &r)).transpose()
}

/// Where a point is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: ServicePointId) -> Result<Option<RegionCode>> {
    get(db, &Scope::all(), id).await.map(|p| p.map(|p| p.region_code))
}

/// One page of points in scope, ordered by region code then level; returns the page and the total.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<ServicePoint>, i64)> {
    let narrowed = match &filter.region {
        Some(p) if scope.contains(p) => Scope::under(p.clone()),
        Some(_) => return Ok((Vec::new(), 0)),
        None => scope.clone(),
    };
    let cond = "WHERE r.path >= $1 AND r.path < $2 AND ($3 = '' OR sp.level = $3) \
                AND ($4 = '' OR sp.status = $4) AND ($5 = '' OR sp.name LIKE $6)";
    let name = filter.name.clone().unwrap_or_default();
    let like = format!("%{}%", name.replace(['%', '_'], ""));
    let level = filter.level.map(|l| l.key()).unwrap_or("");
    let status = filter.status.map(|s| s.key()).unwrap_or("");
    let sql = format!("{SELECT} {cond} ORDER BY sp.region_code, sp.level, sp.name LIMIT $7 OFFSET $8");
    let rows = sqlx::query(&sql)
        .bind(narrowed.lo())
        .bind(narrowed.hi())
        .bind(level)
        .bind(status)
        .bind(name.as_str())
        .bind(like.as_str())
        .bind(limit)
        .bind(offset)
        .fetch_all(&db.pool)
        .await?;
    let count_sql =
        format!("SELECT COUNT(*) AS n FROM service_points sp JOIN regions r ON r.code = sp.region_code {cond}");
    let total: i64 = sqlx::query(&count_sql)
        .bind(narrowed.lo())
        .bind(narrowed.hi())
        .bind(level)
        .bind(status)
        .bind(name.as_str())
        .bind(like.as_str())
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    let points = rows.iter().map(|r| decode(db, r)).collect::<Result<_>>()?;
    Ok((points, total))
}

/// Open points sitting on each child of `parent` (children without one are absent).
pub async fn open_on_children(db: &Db, scope: &Scope, parent: &RegionCode) -> Result<Vec<(RegionCode, i64)>> {
    let rows = sqlx::query(
        "SELECT sp.region_code AS code, COUNT(*) AS n FROM service_points sp JOIN regions r ON r.code = sp.region_code \
         WHERE r.parent_code = $1 AND r.path >= $2 AND r.path < $3 AND sp.status <> 'closed' GROUP BY sp.region_code",
    )
    .bind(parent.as_str())
    .bind(scope.lo())
    .bind(scope.hi())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let code: String = r.try_get("code")?;
            let code = RegionCode::parse(&code).map_err(|_| StoreError::corrupt(format!("region code {code}")))?;
            Ok((code, r.try_get("n")?))
        })
        .collect()
}

/// Registers a point on a region in scope; the region's level must match the point's.
pub async fn create(
    db: &Db,
    scope: &Scope,
    region: &RegionCode,
    level: ServicePointLevel,
    details: &ServicePointDetails,
    by: Option<AccountId>,
) -> Result<ServicePoint> {
    let r = regions::get(db, scope, region).await?.ok_or(FieldError::new(Field::Region, Reason::NotFound))?;
    if r.level != level.region_level() {
        let (zh, en) = match level {
            ServicePointLevel::Center => ("县级区域或功能区", "a county-level unit or functional zone"),
            ServicePointLevel::Station => ("乡级区域", "a township"),
            ServicePointLevel::Room => ("村级区域", "a village or community"),
        };
        return Err(FieldError::new(Field::Region, Reason::WrongLevel { expected: zh, expected_en: en }).into());
    }
    let id = ServicePointId::new();
    let now = now_ms();
    let phone = sealed_phone(db, id, details)?;
    let mut tx = db.begin_write().await?;
    // The point counts, and its region may become covered.
    let counted = figures::Pending::read(&mut tx, vec![(Source::Region, vec![region.to_string()])]).await?;
    sqlx::query(
        "INSERT INTO service_points (id, region_code, level, name, address, contact_name, contact_phone, opened_on, status, closed_on, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', NULL, $9, $9)",
    )
    .bind(id.to_string())
    .bind(region.as_str())
    .bind(level.key())
    .bind(details.name.as_str())
    .bind(details.address.as_str())
    .bind(details.contact_name.clone())
    .bind(phone)
    .bind(format_date(details.opened_on))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    figures::add(&mut tx, Source::ServicePoint, &[id.to_string()]).await?;
    counted.settle(&mut tx).await?;
    let event = Event::new(by, "service_point.create", "service_point")
        .id(id)
        .region(region)
        .detail(serde_json::json!({ "level": level.key(), "name": details.name }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await?.ok_or_else(|| StoreError::corrupt("service point vanished after insert"))
}

/// The point's contact phone sealed for its row.
fn sealed_phone(db: &Db, id: ServicePointId, details: &ServicePointDetails) -> Result<Option<String>> {
    let sid = id.to_string();
    details
        .contact_phone
        .as_deref()
        .map(|p| db.crypto.seal_in(at("service_points", "contact_phone", &sid), p))
        .transpose()
}

/// A point and its region: what a change to the point may change in the figures.
fn touched(id: ServicePointId, region: &RegionCode) -> Vec<(Source, Vec<String>)> {
    vec![(Source::ServicePoint, vec![id.to_string()]), (Source::Region, vec![region.to_string()])]
}

/// Changes the details and the open/suspended status of a point in scope. `None` when it is not
/// in scope; a closed point cannot be edited.
pub async fn update(
    db: &Db,
    scope: &Scope,
    id: ServicePointId,
    details: &ServicePointDetails,
    status: ServicePointStatus,
    by: Option<AccountId>,
) -> Result<Option<ServicePoint>> {
    let Some(before) = get(db, scope, id).await? else {
        return Ok(None);
    };
    if before.status == ServicePointStatus::Closed {
        return Err(StoreError::Conflict(Conflict::ServicePointClosed));
    }
    if status == ServicePointStatus::Closed {
        return Err(FieldError::new(Field::Status, Reason::UnknownChoice).into());
    }
    let phone = sealed_phone(db, id, details)?;
    let mut tx = db.begin_write().await?;
    let counted = figures::Pending::read(&mut tx, touched(id, &before.region_code)).await?;
    let done = sqlx::query(
        "UPDATE service_points SET name = $1, address = $2, contact_name = $3, contact_phone = $4, opened_on = $5, \
         status = $6, updated_at = $7 WHERE id = $8 AND status <> 'closed' \
         AND region_code IN (SELECT code FROM regions WHERE path >= $9 AND path < $10)",
    )
    .bind(details.name.as_str())
    .bind(details.address.as_str())
    .bind(details.contact_name.clone())
    .bind(phone)
    .bind(format_date(details.opened_on))
    .bind(status.key())
    .bind(now_ms())
    .bind(id.to_string())
    .bind(scope.lo())
    .bind(scope.hi())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Conflict(Conflict::ServicePointClosed));
    }
    counted.settle(&mut tx).await?;
    let event = Event::new(by, "service_point.update", "service_point")
        .id(id)
        .region(&before.region_code)
        .detail(serde_json::json!({ "name": details.name, "status": status.key() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

/// Closes a point in scope on `closed_on`. Closing twice is a conflict.
pub async fn close(
    db: &Db,
    scope: &Scope,
    id: ServicePointId,
    closed_on: Date,
    by: Option<AccountId>,
) -> Result<Option<ServicePoint>> {
    let Some(before) = get(db, scope, id).await? else {
        return Ok(None);
    };
    if before.status == ServicePointStatus::Closed {
        return Err(StoreError::Conflict(Conflict::ServicePointAlreadyClosed));
    }
    if closed_on < before.opened_on {
        return Err(FieldError::new(Field::ClosedOn, Reason::DateBeforeOpening).into());
    }
    let mut tx = db.begin_write().await?;
    let counted = figures::Pending::read(&mut tx, touched(id, &before.region_code)).await?;
    let done = sqlx::query(
        "UPDATE service_points SET status = 'closed', closed_on = $1, updated_at = $2 WHERE id = $3 AND status <> 'closed' \
         AND region_code IN (SELECT code FROM regions WHERE path >= $4 AND path < $5)",
    )
    .bind(format_date(closed_on))
    .bind(now_ms())
    .bind(id.to_string())
    .bind(scope.lo())
    .bind(scope.hi())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Conflict(Conflict::ServicePointAlreadyClosed));
    }
    counted.settle(&mut tx).await?;
    let event = Event::new(by, "service_point.close", "service_point")
        .id(id)
        .region(&before.region_code)
        .detail(serde_json::json!({ "closed_on": format_date(closed_on) }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

/// The open service point of this name in a region in scope (spreadsheets name postings so).
pub async fn find_by_name(db: &Db, scope: &Scope, region: &RegionCode, name: &str) -> Result<Option<ServicePoint>> {
    let sql = format!(
        "{SELECT} WHERE sp.region_code = $1 AND sp.name = $2 AND sp.status = 'open' AND r.path >= $3 AND r.path < $4 \
         ORDER BY sp.created_at LIMIT 1"
    );
    let row = sqlx::query(&sql)
        .bind(region.as_str())
        .bind(name.trim())
        .bind(scope.lo())
        .bind(scope.hi())
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| decode(db, &r)).transpose()
}

/// The nearest open service point of `level` at or above a region: the unit handling a need
/// placed at that level, as its resident is told.
pub async fn handling(db: &Db, path: &RegionPath, level: ServicePointLevel) -> Result<Option<ServicePoint>> {
    let sql = format!(
        "{SELECT} WHERE sp.status = 'open' AND sp.level = $1 AND $2 LIKE r.path || '%' ORDER BY LENGTH(r.path) DESC LIMIT 1"
    );
    let row = sqlx::query(&sql).bind(level.key()).bind(path.as_str()).fetch_optional(&db.pool).await?;
    row.map(|r| decode(db, &r)).transpose()
}

/// The level of the nearest open service point at or above a region (a room in the village, else
/// a station in its township, else a centre in its county): who must take up a need there.
pub async fn nearest_open_level(db: &Db, path: &RegionPath) -> Result<Option<ServicePointLevel>> {
    let row = sqlx::query(
        "SELECT sp.level FROM service_points sp JOIN regions r ON r.code = sp.region_code \
         WHERE sp.status = 'open' AND $1 LIKE r.path || '%' ORDER BY LENGTH(r.path) DESC LIMIT 1",
    )
    .bind(path.as_str())
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        let level: String = r.try_get("level")?;
        ServicePointLevel::parse(&level).map_err(|_| StoreError::corrupt(format!("service point level {level}")))
    })
    .transpose()
}
