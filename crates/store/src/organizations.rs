//! The social-organization registry, scoped by the region an organization is registered under.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::Date;
use wushe_domain::organization::{NewOrganization, OrgKind};
use wushe_domain::person::initials;
use wushe_domain::validate::{format_date, parse_date};
use wushe_domain::{AccountId, Field, FieldError, OrganizationId, Reason, RegionCode, RegionPath};

use crate::audit::{self, Event};
use crate::crypto::at;
use crate::error::is_unique_violation;
use std::collections::HashMap;

use crate::batch::Problem;
use crate::{Db, Result, Scope, StoreError, now_ms, regions};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    pub id: OrganizationId,
    pub region_code: RegionCode,
    pub region_name: String,
    pub region_path: RegionPath,
    pub name: String,
    pub credit_code: String,
    pub kind: OrgKind,
    pub authority: String,
    pub registered_on: Date,
    pub legal_rep: String,
    /// In clear inside the process only; every view masks it.
    pub contact_phone: Option<String>,
    pub categories: Vec<String>,
    pub serves: Vec<RegionCode>,
    pub capacity: i64,
    pub status: String,
}

const SELECT: &str = "SELECT o.id, o.region_code, r.name AS region_name, r.path AS region_path, o.name, o.credit_code, \
    o.kind, o.authority, o.registered_on, o.legal_rep, o.contact_phone, o.categories, o.capacity, o.status \
    FROM organizations o JOIN regions r ON r.code = o.region_code";

/// Decodes rows of [`SELECT`], reading the served regions of all of them in one query per 200.
async fn decode_all(db: &Db, rows: &[AnyRow]) -> Result<Vec<Organization>> {
    let ids: Vec<String> = rows.iter().map(|r| r.try_get("id")).collect::<std::result::Result<_, _>>()?;
    let mut serves: std::collections::HashMap<String, Vec<RegionCode>> = std::collections::HashMap::new();
    for chunk in ids.chunks(200) {
        let marks = (1..=chunk.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(",");
        let sql = format!(
            "SELECT organization_id, region_code FROM organization_regions WHERE organization_id IN ({marks}) \
             ORDER BY organization_id, region_code"
        );
        let found = chunk.iter().fold(sqlx::query(&sql), |q, id| q.bind(id.as_str())).fetch_all(&db.pool).await?;
        for row in found {
            let code: String = row.try_get("region_code")?;
            let code = RegionCode::parse(&code).map_err(|_| StoreError::corrupt(format!("served region {code}")))?;
            serves.entry(row.try_get("organization_id")?).or_default().push(code);
        }
    }
    rows.iter().map(|r| decode(db, r, &mut serves)).collect()
}

async fn decode_one(db: &Db, row: Option<AnyRow>) -> Result<Option<Organization>> {
    match row {
        Some(r) => Ok(decode_all(db, std::slice::from_ref(&r)).await?.pop()),
        None => Ok(None),
    }
}

fn decode(
    db: &Db,
    r: &AnyRow,
    serves: &mut std::collections::HashMap<String, Vec<RegionCode>>,
) -> Result<Organization> {
    let id: String = r.try_get("id")?;
    let bad = |what: &str| StoreError::corrupt(format!("organization {id}: bad {what}"));
    let sealed: Option<String> = r.try_get("contact_phone")?;
    let serves = serves.remove(&id).unwrap_or_default();
    Ok(Organization {
        id: id.parse().map_err(|_| bad("id"))?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        region_name: r.try_get("region_name")?,
        region_path: RegionPath::from_stored(r.try_get("region_path")?).ok_or_else(|| bad("path"))?,
        name: r.try_get("name")?,
        credit_code: r.try_get("credit_code")?,
        kind: OrgKind::parse(&r.try_get::<String, _>("kind")?).map_err(|_| bad("kind"))?,
        authority: r.try_get("authority")?,
        registered_on: parse_date(Field::RegisteredOn, &r.try_get::<String, _>("registered_on")?)
            .map_err(|_| bad("date"))?,
        legal_rep: r.try_get("legal_rep")?,
        contact_phone: sealed.and_then(|s| db.open_shown(at("organizations", "contact_phone", &id), &s)),
        categories: serde_json::from_str(&r.try_get::<String, _>("categories")?).map_err(|_| bad("categories"))?,
        serves,
        capacity: r.try_get("capacity")?,
        status: r.try_get("status")?,
    })
}

pub async fn get(db: &Db, scope: &Scope, id: OrganizationId) -> Result<Option<Organization>> {
    let sql = format!("{SELECT} WHERE o.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    decode_one(db, row).await
}

/// Where an organization is registered, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: OrganizationId) -> Result<Option<RegionCode>> {
    get(db, &Scope::all(), id).await.map(|o| o.map(|o| o.region_code))
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Part of the name, pinyin initials, or the credit code.
    pub query: Option<String>,
    pub kind: Option<OrgKind>,
    pub category: Option<String>,
}

pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<Organization>, i64)> {
    let q = filter.query.clone().unwrap_or_default().trim().to_owned();
    let plain = q.replace(['%', '_'], "");
    let category = filter.category.clone().unwrap_or_default().replace(['%', '_', '"'], "");
    let values = [
        scope.lo().to_owned(),
        scope.hi().to_owned(),
        q.clone(),
        format!("%{plain}%"),
        format!("{}%", plain.to_lowercase()),
        q.to_uppercase(),
        filter.kind.map(|k| k.key().to_owned()).unwrap_or_default(),
        category.clone(),
        format!("%\"{category}\"%"),
    ];
    let cond = "WHERE r.path >= $1 AND r.path < $2 AND ($3 = '' OR o.name LIKE $4 OR o.name_initials LIKE $5 OR o.credit_code = $6) \
                AND ($7 = '' OR o.kind = $7) AND ($8 = '' OR o.categories LIKE $9)";
    let sql = format!("{SELECT} {cond} ORDER BY o.region_code, o.name LIMIT {limit} OFFSET {offset}");
    let rows = values.iter().fold(sqlx::query(&sql), |q, v| q.bind(v.as_str())).fetch_all(&db.pool).await?;
    let count_sql =
        format!("SELECT COUNT(*) AS n FROM organizations o JOIN regions r ON r.code = o.region_code {cond}");
    let total: i64 = values
        .iter()
        .fold(sqlx::query(&count_sql), |q, v| q.bind(v.as_str()))
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    Ok((decode_all(db, &rows).await?, total))
}

