use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{ErrorBody, JsonBody};
use crate::auth::{Admin, Staff};
use crate::error::AppResult;
use crate::pages::regions::parse_code;
use wushe_app::network::regions as ops;
use wushe_app::state::AppState;
use wushe_app::views::{RegionDetail, RegionView};

/// A region with its trail, coverage by level, children (each with coverage) and service points.
#[utoipa::path(get, path = "/api/v1/regions/{code}", tag = "regions", params(("code" = String, Path, description = "Division code")),
    responses((status = 200, body = RegionDetail), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, g: Staff, Path(code): Path<String>) -> AppResult<Json<RegionDetail>> {
    Ok(Json(ops::detail(&state, &g.0, &parse_code(&code)?).await?))
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct ZoneInput {
    /// Name of the functional zone, e.g. 两江新区.
    pub name: String,
}

/// Add a functional zone (a county-level unit outside the national list) under a province or city.
#[utoipa::path(post, path = "/api/v1/regions/{code}/zones", tag = "regions", params(("code" = String, Path)), request_body = ZoneInput,
    responses((status = 200, body = RegionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_zone(
    State(state): State<AppState>,
    g: Admin,
    Path(code): Path<String>,
    JsonBody(input): JsonBody<ZoneInput>,
) -> AppResult<Json<RegionView>> {
    Ok(Json(ops::add_zone(&state, &g.0, &parse_code(&code)?, &input.name).await?))
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct PlaceInput {
    /// Code of the county-level unit or functional zone the township is placed under.
    pub county: String,
}

/// Place a township under a functional zone or another county-level unit for service purposes.
#[utoipa::path(post, path = "/api/v1/regions/{code}/placement", tag = "regions", params(("code" = String, Path, description = "Township code")), request_body = PlaceInput,
    responses((status = 200, body = RegionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn place(
    State(state): State<AppState>,
    g: Admin,
    Path(code): Path<String>,
    JsonBody(input): JsonBody<PlaceInput>,
) -> AppResult<Json<RegionView>> {
    Ok(Json(ops::place_township(&state, &g.0, &parse_code(&code)?, &input.county).await?))
}
