use axum::Json;
use axum::extract::State;

use super::Query;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use wushe_store::audit;

use super::ErrorBody;
use crate::auth::Admin;
use crate::error::AppResult;
use wushe_app::state::AppState;

#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only events with a smaller sequence number (for paging back).
    pub before: Option<i64>,
    pub limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEventView {
    pub seq: i64,
    /// Epoch milliseconds.
    pub at: i64,
    pub actor_id: Option<String>,
    pub region_code: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    /// ok | forbidden | hidden | failed
    pub outcome: String,
    pub hash: String,
}

/// Audit events about records in the caller's area, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = Vec<AuditEventView>), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    g: Admin,
    Query(q): Query<AuditQuery>,
) -> AppResult<Json<Vec<AuditEventView>>> {
    let limit = q.limit.unwrap_or(100).clamp(1, 1000);
    let rows = audit::list(&state.db, &g.scope(), q.before, limit).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| AuditEventView {
                seq: r.seq,
                at: r.at,
                actor_id: r.actor_id,
                region_code: r.region_code,
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                outcome: r.outcome,
                hash: r.hash,
            })
            .collect(),
    ))
}
