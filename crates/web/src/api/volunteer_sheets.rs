use axum::extract::State;

use super::Query;
use axum::response::Response;

use super::ErrorBody;
use super::files::xlsx;
use crate::auth::Staff;
use crate::error::AppResult;
use wushe_app::people::volunteer_sheets::{self as ops, ExportQuery, Volunteers};
use wushe_app::state::AppState;

super::files::sheet_api!(
    "volunteers",
    "/api/v1/volunteers/template.xlsx",
    "volunteers-template.xlsx",
    "/api/v1/volunteers/import",
    crate::auth::PeopleManager,
    Volunteers
);

/// The filtered list as `.xlsx`; numbers masked unless `unmasked=1` (centre staff and up; audited).
#[utoipa::path(get, path = "/api/v1/volunteers/export.xlsx", tag = "volunteers", params(ExportQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 403, body = ErrorBody)))]
pub async fn export(State(state): State<AppState>, g: Staff, Query(q): Query<ExportQuery>) -> AppResult<Response> {
    Ok(xlsx(ops::export(&state, &g.0, &q).await?, "volunteers.xlsx"))
}
