use axum::Json;
use axum::extract::{Path, State};

use super::Query;
use axum::http::StatusCode;
use wushe_domain::social_worker::SocialWorkerInput;

use super::{ErrorBody, JsonBody};
use crate::auth::{Manager, Staff};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::people::social_workers::{self as ops, ListQuery, PostingView, RepostInput};
use wushe_app::state::AppState;
use wushe_app::views::{Page, SocialWorkerView};

/// Social workers posted in the caller's area.
#[utoipa::path(get, path = "/api/v1/social-workers", tag = "social workers", params(ListQuery),
    responses((status = 200, body = Page<SocialWorkerView>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    g: Staff,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Page<SocialWorkerView>>> {
    Ok(Json(ops::list(&state, &g.0, &q).await?))
}

/// Register a social worker at a service point; licensed workers need their certificate number.
#[utoipa::path(post, path = "/api/v1/social-workers", tag = "social workers", request_body = SocialWorkerInput,
    responses((status = 201, body = SocialWorkerView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    g: Manager,
    JsonBody(input): JsonBody<SocialWorkerInput>,
) -> AppResult<(StatusCode, Json<SocialWorkerView>)> {
    let w = ops::create(&state, &g.0, &input).await?;
    Ok((StatusCode::CREATED, Json((&w).into())))
}

#[utoipa::path(get, path = "/api/v1/social-workers/{id}", tag = "social workers", params(("id" = String, Path)),
    responses((status = 200, body = SocialWorkerView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<SocialWorkerView>> {
    Ok(Json((&ops::get(&state, &g.0, parse_id(&id)?).await?).into()))
}

/// The worker's postings, oldest first.
#[utoipa::path(get, path = "/api/v1/social-workers/{id}/postings", tag = "social workers", params(("id" = String, Path)),
    responses((status = 200, body = Vec<PostingView>), (status = 404, body = ErrorBody)))]
pub async fn postings(
    State(state): State<AppState>,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<PostingView>>> {
    Ok(Json(ops::postings(&state, &g.0, parse_id(&id)?).await?))
}

/// Move the worker to another service point; the old posting ends, the history stays.
#[utoipa::path(post, path = "/api/v1/social-workers/{id}/postings", tag = "social workers", params(("id" = String, Path)), request_body = RepostInput,
    responses((status = 200, body = SocialWorkerView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn repost(
    State(state): State<AppState>,
    g: Manager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<RepostInput>,
) -> AppResult<Json<SocialWorkerView>> {
    Ok(Json((&ops::repost(&state, &g.0, parse_id(&id)?, &input).await?).into()))
}

super::rights::rights_api!(
    "social workers",
    "/api/v1/social-workers/{id}",
    "/api/v1/social-workers/{id}/personal-data",
    "/api/v1/social-workers/{id}/reveal",
    crate::auth::Manager,
    ops,
    SocialWorkerInput,
    SocialWorkerView
);
