use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};

use super::layout::Chrome;
use super::{FormBody, form_message, render, rerender, see_other};
use crate::auth::{ReqLang, Signed, SignedPending};
use crate::error::AppResult;
use crate::texts_second_factor::{SecondFactorTexts, second_factor_texts};
use wushe_app::access::me::{self, PasswordInput};
use wushe_app::state::AppState;
use wushe_app::views::AccountView;

#[derive(Template)]
#[template(path = "me.html")]
struct MePage {
    chrome: Chrome,
    account: AccountView,
    s: &'static SecondFactorTexts,
}

pub async fn show(ReqLang(lang): ReqLang, g: Signed) -> AppResult<Html<String>> {
    let s = second_factor_texts(lang);
    render(&MePage { chrome: Chrome::new(lang, Some(&g.0), "/me"), account: g.account().into(), s })
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    chrome: Chrome,
    forced: bool,
    error: Option<String>,
}

pub async fn password_form(ReqLang(lang): ReqLang, g: SignedPending) -> AppResult<Html<String>> {
    let forced = g.account().must_change_password;
    render(&PasswordPage { chrome: Chrome::new(lang, Some(&g.0), "/me/password"), forced, error: None })
}

pub async fn change_password(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: SignedPending,
    FormBody(input): FormBody<PasswordInput>,
) -> AppResult<Response> {
    match me::change_password(&state, &g.0, &input).await {
        Ok(()) => Ok(see_other("/?saved=1")),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            let forced = g.account().must_change_password;
            Ok(rerender(
                &PasswordPage { chrome: Chrome::new(lang, Some(&g.0), "/me/password"), forced, error: Some(msg) },
                &err,
            ))
        }
    }
}
