use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

use super::{ErrorBody, JsonBody};
use crate::auth::{ClientAddress, PeopleManager, Staff};
use crate::error::AppResult;
use crate::ops::wishes::{self as ops, CloseInput, PublicWish, TakeInput, WishInput, WishView};
use crate::pages::parse_id;
use crate::state::AppState;

/// The need's micro-wish, if it was published as one.
#[utoipa::path(get, path = "/api/v1/needs/{id}/wish", tag = "wishes", params(("id" = String, Path)),
    responses((status = 200, body = Option<WishView>), (status = 404, body = ErrorBody)))]
pub async fn of_need(
    State(state): State<AppState>,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<Option<WishView>>> {
    Ok(Json(ops::of_need(&state, &g.0, parse_id(&id)?).await?))
}

/// Publish the need as a micro-wish (微心愿): only its community and what is wished are shown.
#[utoipa::path(post, path = "/api/v1/needs/{id}/wish", tag = "wishes", params(("id" = String, Path)),
    request_body = WishInput,
    responses((status = 201, body = WishView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<WishInput>,
) -> AppResult<(StatusCode, Json<WishView>)> {
    Ok((StatusCode::CREATED, Json(ops::publish(&state, &g.0, parse_id(&id)?, &input).await?)))
}

/// Record a taken-up wish fulfilled.
#[utoipa::path(post, path = "/api/v1/wishes/{id}/fulfil", tag = "wishes", params(("id" = String, Path)),
    request_body = CloseInput,
    responses((status = 200, body = WishView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn fulfil(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<CloseInput>,
) -> AppResult<Json<WishView>> {
    Ok(Json(ops::close(&state, &g.0, &id, true, &input).await?))
}

/// Withdraw an open or taken-up wish.
#[utoipa::path(post, path = "/api/v1/wishes/{id}/withdraw", tag = "wishes", params(("id" = String, Path)),
    request_body = CloseInput,
    responses((status = 200, body = WishView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<CloseInput>,
) -> AppResult<Json<WishView>> {
    Ok(Json(ops::close(&state, &g.0, &id, false, &input).await?))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct AreaQuery {
    /// A division code; the whole country when absent.
    pub region: Option<String>,
}

/// Open micro-wishes of an area, for anyone: community and wish only.
#[utoipa::path(get, path = "/api/v1/public/wishes", tag = "wishes", params(AreaQuery), security(()),
    responses((status = 200, body = Vec<PublicWish>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open(State(state): State<AppState>, Query(q): Query<AreaQuery>) -> AppResult<Json<Vec<PublicWish>>> {
    Ok(Json(ops::open_in(&state, q.region.as_deref()).await?))
}

#[utoipa::path(get, path = "/api/v1/public/wishes/{id}", tag = "wishes", params(("id" = String, Path)), security(()),
    responses((status = 200, body = PublicWish), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Json<PublicWish>> {
    Ok(Json(ops::public(&state, &id).await?))
}

/// Take a wish up, leaving a name and a phone for the social worker; no sign-in.
#[utoipa::path(post, path = "/api/v1/public/wishes/{id}/take", tag = "wishes", params(("id" = String, Path)), security(()),
    request_body = TakeInput,
    responses((status = 200, body = PublicWish), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn take(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<TakeInput>,
) -> AppResult<Json<PublicWish>> {
    Ok(Json(ops::take(&state, &id, &input, &address).await?))
}
