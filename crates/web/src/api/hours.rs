use axum::Json;
use axum::extract::State;

use super::ErrorBody;
use crate::auth::VolunteerSelf;
use crate::error::AppResult;
use crate::ops::hours::{self as ops, MyHours};
use crate::state::AppState;

/// The signed-in volunteer's service record and total hours.
#[utoipa::path(get, path = "/api/v1/me/hours", tag = "hours",
    responses((status = 200, body = MyHours), (status = 403, body = ErrorBody)))]
pub async fn mine(State(state): State<AppState>, g: VolunteerSelf) -> AppResult<Json<MyHours>> {
    Ok(Json(ops::mine(&state, &g.0).await?))
}
