use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use wushe_domain::referral::{AnswerInput, ReferralInput};

use super::{ErrorBody, JsonBody};
use crate::auth::{OrgStaff, PeopleManager, ReqLang, Staff};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::needs::referrals::{self as ops, ReferralView};
use wushe_app::state::AppState;

/// The need's referrals to organizations, with their answers or how long they have waited.
#[utoipa::path(get, path = "/api/v1/needs/{id}/referrals", tag = "referrals", params(("id" = String, Path)),
    responses((status = 200, body = Vec<ReferralView>), (status = 404, body = ErrorBody)))]
pub async fn of_need(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<ReferralView>>> {
    Ok(Json(ops::of_need(&state, &g.0, parse_id(&id)?, lang).await?))
}

/// Refer an assessed need to an organization that serves its community.
#[utoipa::path(post, path = "/api/v1/needs/{id}/referrals", tag = "referrals", params(("id" = String, Path)),
    request_body = ReferralInput,
    responses((status = 201, body = ReferralView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn send(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<ReferralInput>,
) -> AppResult<(StatusCode, Json<ReferralView>)> {
    Ok((StatusCode::CREATED, Json(ops::send(&state, &g.0, parse_id(&id)?, &input, lang).await?)))
}

#[utoipa::path(get, path = "/api/v1/referrals/{id}", tag = "referrals", params(("id" = String, Path)),
    responses((status = 200, body = ReferralView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<ReferralView>> {
    Ok(Json(ops::get(&state, &g.0, parse_id(&id)?, lang).await?))
}

/// Referrals to the signed-in staff member's organization: unanswered first.
#[utoipa::path(get, path = "/api/v1/referrals", tag = "referrals",
    responses((status = 200, body = Vec<ReferralView>), (status = 403, body = ErrorBody)))]
pub async fn mine(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: OrgStaff,
) -> AppResult<Json<Vec<ReferralView>>> {
    Ok(Json(ops::for_my_organization(&state, &g.0, lang).await?))
}

/// Accept a referral to one's organization; the need becomes linked.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/accept", tag = "referrals", params(("id" = String, Path)),
    request_body = AnswerInput,
    responses((status = 200, body = ReferralView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn accept(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: OrgStaff,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<AnswerInput>,
) -> AppResult<Json<ReferralView>> {
    Ok(Json(ops::answer(&state, &g.0, parse_id(&id)?, true, &input, lang).await?))
}

/// Decline a referral with a reason (no capacity, not eligible, …).
#[utoipa::path(post, path = "/api/v1/referrals/{id}/decline", tag = "referrals", params(("id" = String, Path)),
    request_body = AnswerInput,
    responses((status = 200, body = ReferralView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn decline(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: OrgStaff,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<AnswerInput>,
) -> AppResult<Json<ReferralView>> {
    Ok(Json(ops::answer(&state, &g.0, parse_id(&id)?, false, &input, lang).await?))
}
