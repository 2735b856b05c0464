//! After an activity: what happened (a note), photos, and the counts that feed the figures —
//! one activity held is one 场次, each resident who checked in one 人次.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wushe_domain::ActivityId;
use wushe_domain::activity::{photo_kind, report_note};
use wushe_store::activity_reports as store;

use crate::access::session::Auth;
use crate::activities::activity::get_to_plan;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::steps::not_found;
use crate::views::format_ms;

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = ActivityReportView)]
pub struct ReportView {
    /// Published and over: one activity held (场次).
    pub held: bool,
    pub note: Option<String>,
    pub reported_at: Option<String>,
    /// Residents who checked in: people served (人次).
    pub residents_attended: i64,
    pub volunteers_attended: i64,
    pub photos: Vec<PhotoView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PhotoView {
    pub id: String,
    /// Where staff of the area fetch it.
    pub url: String,
    pub size: i64,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReportInput {
    /// What happened: who came, what was done, what follows.
    pub note: String,
}

pub async fn get(state: &AppState, auth: &Auth, id: ActivityId) -> AppResult<ReportView> {
    // The activity's own lookup audits an access from outside the area.
    crate::activities::activity::get(state, auth, id).await?;
    let r = store::get(&state.db, &auth.scope(), id).await?.ok_or(AppError::NotFound)?;
    Ok(ReportView {
        held: r.held,
        note: r.note,
        reported_at: r.reported_at.map(format_ms),
        residents_attended: r.residents_attended,
        volunteers_attended: r.volunteers_attended,
        photos: r
            .photos
            .into_iter()
            .map(|p| PhotoView { url: format!("/api/v1/activity-photos/{}", p.id), id: p.id, size: p.size })
            .collect(),
    })
}

/// Writes what happened at a held activity.
pub async fn write(state: &AppState, auth: &Auth, id: ActivityId, input: &ReportInput) -> AppResult<ReportView> {
    get_to_plan(state, auth, id).await?;
    let note = report_note(&input.note)?;
    store::write(&state.db, &auth.scope(), id, &note, auth.actor().id).await?.ok_or(AppError::NotFound)?;
    get(state, auth, id).await
}

/// Adds a photo (JPEG, PNG or WebP, known by its bytes) to a held activity's report.
pub async fn add_photo(state: &AppState, auth: &Auth, id: ActivityId, bytes: &[u8]) -> AppResult<PhotoView> {
    get_to_plan(state, auth, id).await?;
    let kind = photo_kind(bytes)?;
    let photo = store::add_photo(&state.db, &auth.scope(), id, kind, bytes, auth.actor().id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(PhotoView { url: format!("/api/v1/activity-photos/{photo}"), id: photo, size: bytes.len() as i64 })
}

/// A photo of an activity in the caller's area: its type and bytes.
pub async fn photo(state: &AppState, auth: &Auth, id: &str) -> AppResult<(String, Vec<u8>)> {
    match store::photo(&state.db, &auth.scope(), id.trim()).await? {
        Some(p) => Ok(p),
        None => {
            let elsewhere = store::photo_region(&state.db, id.trim()).await?;
            Err(not_found(state, &auth.actor(), "activity_photo", &id, elsewhere).await)
        }
    }
}
