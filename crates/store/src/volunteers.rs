//! The volunteer registry. Personal fields live on `persons`, sealed; volunteers refer to the
//! person by id. Every read and write is scoped by the volunteer's home region.

use std::collections::{HashMap, HashSet};

use sqlx::Row;
use sqlx::any::AnyRow;
use time::Date;
use wushe_domain::idcard::Gender;
use wushe_domain::person::IdKind;
use wushe_domain::volunteer::{NewVolunteer, Window};
use wushe_domain::{
    AccountId, Field, OrganizationId, PersonId, Reason, RegionCode, RegionLevel, RegionPath, VolunteerId,
};

use crate::audit::{self, Event};
use crate::figures::{self, Source};
use crate::persons::{self, NewPerson};
use crate::{Db, Result, Scope, StoreError, now_ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volunteer {
    pub id: VolunteerId,
    pub person_id: PersonId,
    pub volunteer_no: String,
    pub region_code: RegionCode,
    pub region_name: String,
    pub region_path: RegionPath,
    pub name: String,
    pub id_kind: Option<IdKind>,
    /// In clear inside the process only; every view masks it.
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub gender: Option<Gender>,
    pub birth_date: Option<Date>,
    pub skills: Vec<String>,
    pub availability: Vec<Window>,
    pub status: String,
    /// Whether the ID number is on record for a person entered in another region (nothing more
    /// about it): filled in for a record shown on its own (`persons::known_elsewhere`), `None`
    /// otherwise.
    pub known_elsewhere: Option<bool>,
}

const SELECT: &str = "SELECT v.id, v.person_id, v.volunteer_no, v.region_code, r.name AS region_name, r.path AS region_path, \
    p.name, p.id_kind, p.id_number, p.phone, p.gender, p.birth_date, v.skills, v.availability, v.status \
    FROM volunteers v JOIN persons p ON p.id = v.person_id JOIN regions r ON r.code = v.region_code";

fn decode(db: &Db, r: &AnyRow) -> Result<Volunteer> {
    let id: String = r.try_get("id")?;
    let bad = |what: &str| StoreError::corrupt(format!("volunteer {id}: bad {what}"));
    let person = persons::fields(db, r)?;
    Ok(Volunteer {
        id: id.parse().map_err(|_| bad("id"))?,
        person_id: r.try_get::<String, _>("person_id")?.parse().map_err(|_| bad("person"))?,
        volunteer_no: r.try_get("volunteer_no")?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        region_name: r.try_get("region_name")?,
        region_path: RegionPath::from_stored(r.try_get("region_path")?).ok_or_else(|| bad("path"))?,
        name: person.name,
        id_kind: person.id_kind,
        id_number: person.id_number,
        phone: person.phone,
        gender: person.gender,
        birth_date: person.birth_date,
        skills: serde_json::from_str(&r.try_get::<String, _>("skills")?).map_err(|_| bad("skills"))?,
        availability: serde_json::from_str(&r.try_get::<String, _>("availability")?)
            .map_err(|_| bad("availability"))?,
        status: r.try_get("status")?,
        known_elsewhere: None,
    })
}

pub async fn get(db: &Db, scope: &Scope, id: VolunteerId) -> Result<Option<Volunteer>> {
    let sql = format!("{SELECT} WHERE v.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.map(|r| decode(db, &r)).transpose()
}

/// Where a volunteer is registered, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: VolunteerId) -> Result<Option<RegionCode>> {
    get(db, &Scope::all(), id).await.map(|v| v.map(|v| v.region_code))
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// A name, pinyin initials, or an exact phone or ID number.
    pub query: Option<String>,
    pub skill: Option<String>,
    pub region: Option<RegionPath>,
}

pub async fn list(db: &Db, scope: &Scope, filter: &Filter, offset: i64, limit: i64) -> Result<(Vec<Volunteer>, i64)> {
    let narrowed = match &filter.region {
        Some(p) if scope.contains(p) => Scope::under(p.clone()),
        Some(_) => return Ok((Vec::new(), 0)),
        None => scope.clone(),
    };
    let cond = format!(
        "WHERE r.path >= $1 AND r.path < $2 AND v.status <> 'erased' AND {} AND ($11 = '' OR v.skills LIKE $12)",
        persons::SEARCH
    );
    let skill = filter.skill.clone().unwrap_or_default();
    let mut values = persons::search_values(db, &narrowed, filter.query.as_deref().unwrap_or(""));
    values.push(skill.clone());
    values.push(format!("%\"{}\"%", skill.replace(['%', '_', '"'], "")));
    let sql = format!("{SELECT} {cond} ORDER BY v.region_code, v.volunteer_no LIMIT {limit} OFFSET {offset}");
    let rows = bound(&sql, &values).fetch_all(&db.pool).await?;
    let count_sql = format!(
        "SELECT COUNT(*) AS n FROM volunteers v JOIN persons p ON p.id = v.person_id JOIN regions r ON r.code = v.region_code {cond}"
    );
    let total: i64 = bound(&count_sql, &values).fetch_one(&db.pool).await?.try_get("n")?;
    Ok((rows.iter().map(|r| decode(db, r)).collect::<Result<_>>()?, total))
}

fn bound<'q>(sql: &'q str, values: &'q [String]) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    values.iter().fold(sqlx::query(sql), |q, v| q.bind(v.as_str()))
}

