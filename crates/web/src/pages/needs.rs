//! Staff pages of the closed loop: the needs list, recording a need, and a need's page with its
//! timeline and the moves it can make.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use wushe_domain::authz::{Action, role_may_ever};
use wushe_domain::need::{NeedCategory, NeedInput, NeedStatus, Outcome, Urgency};
use wushe_domain::referral::ReferralInput;
use wushe_domain::{Lang, NeedId};

use super::layout::Chrome;
use super::{FormBody, after_form, form_message, here, parse_id, render, rerender, see_other};
use crate::auth::{Auth, PeopleManager, ReqLang, Staff};
use crate::error::AppResult;
use wushe_app::needs::cases::{self, CaseInput, CaseNoteInput, CaseView};
use wushe_app::needs::need::{self as ops, ListQuery, MoveInput, NoteInput};
use wushe_app::needs::tasks::{self, TaskView};
use wushe_app::state::AppState;
use wushe_app::views::{NeedView, Page, format_ms};

fn can_manage(auth: &Auth) -> bool {
    role_may_ever(auth.account.role, Action::ManageNeeds)
}

#[derive(Template)]
#[template(path = "needs.html")]
struct ListPage {
    chrome: Chrome,
    page: Page<NeedView>,
    can_manage: bool,
    statuses: &'static [NeedStatus],
    categories: &'static [NeedCategory],
    status: String,
    category: String,
    region: String,
    open: bool,
}

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Query(q): Query<ListQuery>,
    uri: axum::http::Uri,
) -> AppResult<Html<String>> {
    let page = ops::list(&state, &g.0, &q).await?;
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    render(&ListPage {
        chrome: Chrome::new(lang, Some(&g.0), &here(&uri)),
        page,
        can_manage: can_manage(&g.0),
        statuses: NeedStatus::ALL,
        categories: NeedCategory::ALL,
        status: s(&q.status),
        category: s(&q.category),
        region: s(&q.region),
        open: q.open.as_deref().is_some_and(|v| v == "1" || v == "true"),
    })
}

#[derive(Template)]
#[template(path = "need_form.html")]
struct FormPage {
    chrome: Chrome,
    error: Option<String>,
    input: NeedInput,
    categories: &'static [NeedCategory],
    urgencies: &'static [Urgency],
}

fn form_page(lang: Lang, auth: &Auth, input: NeedInput, error: Option<String>) -> FormPage {
    FormPage {
        chrome: Chrome::new(lang, Some(auth), "/needs/new"),
        error,
        input,
        categories: NeedCategory::ALL,
        urgencies: Urgency::ALL,
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct NewQuery {
    /// A resident's id, when coming from their page.
    resident: Option<String>,
}

pub async fn new_form(ReqLang(lang): ReqLang, g: PeopleManager, Query(q): Query<NewQuery>) -> AppResult<Html<String>> {
    let input = NeedInput { resident: q.resident.unwrap_or_default(), urgency: "normal".into(), ..Default::default() };
    render(&form_page(lang, &g.0, input, None))
}

pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    FormBody(input): FormBody<NeedInput>,
) -> AppResult<Response> {
    match ops::create(&state, &g.0, &input).await {
        Ok(n) => Ok(see_other(&format!("/needs/{}", n.id))),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            Ok(rerender(&form_page(lang, &g.0, input, Some(msg)), &err))
        }
    }
}

/// A timeline line as the page shows it.
pub struct TimelineRow {
    pub at: String,
    pub actor: Option<String>,
    pub from: Option<NeedStatus>,
    pub to: Option<NeedStatus>,
    pub note: Option<String>,
}

#[derive(Template)]
#[template(path = "need.html")]
struct ShowPage {
    chrome: Chrome,
    n: NeedView,
    next: Vec<NeedStatus>,
    outcomes: &'static [Outcome],
    timeline: Vec<TimelineRow>,
    can_manage: bool,
    error: Option<String>,
    case: Option<CaseView>,
    tasks: Vec<TaskView>,
    can_review: bool,
    /// Social workers in the caller's area who can take the case: id and name.
    workers: Vec<(wushe_domain::SocialWorkerId, String)>,
    linkage: super::need_linkage::Linkage,
}

