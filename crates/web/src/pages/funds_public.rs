//! A fund's public disclosure page, for anyone on a phone.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;

use super::layout::Chrome;
use super::{parse_id, render};
use crate::auth::{MaybeAuth, ReqLang};
use crate::error::AppResult;
use wushe_app::charity::disclosure::{self as ops, Disclosure};
use wushe_app::state::AppState;

#[derive(Template)]
#[template(path = "funds_public.html")]
struct ListPage {
    chrome: Chrome,
    /// Id, name, region and purpose of every fund.
    funds: Vec<(String, String, String, String)>,
}

/// Every fund's disclosure, listed for anyone (慈善信息公开).
pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeAuth(auth): MaybeAuth,
) -> AppResult<Html<String>> {
    let funds = wushe_store::funds::list(&state.db, &wushe_store::Scope::all(), 500)
        .await?
        .into_iter()
        .map(|f| (f.id.to_string(), f.name, f.region_name, f.purpose))
        .collect();
    render(&ListPage { chrome: Chrome::new(lang, auth.as_ref(), "/public/funds"), funds })
}

#[derive(Template)]
#[template(path = "fund_public.html")]
struct DisclosurePage {
    chrome: Chrome,
    d: Disclosure,
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeAuth(auth): MaybeAuth,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    let d = ops::get(&state, parse_id(&id)?, lang).await?;
    render(&DisclosurePage { chrome: Chrome::new(lang, auth.as_ref(), &format!("/public/funds/{id}")), d })
}
