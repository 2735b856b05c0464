use axum::extract::State;

use super::Query;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

use super::ErrorBody;
use super::files::xlsx;
use crate::auth::Staff;
use crate::error::AppResult;
use wushe_app::people::donor_sheets::{self as ops, Donors};
use wushe_app::people::donors::ListQuery;
use wushe_app::state::AppState;

super::files::sheet_api!(
    "donors",
    "/api/v1/donors/template.xlsx",
    "donors-template.xlsx",
    "/api/v1/donors/import",
    crate::auth::PeopleManager,
    Donors
);

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    pub q: Option<String>,
    /// Region code: only records under it.
    pub region: Option<String>,
    /// 1 for full phone numbers (centre staff and up; audited). Anonymous donors stay anonymous.
    pub unmasked: Option<String>,
}

/// The filtered list as `.xlsx`, in the import template's columns; masked unless `unmasked=1`.
#[utoipa::path(get, path = "/api/v1/donors/export.xlsx", tag = "donors", params(ExportQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 403, body = ErrorBody)))]
pub async fn export(State(state): State<AppState>, g: Staff, Query(q): Query<ExportQuery>) -> AppResult<Response> {
    let unmasked = q.unmasked.as_deref().is_some_and(|v| v == "1" || v == "true");
    let list = ListQuery { q: q.q, region: q.region, ..Default::default() };
    Ok(xlsx(ops::export(&state, &g.0, &list, unmasked).await?, "donors.xlsx"))
}
