//! The figures as spreadsheets: a summary with its year-before column, and the records behind a
//! figure. Headers are in the reader's language; exports are audited like any other.

use wushe_domain::{Lang, RegionCode};
use wushe_sheets::Kind;
use wushe_store::audit::{self, Event};

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::figures::summary::{DrillView, FiguresView, PeriodQuery, drill, summary};
use crate::state::AppState;

pub async fn summary_xlsx(
    state: &AppState,
    auth: &Auth,
    code: &RegionCode,
    q: &PeriodQuery,
    lang: Lang,
) -> AppResult<(String, Vec<u8>)> {
    let v = summary(state, auth, code, q, lang).await?;
    let bytes = summary_sheet(&v, lang)?;
    let event = Event::new(Some(auth.account.id), "figures.export", "region").id(code).region(code);
    audit::record(&state.db, &event.detail(serde_json::json!({ "from": v.from, "to": v.to }))).await?;
    Ok((format!("figures-{code}-{}-{}.xlsx", v.from, v.to), bytes))
}

pub(crate) fn summary_sheet(v: &FiguresView, lang: Lang) -> AppResult<Vec<u8>> {
    let this = format!("{} – {}", v.from, v.to);
    let before = format!("{} – {}", v.before_from, v.before_to);
    let headers = [
        texts(lang).region,
        texts(lang).section,
        texts(lang).figure,
        texts(lang).unit,
        &this,
        &before,
        texts(lang).change,
    ];
    let region = format!("{} {}", v.region.name, v.region.code);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for s in &v.sections {
        for f in &s.figures {
            rows.push(vec![
                region.clone(),
                s.title.clone(),
                f.label.clone(),
                f.unit_label.clone(),
                f.shown.clone(),
                f.before_shown.clone(),
                f.change.map(|c| c.to_string()).unwrap_or_default(),
            ]);
        }
    }
    for r in &v.rates {
        let section = texts(lang).rates.to_owned();
        rows.push(vec![
            region.clone(),
            section,
            r.label.clone(),
            String::new(),
            r.text.clone(),
            r.before.clone(),
            String::new(),
        ]);
    }
    let sheet = texts(lang).summary;
    let kinds = [Kind::Text, Kind::Text, Kind::Text, Kind::Text, Kind::Number, Kind::Number, Kind::Number];
    let columns: Vec<(&str, Kind)> = headers.iter().copied().zip(kinds).collect();
    wushe_sheets::write_xlsx_typed(sheet, &columns, &rows).map_err(crate::people::registry::sheet_error)
}

pub async fn records_xlsx(
    state: &AppState,
    auth: &Auth,
    code: &RegionCode,
    q: &PeriodQuery,
    lang: Lang,
) -> AppResult<(String, Vec<u8>)> {
    let v = drill(state, auth, code, q, lang, true).await?;
    let bytes = records_sheet(&v, lang)?;
    let event = Event::new(Some(auth.account.id), "figures.export_records", "region").id(code).region(code);
    let detail = serde_json::json!({ "metric": v.metric, "from": v.from, "to": v.to, "rows": v.items.len() });
    audit::record(&state.db, &event.detail(detail)).await?;
    Ok((format!("figures-{code}-{}-{}-{}.xlsx", v.metric, v.from, v.to), bytes))
}

fn records_sheet(v: &DrillView, lang: Lang) -> AppResult<Vec<u8>> {
    let headers = [
        texts(lang).number,
        texts(lang).id,
        texts(lang).when,
        texts(lang).region_code,
        texts(lang).region,
        texts(lang).what,
        v.unit_label.as_str(),
    ];
    let rows: Vec<Vec<String>> = v
        .items
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.id.clone(),
                r.when.clone(),
                r.region_code.clone(),
                r.region_name.clone(),
                r.label.clone(),
                r.value.clone(),
            ]
        })
        .collect();
    let sheet = v.label.chars().take(28).collect::<String>();
    let kinds = [Kind::Number, Kind::Text, Kind::Date, Kind::Text, Kind::Text, Kind::Text, Kind::Number];
    let columns: Vec<(&str, Kind)> = headers.iter().copied().zip(kinds).collect();
    wushe_sheets::write_xlsx_typed(&sheet, &columns, &rows).map_err(crate::people::registry::sheet_error)
}

wushe_domain::texts! {
    /// The texts this module shows.
    struct ExportTexts, texts {
        region: "地区",
            "Region",
        section: "分类",
            "Section",
        figure: "统计项",
            "Figure",
        unit: "单位",
            "Unit",
        change: "同比（%）",
            "Change (%)",
        rates: "比率",
            "Rates",
        summary: "统计汇总",
            "Summary",
        number: "序号",
            "No.",
        id: "编号",
            "Id",
        when: "时间",
            "When",
        region_code: "地区代码",
            "Region code",
        what: "内容",
            "What",
    }
}
