use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};

use super::{ErrorBody, JsonBody};
use crate::auth::{FundManager, Staff};
use wushe_domain::{Field, FieldError, Reason};

use crate::error::{AppError, AppResult};
use crate::pages::parse_id;
use wushe_app::charity::funds::{self as ops, DonationInput, DonationView, FundInput, FundView};
use wushe_app::charity::rules::{self as rules, ReverseInput, Reversed, RuleInput};
use wushe_app::state::AppState;

/// Funds in the caller's area, with their balances.
#[utoipa::path(get, path = "/api/v1/funds", tag = "funds", responses((status = 200, body = Vec<FundView>)))]
pub async fn list(State(state): State<AppState>, g: Staff) -> AppResult<Json<Vec<FundView>>> {
    Ok(Json(ops::list(&state, &g.0).await?))
}

/// Open a special fund (专项基金) in a region of the caller's area.
#[utoipa::path(post, path = "/api/v1/funds", tag = "funds", request_body = FundInput,
    responses((status = 201, body = FundView), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    g: FundManager,
    JsonBody(input): JsonBody<FundInput>,
) -> AppResult<(StatusCode, Json<FundView>)> {
    Ok((StatusCode::CREATED, Json(ops::create(&state, &g.0, &input).await?)))
}

#[utoipa::path(get, path = "/api/v1/funds/{id}", tag = "funds", params(("id" = String, Path)),
    responses((status = 200, body = FundView), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, g: Staff, Path(id): Path<String>) -> AppResult<Json<FundView>> {
    Ok(Json((&ops::get(&state, &g.0, parse_id(&id)?).await?).into()))
}

#[utoipa::path(get, path = "/api/v1/funds/{id}/donations", tag = "funds", params(("id" = String, Path)),
    responses((status = 200, body = Vec<DonationView>), (status = 404, body = ErrorBody)))]
pub async fn donations(
    State(state): State<AppState>,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<DonationView>>> {
    Ok(Json(ops::donations_of(&state, &g.0, parse_id(&id)?).await?))
}

/// Record a donation, matched by the fund's rule in force. Send an `Idempotency-Key` header (or
/// `idempotency_key`): a retry with the same key answers the first donation and moves nothing.
#[utoipa::path(post, path = "/api/v1/funds/{id}/donations", tag = "funds", params(("id" = String, Path)),
    request_body = DonationInput,
    responses((status = 201, body = DonationView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn donate(
    State(state): State<AppState>,
    g: FundManager,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonBody(mut input): JsonBody<DonationInput>,
) -> AppResult<(StatusCode, Json<DonationView>)> {
    if let Some(key) = headers.get("idempotency-key") {
        input.idempotency_key = key
            .to_str()
            .map_err(|_| FieldError::new(Field::IdempotencyKey, Reason::Malformed("header".into())))?
            .to_owned();
    }
    Ok((StatusCode::CREATED, Json(ops::donate(&state, &g.0, parse_id(&id)?, &input).await?)))
}

/// A matcher's rule (配捐) for the fund, with what it puts in its pool now.
#[utoipa::path(post, path = "/api/v1/funds/{id}/matching-rules", tag = "funds", params(("id" = String, Path)),
    request_body = RuleInput,
    responses((status = 201, body = String), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_rule(
    State(state): State<AppState>,
    g: FundManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<RuleInput>,
) -> AppResult<(StatusCode, Json<serde_json::Value>)> {
    let rule = rules::add_rule(&state, &g.0, parse_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": rule }))))
}

/// Undo a movement with a new transaction; a reversal is never itself reversed.
#[utoipa::path(post, path = "/api/v1/money/{id}/reverse", tag = "funds", params(("id" = i64, Path, description = "the transaction's sequence number")),
    request_body = ReverseInput,
    responses((status = 200, body = Reversed), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reverse(
    State(state): State<AppState>,
    g: FundManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<ReverseInput>,
) -> AppResult<Json<Reversed>> {
    let seq: i64 = id.trim().parse().map_err(|_| AppError::NotFound)?;
    Ok(Json(rules::reverse(&state, &g.0, seq, &input).await?))
}

/// A fund's public disclosure: income by month and source, matching, grants by category,
/// balance; no grantee or donor is named. No sign-in.
#[utoipa::path(get, path = "/api/v1/public/funds/{id}", tag = "funds", params(("id" = String, Path)), security(()),
    responses((status = 200, body = wushe_app::charity::disclosure::Disclosure), (status = 404, body = ErrorBody)))]
pub async fn disclosure(
    State(state): State<AppState>,
    crate::auth::ReqLang(lang): crate::auth::ReqLang,
    Path(id): Path<String>,
) -> AppResult<Json<wushe_app::charity::disclosure::Disclosure>> {
    Ok(Json(wushe_app::charity::disclosure::get(&state, parse_id(&id)?, lang).await?))
}

/// Close a fund: it takes no more gifts or requests for grants; what it holds may still be paid.
#[utoipa::path(post, path = "/api/v1/funds/{id}/close", tag = "funds", params(("id" = String, Path)),
    request_body = ReverseInput,
    responses((status = 200, body = FundView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    g: FundManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<ReverseInput>,
) -> AppResult<Json<FundView>> {
    let id = parse_id(&id)?;
    rules::close(&state, &g.0, id, &input).await?;
    Ok(Json((&ops::get(&state, &g.0, id).await?).into()))
}
