//! Social workers' pages: list, registration, the worker's page with postings, correction,
//! the rights forms and the upload.

use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, RawQuery, State};
use axum::response::{Html, Response};
use wushe_domain::authz::{Action, role_may_ever};
use wushe_domain::person::IdKind;
use wushe_domain::social_worker::{Licence, SocialWorkerInput};
use wushe_domain::{Lang, SocialWorkerId};

use super::layout::Chrome;
use super::{
    FormBody, after_form, filters_only, form_message, here, imports, parse_id, render, rerender, rights, see_other,
};
use crate::auth::{Auth, Manager, ReqLang, Staff};
use crate::error::AppResult;
use wushe_app::network::points::RevealInput;
use wushe_app::network::{organizations, points};
use wushe_app::people::social_worker_sheets::SocialWorkers;
use wushe_app::people::social_workers::{self as ops, ListQuery, PostingView, RepostInput};
use wushe_app::state::AppState;
use wushe_app::views::{OrganizationView, Page, PointView, SocialWorkerView};

fn can_manage(auth: &Auth) -> bool {
    role_may_ever(auth.account.role, Action::ManageWorkers)
}

#[derive(Template)]
#[template(path = "social_workers.html")]
struct ListPage {
    chrome: Chrome,
    page: Page<SocialWorkerView>,
    licences: &'static [Licence],
    can_manage: bool,
    q: String,
    licence: String,
    region: String,
    query_string: String,
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
    render(&ListPage {
        chrome: Chrome::new(lang, Some(&g.0), &here(&uri)),
        page,
        licences: Licence::ALL,
        can_manage: can_manage(&g.0),
        q: q.q.clone().unwrap_or_default(),
        licence: q.licence.clone().unwrap_or_default(),
        region: q.region.clone().unwrap_or_default(),
        query_string: filters_only(raw),
    })
}

/// The organizations and open service points a worker can be employed by or posted at.
async fn choices(state: &AppState, auth: &Auth) -> AppResult<(Vec<OrganizationView>, Vec<PointView>)> {
    let orgs = organizations::ListQuery { limit: Some(200), ..Default::default() };
    let open = points::ListQuery { status: Some("open".into()), limit: Some(200), ..Default::default() };
    Ok((organizations::list(state, auth, &orgs).await?.items, points::list(state, auth, &open).await?.items))
}

#[derive(Template)]
#[template(path = "social_worker_form.html")]
struct FormPage {
    chrome: Chrome,
    error: Option<String>,
    action: String,
    editing: bool,
    input: SocialWorkerInput,
    kinds: &'static [IdKind],
    licences: &'static [Licence],
    organizations: Vec<OrganizationView>,
    points: Vec<PointView>,
}

async fn form_page(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    input: SocialWorkerInput,
    error: Option<String>,
    editing: Option<SocialWorkerId>,
) -> AppResult<FormPage> {
    let (here, action) = match editing {
        Some(id) => (format!("/social-workers/{id}/edit"), format!("/social-workers/{id}")),
        None => ("/social-workers/new".to_owned(), "/social-workers".to_owned()),
    };
    let (organizations, points) = choices(state, auth).await?;
    Ok(FormPage {
        chrome: Chrome::new(lang, Some(auth), &here),
        error,
        action,
        editing: editing.is_some(),
        input,
        kinds: IdKind::ALL,
        licences: Licence::ALL,
        organizations,
        points,
    })
}

pub async fn new_form(State(state): State<AppState>, ReqLang(lang): ReqLang, g: Manager) -> AppResult<Html<String>> {
    render(&form_page(&state, lang, &g.0, SocialWorkerInput::default(), None, None).await?)
}

pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    FormBody(input): FormBody<SocialWorkerInput>,
) -> AppResult<Response> {
    match ops::create(&state, &g.0, &input).await {
        Ok(w) => Ok(see_other(&format!("/social-workers/{}", w.id))),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            Ok(rerender(&form_page(&state, lang, &g.0, input, Some(msg), None).await?, &err))
        }
    }
}

