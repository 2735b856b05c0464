use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

use super::ErrorBody;
use super::files::{Upload, xlsx};
use crate::auth::{PeopleManager, ReqLang, Staff};
use crate::error::AppResult;
use crate::ops::registry::{self, ImportOutcome};
use crate::ops::resident_sheets::{self as ops, Residents};
use crate::ops::residents::ListQuery;
use crate::state::AppState;

#[utoipa::path(get, path = "/api/v1/residents/template.xlsx", tag = "residents",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn template(_g: Staff) -> AppResult<Response> {
    Ok(xlsx(registry::template::<Residents>()?, "residents-template.xlsx"))
}

/// Import residents from an `.xlsx` or `.csv` sent as the request body; all rows or none.
#[utoipa::path(post, path = "/api/v1/residents/import", tag = "residents",
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ImportOutcome), (status = 422, body = ImportOutcome), (status = 403, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Upload(body): Upload,
) -> AppResult<(StatusCode, Json<ImportOutcome>)> {
    let outcome = registry::import::<Residents>(&state, &g.0, &body, lang).await?;
    let status = if outcome.problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, Json(outcome)))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ExportQuery {
    pub q: Option<String>,
    pub category: Option<String>,
    /// 1 for full numbers and addresses (centre staff and up; audited).
    pub unmasked: Option<String>,
}

/// The filtered list as `.xlsx`, masked unless `unmasked=1`.
#[utoipa::path(get, path = "/api/v1/residents/export.xlsx", tag = "residents", params(ExportQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 403, body = ErrorBody)))]
pub async fn export(State(state): State<AppState>, g: Staff, Query(q): Query<ExportQuery>) -> AppResult<Response> {
    let unmasked = q.unmasked.as_deref().is_some_and(|v| v == "1" || v == "true");
    let list = ListQuery { q: q.q, category: q.category, ..Default::default() };
    Ok(xlsx(ops::export(&state, &g.0, &list, unmasked).await?, "residents.xlsx"))
}
