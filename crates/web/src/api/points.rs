use axum::Json;
use axum::extract::{Path, State};

use super::Query;

use super::{ErrorBody, JsonBody};
use crate::auth::{Manager, Staff};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::network::points::{self as ops, CloseInput, ListQuery, NewPointInput, RevealInput, UpdatePointInput};
use wushe_app::state::AppState;
use wushe_app::views::{Page, PointView, Revealed};

/// Service points in the caller's area.
#[utoipa::path(get, path = "/api/v1/service-points", tag = "service points", params(ListQuery),
    responses((status = 200, body = Page<PointView>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    g: Staff,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Page<PointView>>> {
    Ok(Json(ops::list(&state, &g.0, &q).await?))
}

/// Register a service point; its level follows from the region's level.
#[utoipa::path(post, path = "/api/v1/service-points", tag = "service points", request_body = NewPointInput,
    responses((status = 201, body = PointView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    g: Manager,
    JsonBody(input): JsonBody<NewPointInput>,
) -> AppResult<(axum::http::StatusCode, Json<PointView>)> {
    let p = ops::create(&state, &g.0, &input).await?;
    Ok((axum::http::StatusCode::CREATED, Json((&p).into())))
}

#[utoipa::path(get, path = "/api/v1/service-points/{id}", tag = "service points", params(("id" = String, Path)),
    responses((status = 200, body = PointView), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, g: Staff, Path(id): Path<String>) -> AppResult<Json<PointView>> {
    Ok(Json((&ops::get(&state, &g.0, parse_id(&id)?).await?).into()))
}

/// Change a point's details and open/suspended status.
#[utoipa::path(put, path = "/api/v1/service-points/{id}", tag = "service points", params(("id" = String, Path)), request_body = UpdatePointInput,
    responses((status = 200, body = PointView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    g: Manager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<UpdatePointInput>,
) -> AppResult<Json<PointView>> {
    Ok(Json((&ops::update(&state, &g.0, parse_id(&id)?, &input).await?).into()))
}

/// Close a point. Closed points stay on record and can no longer be changed.
#[utoipa::path(post, path = "/api/v1/service-points/{id}/close", tag = "service points", params(("id" = String, Path)), request_body = CloseInput,
    responses((status = 200, body = PointView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    g: Manager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<CloseInput>,
) -> AppResult<Json<PointView>> {
    Ok(Json((&ops::close(&state, &g.0, parse_id(&id)?, &input).await?).into()))
}

/// Reveal the full contact number, giving a reason; the reveal is audited.
#[utoipa::path(post, path = "/api/v1/service-points/{id}/reveal", tag = "service points", params(("id" = String, Path)), request_body = RevealInput,
    responses((status = 200, body = Revealed), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reveal(
    State(state): State<AppState>,
    g: Manager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<RevealInput>,
) -> AppResult<Json<Revealed>> {
    Ok(Json(ops::reveal(&state, &g.0, parse_id(&id)?, &input).await?))
}
