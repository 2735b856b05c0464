use axum::Json;
use axum::extract::{Path, State};

use super::Query;
use axum::http::StatusCode;

use super::{ErrorBody, JsonBody};
use crate::auth::{ClientAddress, PeopleManager, Staff};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::needs::wishes::{self as ops, CloseInput, ConfirmInput, PublicWish, TakeInput, WishInput, WishView};
use wushe_app::state::AppState;

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
#[into_params(parameter_in = Query)]
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

/// Offer to take a wish up, leaving a name and a phone; no sign-in. The wish stays on the
/// public list until staff of its community have called and confirmed an offer (202).
#[utoipa::path(post, path = "/api/v1/public/wishes/{id}/take", tag = "wishes", params(("id" = String, Path)), security(()),
    request_body = TakeInput,
    responses((status = 202, body = PublicWish), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn take(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<TakeInput>,
) -> AppResult<(StatusCode, Json<PublicWish>)> {
    Ok((StatusCode::ACCEPTED, Json(ops::offer(&state, &id, &input, &address).await?)))
}

/// Confirm one offer to take the wish up, after calling its phone: the wish is taken up and the
/// other offers are declined.
#[utoipa::path(post, path = "/api/v1/wishes/{id}/confirm", tag = "wishes", params(("id" = String, Path)),
    request_body = ConfirmInput,
    responses((status = 200, body = WishView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<ConfirmInput>,
) -> AppResult<Json<WishView>> {
    Ok(Json(ops::confirm(&state, &g.0, &id, &input).await?))
}
