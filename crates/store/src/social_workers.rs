//! The social-worker registry, scoped by the region of the worker's current posting. A move to
//! another posting ends the old posting row and starts a new one, so the history stays.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::Date;
use wushe_domain::person::IdKind;
use wushe_domain::social_worker::{Licence, NewSocialWorker};
use wushe_domain::validate::{format_date, parse_date};
use wushe_domain::{
    AccountId, Field, FieldError, OrganizationId, PersonId, Reason, RegionCode, RegionPath, ServicePointId,
    SocialWorkerId,
};

use std::collections::HashMap;

use crate::audit::{self, Event};
use crate::batch::Problem;
use crate::figures::{self, Source};
use crate::persons::{self, NewPerson};
use crate::volunteers::mask_name;
use crate::{Db, Result, Scope, StoreError, now_ms, organizations, service_points};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocialWorker {
    pub id: SocialWorkerId,
    pub person_id: PersonId,
    pub region_code: RegionCode,
    pub region_name: String,
    pub region_path: RegionPath,
    pub name: String,
    pub id_kind: Option<IdKind>,
    /// In clear inside the process only; every view masks them.
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub licence: Licence,
    pub licence_no: Option<String>,
    pub licence_year: Option<i64>,
    pub employer_id: Option<OrganizationId>,
    pub service_point_id: ServicePointId,
    pub status: String,
    /// Whether the ID number is on record for a person entered in another region (nothing more
    /// about it): filled in for a record shown on its own (`persons::known_elsewhere`), `None`
    /// otherwise.
    pub known_elsewhere: Option<bool>,
}

const SELECT: &str = "SELECT w.id, w.person_id, w.region_code, r.name AS region_name, r.path AS region_path, p.name, \
    p.id_kind, p.id_number, p.phone, p.gender, p.birth_date, w.licence, w.licence_no, w.licence_year, w.employer_id, w.service_point_id, w.status \
    FROM social_workers w JOIN persons p ON p.id = w.person_id JOIN regions r ON r.code = w.region_code";

fn decode(db: &Db, r: &AnyRow) -> Result<SocialWorker> {
    let id: String = r.try_get("id")?;
    let bad = |what: &str| StoreError::corrupt(format!("social worker {id}: bad {what}"));
    let person = persons::fields(db, r)?;
    let employer: Option<String> = r.try_get("employer_id")?;
    Ok(SocialWorker {
        id: id.parse().map_err(|_| bad("id"))?,
        person_id: r.try_get::<String, _>("person_id")?.parse().map_err(|_| bad("person"))?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        region_name: r.try_get("region_name")?,
        region_path: RegionPath::from_stored(r.try_get("region_path")?).ok_or_else(|| bad("path"))?,
        name: person.name,
        id_kind: person.id_kind,
        id_number: person.id_number,
        phone: person.phone,
        licence: Licence::parse(&r.try_get::<String, _>("licence")?).map_err(|_| bad("licence"))?,
        licence_no: r.try_get("licence_no")?,
        licence_year: r.try_get("licence_year")?,
        employer_id: employer.map(|e| e.parse().map_err(|_| bad("employer"))).transpose()?,
        service_point_id: r.try_get::<String, _>("service_point_id")?.parse().map_err(|_| bad("posting"))?,
        status: r.try_get("status")?,
        known_elsewhere: None,
    })
}

