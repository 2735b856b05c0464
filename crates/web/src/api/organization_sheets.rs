use axum::extract::State;

use super::Query;
use axum::response::Response;

use super::files::xlsx;
use crate::auth::Staff;
use crate::error::AppResult;
use wushe_app::network::organization_sheets::{self as ops, Organizations};
use wushe_app::network::organizations::ListQuery;
use wushe_app::state::AppState;

super::files::sheet_api!(
    "organizations",
    "/api/v1/organizations/template.xlsx",
    "organizations-template.xlsx",
    "/api/v1/organizations/import",
    crate::auth::Manager,
    Organizations
);

/// The filtered list as `.xlsx`, contact numbers masked.
#[utoipa::path(get, path = "/api/v1/organizations/export.xlsx", tag = "organizations", params(ListQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export(State(state): State<AppState>, g: Staff, Query(q): Query<ListQuery>) -> AppResult<Response> {
    Ok(xlsx(ops::export(&state, &g.0, &q).await?, "organizations.xlsx"))
}
