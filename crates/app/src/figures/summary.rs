//! The figures of a region for a period: the summary with the same days a year before, and the
//! records behind any one figure. Reads only; each within a time budget, after which the caller
//! is told to ask for less rather than shown a partial count.

use std::future::Future;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use wushe_domain::authz::Action;
use wushe_domain::figures::{Metric, SECTIONS, Span, Unit, change_percent, index, rates, shown};
use wushe_domain::validate::format_date;
use wushe_domain::{Field, FieldError, Lang, Reason, RegionCode};
use wushe_store::figures::{self as store, Source};
use wushe_store::regions::{self, Region};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::network::points::today;
use crate::network::regions::region_in_scope;
use crate::state::AppState;
use crate::steps::authorize;
use crate::views::{RegionView, format_ms};

/// How long one summary or one page of records may take.
const BUDGET: Duration = Duration::from_secs(10);
/// Records per drill-down page.
pub const PAGE: i64 = 50;
/// Rows an export of records holds at most.
pub const EXPORT_ROWS: i64 = 100_000;

/// Which period: a shorthand (`2026`, `2026-H1`, `2026-Q3`, `2026-11`), or two dates.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct PeriodQuery {
    pub period: Option<String>,
    /// YYYY-MM-DD, included.
    pub from: Option<String>,
    /// YYYY-MM-DD, included.
    pub to: Option<String>,
    /// The figure to list the records of (drill-down only), e.g. `needs_closed`.
    pub metric: Option<String>,
    /// Page of the drill-down, from 1.
    pub page: Option<i64>,
}

impl PeriodQuery {
    pub fn span(&self) -> Result<Span, FieldError> {
        Span::parse(self.period.as_deref(), self.from.as_deref(), self.to.as_deref(), today())
    }

    pub fn metric(&self) -> Result<Metric, FieldError> {
        match self.metric.as_deref().map(str::trim) {
            None | Some("") => Err(FieldError::new(Field::Metric, Reason::Required)),
            Some(m) => Metric::parse(m).ok_or(FieldError::new(Field::Metric, Reason::UnknownChoice)),
        }
    }
}

