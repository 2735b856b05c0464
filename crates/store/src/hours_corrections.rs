//! A volunteer's requests to check and correct an entry of their record. The recording unit
//! answers with an amendment (which closes the request in the same transaction) or a refusal
//! with a reason; either way the volunteer sees the answer.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::message::MessageKind;
use wushe_domain::{AccountId, Conflict, CorrectionId, OrganizationId, RegionCode, VolunteerId};

use crate::audit::{self, Event};
use crate::error::is_unique_violation;
use crate::hours::Recorder;
use crate::messages::{self, Outgoing, To};
use crate::{Db, Result, Scope, StoreError, now_ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub id: CorrectionId,
    pub entry_seq: i64,
    pub volunteer_id: VolunteerId,
    pub volunteer_name: String,
    pub organization_id: Option<OrganizationId>,
    pub request: String,
    /// open | amended | rejected
    pub status: String,
    pub requested_at: i64,
    pub decision_note: Option<String>,
    pub amendment_seq: Option<i64>,
    /// The entry as recorded: what, when, how long.
    pub content: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub minutes: i64,
}

const SELECT: &str = "SELECT k.id, k.entry_seq, k.volunteer_id, p.name AS volunteer_name, k.organization_id, k.request, \
    k.status, k.requested_at, k.decision_note, k.amendment_seq, e.content, e.starts_at, e.ends_at, e.minutes \
    FROM hours_corrections k JOIN hours_entries e ON e.seq = k.entry_seq JOIN regions r ON r.code = k.region_code \
    JOIN volunteers v ON v.id = k.volunteer_id JOIN persons p ON p.id = v.person_id";

fn decode(r: &AnyRow) -> Result<Correction> {
    let bad = |what: &str| StoreError::corrupt(format!("hours correction: bad {what}"));
    let org: Option<String> = r.try_get("organization_id")?;
    Ok(Correction {
        id: r.try_get::<String, _>("id")?.parse().map_err(|_| bad("id"))?,
        entry_seq: r.try_get("entry_seq")?,
        volunteer_id: r.try_get::<String, _>("volunteer_id")?.parse().map_err(|_| bad("volunteer"))?,
        volunteer_name: r.try_get("volunteer_name")?,
        organization_id: org.map(|o| o.parse().map_err(|_| bad("organization"))).transpose()?,
        request: r.try_get("request")?,
        status: r.try_get("status")?,
        requested_at: r.try_get("requested_at")?,
        decision_note: r.try_get("decision_note")?,
        amendment_seq: r.try_get("amendment_seq")?,
        content: r.try_get("content")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        minutes: r.try_get("minutes")?,
    })
}

/// The volunteer asks for one of their entries in force to be checked; one open request an entry.
pub async fn raise(db: &Db, volunteer: VolunteerId, seq: i64, text: &str, by: AccountId) -> Result<CorrectionId> {
    let mut tx = db.begin_write().await?;
    let entry = sqlx::query(
        "SELECT region_code, organization_id FROM hours_entries e WHERE seq = $1 AND volunteer_id = $2 \
         AND NOT EXISTS (SELECT 1 FROM hours_entries x WHERE x.amends = e.seq)",
    )
    .bind(seq)
    .bind(volunteer.to_string())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StoreError::Conflict(Conflict::NotYourEntry))?;
    let open = sqlx::query("SELECT 1 AS x FROM hours_corrections WHERE entry_seq = $1 AND status = 'open'")
        .bind(seq)
        .fetch_optional(&mut *tx)
        .await?;
    if open.is_some() {
        return Err(StoreError::Conflict(Conflict::CorrectionOpen));
    }
    let region = RegionCode::parse(&entry.try_get::<String, _>("region_code")?)
        .map_err(|_| StoreError::corrupt("hours entry: bad region"))?;
    let id = CorrectionId::new();
    let inserted = sqlx::query(
        "INSERT INTO hours_corrections (id, entry_seq, volunteer_id, region_code, organization_id, request, status, \
         requested_by, requested_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8)",
    )
    .bind(id.to_string())
    .bind(seq)
    .bind(volunteer.to_string())
    .bind(region.as_str())
    .bind(entry.try_get::<Option<String>, _>("organization_id")?)
    .bind(text)
    .bind(by.to_string())
    .bind(now_ms())
    .execute(&mut *tx)
    .await;
    if let Err(e) = inserted {
        if is_unique_violation(&e, "hours_corrections_open_key", "hours_corrections.entry_seq") {
            return Err(StoreError::Conflict(Conflict::CorrectionOpen));
        }
        return Err(e.into());
    }
    let event = Event::new(Some(by), "hours.correction", "volunteer")
        .id(volunteer)
        .region(&region)
        .detail(serde_json::json!({ "correction": id, "entry": seq }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(id)
}

/// Whether the entry is the volunteer's.
pub async fn is_own(db: &Db, volunteer: VolunteerId, seq: i64) -> Result<bool> {
    let row = sqlx::query("SELECT 1 AS x FROM hours_entries WHERE seq = $1 AND volunteer_id = $2")
        .bind(seq)
        .bind(volunteer.to_string())
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.is_some())
}

