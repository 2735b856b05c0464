use axum::Json;
use axum::extract::{Path, State};

use super::Query;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::files::Upload;
use super::{ErrorBody, JsonBody};
use crate::auth::{FundManager, Staff};
use crate::error::AppResult;
use wushe_app::charity::funds::FundView;
use wushe_app::charity::relief::{self as ops, ApplyInput, DecisionInput, DocumentView, ReliefDetail, ReliefView};
use wushe_app::state::AppState;

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ReliefLists {
    /// What you filed, or what was filed for you.
    pub own: Vec<ReliefView>,
    /// For the fund's keepers: applications in your area.
    pub area: Vec<ReliefView>,
}

/// Care funds (社会工作者关爱基金) serving where you work.
#[utoipa::path(get, path = "/api/v1/care-funds", tag = "relief",
    responses((status = 200, body = Vec<FundView>)))]
pub async fn care_funds(State(state): State<AppState>, g: Staff) -> AppResult<Json<Vec<FundView>>> {
    Ok(Json(ops::care_funds(&state, &g.0).await?))
}

#[utoipa::path(get, path = "/api/v1/relief", tag = "relief", responses((status = 200, body = ReliefLists)))]
pub async fn list(State(state): State<AppState>, g: Staff) -> AppResult<Json<ReliefLists>> {
    let (own, area) = ops::lists(&state, &g.0).await?;
    Ok(Json(ReliefLists { own, area }))
}

/// Apply for relief: for yourself (leave `worker` empty), or for a worker your organization employs.
#[utoipa::path(post, path = "/api/v1/relief", tag = "relief", request_body = ApplyInput,
    responses((status = 201, body = ReliefView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn apply(
    State(state): State<AppState>,
    g: Staff,
    JsonBody(input): JsonBody<ApplyInput>,
) -> AppResult<(StatusCode, Json<ReliefView>)> {
    Ok((StatusCode::CREATED, Json(ops::apply(&state, &g.0, &input).await?)))
}

#[utoipa::path(get, path = "/api/v1/relief/{id}", tag = "relief", params(("id" = String, Path)),
    responses((status = 200, body = ReliefDetail), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, g: Staff, Path(id): Path<String>) -> AppResult<Json<ReliefDetail>> {
    Ok(Json(ops::get(&state, &g.0, &id).await?))
}

/// The first approval; the second, by another keeper, pays.
#[utoipa::path(post, path = "/api/v1/relief/{id}/approve", tag = "relief", params(("id" = String, Path)),
    request_body = DecisionInput,
    responses((status = 200, body = ReliefView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn approve(
    State(state): State<AppState>,
    g: FundManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<DecisionInput>,
) -> AppResult<Json<ReliefView>> {
    Ok(Json(ops::decide(&state, &g.0, &id, true, &input).await?))
}

#[utoipa::path(post, path = "/api/v1/relief/{id}/decline", tag = "relief", params(("id" = String, Path)),
    request_body = DecisionInput,
    responses((status = 200, body = ReliefView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decline(
    State(state): State<AppState>,
    g: FundManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<DecisionInput>,
) -> AppResult<Json<ReliefView>> {
    Ok(Json(ops::decide(&state, &g.0, &id, false, &input).await?))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NameQuery {
    /// What the document is, e.g. 诊断证明.
    pub name: Option<String>,
}

/// Add a document (the request body: PDF, JPEG, PNG or WebP, at most 5 MB) to your application.
#[utoipa::path(post, path = "/api/v1/relief/{id}/documents", tag = "relief", params(("id" = String, Path), NameQuery),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 201, body = DocumentView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_document(
    State(state): State<AppState>,
    g: Staff,
    Path(id): Path<String>,
    Query(q): Query<NameQuery>,
    Upload(bytes): Upload,
) -> AppResult<(StatusCode, Json<DocumentView>)> {
    let name = q.name.unwrap_or_default();
    Ok((StatusCode::CREATED, Json(ops::add_document(&state, &g.0, &id, &name, &bytes).await?)))
}

#[utoipa::path(get, path = "/api/v1/relief-documents/{id}", tag = "relief", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = ErrorBody)))]
pub async fn document(State(state): State<AppState>, g: Staff, Path(id): Path<String>) -> AppResult<Response> {
    let (kind, bytes) = ops::document(&state, &g.0, &id).await?;
    Ok(([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "private, no-store".to_owned())], bytes).into_response())
}
