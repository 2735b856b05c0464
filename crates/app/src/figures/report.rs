//! The annual report (年度发展报告) of a region: the year's summary and index against the year
//! before, the regions below ranked by their index, and the months' service records, as a page
//! and as a PDF with the same numbers.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use wushe_domain::figures::{LINKED, Metric, Span, shown};
use wushe_domain::text::fill;
use wushe_domain::{Field, FieldError, Lang, Reason, RegionCode};
use wushe_pdf::{Block, Report};
use wushe_store::audit::{self, Event};
use wushe_store::figures as store;
use wushe_store::regions;

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::figures::charts::{ChartsView, charts_of};
use crate::figures::summary::{FiguresView, index_view, region, summary_of, within};
use crate::network::points::today;
use crate::state::AppState;

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct YearQuery {
    /// The year, e.g. 2026; this year when absent.
    pub year: Option<String>,
}

impl YearQuery {
    pub fn span(&self) -> Result<(i32, Span), FieldError> {
        let raw = self.year.as_deref().map(str::trim).filter(|y| !y.is_empty());
        let year = match raw {
            None => today().year(),
            Some(y) if y.len() == 4 => {
                y.parse().map_err(|_| FieldError::new(Field::Year, Reason::Malformed("2026".into())))?
            }
            Some(_) => return Err(FieldError::new(Field::Year, Reason::Malformed("2026".into()))),
        };
        let span = Span::shorthand(&year.to_string()).map_err(|e| FieldError::new(Field::Year, e.reason))?;
        Ok((year, span))
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RankedRegion {
    pub rank: usize,
    pub code: String,
    pub name: String,
    /// The industry index out of 100, one decimal.
    pub index: String,
    pub index_tenths: i64,
    pub visits: String,
    pub needs_closed: String,
    pub hours: String,
    pub linked: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = AnnualReportView)]
pub struct ReportView {
    pub year: i32,
    pub title: String,
    pub summary: FiguresView,
    /// The regions one level down, best index first.
    pub ranked: Vec<RankedRegion>,
    pub charts: ChartsView,
}

pub async fn report(
    state: &AppState,
    auth: &Auth,
    code: &RegionCode,
    q: &YearQuery,
    lang: Lang,
) -> AppResult<ReportView> {
    let region = region(state, auth, code).await?;
    let (year, span) = q.span()?;
    let summary = summary_of(state, auth, &region, span, lang).await?;
    let mut ranked = Vec::new();
    for child in regions::children(&state.db, &auth.scope(), &region.code).await? {
        let s = within(store::summary(&state.db, &child.code, span)).await?;
        let idx = index_view(&s, &span, lang);
        let linked = LINKED.iter().map(|m| s.get(*m)).sum();
        ranked.push(RankedRegion {
            rank: 0,
            code: child.code.to_string(),
            name: child.name.clone(),
            index: idx.total,
            index_tenths: idx.total_tenths,
            visits: shown(Metric::Visits.unit(), s.get(Metric::Visits)),
            needs_closed: shown(Metric::NeedsClosed.unit(), s.get(Metric::NeedsClosed)),
            hours: shown(Metric::Hours.unit(), s.get(Metric::Hours)),
            linked: shown(Metric::GiftsMoney.unit(), linked),
        });
    }
    ranked.sort_by(|a, b| b.index_tenths.cmp(&a.index_tenths).then_with(|| a.code.cmp(&b.code)));
    for (i, r) in ranked.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    let charts = charts_of(state, auth, &region, span, lang).await?;
    let title = fill(texts(lang).title, &[("region", &region.name), ("year", &year)]);
    Ok(ReportView { year, title, summary, ranked, charts })
}

fn blocks(v: &ReportView, lang: Lang) -> Vec<Block> {
    let s = &v.summary;
    let mut out = vec![Block::Heading(texts(lang).n1_industry_index.into())];
    out.push(Block::Paragraph(fill(
        texts(lang).index_intro,
        &[("year", &v.year), ("index", &s.index.total), ("before", &s.index.before)],
    )));
    out.push(Block::Table {
        headers: [
            texts(lang).indicator,
            texts(lang).year,
            texts(lang).year_before,
            texts(lang).score,
            texts(lang).weight,
        ]
        .map(str::to_owned)
        .to_vec(),
        widths: vec![4.0, 1.4, 1.4, 1.0, 0.8],
        rows: s
            .index
            .indicators
            .iter()
            .map(|i| {
                vec![i.label.clone(), i.value.clone(), i.before.clone(), i.score.clone(), format!("{}%", i.weight)]
            })
            .collect(),
    });
    out.push(Block::Heading(texts(lang).n2_figures.into()));
    for (n, sec) in s.sections.iter().enumerate() {
        out.push(Block::Paragraph(format!("{}. {}", n + 1, sec.title)));
        out.push(Block::Table {
            headers: [texts(lang).figure, texts(lang).year, texts(lang).same_period_before, texts(lang).change]
                .map(str::to_owned)
                .to_vec(),
            widths: vec![4.0, 1.5, 1.5, 1.0],
            rows: sec
                .figures
                .iter()
                .map(|f| {
                    let change = f.change.map(|c| format!("{c:+}%")).unwrap_or_else(|| "—".into());
                    vec![format!("{} {}", f.label, f.unit_label), f.shown.clone(), f.before_shown.clone(), change]
                })
                .collect(),
        });
    }
    out.push(Block::Table {
        headers: [texts(lang).rate, texts(lang).year, texts(lang).same_period_before].map(str::to_owned).to_vec(),
        widths: vec![4.0, 1.5, 1.5],
        rows: s.rates.iter().map(|r| vec![r.label.clone(), r.text.clone(), r.before.clone()]).collect(),
    });
    if let Some(visits) = v.charts.trend.iter().find(|t| t.key == Metric::Visits.key()) {
        out.push(Block::Heading(texts(lang).n3_service_records_month.into()));
        out.push(Block::Bars(
            v.charts.months.iter().zip(&visits.values).map(|(m, n)| (m.clone(), *n, format!("{n}"))).collect(),
        ));
    }
    if !v.ranked.is_empty() {
        out.push(Block::Heading(texts(lang).n4_regions_below_index.into()));
        out.push(Block::Bars(
            v.ranked.iter().map(|r| (r.name.clone(), r.index_tenths as f64, r.index.clone())).collect(),
        ));
        out.push(Block::Table {
            headers: [
                texts(lang).region,
                texts(lang).index,
                texts(lang).records,
                texts(lang).closed,
                texts(lang).hours,
                texts(lang).linked_yuan,
            ]
            .map(str::to_owned)
            .to_vec(),
            widths: vec![3.0, 1.0, 1.2, 1.2, 1.2, 1.6],
            rows: v
                .ranked
                .iter()
                .map(|r| {
                    vec![
                        format!("{}. {}", r.rank, r.name),
                        r.index.clone(),
                        r.visits.clone(),
                        r.needs_closed.clone(),
                        r.hours.clone(),
                        r.linked.clone(),
                    ]
                })
                .collect(),
        });
    }
    out.push(Block::Heading(texts(lang).appendix_how_figures_are.into()));
    out.push(Block::Paragraph(texts(lang).method.into()));
    out
}

pub async fn report_pdf(
    state: &AppState,
    auth: &Auth,
    code: &RegionCode,
    q: &YearQuery,
    lang: Lang,
) -> AppResult<(String, Vec<u8>)> {
    let v = report(state, auth, code, q, lang).await?;
    let subtitle = format!("{} – {} · {}", v.summary.from, v.summary.to, texts(lang).wushe);
    let (title, blocks) = (v.title.clone(), blocks(&v, lang));
    let bytes = state
        .render_pdf(move |fonts| wushe_pdf::report(fonts, &Report { title: &title, subtitle: &subtitle, blocks }))
        .await?;
    let event = Event::new(Some(auth.account.id), "figures.report", "region").id(code).region(code);
    audit::record(&state.db, &event.detail(serde_json::json!({ "year": v.year }))).await?;
    Ok((format!("report-{code}-{}.pdf", v.year), bytes))
}

wushe_domain::texts! {
    /// The texts this module shows.
    struct ReportTexts, texts {
        title: "{region}{year}年度社会工作发展报告",
            "{region}: social work in {year}",
        index_intro: "{year}年行业指数为 {index}，上年为 {before}。指数由以下六项指标按权重合成，方法见附录。",
            "The index for {year} is {index}, against {before} a year before. Six weighted indicators; the method is in the appendix.",
        n1_industry_index: "一、行业指数",
            "1. The industry index",
        indicator: "指标",
            "Indicator",
        year: "本年",
            "This year",
        year_before: "上年",
            "Year before",
        score: "得分",
            "Score",
        weight: "权重",
            "Weight",
        n2_figures: "二、主要数字",
            "2. The figures",
        figure: "统计项",
            "Figure",
        same_period_before: "上年同期",
            "Year before",
        change: "同比",
            "Change",
        rate: "比率",
            "Rate",
        n3_service_records_month: "三、月度服务记录",
            "3. Service records by month",
        n4_regions_below_index: "四、下级地区排名（按行业指数）",
            "4. The regions below, by index",
        region: "地区",
            "Region",
        index: "指数",
            "Index",
        records: "服务记录",
            "Records",
        closed: "办结需求",
            "Closed",
        hours: "志愿时长",
            "Hours",
        linked_yuan: "链接资源（元）",
            "Linked (yuan)",
        appendix_how_figures_are: "附录：统计口径",
            "Appendix: how the figures are counted",
        method: "注册、持证、站点和组织数为截至年末的总数；其余为年内发生数。每个数字都可在系统中下钻到其所统计的记录。行业指数六项指标：站点覆盖率（20%）、每站点持证社工数（目标 2 人，15%）、需求按时响应率（20%）、回访满意度（15%）、每件需求链接慈善资源（目标 1000 元，15%）、人均志愿服务时长（目标每年 10 小时，15%）；各项得分以目标为满分，封顶 100。",
            "Registrations, licences, points and organizations are totals at the year's end; the rest happened within it. Every number drills down to its records in the system. The index: coverage (20%), licensed workers per station or room (target 2, 15%), needs taken up in time (20%), satisfaction (15%), charity linked per need (target 1,000 yuan, 15%), volunteer hours per volunteer (target 10 a year, 15%); each scores against its target, at most 100.",
        wushe: "五社联动服务平台",
            "Wushe",
    }
}
