//! Needs: recorded by staff for a resident or a community in their area, or submitted on the
//! public page with a tracking code; moved through the loop; every move on the timeline.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use wushe_domain::authz::Action;
use wushe_domain::need::{
    NeedCategory, NeedInput, NeedStatus, NewNeed, Outcome, PublicNeedInput, Urgency, normalise_tracking_code,
    tracking_code,
};
use wushe_domain::validate::optional_text;
use wushe_domain::{Field, FieldError, Lang, NeedId, Reason, RegionLevel, ServicePointLevel};
use wushe_store::crypto::Crypto;
use wushe_store::needs::{self as store, Filter, Need, Placement, TimelineEntry};
use wushe_store::{Scope, now_ms, regions, residents, service_points, throttle};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::steps::{authorize, blank, not_found, page_bounds};
use crate::views::{NeedView, Page};

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// One state, e.g. submitted.
    pub status: Option<String>,
    /// 1: only needs still open.
    pub open: Option<String>,
    pub category: Option<String>,
    pub urgency: Option<String>,
    /// room | station | center: the level that must take it up.
    pub level: Option<String>,
    /// Region code: only needs under it.
    pub region: Option<String>,
    pub offset: Option<i64>,
    pub limit: Option<i64>,
}

pub async fn list(state: &AppState, auth: &Auth, q: &ListQuery) -> AppResult<Page<NeedView>> {
    let filter = Filter {
        status: blank(&q.status).map(NeedStatus::parse).transpose()?,
        open: blank(&q.open).is_some_and(|v| v == "1" || v == "true"),
        category: blank(&q.category).map(NeedCategory::parse).transpose()?,
        urgency: blank(&q.urgency).map(Urgency::parse).transpose()?,
        level: blank(&q.level).map(ServicePointLevel::parse).transpose()?,
    };
    let scope = crate::steps::narrowed(state, auth, &q.region).await?;
    let (offset, limit) = page_bounds(q.offset, q.limit);
    let (items, total) = store::list(&state.db, &scope, &filter, offset, limit).await?;
    Ok(Page { items: items.iter().map(NeedView::from).collect(), total, offset, limit })
}

pub async fn get(state: &AppState, auth: &Auth, id: NeedId) -> AppResult<Need> {
    match store::get(&state.db, &auth.scope(), id).await? {
        Some(n) => Ok(n),
        None => {
            let elsewhere = store::region_of(&state.db, id).await?;
            Err(not_found(state, &auth.actor(), "need", &id, elsewhere).await)
        }
    }
}

async fn get_to_manage(state: &AppState, auth: &Auth, id: NeedId) -> AppResult<Need> {
    let n = get(state, auth, id).await?;
    authorize(state, &auth.actor(), Action::ManageNeeds, "need", &id, (&n.region_code, &n.region_path)).await?;
    Ok(n)
}

/// Who must take a need up in this village, and until when.
async fn placement(state: &AppState, new: &NewNeed, village: &regions::Region) -> AppResult<Placement> {
    let level =
        service_points::nearest_open_level(&state.db, &village.path).await?.unwrap_or(ServicePointLevel::Center);
    let due_at = now_ms().saturating_add(state.settings.need_limit_ms(new.urgency));
    Ok(Placement { region: village.code.clone(), resident: None, level, due_at, tracking: None })
}

/// A village (community) in scope, or the field error for `field`.
async fn village(state: &AppState, scope: &Scope, code: &wushe_domain::RegionCode) -> AppResult<regions::Region> {
    match regions::get(&state.db, scope, code).await? {
        Some(r) if r.level == RegionLevel::Village => Ok(r),
        _ => Err(FieldError::new(Field::Region, Reason::NotFound).into()),
    }
}

