//! Donors' pages: list, registration, the donor's page, correction, rights and the upload.

use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, RawQuery, State};
use axum::response::{Html, Response};
use wushe_domain::authz::{Action, role_may_ever};
use wushe_domain::donor::{DonorInput, DonorKind};
use wushe_domain::{DonorId, Lang};

use super::layout::Chrome;
use super::{
    FormBody, after_form, filters_only, form_message, here, imports, parse_id, render, rerender, rights, see_other,
};
use crate::auth::{Auth, PeopleManager, ReqLang, Staff};
use crate::error::AppResult;
use crate::texts::texts;
use wushe_app::network::points::RevealInput;
use wushe_app::people::donor_sheets::Donors;
use wushe_app::people::donors::{self as ops, ListQuery};
use wushe_app::state::AppState;
use wushe_app::views::{DonorView, Page};

const KINDS: [DonorKind; 2] = [DonorKind::Person, DonorKind::Organization];

fn can_manage(auth: &Auth) -> bool {
    role_may_ever(auth.account.role, Action::ManagePeople)
}

#[derive(Template)]
#[template(path = "donors.html")]
struct ListPage {
    chrome: Chrome,
    page: Page<DonorView>,
    can_manage: bool,
    q: String,
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
        can_manage: can_manage(&g.0),
        q: q.q.clone().unwrap_or_default(),
        region: q.region.clone().unwrap_or_default(),
        query_string: filters_only(raw),
    })
}

#[derive(Template)]
#[template(path = "donor_form.html")]
struct FormPage {
    chrome: Chrome,
    error: Option<String>,
    action: String,
    editing: bool,
    input: DonorInput,
    kinds: [DonorKind; 2],
}

fn form_page(lang: Lang, auth: &Auth, input: DonorInput, error: Option<String>, editing: Option<DonorId>) -> FormPage {
    let (here, action) = match editing {
        Some(id) => (format!("/donors/{id}/edit"), format!("/donors/{id}")),
        None => ("/donors/new".to_owned(), "/donors".to_owned()),
    };
    FormPage {
        chrome: Chrome::new(lang, Some(auth), &here),
        error,
        action,
        editing: editing.is_some(),
        input,
        kinds: KINDS,
    }
}

pub async fn new_form(ReqLang(lang): ReqLang, g: PeopleManager) -> AppResult<Html<String>> {
    let input = DonorInput { region: g.account().region_code.to_string(), ..Default::default() };
    render(&form_page(lang, &g.0, input, None, None))
}

pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    FormBody(input): FormBody<DonorInput>,
) -> AppResult<Response> {
    match ops::create(&state, &g.0, &input).await {
        Ok(d) => Ok(see_other(&format!("/donors/{}", d.id))),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            Ok(rerender(&form_page(lang, &g.0, input, Some(msg), None), &err))
        }
    }
}

#[derive(Template)]
#[template(path = "donor.html")]
struct ShowPage {
    chrome: Chrome,
    d: DonorView,
    can_manage: bool,
    erased: bool,
    rights_base: String,
    revealed: Option<String>,
}

async fn show_page(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: DonorId,
    revealed: Option<String>,
) -> AppResult<Html<String>> {
    let d = ops::get(state, auth, id).await?;
    render(&ShowPage {
        chrome: Chrome::new(lang, Some(auth), &format!("/donors/{id}")),
        can_manage: can_manage(auth),
        erased: d.erased,
        rights_base: format!("/donors/{id}"),
        d: (&d).into(),
        revealed,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    show_page(&state, lang, &g.0, parse_id(&id)?, None).await
}

pub async fn reveal(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<RevealInput>,
) -> AppResult<Html<String>> {
    let id: DonorId = parse_id(&id)?;
    let revealed = ops::reveal(&state, &g.0, id, &input.reason).await?;
    show_page(&state, lang, &g.0, id, revealed.value).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    let id: DonorId = parse_id(&id)?;
    let d = ops::get(&state, &g.0, id).await?;
    let input = DonorInput {
        kind: d.kind.key().to_owned(),
        name: d.name.clone().unwrap_or_default(),
        anonymous: d.anonymous,
        credit_code: d.credit_code.clone().unwrap_or_default(),
        region: d.region_code.to_string(),
        ..Default::default()
    };
    render(&form_page(lang, &g.0, input, None, Some(id)))
}

/// Saves a correction; a blank phone keeps the number on record.
pub async fn update(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<DonorInput>,
) -> AppResult<Response> {
    let id: DonorId = parse_id(&id)?;
    let d = ops::get(&state, &g.0, id).await?;
    let (full, shown) = rights::correction(input, &[d.phone.as_deref()]);
    after_form(ops::correct(&state, &g.0, id, &full).await, lang, &format!("/donors/{id}"), |msg| async move {
        Ok(form_page(lang, &g.0, shown, Some(msg), Some(id)))
    })
    .await
}

super::rights::rights_pages!("/donors", PeopleManager, ops);

pub async fn import_form(ReqLang(lang): ReqLang, g: PeopleManager) -> AppResult<Html<String>> {
    imports::form(lang, &g.0, texts(lang).donors_title, "/donors")
}

pub async fn import(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    imports::submit::<Donors>(&state, lang, &g.0, multipart, texts(lang).donors_title, "/donors").await
}

impl rights::SealedFields for DonorInput {
    fn sealed(&mut self) -> Vec<&mut String> {
        vec![&mut self.phone]
    }
}
