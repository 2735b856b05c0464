//! Back-entries and amendments of the hours ledger. A back-entry waits as a request until someone
//! else of the recording unit approves it; an amendment is a new entry that supersedes the one it
//! corrects. The recording unit is an organization (its staff, for its current members) or the
//! service network (staff whose area holds the volunteer).

use sqlx::Row;
use wushe_domain::hours::{HoursSource, NewEntryText};
use wushe_domain::message::MessageKind;
use wushe_domain::{AccountId, Conflict, Field, FieldError, OrganizationId, Reason, VolunteerId};

use crate::audit::{self, Event};
use crate::hours::{self, NewEntry, Recorder};
use crate::messages::{self, Outgoing, To};
use crate::{Db, Result, Scope, StoreError, now_ms, volunteers};

/// The volunteer in scope, and a current member of the recorder's organization if it has one.
async fn creditable(db: &Db, scope: &Scope, volunteer: VolunteerId, by: &Recorder) -> Result<wushe_domain::RegionCode> {
    let v = volunteers::get(db, scope, volunteer).await?.ok_or(FieldError::new(Field::PersonName, Reason::NotFound))?;
    if let Some(org) = by.organization {
        let member = sqlx::query(
            "SELECT 1 AS x FROM volunteer_memberships WHERE volunteer_id = $1 AND organization_id = $2 AND left_on IS NULL",
        )
        .bind(volunteer.to_string())
        .bind(org.to_string())
        .fetch_optional(&db.pool)
        .await?;
        if member.is_none() {
            return Err(StoreError::Conflict(Conflict::NotAMember));
        }
    }
    Ok(v.region_code)
}

