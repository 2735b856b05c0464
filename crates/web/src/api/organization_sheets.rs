use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::ErrorBody;
use super::files::{Upload, xlsx};
use crate::auth::{Manager, ReqLang, Staff};
use crate::error::AppResult;
use crate::ops::organization_sheets::{self as ops, Organizations};
use crate::ops::organizations::ListQuery;
use crate::ops::registry::{self, ImportOutcome};
use crate::state::AppState;

/// The import template: Chinese headers and an example row.
#[utoipa::path(get, path = "/api/v1/organizations/template.xlsx", tag = "organizations",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn template(_g: Staff) -> AppResult<Response> {
    Ok(xlsx(registry::template::<Organizations>()?, "organizations-template.xlsx"))
}

/// Import organizations from an `.xlsx` or `.csv` sent as the request body; all rows or none.
#[utoipa::path(post, path = "/api/v1/organizations/import", tag = "organizations",
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ImportOutcome), (status = 422, body = ImportOutcome), (status = 403, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    Upload(body): Upload,
) -> AppResult<(StatusCode, Json<ImportOutcome>)> {
    let outcome = registry::import::<Organizations>(&state, &g.0, &body, lang).await?;
    let status = if outcome.problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, Json(outcome)))
}

/// The filtered list as `.xlsx`, contact numbers masked.
#[utoipa::path(get, path = "/api/v1/organizations/export.xlsx", tag = "organizations", params(ListQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export(State(state): State<AppState>, g: Staff, Query(q): Query<ListQuery>) -> AppResult<Response> {
    Ok(xlsx(ops::export(&state, &g.0, &q).await?, "organizations.xlsx"))
}