pub use crate::batch::Problem;

pub use crate::skills::active as skills;

/// Checks a batch against the database and itself: home regions are villages in scope, skills are
/// on the list, nobody is registered twice. Returns every problem found.
pub async fn check(db: &Db, scope: &Scope, batch: &[NewVolunteer]) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    let codes: HashSet<&str> = batch.iter().map(|v| v.region.as_str()).collect();
    let mut villages: HashSet<String> = HashSet::new();
    let codes: Vec<&str> = codes.into_iter().collect();
    for chunk in codes.chunks(200) {
        let marks = (0..chunk.len()).map(|i| format!("${}", i + 4)).collect::<Vec<_>>().join(",");
        let sql =
            format!("SELECT code FROM regions WHERE path >= $1 AND path < $2 AND level = $3 AND code IN ({marks})");
        let mut q = sqlx::query(&sql).bind(scope.lo()).bind(scope.hi()).bind(RegionLevel::Village.as_i64());
        for c in chunk {
            q = q.bind(*c);
        }
        for r in q.fetch_all(&db.pool).await? {
            villages.insert(r.try_get("code")?);
        }
    }
    let known: HashSet<String> = skills(db).await?.into_iter().collect();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut seen_nos: HashMap<&str, usize> = HashMap::new();
    let indexes: Vec<String> = batch.iter().map(|v| db.crypto.index("id", &v.identity.index_key())).collect();
    for (i, v) in batch.iter().enumerate() {
        if !villages.contains(v.region.as_str()) {
            problems.push(Problem { index: i, field: Field::Region, reason: Reason::NotFound });
        }
        if let Some(s) = v.skills.iter().find(|s| !known.contains(*s)) {
            problems.push(Problem { index: i, field: Field::Skills, reason: Reason::UnknownItem(s.clone()) });
        }
        if let Some(first) = seen_ids.insert(indexes[i].clone(), i) {
            problems.push(Problem { index: i, field: Field::IdNumber, reason: Reason::Repeats(first) });
        }
        if let Some(first) = v.volunteer_no.as_deref().and_then(|no| seen_nos.insert(no, i)) {
            problems.push(Problem { index: i, field: Field::VolunteerNo, reason: Reason::Repeats(first) });
        }
    }
    let known = persons::existing(db, scope, &indexes).await?;
    for (i, index) in indexes.iter().enumerate() {
        if let Some(e) = known.get(index).and_then(|all| all.iter().find(|e| e.volunteer_no.is_some()))
            && let Some(no) = &e.volunteer_no
        {
            let holder = format!("{no} {}", mask_name(&e.name));
            problems.push(Problem { index: i, field: Field::IdNumber, reason: Reason::Duplicate(holder) });
        }
    }
    let nos: Vec<&str> = batch.iter().filter_map(|v| v.volunteer_no.as_deref()).collect();
    for chunk in nos.chunks(200) {
        let marks = (0..chunk.len()).map(|i| format!("${}", i + 1)).collect::<Vec<_>>().join(",");
        let sql = format!("SELECT volunteer_no FROM volunteers WHERE volunteer_no IN ({marks})");
        let mut q = sqlx::query(&sql);
        for c in chunk {
            q = q.bind(*c);
        }
        for r in q.fetch_all(&db.pool).await? {
            let no: String = r.try_get("volunteer_no")?;
            if let Some(i) = batch.iter().position(|v| v.volunteer_no.as_deref() == Some(no.as_str())) {
                problems.push(Problem { index: i, field: Field::VolunteerNo, reason: Reason::Duplicate(no) });
            }
        }
    }
    problems.sort_by_key(|p| p.index);
    Ok(problems)
}

