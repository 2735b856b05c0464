use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use super::{ErrorBody, JsonBody};
use crate::auth::{FundManager, PeopleManager, Staff};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::charity::grants::{self as ops, GrantDecision, GrantInput, GrantView};
use wushe_app::state::AppState;

/// A need's grants from funds.
#[utoipa::path(get, path = "/api/v1/needs/{id}/grants", tag = "funds", params(("id" = String, Path)),
    responses((status = 200, body = Vec<GrantView>), (status = 404, body = ErrorBody)))]
pub async fn of_need(
    State(state): State<AppState>,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<GrantView>>> {
    Ok(Json(ops::of_need(&state, &g.0, parse_id(&id)?).await?))
}

/// Ask a fund that serves the need's community for money for it.
#[utoipa::path(post, path = "/api/v1/needs/{id}/grants", tag = "funds", params(("id" = String, Path)),
    request_body = GrantInput,
    responses((status = 201, body = GrantView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<GrantInput>,
) -> AppResult<(StatusCode, Json<GrantView>)> {
    Ok((StatusCode::CREATED, Json(ops::request(&state, &g.0, parse_id(&id)?, &input).await?)))
}

/// Approve a grant someone else asked for: it is paid from the fund at once, or refused if the
/// fund does not hold enough.
#[utoipa::path(post, path = "/api/v1/grants/{id}/approve", tag = "funds", params(("id" = String, Path)),
    request_body = GrantDecision,
    responses((status = 200, body = GrantView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn approve(
    State(state): State<AppState>,
    g: FundManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<GrantDecision>,
) -> AppResult<Json<GrantView>> {
    Ok(Json(ops::decide(&state, &g.0, &id, true, &input).await?))
}

/// Decline a grant, saying why.
#[utoipa::path(post, path = "/api/v1/grants/{id}/decline", tag = "funds", params(("id" = String, Path)),
    request_body = GrantDecision,
    responses((status = 200, body = GrantView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decline(
    State(state): State<AppState>,
    g: FundManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<GrantDecision>,
) -> AppResult<Json<GrantView>> {
    Ok(Json(ops::decide(&state, &g.0, &id, false, &input).await?))
}
