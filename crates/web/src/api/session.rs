use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use super::{ErrorBody, JsonBody};
use crate::auth::{Signed, SignedPending};
use crate::error::AppResult;
use wushe_app::access::me::{self, LoginInput, PasswordInput};
use wushe_app::state::AppState;
use wushe_app::views::AccountView;

#[derive(Serialize, ToSchema)]
pub struct SessionView {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// Send as `X-CSRF-Token` when calling with the session cookie instead of the bearer token.
    pub csrf_token: String,
    pub account: AccountView,
}

/// Sign in. An account with a second factor also sends `code` (its authenticator's 6-digit code
/// or a recovery code); without it the answer is 401 with `error.code` `second_factor_required`
/// and `error.field` `code`, and a wrong code is 401 `bad_code`, counted like a wrong password.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginInput, security(()),
    responses((status = 200, body = SessionView), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 423, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    address: crate::auth::ClientAddress,
    JsonBody(input): JsonBody<LoginInput>,
) -> AppResult<Json<SessionView>> {
    let s = me::login(&state, &input, &address.0).await?;
    Ok(Json(SessionView { token: s.token, csrf_token: s.csrf_token, account: (&s.account).into() }))
}

/// Sign out: ends this session.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(State(state): State<AppState>, g: SignedPending) -> AppResult<StatusCode> {
    me::logout(&state, &g.0).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "session", responses((status = 200, body = AccountView), (status = 401, body = ErrorBody)))]
pub async fn me(g: Signed) -> Json<AccountView> {
    Json(g.account().into())
}

/// Change one's own password (also the first, forced change).
#[utoipa::path(put, path = "/api/v1/me/password", tag = "session", request_body = PasswordInput,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    g: SignedPending,
    JsonBody(input): JsonBody<PasswordInput>,
) -> AppResult<StatusCode> {
    me::change_password(&state, &g.0, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}
