//! The volunteer's phone page: open tasks near them, accept and withdraw, check in and out.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use wushe_domain::{Lang, TaskId};
use wushe_store::tasks::Attend;

use super::layout::Chrome;
use super::{after_form, parse_id, render};
use crate::auth::{Auth, ReqLang, VolunteerSelf};
use crate::error::AppResult;
use wushe_app::needs::tasks::{self as ops, TaskView};
use wushe_app::state::AppState;

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    chrome: Chrome,
    tasks: Vec<TaskView>,
    error: Option<String>,
}

async fn page(state: &AppState, lang: Lang, auth: &Auth, error: Option<String>) -> AppResult<TasksPage> {
    Ok(TasksPage {
        chrome: Chrome::new(lang, Some(auth), "/tasks"),
        tasks: ops::open_for_me(state, auth).await?,
        error,
    })
}

pub async fn list(State(state): State<AppState>, ReqLang(lang): ReqLang, g: VolunteerSelf) -> AppResult<Html<String>> {
    render(&page(&state, lang, &g.0, None).await?)
}

pub async fn accept(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: VolunteerSelf,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: TaskId = parse_id(&id)?;
    answer(&state, lang, &g.0, ops::accept(&state, &g.0, id).await).await
}

pub async fn withdraw(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: VolunteerSelf,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: TaskId = parse_id(&id)?;
    answer(&state, lang, &g.0, ops::withdraw(&state, &g.0, id).await).await
}

pub async fn check_in(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: VolunteerSelf,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: TaskId = parse_id(&id)?;
    answer(&state, lang, &g.0, ops::attend(&state, &g.0, id, Attend::In).await).await
}

pub async fn check_out(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: VolunteerSelf,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: TaskId = parse_id(&id)?;
    answer(&state, lang, &g.0, ops::attend(&state, &g.0, id, Attend::Out).await).await
}

async fn answer<T>(state: &AppState, lang: Lang, auth: &Auth, done: wushe_app::AppResult<T>) -> AppResult<Response> {
    after_form(done, lang, "/tasks", |msg| page(state, lang, auth, Some(msg))).await
}
