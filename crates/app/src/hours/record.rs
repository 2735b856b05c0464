//! The volunteer service record as its volunteer sees it: every entry, the amended ones marked,
//! and the total in force.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use wushe_domain::authz::Action;
use wushe_domain::certificate::hours_text;
use wushe_domain::hours::{EntryInput, HoursSource, NewEntryText};
use wushe_domain::validate::optional_text;
use wushe_domain::{Field, VolunteerId};
use wushe_store::hours::Recorder;
use wushe_store::hours::{self as store, By, Entry};
use wushe_store::hours_requests as requests;
use wushe_store::now_ms;
use wushe_store::tasks::volunteer_of_account;

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::steps::{authorize_role, not_found};
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
    /// The units that recorded entries in force: whom a certificate can be asked of.
    pub units: Vec<UnitView>,
}

/// A recording unit: an organization, or the service network (empty id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct UnitView {
    pub id: String,
    pub name: String,
}

/// The signed-in volunteer's record; 403 for an account that is not a registered volunteer.
pub async fn mine(state: &AppState, auth: &Auth) -> AppResult<MyHours> {
    let me = volunteer_of_account(&state.db, auth.account.id).await?.ok_or(AppError::Forbidden)?;
    record_of(state, me).await
}

async fn record_of(state: &AppState, volunteer: VolunteerId) -> AppResult<MyHours> {
    let entries = store::of_volunteer(&state.db, volunteer).await?;
    let total_minutes = store::total(&entries);
    let mut units: Vec<UnitView> = Vec::new();
    for e in entries.iter().filter(|e| !e.superseded) {
        let id = e.organization_id.map(|o| o.to_string()).unwrap_or_default();
        if !units.iter().any(|u| u.id == id) {
            units.push(UnitView { id, name: e.recorder.clone() });
        }
    }
    Ok(MyHours {
        units,
        total_minutes,
        total_hours: hours_text(total_minutes),
        entries: entries.iter().map(HoursEntryView::from).collect(),
    })
}

/// The record of a volunteer in the caller's area, as staff see it.
pub async fn of_volunteer(state: &AppState, auth: &Auth, id: VolunteerId) -> AppResult<MyHours> {
    crate::people::volunteers::get(state, auth, id).await?;
    record_of(state, id).await
}