/// Checks a batch: registration and served regions in scope, credit codes new to the file and to
/// the database. Returns every problem found.
pub async fn check(db: &Db, scope: &Scope, batch: &[NewOrganization]) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut known: HashMap<RegionCode, bool> = HashMap::new();
    for (i, o) in batch.iter().enumerate() {
        for (code, field) in
            std::iter::once((&o.region, Field::Region)).chain(o.serves.iter().map(|c| (c, Field::Serves)))
        {
            let ok = match known.get(code) {
                Some(ok) => *ok,
                None => {
                    let ok = regions::get(db, scope, code).await?.is_some();
                    known.insert(code.clone(), ok);
                    ok
                }
            };
            if !ok {
                problems.push(Problem { index: i, field, reason: Reason::NotFound });
                break;
            }
        }
        if let Some(first) = seen.insert(o.credit_code.as_str(), i) {
            problems.push(Problem { index: i, field: Field::CreditCode, reason: Reason::Repeats(first) });
        }
        let taken = sqlx::query("SELECT name FROM organizations WHERE credit_code = $1")
            .bind(o.credit_code.as_str())
            .fetch_optional(&db.pool)
            .await?;
        if let Some(row) = taken {
            let name: String = row.try_get("name")?;
            problems.push(Problem { index: i, field: Field::CreditCode, reason: Reason::Duplicate(name) });
        }
    }
    problems.sort_by_key(|p| p.index);
    Ok(problems)
}

