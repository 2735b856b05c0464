use axum::Json;
use axum::extract::{Path, State};

use super::Query;
use axum::http::StatusCode;
use wushe_domain::service::ServiceRecordInput;

use super::{ErrorBody, JsonBody};
use crate::auth::{PeopleManager, Staff};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::needs::services::{self as ops, ListQuery, Recorded, ServiceList, ServiceRecordView};
use wushe_app::state::AppState;

/// Service records in the caller's area, latest first, with totals (records, person-times, minutes).
#[utoipa::path(get, path = "/api/v1/service-records", tag = "services", params(ListQuery),
    responses((status = 200, body = ServiceList), (status = 422, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, g: Staff, Query(q): Query<ListQuery>) -> AppResult<Json<ServiceList>> {
    Ok(Json(ops::list(&state, &g.0, &q).await?))
}

/// Record a visit, session or phone follow-up; answered once it is durably committed.
#[utoipa::path(post, path = "/api/v1/service-records", tag = "services", request_body = ServiceRecordInput,
    responses((status = 201, body = Recorded), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    g: PeopleManager,
    JsonBody(input): JsonBody<ServiceRecordInput>,
) -> AppResult<(StatusCode, Json<Recorded>)> {
    Ok((StatusCode::CREATED, Json(ops::create(&state, &g.0, &input).await?)))
}

#[utoipa::path(get, path = "/api/v1/service-records/{id}", tag = "services", params(("id" = String, Path)),
    responses((status = 200, body = ServiceRecordView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<ServiceRecordView>> {
    Ok(Json(ops::get(&state, &g.0, parse_id(&id)?).await?))
}
