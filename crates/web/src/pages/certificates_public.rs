//! The public verification page of certificates: no sign-in; it says whether certificate N is
//! valid, revoked or unknown and shows only what the certificate itself shows.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use wushe_domain::Lang;

use super::layout::Chrome;
use super::{form_message, render, rerender, see_other};
use crate::auth::{ClientAddress, MaybeAuth, ReqLang};
use crate::error::AppResult;
use wushe_app::hours::certificates::{self as ops, Verification};
use wushe_app::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VerifyQuery {
    no: String,
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    chrome: Chrome,
    typed: String,
    v: Option<Verification>,
    error: Option<String>,
}

/// The form; with `?no=` it goes to that certificate's page.
pub async fn form(
    State(_state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeAuth(auth): MaybeAuth,
    Query(q): Query<VerifyQuery>,
) -> AppResult<Response> {
    let typed = q.no.trim();
    if !typed.is_empty() {
        return Ok(see_other(&format!("/public/certificates/{}", crate::pages::urlencode(typed))));
    }
    let chrome = Chrome::new(lang, auth.as_ref(), "/public/certificates");
    Ok(render(&VerifyPage { chrome, typed: String::new(), v: None, error: None })?.into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeAuth(auth): MaybeAuth,
    ClientAddress(address): ClientAddress,
    Path(number): Path<String>,
) -> AppResult<Response> {
    let chrome = |lang: Lang| Chrome::new(lang, auth.as_ref(), &format!("/public/certificates/{number}"));
    match ops::verify(&state, &number, &address).await {
        Ok(v) => Ok(render(&VerifyPage { chrome: chrome(lang), typed: v.number.clone(), v: Some(v), error: None })?
            .into_response()),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            let page = VerifyPage { chrome: chrome(lang), typed: number.clone(), v: None, error: Some(msg) };
            Ok(rerender(&page, &err))
        }
    }
}
