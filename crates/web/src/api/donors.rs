use axum::Json;
use axum::extract::{Path, State};

use super::Query;
use axum::http::StatusCode;
use wushe_domain::donor::DonorInput;

use super::{ErrorBody, JsonBody};
use crate::auth::{PeopleManager, Staff};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::people::donors::{self as ops, ListQuery};
use wushe_app::state::AppState;
use wushe_app::views::{DonorView, Page};

/// Donors registered in the caller's area; anonymous ones show as 匿名.
#[utoipa::path(get, path = "/api/v1/donors", tag = "donors", params(ListQuery), responses((status = 200, body = Page<DonorView>)))]
pub async fn list(
    State(state): State<AppState>,
    g: Staff,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Page<DonorView>>> {
    Ok(Json(ops::list(&state, &g.0, &q).await?))
}

/// Register a donor (a person or an organization; anonymous allowed).
#[utoipa::path(post, path = "/api/v1/donors", tag = "donors", request_body = DonorInput,
    responses((status = 201, body = DonorView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    g: PeopleManager,
    JsonBody(input): JsonBody<DonorInput>,
) -> AppResult<(StatusCode, Json<DonorView>)> {
    let d = ops::create(&state, &g.0, &input).await?;
    Ok((StatusCode::CREATED, Json((&d).into())))
}

#[utoipa::path(get, path = "/api/v1/donors/{id}", tag = "donors", params(("id" = String, Path)),
    responses((status = 200, body = DonorView), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, g: Staff, Path(id): Path<String>) -> AppResult<Json<DonorView>> {
    Ok(Json((&ops::get(&state, &g.0, parse_id(&id)?).await?).into()))
}

super::rights::rights_api!(
    "donors",
    "/api/v1/donors/{id}",
    "/api/v1/donors/{id}/personal-data",
    "/api/v1/donors/{id}/reveal",
    crate::auth::PeopleManager,
    ops,
    DonorInput,
    DonorView
);
