use axum::Json;
use axum::extract::{Path, State};

use super::Query;
use axum::http::StatusCode;
use axum::response::Response;
use wushe_domain::hours::EntryInput;

use super::{ErrorBody, JsonBody};
use crate::auth::{Planner, ReqLang, Staff, VolunteerSelf};
use crate::error::AppResult;
use crate::pages::parse_id;
use wushe_app::hours::desk::{self as desk, CorrectionInput, CorrectionView, Desk, RejectInput};
use wushe_app::hours::record::{self as ops, Decided, DecisionInput, MyHours, Requested, TotalsQuery, TotalsView};
use wushe_app::state::AppState;

/// The signed-in volunteer's service record and total hours.
#[utoipa::path(get, path = "/api/v1/me/hours", tag = "hours",
    responses((status = 200, body = MyHours), (status = 403, body = ErrorBody)))]
pub async fn mine(State(state): State<AppState>, g: VolunteerSelf) -> AppResult<Json<MyHours>> {
    Ok(Json(ops::mine(&state, &g.0).await?))
}

/// A volunteer's service record and total, for staff of their area.
#[utoipa::path(get, path = "/api/v1/volunteers/{id}/hours", tag = "hours", params(("id" = String, Path)),
    responses((status = 200, body = MyHours), (status = 404, body = ErrorBody)))]
pub async fn of_volunteer(State(state): State<AppState>, g: Staff, Path(id): Path<String>) -> AppResult<Json<MyHours>> {
    Ok(Json(ops::of_volunteer(&state, &g.0, parse_id(&id)?).await?))
}

/// Ask for a back-entry (补录) with a reason and evidence; someone else of the unit approves it.
#[utoipa::path(post, path = "/api/v1/volunteers/{id}/hours", tag = "hours", params(("id" = String, Path)),
    request_body = EntryInput,
    responses((status = 201, body = Requested), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request(
    State(state): State<AppState>,
    g: Planner,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<EntryInput>,
) -> AppResult<(StatusCode, Json<Requested>)> {
    Ok((StatusCode::CREATED, Json(ops::request(&state, &g.0, parse_id(&id)?, &input).await?)))
}

/// Approve a back-entry asked for by someone else of the unit: the entry joins the ledger.
#[utoipa::path(post, path = "/api/v1/hours-requests/{id}/approve", tag = "hours", params(("id" = String, Path)),
    request_body = DecisionInput,
    responses((status = 200, body = Decided), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn approve(
    State(state): State<AppState>,
    g: Planner,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<DecisionInput>,
) -> AppResult<Json<Decided>> {
    Ok(Json(ops::decide(&state, &g.0, &id, true, &input).await?))
}

#[utoipa::path(post, path = "/api/v1/hours-requests/{id}/reject", tag = "hours", params(("id" = String, Path)),
    request_body = DecisionInput,
    responses((status = 200, body = Decided), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn reject(
    State(state): State<AppState>,
    g: Planner,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<DecisionInput>,
) -> AppResult<Json<Decided>> {
    Ok(Json(ops::decide(&state, &g.0, &id, false, &input).await?))
}

/// Correct an entry with a new one that supersedes it; the original stays in the history.
#[utoipa::path(post, path = "/api/v1/hours/{id}/amend", tag = "hours", params(("id" = i64, Path, description = "the entry's sequence number")),
    request_body = EntryInput,
    responses((status = 200, body = Decided), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn amend(
    State(state): State<AppState>,
    g: Planner,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<EntryInput>,
) -> AppResult<Json<Decided>> {
    let seq: i64 = id.trim().parse().map_err(|_| crate::error::AppError::NotFound)?;
    Ok(Json(ops::amend(&state, &g.0, seq, &input).await?))
}

/// Hours in force per volunteer or per activity, in the caller's area and period.
#[utoipa::path(get, path = "/api/v1/hours/totals", tag = "hours", params(TotalsQuery),
    responses((status = 200, body = TotalsView), (status = 422, body = ErrorBody)))]
pub async fn totals(
    State(state): State<AppState>,
    g: Staff,
    Query(q): Query<TotalsQuery>,
) -> AppResult<Json<TotalsView>> {
    Ok(Json(ops::totals(&state, &g.0, &q).await?))
}

/// The same totals as an `.xlsx` (audited).
#[utoipa::path(get, path = "/api/v1/hours/totals.xlsx", tag = "hours", params(TotalsQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn totals_xlsx(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Query(q): Query<TotalsQuery>,
) -> AppResult<Response> {
    Ok(super::files::xlsx(ops::totals_xlsx(&state, &g.0, &q, lang).await?, "hours-totals.xlsx"))
}

/// Ask for one of your entries to be checked and corrected by the unit that recorded it.
#[utoipa::path(post, path = "/api/v1/me/hours/{id}/corrections", tag = "hours", params(("id" = i64, Path, description = "the entry's sequence number")),
    request_body = CorrectionInput,
    responses((status = 201, body = CorrectionView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn raise_correction(
    State(state): State<AppState>,
    g: VolunteerSelf,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<CorrectionInput>,
) -> AppResult<(StatusCode, Json<CorrectionView>)> {
    let seq: i64 = id.trim().parse().map_err(|_| crate::error::AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(desk::raise(&state, &g.0, seq, &input).await?)))
}

/// Your correction requests and their answers.
#[utoipa::path(get, path = "/api/v1/me/hours/corrections", tag = "hours",
    responses((status = 200, body = Vec<CorrectionView>), (status = 403, body = ErrorBody)))]
pub async fn my_corrections(State(state): State<AppState>, g: VolunteerSelf) -> AppResult<Json<Vec<CorrectionView>>> {
    Ok(Json(desk::mine(&state, &g.0).await?))
}

/// Decline a correction request, saying why the entry stands; amending the entry answers it.
#[utoipa::path(post, path = "/api/v1/hours-corrections/{id}/reject", tag = "hours", params(("id" = String, Path)),
    request_body = RejectInput,
    responses((status = 200, body = CorrectionView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reject_correction(
    State(state): State<AppState>,
    g: Planner,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<RejectInput>,
) -> AppResult<Json<CorrectionView>> {
    Ok(Json(desk::reject(&state, &g.0, parse_id(&id)?, &input).await?))
}

/// What waits on the caller's unit: back-entries, correction requests, certificate requests.
#[utoipa::path(get, path = "/api/v1/hours/desk", tag = "hours",
    responses((status = 200, body = Desk), (status = 403, body = ErrorBody)))]
pub async fn desk_view(State(state): State<AppState>, g: Planner) -> AppResult<Json<Desk>> {
    Ok(Json(desk::desk(&state, &g.0).await?))
}