/// Records a need for a resident (their community) or for a community in the caller's area.
pub async fn create(state: &AppState, auth: &Auth, input: &NeedInput) -> AppResult<Need> {
    let new = NewNeed::parse(input)?;
    let scope = auth.scope();
    let (code, resident) = match &new.resident {
        Some(raw) => {
            let id = raw.parse().map_err(|_| FieldError::new(Field::Resident, Reason::NotFound))?;
            let r = residents::get(&state.db, &scope, id)
                .await?
                .filter(|r| r.status != wushe_store::persons::ERASED)
                .ok_or(FieldError::new(Field::Resident, Reason::NotFound))?;
            (r.region_code, Some(id))
        }
        None => (new.region.clone().ok_or(FieldError::new(Field::Region, Reason::Required))?, None),
    };
    let place = village(state, &scope, &code).await?;
    let actor = auth.actor();
    authorize(state, &actor, Action::ManageNeeds, "need", &place.code, (&place.code, &place.path)).await?;
    let at = Placement { resident, ..placement(state, &new, &place).await? };
    let id = store::create(&state.db, &new, &at, Some(actor.id), now_ms()).await?;
    get(state, auth, id).await
}

/// What the public submitter gets back: the code to check on the need later.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Submitted {
    pub tracking_code: String,
}

/// A need from the public page: any community in the country, throttled per network address
/// and per contact phone; the submitter gets a tracking code (kept sealed, found by its keyed hash).
pub async fn submit_public(state: &AppState, input: &PublicNeedInput, address: &str) -> AppResult<Submitted> {
    let new = NewNeed::parse_public(input)?;
    let code = new.region.clone().ok_or(FieldError::new(Field::Region, Reason::Required))?;
    let place = village(state, &Scope::all(), &code).await?;
    let phone = new.contact_phone.clone().unwrap_or_default();
    throttled(state, &format!("need-address:{address}"), 3_600_000, state.settings.public_needs_per_address_hour)
        .await?;
    throttled(state, &format!("need-phone:{phone}"), 86_400_000, state.settings.public_needs_per_phone_day).await?;
    let random = Crypto::random::<10>().map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    let tracking = tracking_code(random);
    let at = Placement { tracking: Some(tracking.clone()), ..placement(state, &new, &place).await? };
    store::create(&state.db, &new, &at, None, now_ms()).await?;
    Ok(Submitted { tracking_code: tracking })
}

/// Counts a hit on a throttle bucket (its key hashed, so no phone or address is stored) and
/// refuses beyond `limit` in the window.
pub(crate) async fn throttled(state: &AppState, bucket: &str, window_ms: i64, limit: u64) -> AppResult<()> {
    let key = state.db.crypto.index("throttle", bucket);
    let hits = throttle::hit(&state.db, &key, window_ms, now_ms()).await?;
    if u64::try_from(hits).unwrap_or(u64::MAX) > limit { Err(AppError::Throttled) } else { Ok(()) }
}

/// A move through the loop, with a note; closing needs an outcome.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct MoveInput {
    /// The state to move to, e.g. assessed.
    pub to: String,
    pub note: String,
    /// Required when closing: solved | partly_solved | unsolved | referred | declined.
    pub outcome: String,
}

pub async fn transition(state: &AppState, auth: &Auth, id: NeedId, input: &MoveInput) -> AppResult<Need> {
    get_to_manage(state, auth, id).await?;
    let to = NeedStatus::parse(&input.to)?;
    let note = optional_text(Field::Reason, Some(&input.note), 1000)?;
    let outcome = match (to, blank(&Some(input.outcome.clone()))) {
        (NeedStatus::Closed, None) => return Err(FieldError::new(Field::Outcome, Reason::Required).into()),
        (NeedStatus::Closed, Some(o)) => Some(Outcome::parse(o)?),
        (_, _) => None,
    };
    let scope = auth.scope();
    let moved = store::transition(&state.db, &scope, id, to, note.as_deref(), outcome, Some(auth.actor().id)).await?;
    moved.ok_or(AppError::NotFound)
}

/// The follow-up call (回访) after closure.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct FollowUpInput {
    /// 1 (very unsatisfied) to 5 (very satisfied).
    pub satisfaction: String,
    pub note: String,
}

pub async fn follow_up(state: &AppState, auth: &Auth, id: NeedId, input: &FollowUpInput) -> AppResult<Need> {
    get_to_manage(state, auth, id).await?;
    let satisfaction = wushe_domain::need::satisfaction(&input.satisfaction)?;
    let note = optional_text(Field::Reason, Some(&input.note), 1000)?.unwrap_or_default();
    let done = store::follow_up(&state.db, &auth.scope(), id, satisfaction, &note, Some(auth.actor().id)).await?;
    done.ok_or(AppError::NotFound)
}

