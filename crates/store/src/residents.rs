//! The resident registry (服务对象): sealed categories with keyed tags for search, consents as
//! records. Scoped by the resident's home village.

use std::collections::HashSet;

use sqlx::Row;
use sqlx::any::AnyRow;
use time::Date;
use wushe_domain::idcard::Gender;
use wushe_domain::person::IdKind;
use wushe_domain::resident::{NewConsent, NewResident, Purpose};
use wushe_domain::{AccountId, Field, PersonId, Reason, RegionCode, RegionLevel, RegionPath, ResidentId};

use crate::audit::{self, Event};
use crate::batch::Problem;
use crate::crypto::at;
use crate::persons::{self, NewPerson};
use crate::volunteers::mask_name;
use crate::{Db, Result, Scope, StoreError, now_ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resident {
    pub id: ResidentId,
    pub person_id: PersonId,
    pub region_code: RegionCode,
    pub region_name: String,
    pub region_path: RegionPath,
    pub name: String,
    pub id_kind: Option<IdKind>,
    /// In clear inside the process only; every view masks them.
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub gender: Option<Gender>,
    pub birth_date: Option<Date>,
    pub household: Option<String>,
    pub categories: Vec<String>,
    pub status: String,
    /// Whether the ID number is on record for a person entered in another region (nothing more
    /// about it): filled in for a record shown on its own (`persons::known_elsewhere`), `None`
    /// otherwise.
    pub known_elsewhere: Option<bool>,
}

const SELECT: &str = "SELECT rs.id, rs.person_id, rs.region_code, r.name AS region_name, r.path AS region_path, p.name, \
    p.id_kind, p.id_number, p.phone, p.address, p.gender, p.birth_date, rs.household, rs.categories, rs.status \
    FROM residents rs JOIN persons p ON p.id = rs.person_id JOIN regions r ON r.code = rs.region_code";

fn decode(db: &Db, r: &AnyRow) -> Result<Resident> {
    let id: String = r.try_get("id")?;
    let bad = |what: &str| StoreError::corrupt(format!("resident {id}: bad {what}"));
    let person = persons::fields(db, r)?;
    let address: Option<String> = r.try_get("address")?;
    let categories = db.crypto.open_in(at("residents", "categories", &id), &r.try_get::<String, _>("categories")?)?;
    let person_key: String = r.try_get("person_id")?;
    Ok(Resident {
        id: id.parse().map_err(|_| bad("id"))?,
        person_id: r.try_get::<String, _>("person_id")?.parse().map_err(|_| bad("person"))?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        region_name: r.try_get("region_name")?,
        region_path: RegionPath::from_stored(r.try_get("region_path")?).ok_or_else(|| bad("path"))?,
        name: person.name,
        id_kind: person.id_kind,
        id_number: person.id_number,
        phone: person.phone,
        address: address.and_then(|a| db.open_shown(at("persons", "address", &person_key), &a)),
        gender: person.gender,
        birth_date: person.birth_date,
        household: r.try_get("household")?,
        categories: serde_json::from_str(&categories).map_err(|_| bad("categories"))?,
        status: r.try_get("status")?,
        known_elsewhere: None,
    })
}

pub async fn get(db: &Db, scope: &Scope, id: ResidentId) -> Result<Option<Resident>> {
    let sql = format!("{SELECT} WHERE rs.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.map(|r| decode(db, &r)).transpose()
}

/// Where a resident lives, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: ResidentId) -> Result<Option<RegionCode>> {
    get(db, &Scope::all(), id).await.map(|v| v.map(|v| v.region_code))
}

/// The keyed tag of a category: equal categories give equal tags, and without the key a tag
/// says nothing.
fn tag(db: &Db, category: &str) -> String {
    db.crypto.index("category", category)
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// A name, pinyin initials, or an exact phone or ID number.
    pub query: Option<String>,
    pub category: Option<String>,
}

pub async fn list(db: &Db, scope: &Scope, filter: &Filter, offset: i64, limit: i64) -> Result<(Vec<Resident>, i64)> {
    let mut values = persons::search_values(db, scope, filter.query.as_deref().unwrap_or(""));
    let category = filter.category.clone().unwrap_or_default();
    values.push(category.clone());
    values.push(tag(db, &category));
    let cond = format!(
        "WHERE r.path >= $1 AND r.path < $2 AND rs.status <> 'erased' AND {} \
         AND ($11 = '' OR EXISTS (SELECT 1 FROM resident_tags t WHERE t.resident_id = rs.id AND t.tag = $12))",
        persons::SEARCH
    );
    let sql = format!("{SELECT} {cond} ORDER BY rs.region_code, p.name_initials LIMIT {limit} OFFSET {offset}");
    let rows = values.iter().fold(sqlx::query(&sql), |q, v| q.bind(v.as_str())).fetch_all(&db.pool).await?;
    let count_sql = format!(
        "SELECT COUNT(*) AS n FROM residents rs JOIN persons p ON p.id = rs.person_id JOIN regions r ON r.code = rs.region_code {cond}"
    );
    let total: i64 = values
        .iter()
        .fold(sqlx::query(&count_sql), |q, v| q.bind(v.as_str()))
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    Ok((rows.iter().map(|r| decode(db, r)).collect::<Result<_>>()?, total))
}

/// Checks a batch: home villages in scope, nobody registered as a resident twice.
pub async fn check(db: &Db, scope: &Scope, batch: &[NewResident]) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    let mut villages = HashSet::new();
    for code in batch.iter().map(|r| &r.region).collect::<HashSet<_>>() {
        let found = crate::regions::get(db, scope, code).await?;
        if found.is_some_and(|r| r.level == RegionLevel::Village) {
            villages.insert(code.clone());
        }
    }
    let indexes: Vec<String> = batch.iter().map(|r| db.crypto.index("id", &r.identity.index_key())).collect();
    let known = persons::existing(db, scope, &indexes).await?;
    let mut seen = std::collections::HashMap::new();
    for (i, r) in batch.iter().enumerate() {
        if !villages.contains(&r.region) {
            problems.push(Problem { index: i, field: Field::Region, reason: Reason::NotFound });
        }
        if let Some(first) = seen.insert(indexes[i].as_str(), i) {
            problems.push(Problem { index: i, field: Field::IdNumber, reason: Reason::Repeats(first) });
        } else if let Some(e) = known.get(&indexes[i]).and_then(|all| all.iter().find(|e| e.resident)) {
            problems.push(Problem { index: i, field: Field::IdNumber, reason: Reason::Duplicate(mask_name(&e.name)) });
        }
    }
    Ok(problems)
}

