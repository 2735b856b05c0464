use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use wushe_domain::account::{AccountInput, AccountStatus};
use wushe_domain::authz::may_manage_account;
use wushe_domain::{AccountId, Lang, Role};

use super::layout::Chrome;
use super::{FormBody, form_message, here, parse_id, render, rerender, see_other};
use crate::auth::{Auth, Manager, ReqLang};
use crate::error::{AppError, AppResult};
use wushe_app::access::accounts::{self as ops, ListQuery, ResetInput};
use wushe_app::network::points::RevealInput;
use wushe_app::state::AppState;
use wushe_app::views::{AccountView, Page, format_ms};

#[derive(Template)]
#[template(path = "accounts.html")]
struct ListPage {
    chrome: Chrome,
    page: Page<AccountView>,
    roles: [Role; 7],
    q_role: String,
    q_name: String,
    base_query: String,
}

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    Query(q): Query<ListQuery>,
    uri: axum::http::Uri,
) -> AppResult<Html<String>> {
    let page = ops::list(&state, &g.0, &q).await?;
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let base_query = format!(
        "/accounts?role={}&name={}",
        crate::pages::urlencode(&s(&q.role)),
        crate::pages::urlencode(&s(&q.name))
    );
    render(&ListPage {
        chrome: Chrome::new(lang, Some(&g.0), &here(&uri)),
        page,
        roles: Role::ALL,
        q_role: s(&q.role),
        q_name: s(&q.name),
        base_query,
    })
}

#[derive(Template)]
#[template(path = "account_form.html")]
struct FormPage {
    chrome: Chrome,
    error: Option<String>,
    roles: Vec<Role>,
    input: AccountInput,
    phone: String,
    service_point: String,
}

fn form_page(lang: Lang, auth: &Auth, input: AccountInput, error: Option<String>) -> FormPage {
    FormPage {
        chrome: Chrome::new(lang, Some(auth), "/accounts/new"),
        error,
        roles: ops::creatable_roles(auth),
        phone: input.phone.clone().unwrap_or_default(),
        service_point: input.service_point.clone().unwrap_or_default(),
        input,
    }
}

pub async fn new_form(ReqLang(lang): ReqLang, g: Manager) -> AppResult<Html<String>> {
    let input = AccountInput { region: ops::default_region(&g.0).to_string(), ..Default::default() };
    render(&form_page(lang, &g.0, input, None))
}

pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    FormBody(input): FormBody<AccountInput>,
) -> AppResult<Response> {
    match ops::create(&state, &g.0, &input).await {
        Ok(a) => Ok(see_other(&format!("/accounts/{}", a.id))),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            let input = AccountInput { password: String::new(), ..input };
            Ok(rerender(&form_page(lang, &g.0, input, Some(msg)), &err))
        }
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct ShowPage {
    chrome: Chrome,
    a: AccountView,
    can_manage: bool,
    revealed: Option<String>,
    locked: Option<String>,
    s: &'static crate::texts_second_factor::SecondFactorTexts,
}

fn show_page(lang: Lang, auth: &Auth, a: AccountView, revealed: Option<String>, notice: Option<String>) -> ShowPage {
    let can_manage = may_manage_account(auth.account.role, a.role) && a.id != auth.account.id;
    ShowPage {
        chrome: Chrome::new(lang, Some(auth), &format!("/accounts/{}", a.id)).with_notice(notice),
        locked: a.locked_until.map(format_ms),
        a,
        can_manage,
        revealed,
        s: crate::texts_second_factor::second_factor_texts(lang),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SavedQuery {
    saved: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    Path(id): Path<String>,
    Query(q): Query<SavedQuery>,
) -> AppResult<Html<String>> {
    let a = ops::get(&state, &g.0, parse_id(&id)?).await?;
    let notice = q.saved.map(|_| crate::texts::texts(lang).saved.to_owned());
    render(&show_page(lang, &g.0, (&a).into(), None, notice))
}

async fn set_status(state: AppState, g: Manager, id: String, status: AccountStatus) -> AppResult<Response> {
    let a = ops::set_status(&state, &g.0, parse_id(&id)?, status).await?;
    Ok(see_other(&format!("/accounts/{}?saved=1", a.id)))
}

pub async fn disable(State(state): State<AppState>, g: Manager, Path(id): Path<String>) -> AppResult<Response> {
    set_status(state, g, id, AccountStatus::Disabled).await
}

pub async fn enable(State(state): State<AppState>, g: Manager, Path(id): Path<String>) -> AppResult<Response> {
    set_status(state, g, id, AccountStatus::Active).await
}

pub async fn reset_password(
    State(state): State<AppState>,
    g: Manager,
    Path(id): Path<String>,
    FormBody(input): FormBody<ResetInput>,
) -> AppResult<Response> {
    let a = ops::reset_password(&state, &g.0, parse_id(&id)?, &input).await?;
    Ok(see_other(&format!("/accounts/{}?saved=1", a.id)))
}

/// Resets the account's second factor (a lost phone); audited, and its sessions end.
pub async fn reset_second_factor(
    State(state): State<AppState>,
    g: Manager,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let a = wushe_app::access::second_factor::reset(&state, &g.0, parse_id(&id)?).await?;
    Ok(see_other(&format!("/accounts/{}?saved=1", a.id)))
}

pub async fn reveal(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    Path(id): Path<String>,
    FormBody(input): FormBody<RevealInput>,
) -> AppResult<Html<String>> {
    let id: AccountId = parse_id(&id)?;
    let revealed = ops::reveal(&state, &g.0, id, &input.reason).await?;
    let a = ops::get(&state, &g.0, id).await?;
    let value = revealed.value.ok_or(AppError::NotFound)?;
    render(&show_page(lang, &g.0, (&a).into(), Some(value), None))
}
