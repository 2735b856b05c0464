use axum::Json;
use axum::extract::{Path, State};

use super::Query;
use axum::http::StatusCode;
use wushe_domain::resident::{ConsentInput, ResidentInput};

use super::{ErrorBody, JsonBody};
use crate::auth::{PeopleManager, Staff};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::people::residents::{self as ops, ConsentView, ListQuery};
use wushe_app::state::AppState;
use wushe_app::views::{Page, ResidentView};

/// Residents served in the caller's area; search by name, initials, a full number, or a category.
#[utoipa::path(get, path = "/api/v1/residents", tag = "residents", params(ListQuery),
    responses((status = 200, body = Page<ResidentView>)))]
pub async fn list(
    State(state): State<AppState>,
    g: Staff,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Page<ResidentView>>> {
    Ok(Json(ops::list(&state, &g.0, &q).await?))
}

/// Register a resident. Someone already on record (say, as a volunteer) is linked, not duplicated.
#[utoipa::path(post, path = "/api/v1/residents", tag = "residents", request_body = ResidentInput,
    responses((status = 201, body = ResidentView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    g: PeopleManager,
    JsonBody(input): JsonBody<ResidentInput>,
) -> AppResult<(StatusCode, Json<ResidentView>)> {
    let r = ops::create(&state, &g.0, &input).await?;
    Ok((StatusCode::CREATED, Json((&r).into())))
}

#[utoipa::path(get, path = "/api/v1/residents/{id}", tag = "residents", params(("id" = String, Path)),
    responses((status = 200, body = ResidentView), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, g: Staff, Path(id): Path<String>) -> AppResult<Json<ResidentView>> {
    Ok(Json((&ops::get(&state, &g.0, parse_id(&id)?).await?).into()))
}

/// The resident's consent records, oldest first.
#[utoipa::path(get, path = "/api/v1/residents/{id}/consents", tag = "residents", params(("id" = String, Path)),
    responses((status = 200, body = Vec<ConsentView>), (status = 404, body = ErrorBody)))]
pub async fn consents(
    State(state): State<AppState>,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<ConsentView>>> {
    Ok(Json(ops::consents(&state, &g.0, parse_id(&id)?).await?))
}

/// Record a consent; for a resident under 18 the guardian is required.
#[utoipa::path(post, path = "/api/v1/residents/{id}/consents", tag = "residents", params(("id" = String, Path)), request_body = ConsentInput,
    responses((status = 200, body = Vec<ConsentView>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn consent(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<ConsentInput>,
) -> AppResult<Json<Vec<ConsentView>>> {
    Ok(Json(ops::consent(&state, &g.0, parse_id(&id)?, &input, true).await?))
}

/// Record the withdrawal of a consent (a new record; the earlier one stays).
#[utoipa::path(post, path = "/api/v1/residents/{id}/consents/withdraw", tag = "residents", params(("id" = String, Path)), request_body = ConsentInput,
    responses((status = 200, body = Vec<ConsentView>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<ConsentInput>,
) -> AppResult<Json<Vec<ConsentView>>> {
    Ok(Json(ops::consent(&state, &g.0, parse_id(&id)?, &input, false).await?))
}

super::rights::rights_api!(
    "residents",
    "/api/v1/residents/{id}",
    "/api/v1/residents/{id}/personal-data",
    "/api/v1/residents/{id}/reveal",
    crate::auth::PeopleManager,
    ops,
    ResidentInput,
    ResidentView
);
