//! List pages of the registries that are kept through the API and imports for now: social
//! workers and donors.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use wushe_domain::social_worker::Licence;

use super::layout::Chrome;
use super::{here, render};
use crate::auth::{ReqLang, Staff};
use crate::error::AppResult;
use crate::ops::{donors, social_workers};
use crate::state::AppState;
use crate::views::{DonorView, Page, SocialWorkerView};

#[derive(Template)]
#[template(path = "social_workers.html")]
struct WorkersPage {
    chrome: Chrome,
    page: Page<SocialWorkerView>,
    licences: [Licence; 4],
    q: String,
    licence: String,
}

pub async fn workers(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Query(q): Query<social_workers::ListQuery>,
    uri: axum::http::Uri,
) -> AppResult<Html<String>> {
    let page = social_workers::list(&state, &g.0, &q).await?;
    render(&WorkersPage {
        chrome: Chrome::new(lang, Some(&g.0), &here(&uri)),
        page,
        licences: Licence::ALL,
        q: q.q.clone().unwrap_or_default(),
        licence: q.licence.clone().unwrap_or_default(),
    })
}

#[derive(Template)]
#[template(path = "donors.html")]
struct DonorsPage {
    chrome: Chrome,
    page: Page<DonorView>,
    q: String,
}

pub async fn donors(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Query(q): Query<donors::ListQuery>,
    uri: axum::http::Uri,
) -> AppResult<Html<String>> {
    let page = donors::list(&state, &g.0, &q).await?;
    render(&DonorsPage { chrome: Chrome::new(lang, Some(&g.0), &here(&uri)), page, q: q.q.clone().unwrap_or_default() })
}
