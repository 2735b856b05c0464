use axum::Json;
use axum::extract::{Path, State};

use super::Query;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use wushe_domain::activity::{ActivityInput, ActivityStatus};

use super::{ErrorBody, JsonBody};
use crate::auth::{Planner, Signed, Staff};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::activities::activity::{
    self as ops, ActivityView, CodeView, ListQuery, MyAttendance, ScanInput, SignupView,
};
use wushe_app::state::AppState;
use wushe_app::views::Page;

/// Activities in the caller's area, the soonest first.
#[utoipa::path(get, path = "/api/v1/activities", tag = "activities", params(ListQuery),
    responses((status = 200, body = Page<ActivityView>)))]
pub async fn list(
    State(state): State<AppState>,
    g: Staff,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Page<ActivityView>>> {
    Ok(Json(ops::list(&state, &g.0, &q).await?))
}

/// Plan an activity for a community in the caller's area; it starts as a draft.
#[utoipa::path(post, path = "/api/v1/activities", tag = "activities", request_body = ActivityInput,
    responses((status = 201, body = ActivityView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    g: Planner,
    JsonBody(input): JsonBody<ActivityInput>,
) -> AppResult<(StatusCode, Json<ActivityView>)> {
    let a = ops::create(&state, &g.0, &input).await?;
    Ok((StatusCode::CREATED, Json((&a).into())))
}

#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "activities", params(("id" = String, Path)),
    responses((status = 200, body = ActivityView), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, g: Staff, Path(id): Path<String>) -> AppResult<Json<ActivityView>> {
    Ok(Json((&ops::get(&state, &g.0, parse_id(&id)?).await?).into()))
}

/// Publish a draft: it appears on the public page and takes sign-ups.
#[utoipa::path(post, path = "/api/v1/activities/{id}/publish", tag = "activities", params(("id" = String, Path)),
    responses((status = 200, body = ActivityView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    g: Planner,
    Path(id): Path<String>,
) -> AppResult<Json<ActivityView>> {
    Ok(Json((&ops::set_status(&state, &g.0, parse_id(&id)?, ActivityStatus::Published).await?).into()))
}

#[utoipa::path(post, path = "/api/v1/activities/{id}/cancel", tag = "activities", params(("id" = String, Path)),
    responses((status = 200, body = ActivityView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel(
    State(state): State<AppState>,
    g: Planner,
    Path(id): Path<String>,
) -> AppResult<Json<ActivityView>> {
    Ok(Json((&ops::set_status(&state, &g.0, parse_id(&id)?, ActivityStatus::Cancelled).await?).into()))
}

/// Who signed up, with their check-in and check-out times.
#[utoipa::path(get, path = "/api/v1/activities/{id}/signups", tag = "activities", params(("id" = String, Path)),
    responses((status = 200, body = Vec<SignupView>), (status = 404, body = ErrorBody)))]
pub async fn signups(
    State(state): State<AppState>,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<SignupView>>> {
    Ok(Json(ops::signups(&state, &g.0, parse_id(&id)?).await?))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CheckInput {
    /// The sign-up's id, from the list.
    pub signup: String,
}

/// Check a signed-up person in from the list, or out if they are in.
#[utoipa::path(post, path = "/api/v1/activities/{id}/check-in", tag = "activities", params(("id" = String, Path)),
    request_body = CheckInput,
    responses((status = 200, body = SignupView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn check(
    State(state): State<AppState>,
    g: Planner,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<CheckInput>,
) -> AppResult<Json<SignupView>> {
    Ok(Json(ops::check_from_list(&state, &g.0, parse_id(&id)?, &input.signup).await?))
}

/// The check-in code of this minute, to show as a QR code at the activity.
#[utoipa::path(get, path = "/api/v1/activities/{id}/code", tag = "activities", params(("id" = String, Path)),
    responses((status = 200, body = CodeView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn code(State(state): State<AppState>, g: Planner, Path(id): Path<String>) -> AppResult<Json<CodeView>> {
    Ok(Json(ops::current_code(&state, &g.0, parse_id(&id)?).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicQuery {
    /// Region code: only activities under it.
    pub region: Option<String>,
}

/// Published activities not yet over, for anyone.
#[utoipa::path(get, path = "/api/v1/public/activities", tag = "activities", params(PublicQuery), security(()),
    responses((status = 200, body = Vec<ActivityView>), (status = 422, body = ErrorBody)))]
pub async fn published(
    State(state): State<AppState>,
    Query(q): Query<PublicQuery>,
) -> AppResult<Json<Vec<ActivityView>>> {
    Ok(Json(ops::published(&state, q.region.as_deref()).await?))
}

/// Sign up for a published activity: as a volunteer with a volunteer account, as a participant
/// with a resident account.
#[utoipa::path(post, path = "/api/v1/public/activities/{id}/sign-up", tag = "activities", params(("id" = String, Path)),
    responses((status = 200, body = MyAttendance), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn sign_up(
    State(state): State<AppState>,
    g: Signed,
    Path(id): Path<String>,
) -> AppResult<Json<MyAttendance>> {
    Ok(Json(ops::sign_up(&state, &g.0, parse_id(&id)?).await?))
}

#[utoipa::path(post, path = "/api/v1/public/activities/{id}/withdraw", tag = "activities", params(("id" = String, Path)),
    responses((status = 200, body = MyAttendance), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    g: Signed,
    Path(id): Path<String>,
) -> AppResult<Json<MyAttendance>> {
    Ok(Json(ops::withdraw(&state, &g.0, parse_id(&id)?).await?))
}

/// A scan of an activity's code: checks the signed-in person in, or out if they are in.
#[utoipa::path(post, path = "/api/v1/check-in", tag = "activities", request_body = ScanInput,
    responses((status = 200, body = MyAttendance), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn scan(
    State(state): State<AppState>,
    g: Signed,
    JsonBody(input): JsonBody<ScanInput>,
) -> AppResult<Json<MyAttendance>> {
    Ok(Json(ops::scan(&state, &g.0, &input).await?))
}
