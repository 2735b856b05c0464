//! The organization's referral page: referrals to it, unanswered first, each with accept and
//! decline (with a reason). Works on a phone.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use wushe_domain::referral::{AnswerInput, DeclineReason};
use wushe_domain::{Lang, ReferralId};

use super::layout::Chrome;
use super::{FormBody, after_form, parse_id, render};
use crate::auth::{Auth, OrgStaff, ReqLang};
use crate::error::AppResult;
use wushe_app::needs::referrals::{self as ops, ReferralView};
use wushe_app::state::AppState;

#[derive(Template)]
#[template(path = "referrals.html")]
struct ReferralsPage {
    chrome: Chrome,
    referrals: Vec<ReferralView>,
    reasons: &'static [DeclineReason],
    error: Option<String>,
}

async fn page(state: &AppState, lang: Lang, auth: &Auth, error: Option<String>) -> AppResult<ReferralsPage> {
    Ok(ReferralsPage {
        chrome: Chrome::new(lang, Some(auth), "/referrals"),
        referrals: ops::for_my_organization(state, auth, lang).await?,
        reasons: DeclineReason::ALL,
        error,
    })
}

pub async fn list(State(state): State<AppState>, ReqLang(lang): ReqLang, g: OrgStaff) -> AppResult<Html<String>> {
    render(&page(&state, lang, &g.0, None).await?)
}

pub async fn accept(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: OrgStaff,
    Path(id): Path<String>,
    FormBody(input): FormBody<AnswerInput>,
) -> AppResult<Response> {
    let id: ReferralId = parse_id(&id)?;
    done(&state, lang, &g.0, ops::answer(&state, &g.0, id, true, &input, lang).await).await
}

pub async fn decline(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: OrgStaff,
    Path(id): Path<String>,
    FormBody(input): FormBody<AnswerInput>,
) -> AppResult<Response> {
    let id: ReferralId = parse_id(&id)?;
    done(&state, lang, &g.0, ops::answer(&state, &g.0, id, false, &input, lang).await).await
}

async fn done<T>(state: &AppState, lang: Lang, auth: &Auth, result: wushe_app::AppResult<T>) -> AppResult<Response> {
    after_form(result, lang, "/referrals", |msg| page(state, lang, auth, Some(msg))).await
}