pub async fn get(db: &Db, scope: &Scope, id: SocialWorkerId) -> Result<Option<SocialWorker>> {
    let sql = format!("{SELECT} WHERE w.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.map(|r| decode(db, &r)).transpose()
}

/// The active workers an organization employs in scope, by name: whom its staff may apply to the
/// care fund for.
pub async fn employed_by(db: &Db, scope: &Scope, org: OrganizationId, limit: i64) -> Result<Vec<SocialWorker>> {
    let sql = format!(
        "{SELECT} WHERE w.employer_id = $1 AND w.status = 'active' AND r.path >= $2 AND r.path < $3 \
         ORDER BY p.name_initials, w.id LIMIT {limit}"
    );
    let rows = sqlx::query(&sql).bind(org.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_all(&db.pool).await?;
    rows.iter().map(|r| decode(db, r)).collect()
}

/// Where a worker is posted, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: SocialWorkerId) -> Result<Option<RegionCode>> {
    get(db, &Scope::all(), id).await.map(|w| w.map(|w| w.region_code))
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub query: Option<String>,
    pub licence: Option<Licence>,
}

pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<SocialWorker>, i64)> {
    let mut values = persons::search_values(db, scope, filter.query.as_deref().unwrap_or(""));
    values.push(filter.licence.map(|l| l.key().to_owned()).unwrap_or_default());
    let cond = format!(
        "WHERE r.path >= $1 AND r.path < $2 AND w.status <> 'erased' AND {} AND ($11 = '' OR w.licence = $11)",
        persons::SEARCH
    );
    let sql = format!("{SELECT} {cond} ORDER BY w.region_code, p.name_initials LIMIT {limit} OFFSET {offset}");
    let rows = values.iter().fold(sqlx::query(&sql), |q, v| q.bind(v.as_str())).fetch_all(&db.pool).await?;
    let count_sql = format!(
        "SELECT COUNT(*) AS n FROM social_workers w JOIN persons p ON p.id = w.person_id JOIN regions r ON r.code = w.region_code {cond}"
    );
    let total: i64 = values
        .iter()
        .fold(sqlx::query(&count_sql), |q, v| q.bind(v.as_str()))
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    Ok((rows.iter().map(|r| decode(db, r)).collect::<Result<_>>()?, total))
}

/// Checks a batch: postings at service points in scope, employers in scope, nobody registered as
/// a social worker twice (in the batch or on record).
pub async fn check(db: &Db, scope: &Scope, batch: &[NewSocialWorker]) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    let mut points: HashMap<&str, bool> = HashMap::new();
    let mut employers: HashMap<&str, bool> = HashMap::new();
    let indexes: Vec<String> = batch.iter().map(|w| db.crypto.index("id", &w.identity.index_key())).collect();
    let known = persons::existing(db, scope, &indexes).await?;
    let mut seen = HashMap::new();
    for (i, w) in batch.iter().enumerate() {
        let posted = match points.get(w.posting.as_str()) {
            Some(ok) => *ok,
            None => {
                let ok = posting_in_scope(db, scope, &w.posting).await.is_ok();
                points.insert(&w.posting, ok);
                ok
            }
        };
        if !posted {
            problems.push(Problem { index: i, field: Field::Posting, reason: Reason::NotFound });
        }
        if let Some(raw) = &w.employer {
            let employed = match employers.get(raw.as_str()) {
                Some(ok) => *ok,
                None => {
                    let ok = match raw.parse::<OrganizationId>() {
                        Ok(id) => organizations::get(db, scope, id).await?.is_some(),
                        Err(_) => false,
                    };
                    employers.insert(raw, ok);
                    ok
                }
            };
            if !employed {
                problems.push(Problem { index: i, field: Field::Employer, reason: Reason::NotFound });
            }
        }
        if let Some(first) = seen.insert(indexes[i].as_str(), i) {
            problems.push(Problem { index: i, field: Field::IdNumber, reason: Reason::Repeats(first) });
        } else if let Some(e) = known.get(&indexes[i]).and_then(|all| all.iter().find(|e| e.social_worker)) {
            problems.push(Problem { index: i, field: Field::IdNumber, reason: Reason::Duplicate(mask_name(&e.name)) });
        }
    }
    Ok(problems)
}

async fn posting_in_scope(db: &Db, scope: &Scope, raw: &str) -> Result<service_points::ServicePoint> {
    let id: ServicePointId = raw.parse().map_err(|_| FieldError::new(Field::Posting, Reason::NotFound))?;
    service_points::get(db, scope, id).await?.ok_or(FieldError::new(Field::Posting, Reason::NotFound).into())
}

/// Registers one worker: the first problem [`check`] finds is the error.
pub async fn create(db: &Db, scope: &Scope, new: &NewSocialWorker, by: Option<AccountId>) -> Result<SocialWorker> {
    if let Some(p) = check(db, scope, std::slice::from_ref(new)).await?.into_iter().next() {
        return Err(FieldError::new(p.field, p.reason).into());
    }
    let ids = insert(db, scope, std::slice::from_ref(new), by, "social_worker.create", &mut |_| {}).await?;
    get(db, scope, ids[0]).await?.ok_or_else(|| StoreError::corrupt("social worker vanished after insert"))
}

