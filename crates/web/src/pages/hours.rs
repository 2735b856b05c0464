//! The volunteer's own service record on their phone (total hours, every entry, correction
//! requests and certificates), and staff's totals per volunteer or per activity.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use wushe_domain::Lang;

use super::layout::Chrome;
use super::{FormBody, after_form, render};
use crate::auth::{Auth, ReqLang, Staff, VolunteerSelf};
use crate::error::{AppError, AppResult};
use wushe_app::hours::certificates::{self as certificates, CertificateInput, CertificateView};
use wushe_app::hours::desk::{self as desk, CorrectionInput, CorrectionView};
use wushe_app::hours::record::{self as ops, MyHours, TotalsQuery, TotalsView};
use wushe_app::state::AppState;

#[derive(Template)]
#[template(path = "hours.html")]
struct HoursPage {
    chrome: Chrome,
    h: MyHours,
    corrections: Vec<CorrectionView>,
    certificates: Vec<CertificateView>,
    today: String,
    error: Option<String>,
}

impl HoursPage {
    /// Whether an entry already waits for an answer to a correction request.
    fn correction_open(&self, seq: &i64) -> bool {
        self.corrections.iter().any(|k| k.entry == *seq && k.status == "open")
    }
}

async fn page(state: &AppState, lang: Lang, auth: &Auth, error: Option<String>) -> AppResult<HoursPage> {
    Ok(HoursPage {
        chrome: Chrome::new(lang, Some(auth), "/me/hours"),
        h: ops::mine(state, auth).await?,
        corrections: desk::mine(state, auth).await?,
        certificates: certificates::mine(state, auth).await?,
        today: wushe_domain::validate::format_date(wushe_app::network::points::today()),
        error,
    })
}

pub async fn mine(State(state): State<AppState>, ReqLang(lang): ReqLang, g: VolunteerSelf) -> AppResult<Html<String>> {
    render(&page(&state, lang, &g.0, None).await?)
}

async fn done<T>(state: &AppState, lang: Lang, auth: &Auth, result: wushe_app::AppResult<T>) -> AppResult<Response> {
    after_form(result, lang, "/me/hours", |msg| page(state, lang, auth, Some(msg))).await
}

/// The volunteer asks for an entry to be checked and corrected.
pub async fn correction(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: VolunteerSelf,
    Path(seq): Path<String>,
    FormBody(input): FormBody<CorrectionInput>,
) -> AppResult<Response> {
    let seq: i64 = seq.trim().parse().map_err(|_| AppError::NotFound)?;
    done(&state, lang, &g.0, desk::raise(&state, &g.0, seq, &input).await).await
}

/// The volunteer asks a recording unit for a certificate.
pub async fn request_certificate(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: VolunteerSelf,
    FormBody(input): FormBody<CertificateInput>,
) -> AppResult<Response> {
    done(&state, lang, &g.0, certificates::request_mine(&state, &g.0, &input).await).await
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
