use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::ErrorBody;
use super::files::{Upload, xlsx};
use crate::auth::{PeopleManager, ReqLang, Staff};
use crate::error::AppResult;
use crate::ops::registry::{self, ImportOutcome};
use crate::ops::volunteer_sheets::{self as ops, ExportQuery, Volunteers};
use crate::state::AppState;

/// The import template: Chinese headers and an example row.
#[utoipa::path(get, path = "/api/v1/volunteers/template.xlsx", tag = "volunteers",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn template(_g: Staff) -> AppResult<Response> {
    Ok(xlsx(registry::template::<Volunteers>()?, "volunteers-template.xlsx"))
}

/// Import volunteers from an `.xlsx` or `.csv` (UTF-8 or GBK) sent as the request body. The whole
/// file is checked first: either every row is loaded in one transaction (200), or nothing is and
/// every problem is listed (422).
#[utoipa::path(post, path = "/api/v1/volunteers/import", tag = "volunteers",
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ImportOutcome), (status = 422, body = ImportOutcome), (status = 403, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Upload(body): Upload,
) -> AppResult<(StatusCode, Json<ImportOutcome>)> {
    let outcome = registry::import::<Volunteers>(&state, &g.0, &body, lang).await?;
    let status = if outcome.problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, Json(outcome)))
}

/// The filtered list as `.xlsx`; numbers masked unless `unmasked=1` (centre staff and up; audited).
#[utoipa::path(get, path = "/api/v1/volunteers/export.xlsx", tag = "volunteers", params(ExportQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 403, body = ErrorBody)))]
pub async fn export(State(state): State<AppState>, g: Staff, Query(q): Query<ExportQuery>) -> AppResult<Response> {
    Ok(xlsx(ops::export(&state, &g.0, &q).await?, "volunteers.xlsx"))
}