/// Inserts a batch that [`check`] found clean, in one transaction with one audit event. A person
/// already on record (say, as a volunteer) becomes a social worker too.
pub async fn insert(
    db: &Db,
    scope: &Scope,
    batch: &[NewSocialWorker],
    by: Option<AccountId>,
    action: &str,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Vec<SocialWorkerId>> {
    let mut points = HashMap::new();
    for w in batch {
        if !points.contains_key(&w.posting) {
            points.insert(w.posting.clone(), posting_in_scope(db, scope, &w.posting).await?);
        }
    }
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let people: Vec<NewPerson> = batch
        .iter()
        .map(|w| NewPerson {
            name: &w.name,
            identity: &w.identity,
            phone: Some(&w.phone),
            address: None,
            region: &points[&w.posting].region_code,
        })
        .collect();
    let persons = persons::insert_or_reuse(db, &mut tx, &people).await?;
    let mut ids = Vec::with_capacity(batch.len());
    for (w, person) in batch.iter().zip(&persons) {
        let point = &points[&w.posting];
        let id = SocialWorkerId::new();
        sqlx::query(
            "INSERT INTO social_workers (id, person_id, region_code, licence, licence_no, licence_year, employer_id, \
             service_point_id, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $9)",
        )
        .bind(id.to_string())
        .bind(person.to_string())
        .bind(point.region_code.as_str())
        .bind(w.licence.key())
        .bind(w.licence_no.clone())
        .bind(w.licence_year.map(i64::from))
        .bind(w.employer.clone())
        .bind(point.id.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        start_posting(&mut tx, id, point, w.posted_on).await?;
        ids.push(id);
        progress(ids.len());
    }
    // Counted once for the whole batch: one query for the facts, one pass over the rollups.
    let written: Vec<String> = ids.iter().map(ToString::to_string).collect();
    figures::add(&mut tx, Source::SocialWorker, &written).await?;
    let event =
        Event::batch(by, action, "social_worker", scope, batch.first().map(|w| &points[&w.posting].region_code), &ids);
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(ids)
}

async fn start_posting(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    worker: SocialWorkerId,
    point: &service_points::ServicePoint,
    from: Date,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO social_worker_postings (id, worker_id, region_code, service_point_id, from_date, to_date) \
         VALUES ($1, $2, $3, $4, $5, NULL)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(worker.to_string())
    .bind(point.region_code.as_str())
    .bind(point.id.to_string())
    .bind(format_date(from))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Moves a worker in scope to another posting in scope on `on`; the old posting ends that day.
pub async fn repost(
    db: &Db,
    scope: &Scope,
    id: SocialWorkerId,
    posting: &str,
    on: Date,
    by: Option<AccountId>,
) -> Result<Option<SocialWorker>> {
    let Some(before) = get(db, scope, id).await? else { return Ok(None) };
    let point = posting_in_scope(db, scope, posting).await?;
    if point.id == before.service_point_id {
        return Ok(Some(before));
    }
    let history = postings(db, scope, id).await?.unwrap_or_default();
    if history.last().is_some_and(|p| on < p.from) {
        return Err(FieldError::new(Field::PostedOn, Reason::DateBeforeOpening).into());
    }
    let mut tx = db.begin_write().await?;
    let ids = [id.to_string()];
    let counted = figures::facts(&mut tx, Source::SocialWorker, &ids).await?;
    sqlx::query("UPDATE social_worker_postings SET to_date = $1 WHERE worker_id = $2 AND to_date IS NULL")
        .bind(format_date(on))
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    start_posting(&mut tx, id, &point, on).await?;
    sqlx::query("UPDATE social_workers SET region_code = $1, service_point_id = $2, updated_at = $3 WHERE id = $4")
        .bind(point.region_code.as_str())
        .bind(point.id.to_string())
        .bind(now_ms())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    figures::settle(&mut tx, Source::SocialWorker, &ids, counted).await?;
    let event = Event::new(by, "social_worker.repost", "social_worker")
        .id(id)
        .region(&before.region_code)
        .detail(serde_json::json!({ "from": before.service_point_id.to_string(), "to": point.id.to_string(), "on": format_date(on) }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub service_point_id: ServicePointId,
    pub region_code: RegionCode,
    pub from: Date,
    pub to: Option<Date>,
}

/// A worker's postings, oldest first; `None` when the worker is not in scope.
pub async fn postings(db: &Db, scope: &Scope, id: SocialWorkerId) -> Result<Option<Vec<Posting>>> {
    if get(db, scope, id).await?.is_none() {
        return Ok(None);
    }
    let rows = sqlx::query(
        "SELECT service_point_id, region_code, from_date, to_date FROM social_worker_postings WHERE worker_id = $1 ORDER BY from_date, id",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let bad = || StoreError::corrupt("posting row");
    let mut out = Vec::new();
    for r in rows {
        let to: Option<String> = r.try_get("to_date")?;
        out.push(Posting {
            service_point_id: r.try_get::<String, _>("service_point_id")?.parse().map_err(|_| bad())?,
            region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad())?,
            from: parse_date(Field::PostedOn, &r.try_get::<String, _>("from_date")?).map_err(|_| bad())?,
            to: to.map(|t| parse_date(Field::PostedOn, &t).map_err(|_| bad())).transpose()?,
        });
    }
    Ok(Some(out))
}

/// Corrects a worker's data in scope (rectification on request): person fields, licence and
/// employer. A change of posting is a move ([`repost`]), which keeps history.
pub async fn correct(
    db: &Db,
    scope: &Scope,
    id: SocialWorkerId,
    new: &NewSocialWorker,
    by: Option<AccountId>,
) -> Result<Option<SocialWorker>> {
    let Some(before) = get(db, scope, id).await? else { return Ok(None) };
    if before.status == persons::ERASED {
        return Err(StoreError::Conflict(wushe_domain::Conflict::Erased));
    }
    let employer = match &new.employer {
        None => None,
        Some(raw) => {
            let id: OrganizationId = raw.parse().map_err(|_| FieldError::new(Field::Employer, Reason::NotFound))?;
            organizations::get(db, scope, id).await?.ok_or(FieldError::new(Field::Employer, Reason::NotFound))?;
            Some(id)
        }
    };
    let person = NewPerson {
        name: &new.name,
        identity: &new.identity,
        phone: Some(&new.phone),
        address: None,
        region: &before.region_code,
    };
    let current = persons::Current {
        name: &before.name,
        id_kind: before.id_kind,
        id_number: before.id_number.as_deref(),
        phone: before.phone.as_deref(),
    };
    let mut changed = persons::changed(current, &person);
    for (field, differs) in [
        ("licence", before.licence != new.licence),
        ("licence_no", before.licence_no != new.licence_no),
        ("licence_year", before.licence_year != new.licence_year.map(i64::from)),
        ("employer", before.employer_id != employer),
    ] {
        if differs {
            changed.push(field);
        }
    }
    let mut tx = db.begin_write().await?;
    let ids = [id.to_string()];
    let counted = figures::facts(&mut tx, Source::SocialWorker, &ids).await?;
    persons::correct(
        db,
        &mut tx,
        before.person_id,
        (persons::Registry::SocialWorkers, &id.to_string()),
        &person,
        false,
    )
    .await?;
    sqlx::query(
        "UPDATE social_workers SET licence = $1, licence_no = $2, licence_year = $3, employer_id = $4, updated_at = $5 \
         WHERE id = $6",
    )
    .bind(new.licence.key())
    .bind(new.licence_no.clone())
    .bind(new.licence_year.map(i64::from))
    .bind(employer.map(|e| e.to_string()))
    .bind(now_ms())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    figures::settle(&mut tx, Source::SocialWorker, &ids, counted).await?;
    let event = Event::new(by, "social_worker.correct", "social_worker")
        .id(id)
        .region(&before.region_code)
        .detail(serde_json::json!({ "changed": changed }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

/// Erases a worker's personal data on request (see [`persons::erase`]); the registration, its
/// licence level and postings stay for the counts.
pub async fn erase(
    db: &Db,
    scope: &Scope,
    id: SocialWorkerId,
    reason: &str,
    by: Option<AccountId>,
) -> Result<Option<SocialWorker>> {
    let Some(before) = get(db, scope, id).await? else { return Ok(None) };
    if before.status == persons::ERASED {
        return Err(StoreError::Conflict(wushe_domain::Conflict::Erased));
    }
    persons::erase_on_request(db, "social_worker", &id, &before.region_code, before.person_id, reason, by).await?;
    get(db, scope, id).await
}