/// Asks for a back-entry; it waits for someone else's approval.
pub async fn request(
    db: &Db,
    scope: &Scope,
    volunteer: VolunteerId,
    new: &NewEntryText,
    by: &Recorder,
) -> Result<String> {
    let region = creditable(db, scope, volunteer, by).await?;
    let id = uuid::Uuid::now_v7().to_string();
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO hours_requests (id, volunteer_id, region_code, organization_id, recorder, content, place, starts_at, \
         ends_at, minutes, reason, evidence, status, requested_by, requested_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'pending', $13, $14)",
    )
    .bind(&id)
    .bind(volunteer.to_string())
    .bind(region.as_str())
    .bind(by.organization.map(|o| o.to_string()))
    .bind(by.name.as_str())
    .bind(new.content.clone().unwrap_or_default())
    .bind(new.place.clone().unwrap_or_default())
    .bind(new.span.starts_at)
    .bind(new.span.ends_at)
    .bind(new.span.minutes)
    .bind(new.reason.as_str())
    .bind(new.evidence.clone().unwrap_or_default())
    .bind(by.account.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let event = Event::new(Some(by.account), "hours.request", "volunteer")
        .id(volunteer)
        .region(&region)
        .detail(serde_json::json!({ "request": id, "minutes": new.span.minutes }));
    audit::append(&mut tx, &event).await?;
    let msg = Outgoing {
        kind: MessageKind::BackEntryAwaiting,
        subject: "",
        link: "/hours/desk".to_owned(),
        region: &region,
        by: Some(by.account),
    };
    messages::send(&mut tx, To::Approvers(by.organization), &msg, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Approves or rejects a pending back-entry of the caller's unit, not their own. Approval appends
/// the entry, if the ledger's rules allow it. `None` when the request is not in scope.
pub async fn decide(
    db: &Db,
    scope: &Scope,
    id: &str,
    approve: bool,
    note: Option<&str>,
    by: &Recorder,
) -> Result<Option<Option<i64>>> {
    let row = sqlx::query(
        "SELECT q.volunteer_id, q.region_code, q.organization_id, q.recorder, q.content, q.place, q.starts_at, q.ends_at, \
         q.minutes, q.reason, q.status, q.requested_by FROM hours_requests q JOIN regions r ON r.code = q.region_code \
         WHERE q.id = $1 AND r.path >= $2 AND r.path < $3",
    )
    .bind(id)
    .bind(scope.lo())
    .bind(scope.hi())
    .fetch_optional(&db.pool)
    .await?;
    let Some(q) = row else { return Ok(None) };
    let unit: Option<String> = q.try_get("organization_id")?;
    if unit != by.organization.map(|o| o.to_string()) {
        return Err(StoreError::Conflict(Conflict::NotYourUnit));
    }
    if q.try_get::<String, _>("status")? != "pending" {
        return Err(StoreError::Conflict(Conflict::AlreadyDecided));
    }
    if q.try_get::<Option<String>, _>("requested_by")? == Some(by.account.to_string()) {
        return Err(StoreError::Conflict(Conflict::OwnRequest));
    }
    let bad = || StoreError::corrupt("hours request");
    let volunteer: VolunteerId = q.try_get::<String, _>("volunteer_id")?.parse().map_err(|_| bad())?;
    let region = wushe_domain::RegionCode::parse(&q.try_get::<String, _>("region_code")?).map_err(|_| bad())?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let mut seq = None;
    if approve {
        let entry = NewEntry {
            volunteer,
            region: region.clone(),
            organization: unit.as_deref().map(|o| o.parse().map_err(|_| bad())).transpose()?,
            recorder: q.try_get("recorder")?,
            content: q.try_get("content")?,
            place: q.try_get("place")?,
            span: wushe_domain::hours::Span {
                starts_at: q.try_get("starts_at")?,
                ends_at: q.try_get("ends_at")?,
                minutes: q.try_get("minutes")?,
            },
            source: HoursSource::BackEntry,
            source_ref: Some(id.to_owned()),
            amends: None,
            reason: Some(q.try_get("reason")?),
        };
        seq = Some(
            hours::append(&mut tx, &entry, Some(by.account))
                .await?
                .map_err(|r| StoreError::Conflict(Conflict::HoursRefused(r)))?,
        );
    }
    let moved = sqlx::query(
        "UPDATE hours_requests SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4, entry_seq = $5 \
         WHERE id = $6 AND status = 'pending'",
    )
    .bind(if approve { "approved" } else { "rejected" })
    .bind(by.account.to_string())
    .bind(now)
    .bind(note)
    .bind(seq)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Err(StoreError::Conflict(Conflict::AlreadyDecided));
    }
    let event = Event::new(Some(by.account), if approve { "hours.approve" } else { "hours.reject" }, "volunteer")
        .id(volunteer)
        .region(&region)
        .detail(serde_json::json!({ "request": id, "entry": seq }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Some(seq))
}

/// Corrects an entry of the caller's unit with a new one that supersedes it; the original stays.
/// `None` when the entry is not in scope or not the caller's unit's.
pub async fn amend(db: &Db, scope: &Scope, seq: i64, new: &NewEntryText, by: &Recorder) -> Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT e.volunteer_id, e.region_code, e.organization_id, e.recorder, e.content, e.place FROM hours_entries e \
         JOIN regions r ON r.code = e.region_code WHERE e.seq = $1 AND r.path >= $2 AND r.path < $3",
    )
    .bind(seq)
    .bind(scope.lo())
    .bind(scope.hi())
    .fetch_optional(&db.pool)
    .await?;
    let Some(e) = row else { return Ok(None) };
    let unit: Option<String> = e.try_get("organization_id")?;
    if unit != by.organization.map(|o| o.to_string()) {
        return Err(StoreError::Conflict(Conflict::NotYourUnit));
    }
    let bad = || StoreError::corrupt("hours entry");
    let volunteer: VolunteerId = e.try_get::<String, _>("volunteer_id")?.parse().map_err(|_| bad())?;
    let region = wushe_domain::RegionCode::parse(&e.try_get::<String, _>("region_code")?).map_err(|_| bad())?;
    let mut tx = db.begin_write().await?;
    let later =
        sqlx::query("SELECT 1 AS x FROM hours_entries WHERE amends = $1").bind(seq).fetch_optional(&mut *tx).await?;
    if later.is_some() {
        return Err(StoreError::Conflict(Conflict::AlreadyAmended));
    }
    let entry = NewEntry {
        volunteer,
        region: region.clone(),
        organization: unit.as_deref().map(|o| o.parse().map_err(|_| bad())).transpose()?,
        recorder: e.try_get("recorder")?,
        content: new.content.clone().map_or_else(|| e.try_get("content"), Ok)?,
        place: new.place.clone().map_or_else(|| e.try_get("place"), Ok)?,
        span: new.span,
        source: HoursSource::Amendment,
        source_ref: None,
        amends: Some(seq),
        reason: Some(new.reason.clone()),
    };
    let added = hours::append(&mut tx, &entry, Some(by.account))
        .await?
        .map_err(|r| StoreError::Conflict(Conflict::HoursRefused(r)))?;
    crate::hours_corrections::close_by_amendment(&mut tx, seq, added, by.account).await?;
    let event = Event::new(Some(by.account), "hours.amend", "volunteer")
        .id(volunteer)
        .region(&region)
        .detail(serde_json::json!({ "amends": seq, "entry": added, "reason": new.reason }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Some(added))
}

/// A back-entry waiting for approval, as the unit's desk lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub id: String,
    pub volunteer_id: VolunteerId,
    pub volunteer_name: String,
    pub content: String,
    pub place: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub minutes: i64,
    pub reason: String,
    pub evidence: String,
    pub requested_by: Option<AccountId>,
}

