//! What the dashboard draws: monthly trends, needs by category and outcome, coverage by the
//! regions below, hours and money by source. Every number comes from the same rollups and
//! definitions as the summary.

use serde::Serialize;
use utoipa::ToSchema;
use wushe_domain::figures::{
    LINKED, Metric, Span, Unit, date_of, day_number, month_of, month_start, per_mille, section,
};
use wushe_domain::{Lang, RegionCode};
use wushe_store::figures as store;
use wushe_store::regions::{self, Region};

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::figures::summary::{PeriodQuery, region, span_query, within};
use crate::state::AppState;
use crate::views::RegionView;

/// The most months a trend shows: the last ones of the period.
const MOST_MONTHS: i64 = 60;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Slice {
    pub key: String,
    pub name: String,
    pub value: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Series {
    pub key: String,
    pub name: String,
    pub values: Vec<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChildCoverage {
    pub code: String,
    pub name: String,
    /// Share of townships with a station, in per cent; none without townships.
    pub stations: Option<f64>,
    /// Share of communities with a room, in per cent.
    pub rooms: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChartsView {
    pub region: RegionView,
    pub from: String,
    pub to: String,
    pub query: String,
    /// `2026-01` … for the trend series.
    pub months: Vec<String>,
    /// Counts by month: service records, needs received and closed, activities.
    pub trend: Vec<Series>,
    /// Hours (hours) and money linked (yuan) by month.
    pub amounts: Vec<Series>,
    pub categories: Vec<Slice>,
    pub outcomes: Vec<Slice>,
    pub coverage: Vec<ChildCoverage>,
    pub hours_sources: Vec<Slice>,
    pub money_sources: Vec<Slice>,
}

/// A value in the unit people read: hours, yuan, or the count.
fn readable(m: Metric, v: i64) -> f64 {
    match m.unit() {
        Unit::Minutes => (v as f64 / 6.0).round() / 10.0,
        Unit::Fen => v as f64 / 100.0,
        _ => v as f64,
    }
}

fn slices(ms: &[Metric], get: impl Fn(Metric) -> i64, lang: Lang) -> Vec<Slice> {
    ms.iter().map(|&m| Slice { key: m.key().into(), name: m.label(lang).into(), value: readable(m, get(m)) }).collect()
}

fn month_label(month: i64) -> String {
    date_of(month_start(month)).map(|d| format!("{:04}-{:02}", d.year(), u8::from(d.month()))).unwrap_or_default()
}

pub async fn charts(
    state: &AppState,
    auth: &Auth,
    code: &RegionCode,
    q: &PeriodQuery,
    lang: Lang,
) -> AppResult<ChartsView> {
    let region = region(state, auth, code).await?;
    charts_of(state, auth, &region, q.span()?, lang).await
}

pub(crate) async fn charts_of(
    state: &AppState,
    auth: &Auth,
    region: &Region,
    span: Span,
    lang: Lang,
) -> AppResult<ChartsView> {
    let db = &state.db;
    let s = within(store::summary(db, &region.code, span)).await?;
    let last = month_of(day_number(span.to));
    let first = month_of(day_number(span.from)).max(last - MOST_MONTHS + 1);
    let rows = within(store::months(db, &region.code, first, last)).await?;
    let monthly = |m: Metric| -> Vec<f64> {
        (first..=last).map(|mo| readable(m, rows.get(&m).and_then(|r| r.get(&mo)).copied().unwrap_or(0))).collect()
    };
    let series = |m: Metric| Series { key: m.key().into(), name: m.label(lang).into(), values: monthly(m) };
    let linked: Vec<f64> = (first..=last)
        .map(|mo| {
            LINKED.iter().map(|m| rows.get(m).and_then(|r| r.get(&mo)).copied().unwrap_or(0)).sum::<i64>() as f64
                / 100.0
        })
        .collect();
    let mut coverage = Vec::new();
    for child in regions::children(db, &auth.scope(), &region.code).await? {
        let c = within(store::summary(db, &child.code, span)).await?;
        let pct = |a: Metric, b: Metric| per_mille(c.get(a), c.get(b)).map(|pm| pm as f64 / 10.0);
        coverage.push(ChildCoverage {
            code: child.code.to_string(),
            name: child.name.clone(),
            stations: pct(Metric::CoveredTownships, Metric::Townships),
            rooms: pct(Metric::CoveredVillages, Metric::Villages),
        });
    }
    let get = |m: Metric| s.get(m);
    use Metric as M;
    Ok(ChartsView {
        region: region.into(),
        from: wushe_domain::validate::format_date(span.from),
        to: wushe_domain::validate::format_date(span.to),
        query: span_query(&span),
        months: (first..=last).map(month_label).collect(),
        trend: [M::Visits, M::NeedsReceived, M::NeedsClosed, M::Activities].into_iter().map(series).collect(),
        amounts: vec![
            series(M::Hours),
            Series { key: "linked".into(), name: texts(lang).charity_linked_yuan.into(), values: linked },
        ],
        categories: slices(section("categories"), get, lang),
        outcomes: slices(
            &[M::NeedsSolved, M::NeedsPartlySolved, M::NeedsUnsolved, M::NeedsReferred, M::NeedsDeclined],
            get,
            lang,
        ),
        coverage,
        hours_sources: slices(section("hours_sources"), get, lang),
        money_sources: slices(&LINKED, get, lang),
    })
}

wushe_domain::texts! {
    /// The texts this module shows.
    struct ChartsTexts, texts {
        charity_linked_yuan: "链接慈善资源（元）",
            "charity linked (yuan)",
    }
}
