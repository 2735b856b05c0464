use axum::Json;
use axum::extract::{Path, State};

use super::Query;
use wushe_domain::account::{AccountInput, AccountStatus};

use super::{ErrorBody, JsonBody};
use crate::auth::Manager;
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::access::accounts::{self as ops, ListQuery, ResetInput};
use wushe_app::network::points::RevealInput;
use wushe_app::state::AppState;
use wushe_app::views::{AccountView, Page, Revealed};

/// Accounts in the caller's area.
#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts", params(ListQuery),
    responses((status = 200, body = Page<AccountView>), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    g: Manager,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Page<AccountView>>> {
    Ok(Json(ops::list(&state, &g.0, &q).await?))
}

/// Create an account; its holder must change the first password at first sign-in.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = AccountInput,
    responses((status = 201, body = AccountView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    g: Manager,
    JsonBody(input): JsonBody<AccountInput>,
) -> AppResult<(axum::http::StatusCode, Json<AccountView>)> {
    let a = ops::create(&state, &g.0, &input).await?;
    Ok((axum::http::StatusCode::CREATED, Json((&a).into())))
}

#[utoipa::path(get, path = "/api/v1/accounts/{id}", tag = "accounts", params(("id" = String, Path)),
    responses((status = 200, body = AccountView), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, g: Manager, Path(id): Path<String>) -> AppResult<Json<AccountView>> {
    Ok(Json((&ops::get(&state, &g.0, parse_id(&id)?).await?).into()))
}

/// Disable an account; its sessions end.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/disable", tag = "accounts", params(("id" = String, Path)),
    responses((status = 200, body = AccountView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn disable(
    State(state): State<AppState>,
    g: Manager,
    Path(id): Path<String>,
) -> AppResult<Json<AccountView>> {
    Ok(Json((&ops::set_status(&state, &g.0, parse_id(&id)?, AccountStatus::Disabled).await?).into()))
}

#[utoipa::path(post, path = "/api/v1/accounts/{id}/enable", tag = "accounts", params(("id" = String, Path)),
    responses((status = 200, body = AccountView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn enable(State(state): State<AppState>, g: Manager, Path(id): Path<String>) -> AppResult<Json<AccountView>> {
    Ok(Json((&ops::set_status(&state, &g.0, parse_id(&id)?, AccountStatus::Active).await?).into()))
}

/// Set a new first password that the holder must change; ends their sessions and any lockout.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/reset-password", tag = "accounts", params(("id" = String, Path)), request_body = ResetInput,
    responses((status = 200, body = AccountView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    g: Manager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<ResetInput>,
) -> AppResult<Json<AccountView>> {
    Ok(Json((&ops::reset_password(&state, &g.0, parse_id(&id)?, &input).await?).into()))
}

/// Reset the account's second factor (a lost phone): its authenticator secret and recovery codes
/// are removed and its sessions end; where the installation requires one, it enrols again at its
/// next sign-in. Audited. An administrator's own factor is changed on their own page (409).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/second-factor/reset", tag = "accounts", params(("id" = String, Path)),
    responses((status = 200, body = AccountView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn reset_second_factor(
    State(state): State<AppState>,
    g: Manager,
    Path(id): Path<String>,
) -> AppResult<Json<AccountView>> {
    Ok(Json((&wushe_app::access::second_factor::reset(&state, &g.0, parse_id(&id)?).await?).into()))
}

/// Reveal the full phone number, giving a reason; the reveal is audited.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/reveal", tag = "accounts", params(("id" = String, Path)), request_body = RevealInput,
    responses((status = 200, body = Revealed), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reveal(
    State(state): State<AppState>,
    g: Manager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<RevealInput>,
) -> AppResult<Json<Revealed>> {
    Ok(Json(ops::reveal(&state, &g.0, parse_id(&id)?, &input.reason).await?))
}