#[derive(Template)]
#[template(path = "social_worker.html")]
struct ShowPage {
    chrome: Chrome,
    w: SocialWorkerView,
    employer: Option<String>,
    postings: Vec<PostingView>,
    points: Vec<PointView>,
    can_manage: bool,
    erased: bool,
    rights_base: String,
    repost_error: Option<String>,
    revealed: Option<String>,
}

async fn show_page(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: SocialWorkerId,
    repost_error: Option<String>,
    revealed: Option<String>,
) -> AppResult<ShowPage> {
    let w = ops::get(state, auth, id).await?;
    let employer = match w.employer_id {
        Some(e) => wushe_store::organizations::get(&state.db, &auth.scope(), e).await?.map(|o| o.name),
        None => None,
    };
    let can_manage = can_manage(auth);
    let points = if can_manage { choices(state, auth).await?.1 } else { Vec::new() };
    Ok(ShowPage {
        chrome: Chrome::new(lang, Some(auth), &format!("/social-workers/{id}")),
        erased: w.status == wushe_store::persons::ERASED,
        w: (&w).into(),
        employer,
        postings: ops::postings(state, auth, id).await?,
        points,
        can_manage,
        rights_base: format!("/social-workers/{id}"),
        repost_error,
        revealed,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    render(&show_page(&state, lang, &g.0, parse_id(&id)?, None, None).await?)
}

pub async fn reveal(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    Path(id): Path<String>,
    FormBody(input): FormBody<RevealInput>,
) -> AppResult<Html<String>> {
    let id: SocialWorkerId = parse_id(&id)?;
    let revealed = ops::reveal(&state, &g.0, id, &input.reason).await?;
    render(&show_page(&state, lang, &g.0, id, None, revealed.value).await?)
}

pub async fn repost(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    Path(id): Path<String>,
    FormBody(input): FormBody<RepostInput>,
) -> AppResult<Response> {
    let id: SocialWorkerId = parse_id(&id)?;
    after_form(ops::repost(&state, &g.0, id, &input).await, lang, &format!("/social-workers/{id}"), |msg| {
        show_page(&state, lang, &g.0, id, Some(msg), None)
    })
    .await
}

pub async fn edit_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    let id: SocialWorkerId = parse_id(&id)?;
    let w = ops::get(&state, &g.0, id).await?;
    let input = SocialWorkerInput {
        name: w.name.clone(),
        id_kind: w.id_kind.map(|k| k.key().to_owned()).unwrap_or_default(),
        licence: w.licence.key().to_owned(),
        licence_no: w.licence_no.clone().unwrap_or_default(),
        licence_year: w.licence_year.map(|y| y.to_string()).unwrap_or_default(),
        employer: w.employer_id.map(|e| e.to_string()).unwrap_or_default(),
        posting: w.service_point_id.to_string(),
        ..Default::default()
    };
    render(&form_page(&state, lang, &g.0, input, None, Some(id)).await?)
}

/// Saves a correction; blank ID and phone fields keep the numbers on record.
pub async fn update(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    Path(id): Path<String>,
    FormBody(input): FormBody<SocialWorkerInput>,
) -> AppResult<Response> {
    let id: SocialWorkerId = parse_id(&id)?;
    let w = ops::get(&state, &g.0, id).await?;
    let (full, shown) = rights::correction(input, &[w.id_number.as_deref(), w.phone.as_deref()]);
    after_form(ops::correct(&state, &g.0, id, &full).await, lang, &format!("/social-workers/{id}"), |msg| {
        form_page(&state, lang, &g.0, shown, Some(msg), Some(id))
    })
    .await
}

super::rights::rights_pages!("/social-workers", Manager, ops);

pub async fn import_form(ReqLang(lang): ReqLang, g: Manager) -> AppResult<Html<String>> {
    imports::form(lang, &g.0, crate::texts::texts(lang).workers_title, "/social-workers")
}

pub async fn import(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let title = crate::texts::texts(lang).workers_title;
    imports::submit::<SocialWorkers>(&state, lang, &g.0, multipart, title, "/social-workers").await
}

impl rights::SealedFields for SocialWorkerInput {
    fn sealed(&mut self) -> Vec<&mut String> {
        vec![&mut self.id_number, &mut self.phone]
    }
}
