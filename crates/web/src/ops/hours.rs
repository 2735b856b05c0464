//! The volunteer service record as its volunteer sees it: every entry, the amended ones marked,
//! and the total in force.

use serde::Serialize;
use utoipa::ToSchema;
use wushe_domain::hours::HoursSource;
use wushe_store::hours::{self as store, Entry};
use wushe_store::tasks::volunteer_of_account;

use crate::auth::Auth;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::format_ms;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HoursEntryView {
    pub seq: i64,
    pub source: HoursSource,
    pub content: String,
    pub place: String,
    /// Who recorded it, and so certifies it.
    pub recorder: String,
    /// "2026-11-29 09:30" (China time).
    pub starts_at: String,
    pub ends_at: String,
    pub minutes: i64,
    /// A later entry amends this one; it no longer counts.
    pub superseded: bool,
    pub amends: Option<i64>,
    pub reason: Option<String>,
}

impl From<&Entry> for HoursEntryView {
    fn from(e: &Entry) -> Self {
        HoursEntryView {
            seq: e.seq,
            source: e.source,
            content: e.content.clone(),
            place: e.place.clone(),
            recorder: e.recorder.clone(),
            starts_at: format_ms(e.starts_at),
            ends_at: format_ms(e.ends_at),
            minutes: e.minutes,
            superseded: e.superseded,
            amends: e.amends,
            reason: e.reason.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyHours {
    pub total_minutes: i64,
    /// The total in hours with one decimal, e.g. "12.5".
    pub total_hours: String,
    pub entries: Vec<HoursEntryView>,
}

/// The signed-in volunteer's record; 403 for an account that is not a registered volunteer.
pub async fn mine(state: &AppState, auth: &Auth) -> AppResult<MyHours> {
    let me = volunteer_of_account(&state.db, auth.account.id).await?.ok_or(AppError::Forbidden)?;
    let entries = store::of_volunteer(&state.db, me).await?;
    let total_minutes = store::total(&entries);
    Ok(MyHours {
        total_minutes,
        total_hours: format!("{:.1}", total_minutes as f64 / 60.0),
        entries: entries.iter().map(HoursEntryView::from).collect(),
    })
}
