use axum::Json;
use axum::extract::{Path, State};

use super::Query;
use axum::http::StatusCode;

use super::{ErrorBody, JsonBody};
use crate::auth::{PeopleManager, Staff};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::network::memberships::{self, MembershipInput, MembershipView};
use wushe_app::people::volunteers::{self as ops, ListQuery};
use wushe_app::state::AppState;
use wushe_app::views::{Page, VolunteerView};
use wushe_domain::volunteer::VolunteerInput;

/// Volunteers in the caller's area; search by name, pinyin initials, or a full phone or ID number.
#[utoipa::path(get, path = "/api/v1/volunteers", tag = "volunteers", params(ListQuery),
    responses((status = 200, body = Page<VolunteerView>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    g: Staff,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Page<VolunteerView>>> {
    Ok(Json(ops::list(&state, &g.0, &q).await?))
}

/// Register a volunteer. A second registration of the same ID number is refused, naming the holder (masked).
#[utoipa::path(post, path = "/api/v1/volunteers", tag = "volunteers", request_body = VolunteerInput,
    responses((status = 201, body = VolunteerView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    g: PeopleManager,
    JsonBody(input): JsonBody<VolunteerInput>,
) -> AppResult<(StatusCode, Json<VolunteerView>)> {
    let v = ops::create(&state, &g.0, &input).await?;
    Ok((StatusCode::CREATED, Json((&v).into())))
}

#[utoipa::path(get, path = "/api/v1/volunteers/{id}", tag = "volunteers", params(("id" = String, Path)),
    responses((status = 200, body = VolunteerView), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, g: Staff, Path(id): Path<String>) -> AppResult<Json<VolunteerView>> {
    Ok(Json((&ops::get(&state, &g.0, parse_id(&id)?).await?).into()))
}

super::rights::rights_api!(
    "volunteers",
    "/api/v1/volunteers/{id}",
    "/api/v1/volunteers/{id}/personal-data",
    "/api/v1/volunteers/{id}/reveal",
    crate::auth::PeopleManager,
    ops,
    VolunteerInput,
    VolunteerView
);

/// The organizations (and teams) the volunteer belongs to or has belonged to.
#[utoipa::path(get, path = "/api/v1/volunteers/{id}/memberships", tag = "volunteers", params(("id" = String, Path)),
    responses((status = 200, body = Vec<MembershipView>), (status = 404, body = ErrorBody)))]
pub async fn memberships(
    State(state): State<AppState>,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<MembershipView>>> {
    Ok(Json(memberships::list(&state, &g.0, parse_id(&id)?).await?))
}

/// Add the volunteer to an organization in the caller's area, optionally to one of its teams.
#[utoipa::path(post, path = "/api/v1/volunteers/{id}/memberships", tag = "volunteers", params(("id" = String, Path)),
    request_body = MembershipInput,
    responses((status = 200, body = Vec<MembershipView>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn join(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<MembershipInput>,
) -> AppResult<Json<Vec<MembershipView>>> {
    Ok(Json(memberships::join(&state, &g.0, parse_id(&id)?, &input).await?))
}

/// End the volunteer's current membership of an organization (`on` defaults to today).
#[utoipa::path(post, path = "/api/v1/volunteers/{id}/memberships/leave", tag = "volunteers", params(("id" = String, Path)),
    request_body = MembershipInput,
    responses((status = 200, body = Vec<MembershipView>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn leave(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<MembershipInput>,
) -> AppResult<Json<Vec<MembershipView>>> {
    Ok(Json(memberships::leave(&state, &g.0, parse_id(&id)?, &input).await?))
}
