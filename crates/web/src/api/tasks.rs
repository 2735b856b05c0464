use axum::Json;
use axum::extract::{Path, State};
use wushe_domain::task::TaskInput;
use wushe_store::tasks::Attend;

use super::{ErrorBody, JsonBody};
use crate::auth::{PeopleManager, Staff, VolunteerSelf};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::needs::tasks::{self as ops, InviteInput, TaskView};
use wushe_app::state::AppState;

/// Dispatch a volunteer task for the need: a window ahead, a place, skills and places.
#[utoipa::path(post, path = "/api/v1/needs/{id}/tasks", tag = "tasks", params(("id" = String, Path)), request_body = TaskInput,
    responses((status = 200, body = TaskView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<TaskInput>,
) -> AppResult<Json<TaskView>> {
    Ok(Json(ops::create(&state, &g.0, parse_id(&id)?, &input).await?))
}

#[utoipa::path(get, path = "/api/v1/needs/{id}/tasks", tag = "tasks", params(("id" = String, Path)),
    responses((status = 200, body = Vec<TaskView>), (status = 404, body = ErrorBody)))]
pub async fn of_need(
    State(state): State<AppState>,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<TaskView>>> {
    Ok(Json(ops::of_need(&state, &g.0, parse_id(&id)?).await?))
}

/// Open tasks in the signed-in volunteer's area that still have places (and their own).
#[utoipa::path(get, path = "/api/v1/tasks", tag = "tasks", responses((status = 200, body = Vec<TaskView>), (status = 403, body = ErrorBody)))]
pub async fn mine(State(state): State<AppState>, g: VolunteerSelf) -> AppResult<Json<Vec<TaskView>>> {
    Ok(Json(ops::open_for_me(&state, &g.0).await?))
}

/// Accept a task; a full, cancelled or finished task is 409, however many accept at once.
/// Invite a volunteer in the caller's area to an open task: the volunteer gets a message.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/invitations", tag = "tasks", params(("id" = String, Path)),
    request_body = InviteInput,
    responses((status = 200, body = TaskView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn invite(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<InviteInput>,
) -> AppResult<Json<TaskView>> {
    Ok(Json(ops::invite(&state, &g.0, parse_id(&id)?, &input).await?))
}

#[utoipa::path(post, path = "/api/v1/tasks/{id}/accept", tag = "tasks", params(("id" = String, Path)),
    responses((status = 200, body = TaskView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn accept(
    State(state): State<AppState>,
    g: VolunteerSelf,
    Path(id): Path<String>,
) -> AppResult<Json<TaskView>> {
    Ok(Json(ops::accept(&state, &g.0, parse_id(&id)?).await?))
}

/// Withdraw from an accepted task; the place opens again.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/withdraw", tag = "tasks", params(("id" = String, Path)),
    responses((status = 200, body = TaskView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    g: VolunteerSelf,
    Path(id): Path<String>,
) -> AppResult<Json<TaskView>> {
    Ok(Json(ops::withdraw(&state, &g.0, parse_id(&id)?).await?))
}

/// Check in on an accepted task: from an hour before it starts until it ends.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/check-in", tag = "tasks", params(("id" = String, Path)),
    responses((status = 200, body = TaskView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn check_in(
    State(state): State<AppState>,
    g: VolunteerSelf,
    Path(id): Path<String>,
) -> AppResult<Json<TaskView>> {
    Ok(Json(ops::attend(&state, &g.0, parse_id(&id)?, Attend::In).await?))
}

/// Check out after checking in; the raw times are kept for the hours ledger.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/check-out", tag = "tasks", params(("id" = String, Path)),
    responses((status = 200, body = TaskView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn check_out(
    State(state): State<AppState>,
    g: VolunteerSelf,
    Path(id): Path<String>,
) -> AppResult<Json<TaskView>> {
    Ok(Json(ops::attend(&state, &g.0, parse_id(&id)?, Attend::Out).await?))
}