/// Registers an organization under a region in scope, serving regions in scope.
pub async fn create(db: &Db, scope: &Scope, new: &NewOrganization, by: Option<AccountId>) -> Result<Organization> {
    regions::get(db, scope, &new.region).await?.ok_or(FieldError::new(Field::Region, Reason::NotFound))?;
    for code in &new.serves {
        regions::get(db, scope, code).await?.ok_or(FieldError::new(Field::Serves, Reason::NotFound))?;
    }
    let mut tx = db.begin_write().await?;
    let id = insert_one(db, &mut tx, new).await?;
    let event = Event::new(by, "organization.create", "organization")
        .id(id)
        .region(&new.region)
        .detail(serde_json::json!({ "name": new.name, "credit_code": new.credit_code }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await?.ok_or_else(|| StoreError::corrupt("organization vanished after insert"))
}

/// Inserts a batch that [`check`] found clean, in one transaction with one audit event.
pub async fn insert_many(
    db: &Db,
    scope: &Scope,
    batch: &[NewOrganization],
    by: Option<AccountId>,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<usize> {
    let mut tx = db.begin_write().await?;
    for (i, new) in batch.iter().enumerate() {
        insert_one(db, &mut tx, new).await?;
        progress(i + 1);
    }
    let region = scope.path().codes().last().cloned().unwrap_or_else(RegionCode::root);
    let event = Event::new(by, "organization.import", "organization")
        .region(&region)
        .detail(serde_json::json!({ "count": batch.len() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(batch.len())
}

async fn insert_one(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    new: &NewOrganization,
) -> Result<OrganizationId> {
    let id = OrganizationId::new();
    let oid = id.to_string();
    let now = now_ms();
    let inserted = sqlx::query(
        "INSERT INTO organizations (id, region_code, name, name_initials, credit_code, kind, authority, registered_on, legal_rep, \
         contact_phone, categories, capacity, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'active', $13, $13)",
    )
    .bind(id.to_string())
    .bind(new.region.as_str())
    .bind(new.name.as_str())
    .bind(initials(&new.name))
    .bind(new.credit_code.as_str())
    .bind(new.kind.key())
    .bind(new.authority.as_str())
    .bind(format_date(new.registered_on))
    .bind(new.legal_rep.as_str())
    .bind(new.contact_phone.as_deref().map(|p| db.crypto.seal_in(at("organizations", "contact_phone", &oid), p)).transpose()?)
    .bind(serde_json::to_string(&new.categories).map_err(|e| StoreError::corrupt(e.to_string()))?)
    .bind(new.capacity)
    .bind(now)
    .execute(&mut **tx)
    .await;
    if let Err(e) = inserted {
        if is_unique_violation(&e, "organizations_credit_code_key", "organizations.credit_code") {
            return Err(FieldError::new(Field::CreditCode, Reason::Taken).into());
        }
        return Err(e.into());
    }
    for code in &new.serves {
        sqlx::query(
            "INSERT INTO organization_regions (organization_id, region_code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(id.to_string())
        .bind(code.as_str())
        .execute(&mut **tx)
        .await?;
    }
    crate::figures::add(tx, crate::figures::Source::Organization, &[id.to_string()]).await?;
    Ok(id)
}

/// The organization in scope with this unified social credit code.
pub async fn find_by_credit_code(db: &Db, scope: &Scope, code: &str) -> Result<Option<Organization>> {
    let sql = format!("{SELECT} WHERE o.credit_code = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql)
        .bind(code.trim().to_ascii_uppercase())
        .bind(scope.lo())
        .bind(scope.hi())
        .fetch_optional(&db.pool)
        .await?;
    decode_one(db, row).await
}

/// The condition "registered in scope, or serving a region that holds the home path" on an
/// organization `o` (with `r` its registration region), on parameters `$n` (scope low), `$n+1`
/// (scope high), `$n+2` (home path): a station may link its volunteers to the district's
/// organizations that serve them.
fn in_scope_or_serving(n: usize) -> String {
    format!(
        "((r.path >= ${n} AND r.path < ${}) OR EXISTS (SELECT 1 FROM organization_regions orr \
         JOIN regions sr ON sr.code = orr.region_code WHERE orr.organization_id = o.id AND ${} LIKE sr.path || '%'))",
        n + 1,
        n + 2
    )
}

/// An organization a person living at `home` may belong to, as the actor sees it.
pub async fn get_serving(
    db: &Db,
    scope: &Scope,
    id: OrganizationId,
    home: &RegionPath,
) -> Result<Option<Organization>> {
    let sql = format!("{SELECT} WHERE o.id = $1 AND {}", in_scope_or_serving(2));
    let row = sqlx::query(&sql)
        .bind(id.to_string())
        .bind(scope.lo())
        .bind(scope.hi())
        .bind(home.as_str())
        .fetch_optional(&db.pool)
        .await?;
    decode_one(db, row).await
}

/// The active organizations a person living at `home` may belong to, by name: id and name only.
pub async fn serving(db: &Db, scope: &Scope, home: &RegionPath, limit: i64) -> Result<Vec<(OrganizationId, String)>> {
    let sql = format!(
        "SELECT o.id, o.name FROM organizations o JOIN regions r ON r.code = o.region_code WHERE {} \
         ORDER BY o.name LIMIT {limit}",
        in_scope_or_serving(1)
    );
    let rows = sqlx::query(&sql).bind(scope.lo()).bind(scope.hi()).bind(home.as_str()).fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| {
            let id: String = r.try_get("id")?;
            Ok((id.parse().map_err(|_| StoreError::corrupt(format!("organization id {id}")))?, r.try_get("name")?))
        })
        .collect()
}

/// The organization with this credit code that the actor sees or that serves `home` (see
/// [`get_serving`]): how a spreadsheet names a volunteer's organization.
pub async fn find_serving_by_credit_code(
    db: &Db,
    scope: &Scope,
    code: &str,
    home: &RegionPath,
) -> Result<Option<Organization>> {
    let sql = format!("{SELECT} WHERE o.credit_code = $1 AND {}", in_scope_or_serving(2));
    let row = sqlx::query(&sql)
        .bind(code.trim().to_ascii_uppercase())
        .bind(scope.lo())
        .bind(scope.hi())
        .bind(home.as_str())
        .fetch_optional(&db.pool)
        .await?;
    decode_one(db, row).await
}
