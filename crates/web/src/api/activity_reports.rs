use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::files::Upload;
use super::{ErrorBody, JsonBody};
use crate::auth::{Planner, Staff};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::activities::reports::{self as ops, PhotoView, ReportInput, ReportView};
use wushe_app::state::AppState;

/// The report of an activity: what happened, photos, and who attended (场次, 人次).
#[utoipa::path(get, path = "/api/v1/activities/{id}/report", tag = "activities", params(("id" = String, Path)),
    responses((status = 200, body = ReportView), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, g: Staff, Path(id): Path<String>) -> AppResult<Json<ReportView>> {
    Ok(Json(ops::get(&state, &g.0, parse_id(&id)?).await?))
}

/// Write what happened at an activity that has taken place.
#[utoipa::path(put, path = "/api/v1/activities/{id}/report", tag = "activities", params(("id" = String, Path)),
    request_body = ReportInput,
    responses((status = 200, body = ReportView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn write(
    State(state): State<AppState>,
    g: Planner,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<ReportInput>,
) -> AppResult<Json<ReportView>> {
    Ok(Json(ops::write(&state, &g.0, parse_id(&id)?, &input).await?))
}

/// Add a photo (the request body: JPEG, PNG or WebP, at most 5 MB) to an activity's report.
#[utoipa::path(post, path = "/api/v1/activities/{id}/photos", tag = "activities", params(("id" = String, Path)),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses((status = 201, body = PhotoView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_photo(
    State(state): State<AppState>,
    g: Planner,
    Path(id): Path<String>,
    Upload(bytes): Upload,
) -> AppResult<(StatusCode, Json<PhotoView>)> {
    Ok((StatusCode::CREATED, Json(ops::add_photo(&state, &g.0, parse_id(&id)?, &bytes).await?)))
}

/// A photo of an activity in your area.
#[utoipa::path(get, path = "/api/v1/activity-photos/{id}", tag = "activities", params(("id" = String, Path)),
    responses((status = 200, content_type = "image/jpeg"), (status = 404, body = ErrorBody)))]
pub async fn photo(State(state): State<AppState>, g: Staff, Path(id): Path<String>) -> AppResult<Response> {
    let (kind, bytes) = ops::photo(&state, &g.0, &id).await?;
    Ok(([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "private, max-age=3600".to_owned())], bytes)
        .into_response())
}
