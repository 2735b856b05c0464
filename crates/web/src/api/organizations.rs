use axum::Json;
use axum::extract::{Path, State};

use super::Query;
use axum::http::StatusCode;
use wushe_domain::organization::OrganizationInput;

use super::{ErrorBody, JsonBody};
use crate::auth::{Manager, Staff};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::network::organizations::{self as ops, ListQuery};
use wushe_app::state::AppState;
use wushe_app::views::{OrganizationView, Page};

/// Social organizations registered in the caller's area.
#[utoipa::path(get, path = "/api/v1/organizations", tag = "organizations", params(ListQuery),
    responses((status = 200, body = Page<OrganizationView>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    g: Staff,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Page<OrganizationView>>> {
    Ok(Json(ops::list(&state, &g.0, &q).await?))
}

/// Register a social organization; the credit code's check character is verified and must be unique.
#[utoipa::path(post, path = "/api/v1/organizations", tag = "organizations", request_body = OrganizationInput,
    responses((status = 201, body = OrganizationView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    g: Manager,
    JsonBody(input): JsonBody<OrganizationInput>,
) -> AppResult<(StatusCode, Json<OrganizationView>)> {
    let o = ops::create(&state, &g.0, &input).await?;
    Ok((StatusCode::CREATED, Json((&o).into())))
}

#[utoipa::path(get, path = "/api/v1/organizations/{id}", tag = "organizations", params(("id" = String, Path)),
    responses((status = 200, body = OrganizationView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<OrganizationView>> {
    Ok(Json((&ops::get(&state, &g.0, parse_id(&id)?).await?).into()))
}
