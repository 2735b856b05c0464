use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use wushe_domain::Lang;

use super::layout::Chrome;
use super::{FormBody, form_message, rerender, safe_next, see_other, with_cookie};
use crate::auth::{
    AnySession, LANG_COOKIE, MaybeAuth, PRELOGIN_CSRF_COOKIE, ReqLang, clear_session_cookie, cookie, random_token,
    session_cookie,
};
use crate::error::AppResult;
use wushe_app::access::me::{self, LoginInput};
use wushe_app::state::AppState;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    error: Option<String>,
    login: String,
    next: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

pub async fn form(
    ReqLang(lang): ReqLang,
    MaybeAuth(auth): MaybeAuth,
    headers: axum::http::HeaderMap,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    if auth.is_some() {
        return Ok(see_other(&safe_next(&q.next)));
    }
    let existing = cookie(&headers, PRELOGIN_CSRF_COOKIE).map(str::to_owned);
    let token = match &existing {
        Some(t) => t.clone(),
        None => random_token()?,
    };
    let page = LoginPage {
        chrome: Chrome::new(lang, None, "/login").with_csrf(&token),
        error: None,
        login: String::new(),
        next: safe_next(&q.next),
    };
    let res = super::render(&page)?.into_response();
    if existing.is_some() {
        return Ok(res);
    }
    with_cookie(res, &format!("{PRELOGIN_CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax"))
}

#[derive(Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
    #[serde(default, rename = "_csrf")]
    csrf: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    address: crate::auth::ClientAddress,
    FormBody(f): FormBody<LoginForm>,
) -> AppResult<Response> {
    let input = LoginInput { login: f.login.clone(), password: f.password, code: None };
    match me::login_half(&state, &input, &address.0).await {
        Ok(s) => {
            let target = if s.pending {
                format!("/login/code?next={}", crate::pages::urlencode(&safe_next(&f.next)))
            } else if s.account.must_change_password {
                "/me/password".to_owned()
            } else {
                safe_next(&f.next)
            };
            with_cookie(see_other(&target), &session_cookie(&s.token, state.settings.secure_cookies))
        }
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            let page = LoginPage {
                chrome: Chrome::new(lang, None, "/login").with_csrf(&f.csrf),
                error: Some(msg),
                login: f.login,
                next: safe_next(&f.next),
            };
            Ok(rerender(&page, &err))
        }
    }
}

pub async fn logout(State(state): State<AppState>, AnySession(a): AnySession) -> AppResult<Response> {
    me::logout(&state, &a).await?;
    with_cookie(see_other("/login"), &clear_session_cookie())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LangQuery {
    to: String,
    next: String,
}

/// Switches the language for this browser (and for the account, when signed in).
pub async fn switch_lang(
    State(state): State<AppState>,
    MaybeAuth(auth): MaybeAuth,
    Query(q): Query<LangQuery>,
) -> AppResult<Response> {
    let lang = Lang::parse(&q.to).unwrap_or_default();
    if let Some(a) = auth {
        me::set_lang(&state, &a, lang).await?;
    }
    with_cookie(
        see_other(&safe_next(&q.next)),
        &format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code()),
    )
}