async fn show_page(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: NeedId,
    error: Option<String>,
) -> AppResult<ShowPage> {
    let n = ops::get(state, auth, id).await?;
    let timeline = ops::timeline(state, auth, id, lang)
        .await?
        .into_iter()
        .map(|e| TimelineRow { at: format_ms(e.at), actor: e.actor, from: e.from, to: e.to, note: e.note })
        .collect();
    let case = cases::of_need(state, auth, id).await?;
    let workers = if case.is_none() && can_manage(auth) {
        let q = wushe_app::people::social_workers::ListQuery { limit: Some(200), ..Default::default() };
        wushe_app::people::social_workers::list(state, auth, &q)
            .await?
            .items
            .into_iter()
            .map(|w| (w.id, w.name))
            .collect()
    } else {
        Vec::new()
    };
    let tasks = tasks::of_need(state, auth, id).await?;
    let linkage = super::need_linkage::load(state, auth, id, lang, case.is_some(), &tasks, can_manage(auth)).await?;
    Ok(ShowPage {
        tasks,
        linkage,
        can_review: role_may_ever(auth.account.role, Action::ReviewNeeds),
        case,
        workers,
        chrome: Chrome::new(lang, Some(auth), &format!("/needs/{id}")),
        next: n.status.next().to_vec(),
        n: (&n).into(),
        outcomes: Outcome::ALL,
        timeline,
        can_manage: can_manage(auth),
        error,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    render(&show_page(&state, lang, &g.0, parse_id(&id)?, None).await?)
}

pub async fn transition(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<MoveInput>,
) -> AppResult<Response> {
    let id: NeedId = parse_id(&id)?;
    answer(&state, lang, &g.0, id, ops::transition(&state, &g.0, id, &input).await).await
}

pub async fn note(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<NoteInput>,
) -> AppResult<Response> {
    let id: NeedId = parse_id(&id)?;
    answer(&state, lang, &g.0, id, ops::note(&state, &g.0, id, &input).await).await
}

pub async fn open_case(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<CaseInput>,
) -> AppResult<Response> {
    let id: NeedId = parse_id(&id)?;
    answer(&state, lang, &g.0, id, cases::open(&state, &g.0, id, &input).await).await
}

pub async fn case_note(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<CaseNoteInput>,
) -> AppResult<Response> {
    let id: NeedId = parse_id(&id)?;
    answer(&state, lang, &g.0, id, cases::add_note(&state, &g.0, id, &input).await).await
}

pub async fn follow_up(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<wushe_app::needs::need::FollowUpInput>,
) -> AppResult<Response> {
    let id: NeedId = parse_id(&id)?;
    answer(&state, lang, &g.0, id, ops::follow_up(&state, &g.0, id, &input).await).await
}

pub async fn review(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: crate::auth::Manager,
    Path(id): Path<String>,
    FormBody(input): FormBody<NoteInput>,
) -> AppResult<Response> {
    let id: NeedId = parse_id(&id)?;
    answer(&state, lang, &g.0, id, ops::review(&state, &g.0, id, &input).await).await
}

pub async fn dispatch(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<wushe_domain::task::TaskInput>,
) -> AppResult<Response> {
    let id: NeedId = parse_id(&id)?;
    answer(&state, lang, &g.0, id, tasks::create(&state, &g.0, id, &input).await).await
}

/// Invites a recommended volunteer to one of the need's tasks.
pub async fn invite(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<tasks::InviteInput>,
) -> AppResult<Response> {
    let id: NeedId = parse_id(&id)?;
    answer(&state, lang, &g.0, id, tasks::invite_for(&state, &g.0, id, &input).await).await
}

/// Back to the need's page, with the message when the change was refused.
pub async fn refer(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<ReferralInput>,
) -> AppResult<Response> {
    let id: NeedId = parse_id(&id)?;
    answer(&state, lang, &g.0, id, wushe_app::needs::referrals::send(&state, &g.0, id, &input, lang).await).await
}

pub(super) async fn answer<T>(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: NeedId,
    done: wushe_app::AppResult<T>,
) -> AppResult<Response> {
    after_form(done, lang, &format!("/needs/{id}"), |msg| show_page(state, lang, auth, id, Some(msg))).await
}
