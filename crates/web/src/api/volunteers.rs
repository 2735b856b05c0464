use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

use super::{ErrorBody, JsonBody};
use crate::auth::{PeopleManager, Staff};
use crate::error::AppResult;
use crate::ops::points::RevealInput;
use crate::ops::volunteers::{self as ops, ListQuery, PersonalData};
use crate::pages::parse_id;
use crate::state::AppState;
use crate::views::{Page, Revealed, VolunteerView};
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

/// Reveal the full ID and phone numbers, giving a reason; the reveal is audited.
#[utoipa::path(post, path = "/api/v1/volunteers/{id}/reveal", tag = "volunteers", params(("id" = String, Path)), request_body = RevealInput,
    responses((status = 200, body = Revealed), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reveal(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<RevealInput>,
) -> AppResult<Json<Revealed>> {
    Ok(Json(ops::reveal(&state, &g.0, parse_id(&id)?, &input.reason).await?))
}

/// Correct a volunteer's data (rectification on the person's request).
#[utoipa::path(put, path = "/api/v1/volunteers/{id}", tag = "volunteers", params(("id" = String, Path)), request_body = VolunteerInput,
    responses((status = 200, body = VolunteerView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn correct(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<VolunteerInput>,
) -> AppResult<Json<VolunteerView>> {
    Ok(Json((&ops::correct(&state, &g.0, parse_id(&id)?, &input).await?).into()))
}

/// Erase a volunteer's personal data on request, giving a reason (`?reason=`). The registration's
/// number and region stay for the counts; name and numbers are gone.
#[utoipa::path(delete, path = "/api/v1/volunteers/{id}", tag = "volunteers", params(("id" = String, Path), ("reason" = String, Query)),
    responses((status = 200, body = VolunteerView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn erase(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    Query(input): Query<RevealInput>,
) -> AppResult<Json<VolunteerView>> {
    Ok(Json((&ops::erase(&state, &g.0, parse_id(&id)?, &input.reason).await?).into()))
}

/// Everything held about the volunteer, unmasked, to hand to them on request; audited with the reason.
#[utoipa::path(post, path = "/api/v1/volunteers/{id}/personal-data", tag = "volunteers", params(("id" = String, Path)), request_body = RevealInput,
    responses((status = 200, body = PersonalData), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn personal_data(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<RevealInput>,
) -> AppResult<Json<PersonalData>> {
    Ok(Json(ops::personal_data(&state, &g.0, parse_id(&id)?, &input.reason).await?))
}
