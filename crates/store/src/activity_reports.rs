//! After an activity: its report (what happened), its photos, and its counts — an activity
//! published and over is one held (场次); each resident who checked in is one person served
//! (人次), and volunteers who checked in are counted beside them.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sqlx::Row;
use wushe_domain::activity::{ActivityStatus, MAX_PHOTOS};
use wushe_domain::{AccountId, ActivityId, Conflict, RegionCode};

use crate::audit::{self, Event};
use crate::{Db, Result, Scope, StoreError, activities, now_ms};

/// The report and counts of one activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Published and over: one activity held.
    pub held: bool,
    pub note: Option<String>,
    pub reported_at: Option<i64>,
    /// Residents who checked in: people served.
    pub residents_attended: i64,
    pub volunteers_attended: i64,
    pub photos: Vec<Photo>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub id: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_at: i64,
}

/// The activity in scope if a report may be written for it: published and over.
async fn held(db: &Db, scope: &Scope, id: ActivityId) -> Result<Option<activities::Activity>> {
    let Some(a) = activities::get(db, scope, id).await? else { return Ok(None) };
    if a.status != ActivityStatus::Published || a.ends_at > now_ms() {
        return Err(StoreError::Conflict(Conflict::ActivityNotHeld));
    }
    Ok(Some(a))
}

/// Writes (or rewrites) what happened at a held activity; the audit keeps each version.
pub async fn write(db: &Db, scope: &Scope, id: ActivityId, note: &str, by: AccountId) -> Result<Option<()>> {
    let Some(a) = held(db, scope, id).await? else { return Ok(None) };
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE activities SET report = $1, reported_by = $2, reported_at = $3 WHERE id = $4")
        .bind(note)
        .bind(by.to_string())
        .bind(now_ms())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let event = Event::new(Some(by), "activity.report", "activity")
        .id(id)
        .region(&a.region_code)
        .detail(serde_json::json!({ "note": note }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Some(()))
}

/// Adds a photo to a held activity's report, at most [`MAX_PHOTOS`] however many arrive at once.
pub async fn add_photo(
    db: &Db,
    scope: &Scope,
    id: ActivityId,
    content_type: &str,
    bytes: &[u8],
    by: AccountId,
) -> Result<Option<String>> {
    let Some(a) = held(db, scope, id).await? else { return Ok(None) };
    let mut tx = db.begin_write().await?;
    // Taking the activity's row first makes concurrent uploads count one after the other.
    sqlx::query("UPDATE activities SET updated_at = updated_at WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM activity_photos WHERE activity_id = $1")
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    if n >= MAX_PHOTOS {
        return Err(StoreError::Conflict(Conflict::TooManyPhotos));
    }
    let photo = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO activity_photos (id, activity_id, region_code, content_type, size, data, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&photo)
    .bind(id.to_string())
    .bind(a.region_code.as_str())
    .bind(content_type)
    .bind(bytes.len() as i64)
    .bind(STANDARD.encode(bytes))
    .bind(by.to_string())
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let event = Event::new(Some(by), "activity.photo", "activity")
        .id(id)
        .region(&a.region_code)
        .detail(serde_json::json!({ "photo": photo, "size": bytes.len() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Some(photo))
}

/// The report and counts of an activity in scope.
pub async fn get(db: &Db, scope: &Scope, id: ActivityId) -> Result<Option<Report>> {
    let Some(a) = activities::get(db, scope, id).await? else { return Ok(None) };
    let row = sqlx::query("SELECT report, reported_at FROM activities WHERE id = $1")
        .bind(id.to_string())
        .fetch_one(&db.pool)
        .await?;
    let counts = sqlx::query(
        "SELECT COALESCE(SUM(CASE WHEN role = 'participant' THEN 1 ELSE 0 END), 0) AS residents, \
         COALESCE(SUM(CASE WHEN role = 'volunteer' THEN 1 ELSE 0 END), 0) AS volunteers \
         FROM activity_signups WHERE activity_id = $1 AND check_in_at IS NOT NULL",
    )
    .bind(id.to_string())
    .fetch_one(&db.pool)
    .await?;
    let photos = sqlx::query(
        "SELECT id, content_type, size, uploaded_at FROM activity_photos WHERE activity_id = $1 ORDER BY uploaded_at",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(Photo {
            id: r.try_get("id")?,
            content_type: r.try_get("content_type")?,
            size: r.try_get("size")?,
            uploaded_at: r.try_get("uploaded_at")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    Ok(Some(Report {
        held: a.status == ActivityStatus::Published && a.ends_at <= now_ms(),
        note: row.try_get("report")?,
        reported_at: row.try_get("reported_at")?,
        residents_attended: counts.try_get::<i64, _>("residents")?,
        volunteers_attended: counts.try_get::<i64, _>("volunteers")?,
        photos,
    }))
}

/// A photo in scope: its type and bytes.
pub async fn photo(db: &Db, scope: &Scope, id: &str) -> Result<Option<(String, Vec<u8>)>> {
    let row = sqlx::query(
        "SELECT p.content_type, p.data FROM activity_photos p JOIN regions r ON r.code = p.region_code \
         WHERE p.id = $1 AND r.path >= $2 AND r.path < $3",
    )
    .bind(id)
    .bind(scope.lo())
    .bind(scope.hi())
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let data = STANDARD
        .decode(r.try_get::<String, _>("data")?)
        .map_err(|_| StoreError::corrupt("activity photo: bad data"))?;
    Ok(Some((r.try_get("content_type")?, data)))
}

/// Where a photo is, whoever asks: only for auditing a hidden access.
pub async fn photo_region(db: &Db, id: &str) -> Result<Option<RegionCode>> {
    crate::scope::region_of_row(db, "activity_photos", "id", id).await
}