/// A supervisor's review of a closed need.
pub async fn review(state: &AppState, auth: &Auth, id: NeedId, input: &NoteInput) -> AppResult<Need> {
    let n = get(state, auth, id).await?;
    authorize(state, &auth.actor(), Action::ReviewNeeds, "need", &id, (&n.region_code, &n.region_path)).await?;
    let note = wushe_domain::validate::required_text(Field::Reason, &input.note, 1000)?;
    store::review(&state.db, &auth.scope(), id, &note, Some(auth.actor().id)).await?.ok_or(AppError::NotFound)
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NoteInput {
    pub note: String,
}

pub async fn note(state: &AppState, auth: &Auth, id: NeedId, input: &NoteInput) -> AppResult<Need> {
    get_to_manage(state, auth, id).await?;
    let text = wushe_domain::validate::required_text(Field::Reason, &input.note, 1000)?;
    store::note(&state.db, &auth.scope(), id, &text, Some(auth.actor().id)).await?.ok_or(AppError::NotFound)
}

/// A need's timeline, oldest first, the platform's own notes in the reader's language.
pub async fn timeline(state: &AppState, auth: &Auth, id: NeedId, lang: Lang) -> AppResult<Vec<TimelineEntry>> {
    get(state, auth, id).await?;
    let mut entries = store::timeline(&state.db, id).await?;
    for e in &mut entries {
        e.note = e.note.take().map(|n| wushe_domain::need::timeline_note(&e.kind, &n, lang));
    }
    Ok(entries)
}

/// One escalation check, then the outbox: what the server's schedule runs.
pub async fn escalate_now(state: &AppState) -> Result<usize, wushe_store::StoreError> {
    let settings = state.settings.clone();
    let limits = move |u: Urgency| settings.need_limit_ms(u);
    let now = now_ms();
    let moved = wushe_store::escalation::run(&state.db, now, &limits).await?;
    wushe_store::messages::deliver(&state.db, now).await?;
    // The public forms' longest throttle window is a day.
    throttle::sweep(&state.db, now - 2 * 86_400_000).await?;
    wushe_store::login_guard::sweep(&state.db, now - 86_400_000).await?;
    Ok(moved.len())
}

/// What a tracking code shows: the need's state and the dates of its steps, nothing personal.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Tracked {
    pub category: NeedCategory,
    pub status: NeedStatus,
    pub community: String,
    /// Epoch milliseconds.
    pub submitted_at: i64,
    pub steps: Vec<TrackedStep>,
    /// How it ended, once closed.
    pub outcome: Option<wushe_domain::need::Outcome>,
    /// The unit handling it and the unit's own duty phone (never a worker's personal number).
    pub handler: Option<Handler>,
    /// Whether the follow-up call after closing has been made.
    pub followed_up: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Handler {
    pub unit: String,
    pub address: String,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrackedStep {
    /// Epoch milliseconds.
    pub at: i64,
    pub status: Option<NeedStatus>,
}

/// The need of a tracking code. An unknown code and a malformed one answer alike (404), and
/// lookups are throttled per address so codes cannot be guessed.
pub async fn track(state: &AppState, raw: &str, address: &str) -> AppResult<Tracked> {
    throttled(state, &format!("track-address:{address}"), 3_600_000, 60).await?;
    let Some(code) = normalise_tracking_code(raw) else { return Err(AppError::NotFound) };
    let need =
        store::by_tracking(&state.db, &state.db.crypto.index("tracking", &code)).await?.ok_or(AppError::NotFound)?;
    let steps = store::timeline(&state.db, need.id)
        .await?
        .into_iter()
        .filter(|e| e.to.is_some())
        .map(|e| TrackedStep { at: e.at, status: e.to })
        .collect();
    let handler = service_points::handling(&state.db, &need.region_path, need.level).await?.map(|p| Handler {
        unit: p.name,
        address: p.address,
        phone: p.contact_phone,
    });
    Ok(Tracked {
        category: need.category,
        status: need.status,
        community: need.region_name,
        submitted_at: need.created_at,
        steps,
        outcome: need.outcome,
        handler,
        followed_up: need.satisfaction.is_some(),
    })
}
