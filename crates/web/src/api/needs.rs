use axum::Json;
use axum::extract::{Path, State};

use super::Query;
use axum::http::StatusCode;
use wushe_domain::need::{NeedInput, PublicNeedInput};
use wushe_store::needs::TimelineEntry;

use super::{ErrorBody, JsonBody};
use crate::auth::{ClientAddress, Manager, PeopleManager, ReqLang, Staff};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::needs::cases::{self, CaseInput, CaseNoteInput, CaseView};
use wushe_app::needs::need::{self as ops, FollowUpInput, ListQuery, MoveInput, NoteInput, Submitted, Tracked};
use wushe_app::state::AppState;
use wushe_app::views::{NeedView, Page};

/// Needs in the caller's area, the most pressing first (open ones by deadline).
#[utoipa::path(get, path = "/api/v1/needs", tag = "needs", params(ListQuery),
    responses((status = 200, body = Page<NeedView>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    g: Staff,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Page<NeedView>>> {
    Ok(Json(ops::list(&state, &g.0, &q).await?))
}

/// Record a need for a resident, or for a community, in the caller's area.
#[utoipa::path(post, path = "/api/v1/needs", tag = "needs", request_body = NeedInput,
    responses((status = 201, body = NeedView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    g: PeopleManager,
    JsonBody(input): JsonBody<NeedInput>,
) -> AppResult<(StatusCode, Json<NeedView>)> {
    let n = ops::create(&state, &g.0, &input).await?;
    Ok((StatusCode::CREATED, Json((&n).into())))
}

#[utoipa::path(get, path = "/api/v1/needs/{id}", tag = "needs", params(("id" = String, Path)),
    responses((status = 200, body = NeedView), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, g: Staff, Path(id): Path<String>) -> AppResult<Json<NeedView>> {
    Ok(Json((&ops::get(&state, &g.0, parse_id(&id)?).await?).into()))
}

/// Move the need to another state of the loop; an illegal move is 409 with a sentence naming both.
#[utoipa::path(post, path = "/api/v1/needs/{id}/status", tag = "needs", params(("id" = String, Path)), request_body = MoveInput,
    responses((status = 200, body = NeedView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transition(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<MoveInput>,
) -> AppResult<Json<NeedView>> {
    Ok(Json((&ops::transition(&state, &g.0, parse_id(&id)?, &input).await?).into()))
}

/// Write a note on the need's timeline.
#[utoipa::path(post, path = "/api/v1/needs/{id}/notes", tag = "needs", params(("id" = String, Path)), request_body = NoteInput,
    responses((status = 200, body = NeedView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn note(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<NoteInput>,
) -> AppResult<Json<NeedView>> {
    Ok(Json((&ops::note(&state, &g.0, parse_id(&id)?, &input).await?).into()))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct TimelineView {
    /// Epoch milliseconds.
    pub at: i64,
    pub actor: Option<String>,
    /// submitted | status | note | escalated
    pub kind: String,
    pub from: Option<wushe_domain::need::NeedStatus>,
    pub to: Option<wushe_domain::need::NeedStatus>,
    pub note: Option<String>,
}

impl From<TimelineEntry> for TimelineView {
    fn from(e: TimelineEntry) -> Self {
        TimelineView { at: e.at, actor: e.actor, kind: e.kind, from: e.from, to: e.to, note: e.note }
    }
}

/// Every change of the need, oldest first: who, when, from which state to which, and notes.
#[utoipa::path(get, path = "/api/v1/needs/{id}/timeline", tag = "needs", params(("id" = String, Path)),
    responses((status = 200, body = Vec<TimelineView>), (status = 404, body = ErrorBody)))]
pub async fn timeline(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<TimelineView>>> {
    let entries = ops::timeline(&state, &g.0, parse_id(&id)?, lang).await?;
    Ok(Json(entries.into_iter().map(TimelineView::from).collect()))
}

/// Submit a need without an account (throttled per address and per phone); the answer carries the
/// tracking code.
#[utoipa::path(post, path = "/api/v1/public/needs", tag = "needs", request_body = PublicNeedInput, security(()),
    responses((status = 201, body = Submitted), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    JsonBody(input): JsonBody<PublicNeedInput>,
) -> AppResult<(StatusCode, Json<Submitted>)> {
    Ok((StatusCode::CREATED, Json(ops::submit_public(&state, &input, &address).await?)))
}

/// The state of a need by its tracking code; an unknown code is 404, like one that is not yours.
#[utoipa::path(get, path = "/api/v1/public/needs/{code}", tag = "needs", params(("code" = String, Path)), security(()),
    responses((status = 200, body = Tracked), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn track(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path(code): Path<String>,
) -> AppResult<Json<Tracked>> {
    Ok(Json(ops::track(&state, &code, &address).await?))
}

/// The need's case (the social worker who took it, the plan, notes); null when none.
#[utoipa::path(get, path = "/api/v1/needs/{id}/case", tag = "needs", params(("id" = String, Path)),
    responses((status = 200, body = Option<CaseView>), (status = 404, body = ErrorBody)))]
pub async fn case(
    State(state): State<AppState>,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<Option<CaseView>>> {
    Ok(Json(cases::of_need(&state, &g.0, parse_id(&id)?).await?))
}

/// A social worker takes the need as a case; an assessed need becomes linked. One case per need.
#[utoipa::path(post, path = "/api/v1/needs/{id}/case", tag = "needs", params(("id" = String, Path)), request_body = CaseInput,
    responses((status = 200, body = CaseView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open_case(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<CaseInput>,
) -> AppResult<Json<CaseView>> {
    Ok(Json(cases::open(&state, &g.0, parse_id(&id)?, &input).await?))
}

/// A note on the case, optionally moving the next contact date.
#[utoipa::path(post, path = "/api/v1/needs/{id}/case/notes", tag = "needs", params(("id" = String, Path)), request_body = CaseNoteInput,
    responses((status = 200, body = CaseView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn case_note(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<CaseNoteInput>,
) -> AppResult<Json<CaseView>> {
    Ok(Json(cases::add_note(&state, &g.0, parse_id(&id)?, &input).await?))
}

/// The follow-up call (回访) of a closed need: the resident's satisfaction 1–5 and a note.
#[utoipa::path(post, path = "/api/v1/needs/{id}/follow-up", tag = "needs", params(("id" = String, Path)), request_body = FollowUpInput,
    responses((status = 200, body = NeedView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn follow_up(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<FollowUpInput>,
) -> AppResult<Json<NeedView>> {
    Ok(Json((&ops::follow_up(&state, &g.0, parse_id(&id)?, &input).await?).into()))
}

/// A supervisor's review of a closed need (station staff and above), once.
#[utoipa::path(post, path = "/api/v1/needs/{id}/review", tag = "needs", params(("id" = String, Path)), request_body = NoteInput,
    responses((status = 200, body = NeedView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn review(
    State(state): State<AppState>,
    g: Manager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<NoteInput>,
) -> AppResult<Json<NeedView>> {
    Ok(Json((&ops::review(&state, &g.0, parse_id(&id)?, &input).await?).into()))
}