/// Back-entries of the unit in scope waiting for approval, oldest first.
pub async fn pending(db: &Db, scope: &Scope, unit: Option<OrganizationId>, limit: i64) -> Result<Vec<Pending>> {
    let rows = sqlx::query(
        "SELECT q.id, q.volunteer_id, p.name, q.content, q.place, q.starts_at, q.ends_at, q.minutes, q.reason, \
         q.evidence, q.requested_by FROM hours_requests q JOIN regions r ON r.code = q.region_code \
         JOIN volunteers v ON v.id = q.volunteer_id JOIN persons p ON p.id = v.person_id \
         WHERE r.path >= $1 AND r.path < $2 AND q.status = 'pending' \
         AND (($3 = '' AND q.organization_id IS NULL) OR q.organization_id = $3) ORDER BY q.requested_at LIMIT $4",
    )
    .bind(scope.lo())
    .bind(scope.hi())
    .bind(unit.map(|o| o.to_string()).unwrap_or_default())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    let bad = || StoreError::corrupt("hours request");
    rows.iter()
        .map(|r| {
            let by: Option<String> = r.try_get("requested_by")?;
            Ok(Pending {
                id: r.try_get("id")?,
                volunteer_id: r.try_get::<String, _>("volunteer_id")?.parse().map_err(|_| bad())?,
                volunteer_name: r.try_get("name")?,
                content: r.try_get("content")?,
                place: r.try_get("place")?,
                starts_at: r.try_get("starts_at")?,
                ends_at: r.try_get("ends_at")?,
                minutes: r.try_get("minutes")?,
                reason: r.try_get("reason")?,
                evidence: r.try_get("evidence")?,
                requested_by: by.map(|b| b.parse().map_err(|_| bad())).transpose()?,
            })
        })
        .collect()
}

/// Where a back-entry request is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: &str) -> Result<Option<wushe_domain::RegionCode>> {
    crate::scope::region_of_row(db, "hours_requests", "id", id).await
}

/// Where a ledger entry is, whoever asks: only for auditing a hidden access.
pub async fn entry_region(db: &Db, seq: i64) -> Result<Option<wushe_domain::RegionCode>> {
    let row =
        sqlx::query("SELECT region_code FROM hours_entries WHERE seq = $1").bind(seq).fetch_optional(&db.pool).await?;
    row.map(|r| {
        wushe_domain::RegionCode::parse(&r.try_get::<String, _>("region_code")?)
            .map_err(|_| StoreError::corrupt("region"))
    })
    .transpose()
}