/// The query string naming a span, for links between the pages.
pub fn span_query(span: &Span) -> String {
    format!("from={}&to={}", format_date(span.from), format_date(span.to))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FigureView {
    pub metric: String,
    pub label: String,
    /// Count, person_times, sessions, minutes or fen: what `value` is in.
    pub unit: String,
    pub unit_label: String,
    pub value: i64,
    /// The same days a year before.
    pub before: i64,
    /// As people read it: hours, yuan.
    pub shown: String,
    pub before_shown: String,
    /// Change from a year before in whole percent; none when there was nothing then.
    pub change: Option<i64>,
    /// Counted up to the period's end (registrations, points) rather than within it.
    pub stock: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SectionView {
    pub key: String,
    pub title: String,
    pub figures: Vec<FigureView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RateView {
    pub key: String,
    pub label: String,
    pub text: String,
    /// The same rate a year before.
    pub before: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatorView {
    pub key: String,
    pub label: String,
    pub value: String,
    pub before: String,
    /// Score out of 100, one decimal; "—" without data.
    pub score: String,
    /// Weight in the index, per cent.
    pub weight: i64,
}

/// The industry index (行业指数) of the period and of the year before; see docs/INDEX.md.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndexView {
    /// Out of 100, one decimal.
    pub total: String,
    pub before: String,
    /// In tenths of a point: now less a year before.
    pub change_tenths: i64,
    pub total_tenths: i64,
    pub indicators: Vec<IndicatorView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FiguresView {
    pub region: RegionView,
    /// The year the period ends in: the annual report it belongs to.
    pub year: i32,
    pub trail: Vec<RegionView>,
    pub from: String,
    pub to: String,
    pub before_from: String,
    pub before_to: String,
    /// `from=…&to=…`, for links to the records.
    pub query: String,
    /// Nothing at all was recorded in the period (the figures are zeros, not missing).
    pub empty: bool,
    pub rates: Vec<RateView>,
    pub index: IndexView,
    pub sections: Vec<SectionView>,
}

fn score_text(score: Option<i64>) -> String {
    score.map_or("—".to_owned(), |s| format!("{}.{}", s / 10, s % 10))
}

pub(crate) fn index_view(s: &store::Summary, span: &Span, lang: Lang) -> IndexView {
    let now = index(|m| s.get(m), span.days(), lang);
    let before = index(|m| s.get_before(m), span.year_before().days(), lang);
    let indicators = now
        .indicators
        .iter()
        .zip(&before.indicators)
        .map(|(n, b)| IndicatorView {
            key: n.key.to_owned(),
            label: n.label.to_owned(),
            value: n.value.clone(),
            before: b.value.clone(),
            score: score_text(n.score),
            weight: n.weight,
        })
        .collect();
    IndexView {
        total: now.text(),
        before: before.text(),
        change_tenths: now.total - before.total,
        total_tenths: now.total,
        indicators,
    }
}

fn unit_key(u: Unit) -> &'static str {
    match u {
        Unit::Count => "count",
        Unit::PersonTimes => "person_times",
        Unit::Sessions => "sessions",
        Unit::Minutes => "minutes",
        Unit::Fen => "fen",
    }
}

pub(crate) async fn within<T>(work: impl Future<Output = Result<T, wushe_store::StoreError>>) -> AppResult<T> {
    match tokio::time::timeout(BUDGET, work).await {
        Ok(done) => Ok(done?),
        Err(_) => Err(AppError::TimedOut),
    }
}

/// The region, in the caller's area, whose figures they may see.
pub async fn region(state: &AppState, auth: &Auth, code: &RegionCode) -> AppResult<Region> {
    let region = region_in_scope(state, auth, code).await?;
    authorize(state, &auth.actor(), Action::ViewNetwork, "region", code, (&region.code, &region.path)).await?;
    Ok(region)
}

pub async fn summary(
    state: &AppState,
    auth: &Auth,
    code: &RegionCode,
    q: &PeriodQuery,
    lang: Lang,
) -> AppResult<FiguresView> {
    let region = region(state, auth, code).await?;
    let span = q.span()?;
    summary_of(state, auth, &region, span, lang).await
}

pub(crate) async fn summary_of(
    state: &AppState,
    auth: &Auth,
    region: &Region,
    span: Span,
    lang: Lang,
) -> AppResult<FiguresView> {
    let s = within(store::summary(&state.db, &region.code, span)).await?;
    let trail = regions::trail(&state.db, &auth.scope(), region).await?;
    let back = span.year_before();
    let sections = SECTIONS
        .iter()
        .map(|sec| SectionView {
            key: sec.key.to_owned(),
            title: sec.title(lang).to_owned(),
            figures: sec
                .metrics
                .iter()
                .map(|&m| {
                    let (value, before) = (s.get(m), s.get_before(m));
                    FigureView {
                        metric: m.key().to_owned(),
                        label: m.label(lang).to_owned(),
                        unit: unit_key(m.unit()).to_owned(),
                        unit_label: m.unit().label(lang).to_owned(),
                        value,
                        before,
                        shown: shown(m.unit(), value),
                        before_shown: shown(m.unit(), before),
                        change: change_percent(value, before),
                        stock: m.is_stock(),
                    }
                })
                .collect(),
        })
        .collect();
    let before_rates = rates(|m| s.get_before(m), lang);
    let rates = rates(|m| s.get(m), lang)
        .into_iter()
        .zip(before_rates)
        .map(|(r, b)| RateView { key: r.key.to_owned(), label: r.label.to_owned(), text: r.text, before: b.text })
        .collect();
    let empty = Metric::ALL.iter().filter(|m| !m.is_stock()).all(|&m| s.get(m) == 0);
    Ok(FiguresView {
        region: region.into(),
        year: span.to.year(),
        trail: trail.iter().map(RegionView::from).collect(),
        from: format_date(span.from),
        to: format_date(span.to),
        before_from: format_date(back.from),
        before_to: format_date(back.to),
        query: span_query(&span),
        empty,
        rates,
        index: index_view(&s, &span, lang),
        sections,
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DrillItem {
    pub id: String,
    /// When it counts (China time), or the day a point opened or an organization registered.
    pub when: String,
    pub region_code: String,
    pub region_name: String,
    pub label: String,
    /// What it adds to the figure, as people read it.
    pub value: String,
    /// Its own page, when it has one.
    pub link: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DrillView {
    pub region: RegionView,
    pub metric: String,
    pub label: String,
    pub unit_label: String,
    pub from: String,
    pub to: String,
    pub query: String,
    /// How many records the figure counts: the list's length.
    pub count: i64,
    /// Their amounts added up: the figure, for sums.
    pub sum: i64,
    pub sum_shown: String,
    /// The figure is a sum of amounts (hours, yuan) rather than a number of records.
    pub is_sum: bool,
    pub page: i64,
    pub pages: i64,
    pub items: Vec<DrillItem>,
}

/// What a drill-down row's label names, in the reader's language.
fn label_of(metric: Metric, raw: &str, lang: Lang) -> String {
    use wushe_domain::{activity::SignupRole, need::NeedCategory, service::ServiceKind, social_worker::Licence};
    let source = store::defs::of(metric).map(|d| d.source);
    let known = match source {
        Some(Source::Need) => NeedCategory::parse(raw).ok().map(|c| c.label(lang)),
        Some(Source::ServiceRecord) => ServiceKind::parse(raw).ok().map(|k| k.label(lang)),
        Some(Source::SocialWorker) => Licence::parse(raw).ok().map(|l| l.label(lang)),
        Some(Source::Signup) => SignupRole::parse(raw).ok().map(|r| r.label(lang)),
        Some(Source::Relief) => wushe_domain::relief::ReliefReason::parse(raw).ok().map(|r| r.label(lang)),
        Some(Source::Donation) => Some(if raw == "goods" { texts(lang).goods } else { texts(lang).money }),
        _ => None,
    };
    known.map_or_else(|| raw.to_owned(), str::to_owned)
}

fn link_of(metric: Metric, id: &str) -> Option<String> {
    let base = match store::defs::of(metric).map(|d| d.source) {
        Some(Source::Need) => "/needs",
        Some(Source::Activity) => "/activities",
        Some(Source::Volunteer) => "/volunteers",
        Some(Source::SocialWorker) => "/social-workers",
        Some(Source::Relief) => "/relief",
        Some(_) => return None,
        None => match metric {
            Metric::PointsCenter | Metric::PointsStation | Metric::PointsRoom => "/service-points",
            m if m >= Metric::OrgsIndustry => "/organizations",
            _ => "/figures",
        },
    };
    Some(format!("{base}/{id}"))
}

pub async fn drill(
    state: &AppState,
    auth: &Auth,
    code: &RegionCode,
    q: &PeriodQuery,
    lang: Lang,
    all: bool,
) -> AppResult<DrillView> {
    let region = region(state, auth, code).await?;
    let span = q.span()?;
    let metric = q.metric()?;
    let page = q.page.unwrap_or(1).max(1);
    let (offset, limit) = if all { (0, EXPORT_ROWS) } else { ((page - 1) * PAGE, PAGE) };
    let d = within(store::drill(&state.db, &region.path, metric, span, offset, limit)).await?;
    let items = d
        .items
        .iter()
        .map(|i| DrillItem {
            id: i.id.clone(),
            when: i.at.map(format_ms).or_else(|| i.since.clone()).unwrap_or_default(),
            region_code: i.region_code.clone(),
            region_name: i.region_name.clone(),
            label: label_of(metric, &i.label, lang),
            value: shown(metric.unit(), i.value),
            link: link_of(metric, &i.id),
        })
        .collect();
    Ok(DrillView {
        region: (&region).into(),
        metric: metric.key().to_owned(),
        label: metric.label(lang).to_owned(),
        unit_label: metric.unit().label(lang).to_owned(),
        from: format_date(span.from),
        to: format_date(span.to),
        query: span_query(&span),
        count: d.count,
        sum: d.sum,
        sum_shown: shown(metric.unit(), d.sum),
        is_sum: metric.is_sum(),
        page,
        pages: ((d.count + PAGE - 1) / PAGE).max(1),
        items,
    })
}

wushe_domain::texts! {
    /// The texts this module shows.
    struct SummaryTexts, texts {
        goods: "物资",
            "goods",
        money: "资金",
            "money",
    }
}
