use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, RawQuery, State};
use axum::response::{Html, Response};
use wushe_domain::authz::{Action, role_may_ever};
use wushe_domain::person::IdKind;
use wushe_domain::volunteer::VolunteerInput;
use wushe_domain::{Lang, VolunteerId};

use super::imports;
use super::layout::Chrome;
use super::{FormBody, form_message, here, parse_id, render, rerender, see_other};
use crate::auth::{Auth, PeopleManager, ReqLang, Staff};
use crate::error::AppResult;
use crate::ops::points::RevealInput;
use crate::ops::volunteer_sheets::Volunteers;
use crate::ops::volunteers::{self as ops, ListQuery};
use crate::state::AppState;
use crate::texts::texts;
use crate::views::{Page, VolunteerView};

#[derive(Template)]
#[template(path = "volunteers.html")]
struct ListPage {
    chrome: Chrome,
    page: Page<VolunteerView>,
    skills: Vec<String>,
    can_manage: bool,
    q: String,
    skill: String,
    region: String,
    query_string: String,
}

fn can_manage(auth: &Auth) -> bool {
    role_may_ever(auth.account.role, Action::ManagePeople)
}

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Query(q): Query<ListQuery>,
    RawQuery(raw): RawQuery,
    uri: axum::http::Uri,
) -> AppResult<Html<String>> {
    let page = ops::list(&state, &g.0, &q).await?;
    // Paging and export keep the filters but not the old offset.
    let query_string =
        raw.unwrap_or_default().split('&').filter(|kv| !kv.starts_with("offset=")).collect::<Vec<_>>().join("&");
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    render(&ListPage {
        chrome: Chrome::new(lang, Some(&g.0), &here(&uri)),
        page,
        skills: wushe_store::volunteers::skills(&state.db).await?,
        can_manage: can_manage(&g.0),
        q: s(&q.q),
        skill: s(&q.skill),
        region: s(&q.region),
        query_string,
    })
}

#[derive(Template)]
#[template(path = "volunteer_form.html")]
struct FormPage {
    chrome: Chrome,
    error: Option<String>,
    input: VolunteerInput,
    kinds: [IdKind; 4],
    skills: Vec<String>,
}

async fn form_page(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    input: VolunteerInput,
    error: Option<String>,
) -> AppResult<FormPage> {
    Ok(FormPage {
        chrome: Chrome::new(lang, Some(auth), "/volunteers/new"),
        error,
        input,
        kinds: IdKind::ALL,
        skills: wushe_store::volunteers::skills(&state.db).await?,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
) -> AppResult<Html<String>> {
    let input = VolunteerInput { region: g.account().region_code.to_string(), ..Default::default() };
    render(&form_page(&state, lang, &g.0, input, None).await?)
}

pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    FormBody(input): FormBody<VolunteerInput>,
) -> AppResult<Response> {
    match ops::create(&state, &g.0, &input).await {
        Ok(v) => Ok(see_other(&format!("/volunteers/{}", v.id))),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            Ok(rerender(&form_page(&state, lang, &g.0, input, Some(msg)).await?, &err))
        }
    }
}

#[derive(Template)]
#[template(path = "volunteer.html")]
struct ShowPage {
    chrome: Chrome,
    v: VolunteerView,
    can_manage: bool,
    revealed: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    let v = ops::get(&state, &g.0, parse_id(&id)?).await?;
    let here = format!("/volunteers/{}", v.id);
    render(&ShowPage {
        chrome: Chrome::new(lang, Some(&g.0), &here),
        v: (&v).into(),
        can_manage: can_manage(&g.0),
        revealed: None,
    })
}

pub async fn reveal(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<RevealInput>,
) -> AppResult<Html<String>> {
    let id: VolunteerId = parse_id(&id)?;
    let revealed = ops::reveal(&state, &g.0, id, &input.reason).await?;
    let v = ops::get(&state, &g.0, id).await?;
    let here = format!("/volunteers/{id}");
    render(&ShowPage {
        chrome: Chrome::new(lang, Some(&g.0), &here),
        v: (&v).into(),
        can_manage: true,
        revealed: revealed.value,
    })
}

pub async fn import_form(ReqLang(lang): ReqLang, g: PeopleManager) -> AppResult<Html<String>> {
    imports::form(lang, &g.0, texts(lang).volunteers_title, "/volunteers")
}

pub async fn import(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    imports::submit::<Volunteers>(&state, lang, &g.0, multipart, texts(lang).volunteers_title, "/volunteers").await
}
