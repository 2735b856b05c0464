//! The account's own second-factor page: enrolment (QR code, key, first code), the recovery
//! codes shown once, new recovery codes and turning it off.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::layout::Chrome;
use super::{FormBody, form_message, render, rerender, see_other};
use crate::auth::{Auth, ReqLang, Signed, SignedPending};
use crate::error::AppResult;
use crate::texts_second_factor::{SecondFactorTexts, second_factor_texts};
use wushe_app::access::second_factor::{self as ops, ISSUER, Status};
use wushe_app::state::AppState;

#[derive(Template)]
#[template(path = "second_factor.html")]
struct FactorPage {
    chrome: Chrome,
    s: &'static SecondFactorTexts,
    /// The installation requires it of this account, which has none yet.
    forced: bool,
    enrolment_open: bool,
    /// In force, with this many recovery codes left.
    on: Option<i64>,
    /// Enrolment started: the key grouped for reading, the otpauth address and its QR code.
    key: Option<String>,
    uri: String,
    qr: String,
    /// Recovery codes just made, shown this once.
    codes: Vec<String>,
    error: Option<String>,
}

async fn page(state: &AppState, auth: &Auth, lang: wushe_domain::Lang) -> AppResult<FactorPage> {
    let mut p = FactorPage {
        chrome: Chrome::new(lang, Some(auth), "/me/second-factor"),
        s: second_factor_texts(lang),
        forced: auth.must_enrol,
        enrolment_open: state.settings.second_factor.enrolment_open(),
        on: None,
        key: None,
        uri: String::new(),
        qr: String::new(),
        codes: Vec::new(),
        error: None,
    };
    match ops::status(state, auth).await? {
        Status::On { recovery_left } => p.on = Some(recovery_left),
        Status::Started(secret) => {
            p.uri = secret.uri(ISSUER, &auth.account.username);
            p.qr = ops::qr_svg(&p.uri)?;
            p.key = Some(secret.grouped());
        }
        Status::NotStarted => {}
    }
    Ok(p)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SavedQuery {
    saved: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: SignedPending,
    Query(q): Query<SavedQuery>,
) -> AppResult<Html<String>> {
    let mut p = page(&state, &g.0, lang).await?;
    p.chrome = p.chrome.with_notice(q.saved.map(|_| crate::texts::texts(lang).saved.to_owned()));
    render(&p)
}

pub async fn setup(State(state): State<AppState>, ReqLang(lang): ReqLang, g: SignedPending) -> AppResult<Response> {
    match ops::begin(&state, &g.0).await {
        Ok(()) => Ok(see_other("/me/second-factor")),
        Err(e) => again(&state, &g.0, lang, e).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CodeForm {
    code: String,
}

/// The page again with the error of a form on it.
async fn again(
    state: &AppState,
    auth: &Auth,
    lang: wushe_domain::Lang,
    e: crate::error::AppError,
) -> AppResult<Response> {
    let (msg, err) = form_message(e, lang)?;
    let mut p = page(state, auth, lang).await?;
    p.error = Some(msg);
    Ok(rerender(&p, &err))
}

/// The recovery codes, shown this once.
async fn codes(state: &AppState, auth: &Auth, lang: wushe_domain::Lang, codes: Vec<String>) -> AppResult<Response> {
    let mut p = page(state, auth, lang).await?;
    p.forced = false;
    p.codes = codes;
    Ok(render(&p)?.into_response())
}

pub async fn confirm(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: SignedPending,
    FormBody(f): FormBody<CodeForm>,
) -> AppResult<Response> {
    match ops::confirm(&state, &g.0, &f.code).await {
        Ok(c) => codes(&state, &g.0, lang, c).await,
        Err(e) => again(&state, &g.0, lang, e).await,
    }
}

pub async fn regenerate(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Signed,
    FormBody(f): FormBody<CodeForm>,
) -> AppResult<Response> {
    match ops::regenerate(&state, &g.0, &f.code).await {
        Ok(c) => codes(&state, &g.0, lang, c).await,
        Err(e) => again(&state, &g.0, lang, e).await,
    }
}

pub async fn disable(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Signed,
    FormBody(f): FormBody<CodeForm>,
) -> AppResult<Response> {
    match ops::disable(&state, &g.0, &f.code).await {
        Ok(()) => Ok(see_other("/me/second-factor?saved=1")),
        Err(e) => again(&state, &g.0, lang, e).await,
    }
}