/// 张三丰 → 张**: enough to recognise a record, not to identify a stranger.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => format!("{first}{}", "*".repeat(chars.count())),
        None => String::new(),
    }
}

/// Rows per INSERT: kept small for the same reason as the region loader's.
const BATCH: usize = 48;

/// Inserts a batch that [`check`] found clean, in one transaction with one audit event.
/// Returns the new volunteers' ids in batch order.
pub async fn insert(
    db: &Db,
    scope: &Scope,
    batch: &[NewVolunteer],
    by: Option<AccountId>,
    action: &str,
) -> Result<Vec<VolunteerId>> {
    insert_with_progress(db, scope, batch, by, action, &mut |_| {}).await
}

/// [`insert`], calling `progress` with the number of rows written so far after each statement.
pub async fn insert_with_progress(
    db: &Db,
    scope: &Scope,
    batch: &[NewVolunteer],
    by: Option<AccountId>,
    action: &str,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Vec<VolunteerId>> {
    insert_with_memberships(db, scope, batch, &[], by, action, progress).await
}

/// A membership to start with a new volunteer: the organization, the team if any, and the day.
pub type Joining = Option<(OrganizationId, Option<String>, Date)>;

/// [`insert_with_progress`], also adding the volunteers at the same index in `joins` to their
/// organization, in the same transaction. `joins` may be shorter than the batch.
pub async fn insert_with_memberships(
    db: &Db,
    scope: &Scope,
    batch: &[NewVolunteer],
    joins: &[Joining],
    by: Option<AccountId>,
    action: &str,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Vec<VolunteerId>> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let people: Vec<NewPerson> = batch
        .iter()
        .map(|v| NewPerson {
            name: &v.name,
            identity: &v.identity,
            phone: Some(&v.phone),
            address: None,
            region: &v.region,
        })
        .collect();
    let persons = persons::insert_or_reuse(db, &mut tx, &people).await?;
    let mut next_no: HashMap<String, i64> = HashMap::new();
    let mut ids = Vec::with_capacity(batch.len());
    for (chunk_no, chunk) in batch.chunks(BATCH).enumerate() {
        let mut vol_sql = String::from(
            "INSERT INTO volunteers (id, person_id, region_code, volunteer_no, skills, availability, status, created_at, updated_at) VALUES ",
        );
        let mut rows = Vec::with_capacity(chunk.len());
        for (i, v) in chunk.iter().enumerate() {
            let q = i * 8;
            let marks = (1..=6).map(|k| format!("${}", q + k)).collect::<Vec<_>>().join(", ");
            vol_sql.push_str(&format!("{}({marks}, 'active', ${}, ${})", if i > 0 { "," } else { "" }, q + 7, q + 8));
            let no = match &v.volunteer_no {
                Some(no) => no.clone(),
                None => {
                    let county = &v.region.as_str()[..v.region.as_str().len().min(6)];
                    let n = match next_no.get(county) {
                        Some(n) => *n,
                        None => {
                            let row = sqlx::query("SELECT COUNT(*) AS n FROM volunteers WHERE volunteer_no LIKE $1")
                                .bind(format!("V{county}%"))
                                .fetch_one(&mut *tx)
                                .await?;
                            row.try_get::<i64, _>("n")?
                        }
                    } + 1;
                    next_no.insert(county.to_owned(), n);
                    format!("V{county}{n:07}")
                }
            };
            rows.push((persons[chunk_no * BATCH + i], VolunteerId::new(), no));
        }
        let mut vq = sqlx::query(&vol_sql);
        for (v, (person, id, no)) in chunk.iter().zip(&rows) {
            vq = vq
                .bind(id.to_string())
                .bind(person.to_string())
                .bind(v.region.as_str().to_owned())
                .bind(no.clone())
                .bind(serde_json::to_string(&v.skills).map_err(|e| StoreError::corrupt(e.to_string()))?)
                .bind(serde_json::to_string(&v.availability).map_err(|e| StoreError::corrupt(e.to_string()))?)
                .bind(now)
                .bind(now);
        }
        vq.execute(&mut *tx).await?;
        ids.extend(rows.into_iter().map(|(_, id, _)| id));
        progress(ids.len());
    }
    // Counted once for the whole import: each figure row is then written once, where a write per
    // batch rewrote the same day's rows thousands of times in one transaction (on PostgreSQL each
    // rewrite leaves a row version the next one has to step over).
    let written: Vec<String> = ids.iter().map(ToString::to_string).collect();
    figures::add(&mut tx, Source::Volunteer, &written).await?;
    for (id, join) in ids.iter().zip(joins) {
        let Some((organization, team, on)) = join else { continue };
        sqlx::query(
            "INSERT INTO volunteer_memberships (id, volunteer_id, organization_id, team, joined_on, left_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, NULL, $6)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(id.to_string())
        .bind(organization.to_string())
        .bind(team.clone())
        .bind(wushe_domain::validate::format_date(*on))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let event = Event::batch(by, action, "volunteer", scope, batch.first().map(|v| &v.region), &ids);
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(ids)
}

/// Corrects a volunteer's data in scope (the person's right to rectification). `None` when the
/// volunteer is not in scope. Changed fields are named in the audit event, their values are not.
pub async fn correct(
    db: &Db,
    scope: &Scope,
    id: VolunteerId,
    new: &NewVolunteer,
    by: Option<AccountId>,
) -> Result<Option<Volunteer>> {
    let Some(before) = get(db, scope, id).await? else { return Ok(None) };
    if before.status == ERASED {
        return Err(StoreError::Conflict(wushe_domain::Conflict::Erased));
    }
    let person = NewPerson {
        name: &new.name,
        identity: &new.identity,
        phone: Some(&new.phone),
        address: None,
        region: &new.region,
    };
    let current = persons::Current {
        name: &before.name,
        id_kind: before.id_kind,
        id_number: before.id_number.as_deref(),
        phone: before.phone.as_deref(),
    };
    let mut changed = persons::changed(current, &person);
    if before.region_code != new.region {
        changed.push("region");
    }
    if before.skills != new.skills {
        changed.push("skills");
    }
    if before.availability != new.availability {
        changed.push("availability");
    }
    let mut tx = db.begin_write().await?;
    let ids = [id.to_string()];
    let counted = figures::facts(&mut tx, Source::Volunteer, &ids).await?;
    persons::correct(db, &mut tx, before.person_id, (persons::Registry::Volunteers, &id.to_string()), &person, false)
        .await?;
    sqlx::query(
        "UPDATE volunteers SET region_code = $1, skills = $2, availability = $3, updated_at = $4 WHERE id = $5 \
         AND region_code IN (SELECT code FROM regions WHERE path >= $6 AND path < $7)",
    )
    .bind(new.region.as_str())
    .bind(serde_json::to_string(&new.skills).map_err(|e| StoreError::corrupt(e.to_string()))?)
    .bind(serde_json::to_string(&new.availability).map_err(|e| StoreError::corrupt(e.to_string()))?)
    .bind(now_ms())
    .bind(id.to_string())
    .bind(scope.lo())
    .bind(scope.hi())
    .execute(&mut *tx)
    .await?;
    figures::settle(&mut tx, Source::Volunteer, &ids, counted).await?;
    let event = Event::new(by, "volunteer.correct", "volunteer")
        .id(id)
        .region(&before.region_code)
        .detail(serde_json::json!({ "changed": changed }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

pub use persons::ERASED;

/// Erases a volunteer's personal data on request (see [`persons::erase`]); the registration
/// keeps its number and region for the counts.
pub async fn erase(
    db: &Db,
    scope: &Scope,
    id: VolunteerId,
    reason: &str,
    by: Option<AccountId>,
) -> Result<Option<Volunteer>> {
    let Some(before) = get(db, scope, id).await? else { return Ok(None) };
    if before.status == ERASED {
        return Err(StoreError::Conflict(wushe_domain::Conflict::Erased));
    }
    persons::erase_on_request(db, "volunteer", &id, &before.region_code, before.person_id, reason, by).await?;
    get(db, scope, id).await
}
