use axum::Json;
use axum::extract::State;

use super::{ErrorBody, JsonBody};
use crate::auth::{Admin, Staff};
use crate::error::AppResult;
use wushe_app::people::skills::{self as ops, SkillInput, SkillView};
use wushe_app::state::AppState;

/// The managed list of volunteer skills, retired ones included, with how many volunteers hold each.
#[utoipa::path(get, path = "/api/v1/skills", tag = "skills", responses((status = 200, body = Vec<SkillView>)))]
pub async fn list(State(state): State<AppState>, _g: Staff) -> AppResult<Json<Vec<SkillView>>> {
    Ok(Json(ops::list(&state).await?))
}

/// Add a skill to the list (or bring a retired one back).
#[utoipa::path(post, path = "/api/v1/skills", tag = "skills", request_body = SkillInput,
    responses((status = 200, body = Vec<SkillView>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add(
    State(state): State<AppState>,
    g: Admin,
    JsonBody(input): JsonBody<SkillInput>,
) -> AppResult<Json<Vec<SkillView>>> {
    Ok(Json(ops::add(&state, &g.0, &input).await?))
}

/// Retire a skill: volunteers keep it on their record, new registrations can no longer choose it.
#[utoipa::path(post, path = "/api/v1/skills/retire", tag = "skills", request_body = SkillInput,
    responses((status = 200, body = Vec<SkillView>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn retire(
    State(state): State<AppState>,
    g: Admin,
    JsonBody(input): JsonBody<SkillInput>,
) -> AppResult<Json<Vec<SkillView>>> {
    Ok(Json(ops::retire(&state, &g.0, &input).await?))
}
