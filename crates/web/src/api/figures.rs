use axum::Json;
use axum::extract::{Path, State};

use super::Query;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::ErrorBody;
use crate::auth::{ReqLang, Staff};
use crate::error::AppResult;
use crate::pages::regions::parse_code;
use wushe_app::figures::charts::{self, ChartsView};
use wushe_app::figures::export;
use wushe_app::figures::report::{self, ReportView, YearQuery};
use wushe_app::figures::summary::{self as ops, DrillView, FiguresView, PeriodQuery};
use wushe_app::state::AppState;

/// The figures of a region and its subtree for a period, with the same days a year before.
#[utoipa::path(get, path = "/api/v1/figures/{code}", tag = "figures",
    params(("code" = String, Path, description = "Division code"), PeriodQuery),
    responses((status = 200, body = FiguresView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn summary(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Json<FiguresView>> {
    Ok(Json(ops::summary(&state, &g.0, &parse_code(&code)?, &q, lang).await?))
}

/// The records one figure counts (`metric`), fifty a page; `count` is the figure for counts and
/// `sum` for amounts.
#[utoipa::path(get, path = "/api/v1/figures/{code}/records", tag = "figures",
    params(("code" = String, Path, description = "Division code"), PeriodQuery),
    responses((status = 200, body = DrillView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn records(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Json<DrillView>> {
    Ok(Json(ops::drill(&state, &g.0, &parse_code(&code)?, &q, lang, false).await?))
}

/// The summary as `.xlsx`.
#[utoipa::path(get, path = "/api/v1/figures/{code}/summary.xlsx", tag = "figures",
    params(("code" = String, Path), PeriodQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 404, body = ErrorBody)))]
pub async fn summary_xlsx(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    let (name, bytes) = export::summary_xlsx(&state, &g.0, &parse_code(&code)?, &q, lang).await?;
    Ok(super::files::xlsx(bytes, &name))
}

/// The records behind one figure as `.xlsx` (at most 100,000 rows).
#[utoipa::path(get, path = "/api/v1/figures/{code}/records.xlsx", tag = "figures",
    params(("code" = String, Path), PeriodQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn records_xlsx(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    let (name, bytes) = export::records_xlsx(&state, &g.0, &parse_code(&code)?, &q, lang).await?;
    Ok(super::files::xlsx(bytes, &name))
}

/// What the dashboard draws: monthly trends, needs by category and outcome, coverage of the
/// regions below, hours and money by source.
#[utoipa::path(get, path = "/api/v1/figures/{code}/charts", tag = "figures",
    params(("code" = String, Path, description = "Division code"), PeriodQuery),
    responses((status = 200, body = ChartsView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn charts(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Json<ChartsView>> {
    Ok(Json(charts::charts(&state, &g.0, &parse_code(&code)?, &q, lang).await?))
}

/// The annual report of a region: the year's figures and index against the year before, and the
/// regions below ranked by their index.
#[utoipa::path(get, path = "/api/v1/figures/{code}/report", tag = "figures",
    params(("code" = String, Path, description = "Division code"), YearQuery),
    responses((status = 200, body = ReportView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(code): Path<String>,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<ReportView>> {
    Ok(Json(report::report(&state, &g.0, &parse_code(&code)?, &q, lang).await?))
}

/// The annual report as a PDF (Chinese text, or English when chosen).
#[utoipa::path(get, path = "/api/v1/figures/{code}/report.pdf", tag = "figures",
    params(("code" = String, Path, description = "Division code"), YearQuery),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn report_pdf(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(code): Path<String>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let (name, bytes) = report::report_pdf(&state, &g.0, &parse_code(&code)?, &q, lang).await?;
    let disposition = format!("inline; filename=\"{name}\"");
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}
