use axum::Json;
use axum::extract::{Path, State};

use super::ErrorBody;
use crate::auth::{ReqLang, Staff};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::needs::matching::{self as ops, OrganizationCandidateView, VolunteerCandidateView};
use wushe_app::state::AppState;

/// Volunteers recommended for a task, best first, each with the reasons for its score.
#[utoipa::path(get, path = "/api/v1/tasks/{id}/recommendations", tag = "matching", params(("id" = String, Path)),
    responses((status = 200, body = Vec<VolunteerCandidateView>), (status = 404, body = ErrorBody)))]
pub async fn volunteers(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<VolunteerCandidateView>>> {
    Ok(Json(ops::volunteers_for_task(&state, &g.0, parse_id(&id)?, lang).await?))
}

/// Organizations recommended for a referral of the need, best first, with the reasons.
#[utoipa::path(get, path = "/api/v1/needs/{id}/recommendations", tag = "matching", params(("id" = String, Path)),
    responses((status = 200, body = Vec<OrganizationCandidateView>), (status = 404, body = ErrorBody)))]
pub async fn organizations(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<OrganizationCandidateView>>> {
    Ok(Json(ops::organizations_for_need(&state, &g.0, parse_id(&id)?, lang).await?))
}
