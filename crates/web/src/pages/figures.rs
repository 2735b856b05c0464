//! The figures pages: a region's summary for a period with the year before, each number a link to
//! the records it counts, and those records a page at a time. A period typed wrong comes back to
//! the same page with the reason; it never shows zeros for it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};

use super::layout::Chrome;
use super::regions::parse_code;
use super::{form_message, render, rerender, see_other};
use crate::auth::{ReqLang, Staff};
use crate::error::AppResult;
use wushe_app::figures::report::{self as report_ops, ReportView, YearQuery};
use wushe_app::figures::summary::{self as ops, DrillView, FiguresView, PeriodQuery};
use wushe_app::network::regions as region_ops;
use wushe_app::state::AppState;
use wushe_app::views::RegionView;

#[derive(Template)]
#[template(path = "figures.html")]
struct SummaryPage {
    chrome: Chrome,
    code: String,
    q: PeriodQuery,
    v: Option<FiguresView>,
    children: Vec<RegionView>,
    error: Option<String>,
}

impl SummaryPage {
    fn typed(&self, which: &str) -> String {
        let v = match which {
            "period" => &self.q.period,
            "from" => &self.q.from,
            _ => &self.q.to,
        };
        v.clone().unwrap_or_default()
    }
}

pub async fn home(g: Staff) -> Response {
    see_other(&format!("/figures/{}", region_ops::home(&g.0)))
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let code = parse_code(&code)?;
    let chrome = Chrome::new(lang, Some(&g.0), &super::here(&uri));
    match ops::summary(&state, &g.0, &code, &q, lang).await {
        Ok(v) => {
            let region = ops::region(&state, &g.0, &code).await?;
            let children = wushe_store::regions::children(&state.db, &g.0.scope(), &region.code).await?;
            let children = children.iter().map(RegionView::from).collect();
            let page = SummaryPage { chrome, code: code.to_string(), q, v: Some(v), children, error: None };
            Ok(render(&page)?.into_response())
        }
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            let page =
                SummaryPage { chrome, code: code.to_string(), q, v: None, children: Vec::new(), error: Some(msg) };
            Ok(rerender(&page, &err))
        }
    }
}

#[derive(Template)]
#[template(path = "figure_records.html")]
struct RecordsPage {
    chrome: Chrome,
    v: DrillView,
}

pub async fn records(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
    uri: axum::http::Uri,
) -> AppResult<Html<String>> {
    let v = ops::drill(&state, &g.0, &parse_code(&code)?, &q, lang, false).await?;
    render(&RecordsPage { chrome: Chrome::new(lang, Some(&g.0), &super::here(&uri)), v })
}

#[derive(Template)]
#[template(path = "figure_charts.html")]
struct ChartsPage {
    chrome: Chrome,
    v: FiguresView,
}

/// The dashboard: the page carries the period; the charts fetch their numbers from the API.
pub async fn charts(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
    uri: axum::http::Uri,
) -> AppResult<Html<String>> {
    let v = ops::summary(&state, &g.0, &parse_code(&code)?, &q, lang).await?;
    render(&ChartsPage { chrome: Chrome::new(lang, Some(&g.0), &super::here(&uri)), v })
}

#[derive(Template)]
#[template(path = "figure_report.html")]
struct ReportPage {
    chrome: Chrome,
    v: ReportView,
}

pub async fn report(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(code): Path<String>,
    Query(q): Query<YearQuery>,
    uri: axum::http::Uri,
) -> AppResult<Html<String>> {
    let v = report_ops::report(&state, &g.0, &parse_code(&code)?, &q, lang).await?;
    render(&ReportPage { chrome: Chrome::new(lang, Some(&g.0), &super::here(&uri)), v })
}

#[derive(Template)]
#[template(path = "figure_method.html")]
struct MethodPage {
    chrome: Chrome,
}

/// How the industry index is made, for the people who read it.
pub async fn method(ReqLang(lang): ReqLang, g: Staff, uri: axum::http::Uri) -> AppResult<Html<String>> {
    render(&MethodPage { chrome: Chrome::new(lang, Some(&g.0), &super::here(&uri)) })
}