/// Inserts a batch that [`check`] found clean, in one transaction with one audit event. A person
/// already on record (say, as a volunteer) becomes a resident too; no second person is made.
pub async fn insert(
    db: &Db,
    scope: &Scope,
    batch: &[NewResident],
    by: Option<AccountId>,
    action: &str,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Vec<ResidentId>> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let people: Vec<NewPerson> = batch
        .iter()
        .map(|r| NewPerson {
            name: &r.name,
            identity: &r.identity,
            phone: r.phone.as_deref(),
            address: r.address.as_deref(),
            region: &r.region,
        })
        .collect();
    let persons = persons::insert_or_reuse(db, &mut tx, &people).await?;
    let mut ids = Vec::with_capacity(batch.len());
    for (r, person) in batch.iter().zip(&persons) {
        let id = ResidentId::new();
        let categories = serde_json::to_string(&r.categories).map_err(|e| StoreError::corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO residents (id, person_id, region_code, household, categories, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 'active', $6, $6)",
        )
        .bind(id.to_string())
        .bind(person.to_string())
        .bind(r.region.as_str())
        .bind(r.household.clone())
        .bind(db.crypto.seal_in(at("residents", "categories", &id.to_string()), &categories)?)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for c in &r.categories {
            sqlx::query(
                "INSERT INTO resident_tags (resident_id, region_code, tag) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(id.to_string())
            .bind(r.region.as_str())
            .bind(tag(db, c))
            .execute(&mut *tx)
            .await?;
        }
        ids.push(id);
        progress(ids.len());
    }
    let event = Event::batch(by, action, "resident", scope, batch.first().map(|r| &r.region), &ids);
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(ids)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub purpose: Purpose,
    pub given: bool,
    pub guardian: Option<String>,
    pub recorded_by: Option<String>,
    pub recorded_at: i64,
}

/// Records a consent (or its withdrawal, `given = false`) for a resident in scope.
pub async fn record_consent(
    db: &Db,
    scope: &Scope,
    id: ResidentId,
    consent: &NewConsent,
    given: bool,
    by: Option<AccountId>,
) -> Result<Option<Vec<Consent>>> {
    let Some(r) = get(db, scope, id).await? else { return Ok(None) };
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO consents (id, resident_id, region_code, purpose, given, guardian, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(id.to_string())
    .bind(r.region_code.as_str())
    .bind(consent.purpose.key())
    .bind(i64::from(given))
    .bind(consent.guardian.clone())
    .bind(by.map(|b| b.to_string()))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let event = Event::new(by, if given { "resident.consent" } else { "resident.consent_withdrawn" }, "resident")
        .id(id)
        .region(&r.region_code)
        .detail(serde_json::json!({ "purpose": consent.purpose.key(), "guardian": consent.guardian.is_some() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    consents(db, scope, id).await
}

/// A resident's consent records, oldest first.
pub async fn consents(db: &Db, scope: &Scope, id: ResidentId) -> Result<Option<Vec<Consent>>> {
    if get(db, scope, id).await?.is_none() {
        return Ok(None);
    }
    let rows = sqlx::query(
        "SELECT purpose, given, guardian, recorded_by, recorded_at FROM consents WHERE resident_id = $1 ORDER BY recorded_at, id",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(Consent {
            purpose: Purpose::parse(&r.try_get::<String, _>("purpose")?)
                .map_err(|_| StoreError::corrupt("consent purpose"))?,
            given: r.try_get::<i64, _>("given")? != 0,
            guardian: r.try_get("guardian")?,
            recorded_by: r.try_get("recorded_by")?,
            recorded_at: r.try_get("recorded_at")?,
        });
    }
    Ok(Some(out))
}

/// Corrects a resident's data in scope (rectification on request): person fields, address,
/// household and categories; the search tags follow the categories. `None` when not in scope.
pub async fn correct(
    db: &Db,
    scope: &Scope,
    id: ResidentId,
    new: &NewResident,
    by: Option<AccountId>,
) -> Result<Option<Resident>> {
    let Some(before) = get(db, scope, id).await? else { return Ok(None) };
    if before.status == persons::ERASED {
        return Err(StoreError::Conflict(wushe_domain::Conflict::Erased));
    }
    let village = crate::regions::get(db, scope, &new.region).await?;
    if village.is_none_or(|r| r.level != RegionLevel::Village) {
        return Err(wushe_domain::FieldError::new(Field::Region, Reason::NotFound).into());
    }
    let person = NewPerson {
        name: &new.name,
        identity: &new.identity,
        phone: new.phone.as_deref(),
        address: new.address.as_deref(),
        region: &new.region,
    };
    let current = persons::Current {
        name: &before.name,
        id_kind: before.id_kind,
        id_number: before.id_number.as_deref(),
        phone: before.phone.as_deref(),
    };
    let mut changed = persons::changed(current, &person);
    for (field, differs) in [
        ("address", before.address != new.address),
        ("region", before.region_code != new.region),
        ("household", before.household != new.household),
        ("categories", before.categories != new.categories),
    ] {
        if differs {
            changed.push(field);
        }
    }
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    persons::correct(db, &mut tx, before.person_id, (persons::Registry::Residents, &id.to_string()), &person, true)
        .await?;
    let categories = serde_json::to_string(&new.categories).map_err(|e| StoreError::corrupt(e.to_string()))?;
    sqlx::query(
        "UPDATE residents SET region_code = $1, household = $2, categories = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(new.region.as_str())
    .bind(new.household.clone())
    .bind(db.crypto.seal_in(at("residents", "categories", &id.to_string()), &categories)?)
    .bind(now)
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM resident_tags WHERE resident_id = $1").bind(id.to_string()).execute(&mut *tx).await?;
    for c in &new.categories {
        sqlx::query(
            "INSERT INTO resident_tags (resident_id, region_code, tag) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(id.to_string())
        .bind(new.region.as_str())
        .bind(tag(db, c))
        .execute(&mut *tx)
        .await?;
    }
    let event = Event::new(by, "resident.correct", "resident")
        .id(id)
        .region(&before.region_code)
        .detail(serde_json::json!({ "changed": changed }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

/// Erases a resident's personal data on request (see [`persons::erase`]); consents stay as
/// records without the guardian's name.
pub async fn erase(
    db: &Db,
    scope: &Scope,
    id: ResidentId,
    reason: &str,
    by: Option<AccountId>,
) -> Result<Option<Resident>> {
    let Some(before) = get(db, scope, id).await? else { return Ok(None) };
    if before.status == persons::ERASED {
        return Err(StoreError::Conflict(wushe_domain::Conflict::Erased));
    }
    persons::erase_on_request(db, "resident", &id, &before.region_code, before.person_id, reason, by).await?;
    get(db, scope, id).await
}
