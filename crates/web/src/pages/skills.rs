//! The managed skills list, for platform administrators.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};
use wushe_domain::Lang;

use super::layout::Chrome;
use super::{FormBody, after_form, render};
use crate::auth::{Admin, Auth, ReqLang};
use crate::error::AppResult;
use wushe_app::people::skills::{self as ops, SkillInput, SkillView};
use wushe_app::state::AppState;

#[derive(Template)]
#[template(path = "skills.html")]
struct SkillsPage {
    chrome: Chrome,
    skills: Vec<SkillView>,
    error: Option<String>,
}

async fn page(state: &AppState, lang: Lang, auth: &Auth, error: Option<String>) -> AppResult<SkillsPage> {
    Ok(SkillsPage { chrome: Chrome::new(lang, Some(auth), "/skills"), skills: ops::list(state).await?, error })
}

pub async fn list(State(state): State<AppState>, ReqLang(lang): ReqLang, g: Admin) -> AppResult<Html<String>> {
    render(&page(&state, lang, &g.0, None).await?)
}

pub async fn add(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Admin,
    FormBody(input): FormBody<SkillInput>,
) -> AppResult<Response> {
    answer(&state, lang, &g.0, ops::add(&state, &g.0, &input).await).await
}

pub async fn retire(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Admin,
    FormBody(input): FormBody<SkillInput>,
) -> AppResult<Response> {
    answer(&state, lang, &g.0, ops::retire(&state, &g.0, &input).await).await
}

async fn answer<T>(state: &AppState, lang: Lang, auth: &Auth, done: wushe_app::AppResult<T>) -> AppResult<Response> {
    after_form(done, lang, "/skills", |msg| page(state, lang, auth, Some(msg))).await
}
