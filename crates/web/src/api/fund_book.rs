use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{ErrorBody, JsonBody};
use crate::auth::{FundManager, ReqLang, Staff};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::charity::book::{self as ops, AppealInput, AppealView};
use wushe_app::state::AppState;

/// A fund's appeals (募捐项目), with what each has raised.
#[utoipa::path(get, path = "/api/v1/funds/{id}/appeals", tag = "funds", params(("id" = String, Path)),
    responses((status = 200, body = Vec<AppealView>), (status = 404, body = ErrorBody)))]
pub async fn appeals(
    State(state): State<AppState>,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<AppealView>>> {
    Ok(Json(ops::appeals_of(&state, &g.0, parse_id(&id)?).await?))
}

/// Open an appeal of the fund: a name, a goal and a period.
#[utoipa::path(post, path = "/api/v1/funds/{id}/appeals", tag = "funds", params(("id" = String, Path)),
    request_body = AppealInput,
    responses((status = 201, body = String), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_appeal(
    State(state): State<AppState>,
    g: FundManager,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<AppealInput>,
) -> AppResult<(StatusCode, Json<serde_json::Value>)> {
    let id = ops::add_appeal(&state, &g.0, parse_id(&id)?, &input).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id }))))
}

/// The fund's book as `.xlsx`: every posting, with reversals and the chain's hashes.
#[utoipa::path(get, path = "/api/v1/funds/{id}/ledger.xlsx", tag = "funds", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 404, body = ErrorBody)))]
pub async fn ledger_xlsx(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: FundManager,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let (name, bytes) = ops::book_xlsx(&state, &g.0, parse_id(&id)?, lang).await?;
    Ok(super::files::xlsx(bytes, &name))
}

/// A gift's receipt (捐赠收据) as a PDF, with the amount in capital numerals.
#[utoipa::path(get, path = "/api/v1/donations/{id}/receipt.pdf", tag = "funds", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn receipt(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: FundManager,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let (name, bytes) = wushe_app::charity::receipt::receipt(&state, &g.0, parse_id(&id)?, lang).await?;
    let disposition = format!("inline; filename=\"{name}\"");
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}
