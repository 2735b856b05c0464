use axum::extract::State;

use super::Query;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

use super::ErrorBody;
use super::files::xlsx;
use crate::auth::Staff;
use crate::error::AppResult;
use wushe_app::people::resident_sheets::{self as ops, Residents};
use wushe_app::people::residents::ListQuery;
use wushe_app::state::AppState;

super::files::sheet_api!(
    "residents",
    "/api/v1/residents/template.xlsx",
    "residents-template.xlsx",
    "/api/v1/residents/import",
    crate::auth::PeopleManager,
    Residents
);

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    pub q: Option<String>,
    pub category: Option<String>,
    /// Region code: only records under it.
    pub region: Option<String>,
    /// 1 for full numbers and addresses (centre staff and up; audited).
    pub unmasked: Option<String>,
}

/// The filtered list as `.xlsx`, masked unless `unmasked=1`.
#[utoipa::path(get, path = "/api/v1/residents/export.xlsx", tag = "residents", params(ExportQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 403, body = ErrorBody)))]
pub async fn export(State(state): State<AppState>, g: Staff, Query(q): Query<ExportQuery>) -> AppResult<Response> {
    let unmasked = q.unmasked.as_deref().is_some_and(|v| v == "1" || v == "true");
    let list = ListQuery { q: q.q, category: q.category, region: q.region, ..Default::default() };
    Ok(xlsx(ops::export(&state, &g.0, &list, unmasked).await?, "residents.xlsx"))
}
