//! The volunteer's own service record on their phone (total hours and every entry), and staff's
//! totals per volunteer or per activity.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;

use super::layout::Chrome;
use super::render;
use crate::auth::{ReqLang, Staff, VolunteerSelf};
use crate::error::AppResult;
use crate::ops::hours::{self as ops, MyHours, TotalsQuery, TotalsView};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "hours.html")]
struct HoursPage {
    chrome: Chrome,
    h: MyHours,
}

pub async fn mine(State(state): State<AppState>, ReqLang(lang): ReqLang, g: VolunteerSelf) -> AppResult<Html<String>> {
    let h = ops::mine(&state, &g.0).await?;
    render(&HoursPage { chrome: Chrome::new(lang, Some(&g.0), "/me/hours"), h })
}

#[derive(Template)]
#[template(path = "hours_totals.html")]
struct TotalsPage {
    chrome: Chrome,
    t: TotalsView,
    q: TotalsQuery,
    export: String,
}

/// Staff's totals of service hours per volunteer or per activity, with the `.xlsx` export.
pub async fn totals(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Query(q): Query<TotalsQuery>,
) -> AppResult<Html<String>> {
    let t = ops::totals(&state, &g.0, &q).await?;
    let query = serde_urlencoded::to_string([
        ("by", q.by.clone().unwrap_or_default()),
        ("from", q.from.clone().unwrap_or_default()),
        ("to", q.to.clone().unwrap_or_default()),
        ("region", q.region.clone().unwrap_or_default()),
    ])
    .unwrap_or_default();
    let export = format!("/api/v1/hours/totals.xlsx?{query}");
    render(&TotalsPage { chrome: Chrome::new(lang, Some(&g.0), "/hours"), t, q, export })
}