/// Closes the open request on an entry, if any, as answered by its amendment.
pub(crate) async fn close_by_amendment(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    seq: i64,
    amendment: i64,
    by: AccountId,
) -> Result<()> {
    let open =
        sqlx::query("SELECT volunteer_id, region_code FROM hours_corrections WHERE entry_seq = $1 AND status = 'open'")
            .bind(seq)
            .fetch_all(&mut **tx)
            .await?;
    sqlx::query(
        "UPDATE hours_corrections SET status = 'amended', decided_by = $1, decided_at = $2, amendment_seq = $3 \
         WHERE entry_seq = $4 AND status = 'open'",
    )
    .bind(by.to_string())
    .bind(now_ms())
    .bind(amendment)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    for r in open {
        let bad = || StoreError::corrupt("hours correction");
        let volunteer: VolunteerId = r.try_get::<String, _>("volunteer_id")?.parse().map_err(|_| bad())?;
        let region = RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad())?;
        tell_decided(tx, volunteer, &region, "amended", by).await?;
    }
    Ok(())
}

/// Tells the volunteer who asked for a correction how it was decided.
async fn tell_decided(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    volunteer: VolunteerId,
    region: &RegionCode,
    decision: &str,
    by: AccountId,
) -> Result<()> {
    let msg = Outgoing {
        kind: MessageKind::CorrectionDecided,
        subject: decision,
        link: "/me/hours".to_owned(),
        region,
        by: Some(by),
    };
    messages::send(tx, To::Volunteer(volunteer), &msg, now_ms()).await?;
    Ok(())
}

/// The recording unit declines an open request with its reason. `None` when it is not in scope.
pub async fn reject(db: &Db, scope: &Scope, id: CorrectionId, note: &str, by: &Recorder) -> Result<Option<()>> {
    let Some(k) = get(db, scope, id).await? else { return Ok(None) };
    if k.organization_id != by.organization {
        return Err(StoreError::Conflict(Conflict::NotYourUnit));
    }
    let region = region_of(db, id).await?.ok_or_else(|| StoreError::corrupt("hours correction"))?;
    let mut tx = db.begin_write().await?;
    let moved = crate::scope::decide_row(
        &mut tx,
        "hours_corrections",
        &id.to_string(),
        ("open", "rejected"),
        by.account,
        Some(note),
    )
    .await?;
    if !moved {
        return Err(StoreError::Conflict(Conflict::AlreadyDecided));
    }
    let event = Event::new(Some(by.account), "hours.correction_reject", "volunteer")
        .id(k.volunteer_id)
        .region(&region)
        .detail(serde_json::json!({ "correction": id, "note": note }));
    audit::append(&mut tx, &event).await?;
    tell_decided(&mut tx, k.volunteer_id, &region, "kept", by.account).await?;
    tx.commit().await?;
    Ok(Some(()))
}

pub async fn get(db: &Db, scope: &Scope, id: CorrectionId) -> Result<Option<Correction>> {
    let sql = format!("{SELECT} WHERE k.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.as_ref().map(decode).transpose()
}

/// Open requests in scope that the unit recorded, oldest first.
pub async fn open(db: &Db, scope: &Scope, unit: Option<OrganizationId>, limit: i64) -> Result<Vec<Correction>> {
    let sql = format!(
        "{SELECT} WHERE r.path >= $1 AND r.path < $2 AND k.status = 'open' \
         AND (($3 = '' AND k.organization_id IS NULL) OR k.organization_id = $3) ORDER BY k.requested_at LIMIT $4"
    );
    let rows = sqlx::query(&sql)
        .bind(scope.lo())
        .bind(scope.hi())
        .bind(unit.map(|o| o.to_string()).unwrap_or_default())
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(decode).collect()
}

/// A volunteer's own requests, latest first.
pub async fn of_volunteer(db: &Db, volunteer: VolunteerId) -> Result<Vec<Correction>> {
    let sql = format!("{SELECT} WHERE k.volunteer_id = $1 ORDER BY k.requested_at DESC");
    let rows = sqlx::query(&sql).bind(volunteer.to_string()).fetch_all(&db.pool).await?;
    rows.iter().map(decode).collect()
}

/// Where a request is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: CorrectionId) -> Result<Option<RegionCode>> {
    crate::scope::region_of_row(db, "hours_corrections", "id", &id.to_string()).await
}