/// The caller as a recording unit: their organization, or the service network at their home.
pub(crate) async fn recorder(state: &AppState, auth: &Auth) -> AppResult<Recorder> {
    authorize_role(state, &auth.actor(), Action::PlanActivities, "hours").await?;
    let a = &auth.account;
    let name = match a.organization_id {
        // The account's own organization, wherever it is registered.
        Some(o) => wushe_store::organizations::get(&state.db, &wushe_store::Scope::all(), o)
            .await?
            .map_or_else(|| a.region_name.clone(), |o| o.name),
        // The network's unit is the account's service point (社工站), or else its region.
        None => match a.service_point_id {
            Some(p) => wushe_store::service_points::get(&state.db, &wushe_store::Scope::all(), p)
                .await?
                .map_or_else(|| a.region_name.clone(), |p| p.name),
            None => a.region_name.clone(),
        },
    };
    Ok(Recorder { account: a.id, organization: a.organization_id, name })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Requested {
    /// The back-entry request's id; it takes effect once someone else of the unit approves it.
    pub id: String,
}

/// Asks for a back-entry of service not captured at the time, with a reason and evidence.
pub async fn request(
    state: &AppState,
    auth: &Auth,
    volunteer: VolunteerId,
    input: &EntryInput,
) -> AppResult<Requested> {
    let by = recorder(state, auth).await?;
    crate::people::volunteers::get(state, auth, volunteer).await?;
    let new = NewEntryText::parse(input, true, now_ms())?;
    Ok(Requested { id: requests::request(&state.db, &auth.scope(), volunteer, &new, &by).await? })
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DecisionInput {
    pub note: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Decided {
    /// The ledger entry an approval appended.
    pub entry: Option<i64>,
}

/// Someone else of the recording unit approves or rejects a back-entry.
pub async fn decide(
    state: &AppState,
    auth: &Auth,
    id: &str,
    approve: bool,
    input: &DecisionInput,
) -> AppResult<Decided> {
    let by = recorder(state, auth).await?;
    let note = optional_text(Field::Note, Some(&input.note), 500)?;
    match requests::decide(&state.db, &auth.scope(), id.trim(), approve, note.as_deref(), &by).await? {
        Some(entry) => Ok(Decided { entry }),
        None => {
            let elsewhere = requests::region_of(&state.db, id.trim()).await?;
            Err(not_found(state, &auth.actor(), "hours_request", &id, elsewhere).await)
        }
    }
}

/// The recording unit corrects an entry with a new one; the original stays, superseded.
pub async fn amend(state: &AppState, auth: &Auth, seq: i64, input: &EntryInput) -> AppResult<Decided> {
    let by = recorder(state, auth).await?;
    // Whether the entry is there for the caller comes before what they typed.
    let region = requests::entry_region(&state.db, seq).await?;
    let visible = match &region {
        Some(code) => wushe_store::regions::get(&state.db, &auth.scope(), code).await?.is_some(),
        None => false,
    };
    if !visible {
        return Err(not_found(state, &auth.actor(), "hours_entry", &seq, region).await);
    }
    let new = NewEntryText::parse(input, false, now_ms())?;
    match requests::amend(&state.db, &auth.scope(), seq, &new, &by).await? {
        Some(entry) => Ok(Decided { entry: Some(entry) }),
        None => {
            let elsewhere = requests::entry_region(&state.db, seq).await?;
            Err(not_found(state, &auth.actor(), "hours_entry", &seq, elsewhere).await)
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct TotalsQuery {
    /// volunteer (default) | activity.
    pub by: Option<String>,
    /// YYYY-MM-DD, China time, inclusive.
    pub from: Option<String>,
    /// YYYY-MM-DD, China time, inclusive.
    pub to: Option<String>,
    /// Region code: only service given under it.
    pub region: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TotalRowView {
    /// The volunteer's or the activity's id.
    pub key: String,
    pub name: String,
    pub entries: i64,
    pub minutes: i64,
    /// Hours with one decimal.
    pub hours: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TotalsView {
    pub by: String,
    pub rows: Vec<TotalRowView>,
    pub minutes: i64,
    pub hours: String,
}

/// Minutes in force per volunteer or per activity in the caller's area and period; an
/// organization's staff see what their organization recorded.
pub async fn totals(state: &AppState, auth: &Auth, q: &TotalsQuery) -> AppResult<TotalsView> {
    let by = match q.by.as_deref().map(str::trim) {
        None | Some("") | Some("volunteer") => By::Volunteer,
        Some("activity") => By::Activity,
        Some(_) => return Err(wushe_domain::FieldError::new(Field::Level, wushe_domain::Reason::UnknownChoice).into()),
    };
    let from = match q.from.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(d) => crate::needs::services::day_start(Field::StartsAt, d)?,
        None => i64::MIN,
    };
    let to = match q.to.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(d) => crate::needs::services::day_start(Field::EndsAt, d)? + 86_400_000,
        None => i64::MAX,
    };
    let scope = crate::steps::narrowed(state, auth, &q.region).await?;
    let rows = store::totals(&state.db, &scope, auth.account.organization_id, by, from, to).await?;
    let minutes = rows.iter().map(|r| r.minutes).sum();
    Ok(TotalsView {
        by: if by == By::Volunteer { "volunteer" } else { "activity" }.into(),
        rows: rows
            .into_iter()
            .map(|r| TotalRowView {
                hours: hours_text(r.minutes),
                key: r.key,
                name: r.name,
                entries: r.entries,
                minutes: r.minutes,
            })
            .collect(),
        minutes,
        hours: hours_text(minutes),
    })
}

/// The same totals as an audited `.xlsx`, headers in the reader's language.
pub async fn totals_xlsx(
    state: &AppState,
    auth: &Auth,
    q: &TotalsQuery,
    lang: wushe_domain::Lang,
) -> AppResult<Vec<u8>> {
    let words = totals_sheet(lang);
    let t = totals(state, auth, q).await?;
    let event = wushe_store::audit::Event::new(Some(auth.actor().id), "hours.export", "volunteer")
        .region(&auth.account.region_code)
        .detail(serde_json::json!({ "by": t.by, "rows": t.rows.len() }));
    wushe_store::audit::record(&state.db, &event).await?;
    let first = if t.by == "volunteer" { words.volunteer } else { words.activity };
    let headers = [first, words.entries, words.minutes, words.hours];
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| vec![r.name.clone(), r.entries.to_string(), r.minutes.to_string(), r.hours.clone()])
        .collect();
    use wushe_sheets::Kind::{Number, Text};
    let columns: Vec<(&str, wushe_sheets::Kind)> =
        headers.iter().copied().zip([Text, Number, Number, Number]).collect();
    wushe_sheets::write_xlsx_typed(words.sheet, &columns, &rows).map_err(crate::people::registry::sheet_error)
}

wushe_domain::texts! {
    /// The hours totals as a spreadsheet.
    pub struct TotalsSheet, totals_sheet {
        sheet: "志愿服务时长", "Volunteer hours",
        volunteer: "志愿者", "Volunteer",
        activity: "活动", "Activity",
        entries: "记录条数", "Records",
        minutes: "服务时长（分钟）", "Minutes",
        hours: "服务时长（小时）", "Hours",
    }
}
