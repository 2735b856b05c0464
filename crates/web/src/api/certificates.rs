use axum::Json;
use axum::extract::{Path, State};

use super::Query;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{ErrorBody, JsonBody};
use crate::auth::{ClientAddress, Planner, ReqLang, Signed, Staff, VolunteerSelf};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::hours::certificates::{
    self as ops, CertificateInput, CertificateView, ListQuery, ReasonInput, Verification,
};
use wushe_app::state::AppState;

/// The signed-in volunteer's certificates and requests.
#[utoipa::path(get, path = "/api/v1/me/certificates", tag = "certificates",
    responses((status = 200, body = Vec<CertificateView>), (status = 403, body = ErrorBody)))]
pub async fn mine(State(state): State<AppState>, g: VolunteerSelf) -> AppResult<Json<Vec<CertificateView>>> {
    Ok(Json(ops::mine(&state, &g.0).await?))
}

/// Ask a unit that recorded your service for a certificate of a period.
#[utoipa::path(post, path = "/api/v1/me/certificates", tag = "certificates", request_body = CertificateInput,
    responses((status = 201, body = CertificateView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request(
    State(state): State<AppState>,
    g: VolunteerSelf,
    JsonBody(input): JsonBody<CertificateInput>,
) -> AppResult<(StatusCode, Json<CertificateView>)> {
    Ok((StatusCode::CREATED, Json(ops::request_mine(&state, &g.0, &input).await?)))
}

/// Certificates of the caller's area (an organization's staff: their organization's).
#[utoipa::path(get, path = "/api/v1/certificates", tag = "certificates", params(ListQuery),
    responses((status = 200, body = Vec<CertificateView>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    g: Staff,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Vec<CertificateView>>> {
    Ok(Json(ops::list(&state, &g.0, &q).await?))
}

#[utoipa::path(get, path = "/api/v1/certificates/{id}", tag = "certificates", params(("id" = String, Path)),
    responses((status = 200, body = CertificateView), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, g: Staff, Path(id): Path<String>) -> AppResult<Json<CertificateView>> {
    Ok(Json(ops::staff_get(&state, &g.0, parse_id(&id)?).await?))
}

/// Issue a certificate for a volunteer at once, from what the caller's unit recorded.
#[utoipa::path(post, path = "/api/v1/volunteers/{id}/certificates", tag = "certificates", params(("id" = String, Path)),
    request_body = CertificateInput,
    responses((status = 201, body = CertificateView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn issue_for(
    State(state): State<AppState>,
    g: Planner,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<CertificateInput>,
) -> AppResult<(StatusCode, Json<CertificateView>)> {
    Ok((StatusCode::CREATED, Json(ops::issue_for(&state, &g.0, parse_id(&id)?, &input).await?)))
}

/// Issue a certificate a volunteer asked the caller's unit for.
#[utoipa::path(post, path = "/api/v1/certificates/{id}/issue", tag = "certificates", params(("id" = String, Path)),
    responses((status = 200, body = CertificateView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn issue(
    State(state): State<AppState>,
    g: Planner,
    Path(id): Path<String>,
) -> AppResult<Json<CertificateView>> {
    Ok(Json(ops::issue(&state, &g.0, parse_id(&id)?).await?))
}

/// Decline a request for a certificate, with the reason.
#[utoipa::path(post, path = "/api/v1/certificates/{id}/refuse", tag = "certificates", params(("id" = String, Path)),
    request_body = ReasonInput,
    responses((status = 200, body = CertificateView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn refuse(
    State(state): State<AppState>,
    g: Planner,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<ReasonInput>,
) -> AppResult<Json<CertificateView>> {
    Ok(Json(ops::refuse(&state, &g.0, parse_id(&id)?, &input).await?))
}

/// Revoke an issued certificate, with the reason; the verification page then says so.
#[utoipa::path(post, path = "/api/v1/certificates/{id}/revoke", tag = "certificates", params(("id" = String, Path)),
    request_body = ReasonInput,
    responses((status = 200, body = CertificateView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    g: Planner,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<ReasonInput>,
) -> AppResult<Json<CertificateView>> {
    Ok(Json(ops::revoke(&state, &g.0, parse_id(&id)?, &input, false).await?))
}

/// Revoke an issued certificate and issue a new one from the ledger as it is now.
#[utoipa::path(post, path = "/api/v1/certificates/{id}/reissue", tag = "certificates", params(("id" = String, Path)),
    request_body = ReasonInput,
    responses((status = 200, body = CertificateView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reissue(
    State(state): State<AppState>,
    g: Planner,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<ReasonInput>,
) -> AppResult<Json<CertificateView>> {
    Ok(Json(ops::revoke(&state, &g.0, parse_id(&id)?, &input, true).await?))
}

/// The address the request came to, for links printed in documents when no `public_url` is
/// configured; a Host that is not a plain host name is not printed.
pub fn origin(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.len() <= 255 && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)))
        .unwrap_or("localhost");
    let scheme = if state.settings.secure_cookies { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// The certificate as a PDF, for the volunteer it is for or staff of its area (audited).
#[utoipa::path(get, path = "/api/v1/certificates/{id}/pdf", tag = "certificates", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn pdf(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Signed,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let (name, bytes) = ops::pdf(&state, &g.0, parse_id(&id)?, &origin(&state, &headers), lang).await?;
    let disposition = format!("inline; filename=\"{name}\"");
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}

/// Whether certificate N is valid, revoked or unknown, with only what the certificate shows.
#[utoipa::path(get, path = "/api/v1/public/certificates/{number}", tag = "certificates", params(("number" = String, Path)), security(()),
    responses((status = 200, body = Verification), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn verify(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path(number): Path<String>,
) -> AppResult<Json<Verification>> {
    Ok(Json(ops::verify(&state, &number, &address).await?))
}
