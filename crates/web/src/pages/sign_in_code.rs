//! The second step of a sign-in: the half-open session gives its authenticator code (or a
//! recovery code) and opens fully under a new token.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::layout::Chrome;
use super::{FormBody, form_message, rerender, safe_next, see_other, with_cookie};
use crate::auth::{MaybeAuth, MaybePending, ReqLang, clear_session_cookie, session_cookie};
use crate::error::{AppError, AppResult};
use crate::texts_second_factor::{SecondFactorTexts, second_factor_texts};
use wushe_app::access::second_factor;
use wushe_app::state::AppState;

#[derive(Template)]
#[template(path = "sign_in_code.html")]
struct CodePage {
    chrome: Chrome,
    s: &'static SecondFactorTexts,
    error: Option<String>,
    next: String,
    /// The half-open session has ended (a lock): only signing in again helps.
    ended: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

/// Where a request without a half-open session belongs instead.
fn elsewhere(open: bool, next: &str) -> Response {
    if open { see_other(&safe_next(next)) } else { see_other("/login") }
}

pub async fn form(
    ReqLang(lang): ReqLang,
    MaybePending(pending): MaybePending,
    MaybeAuth(open): MaybeAuth,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let Some(p) = pending else { return Ok(elsewhere(open.is_some(), &q.next)) };
    let page = CodePage {
        chrome: Chrome::new(lang, Some(&p), "/login/code"),
        s: second_factor_texts(lang),
        error: None,
        next: safe_next(&q.next),
        ended: false,
    };
    Ok(super::render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CodeForm {
    code: String,
    next: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybePending(pending): MaybePending,
    MaybeAuth(open): MaybeAuth,
    FormBody(f): FormBody<CodeForm>,
) -> AppResult<Response> {
    let Some(p) = pending else { return Ok(elsewhere(open.is_some(), &f.next)) };
    match second_factor::complete(&state, &p, &f.code).await {
        Ok(s) => {
            let target = if s.account.must_change_password { "/me/password".to_owned() } else { safe_next(&f.next) };
            with_cookie(see_other(&target), &session_cookie(&s.token, state.settings.secure_cookies))
        }
        Err(e) => {
            let ended = matches!(e, AppError::Locked { .. });
            let (msg, err) = form_message(e, lang)?;
            let page = CodePage {
                chrome: Chrome::new(lang, if ended { None } else { Some(&p) }, "/login/code"),
                s: second_factor_texts(lang),
                error: Some(msg),
                next: safe_next(&f.next),
                ended,
            };
            let res = rerender(&page, &err);
            if ended { with_cookie(res, &clear_session_cookie()) } else { Ok(res) }
        }
    }
}
