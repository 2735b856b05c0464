use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, RawQuery, State};
use axum::response::{Html, Response};
use wushe_domain::authz::{Action, role_may_ever};
use wushe_domain::person::IdKind;
use wushe_domain::resident::{CATEGORIES, ConsentInput, Purpose, ResidentInput};
use wushe_domain::{Lang, ResidentId};

use super::imports;
use super::layout::Chrome;
use super::rights;
use super::{FormBody, after_form, form_message, here, parse_id, render, rerender, see_other};
use crate::auth::{Auth, PeopleManager, ReqLang, Staff};
use crate::error::AppResult;
use crate::texts::texts;
use wushe_app::network::points::RevealInput;
use wushe_app::people::resident_sheets::Residents;
use wushe_app::people::residents::{self as ops, ConsentView, ListQuery};
use wushe_app::state::AppState;
use wushe_app::views::{Page, ResidentView, format_ms};

fn can_manage(auth: &Auth) -> bool {
    role_may_ever(auth.account.role, Action::ManagePeople)
}

#[derive(Template)]
#[template(path = "residents.html")]
struct ListPage {
    chrome: Chrome,
    page: Page<ResidentView>,
    categories: [&'static str; 13],
    can_manage: bool,
    q: String,
    category: String,
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
    let query_string = super::filters_only(raw);
    render(&ListPage {
        chrome: Chrome::new(lang, Some(&g.0), &here(&uri)),
        page,
        categories: CATEGORIES,
        can_manage: can_manage(&g.0),
        q: q.q.clone().unwrap_or_default(),
        category: q.category.clone().unwrap_or_default(),
        region: q.region.clone().unwrap_or_default(),
        query_string,
    })
}

#[derive(Template)]
#[template(path = "resident_form.html")]
struct FormPage {
    chrome: Chrome,
    error: Option<String>,
    action: String,
    editing: bool,
    input: ResidentInput,
    kinds: &'static [IdKind],
    categories: [&'static str; 13],
}

fn form_page(
    lang: Lang,
    auth: &Auth,
    input: ResidentInput,
    error: Option<String>,
    editing: Option<ResidentId>,
) -> FormPage {
    let (here, action) = match editing {
        Some(id) => (format!("/residents/{id}/edit"), format!("/residents/{id}")),
        None => ("/residents/new".to_owned(), "/residents".to_owned()),
    };
    FormPage {
        chrome: Chrome::new(lang, Some(auth), &here),
        error,
        action,
        editing: editing.is_some(),
        input,
        kinds: IdKind::ALL,
        categories: CATEGORIES,
    }
}

pub async fn new_form(ReqLang(lang): ReqLang, g: PeopleManager) -> AppResult<Html<String>> {
    let input = ResidentInput { region: g.account().region_code.to_string(), ..Default::default() };
    render(&form_page(lang, &g.0, input, None, None))
}

pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    FormBody(input): FormBody<ResidentInput>,
) -> AppResult<Response> {
    match ops::create(&state, &g.0, &input).await {
        Ok(r) => Ok(see_other(&format!("/residents/{}", r.id))),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            Ok(rerender(&form_page(lang, &g.0, input, Some(msg), None), &err))
        }
    }
}

pub struct ConsentRow {
    pub purpose: Purpose,
    pub given: bool,
    pub guardian: Option<String>,
    pub at: String,
}

#[derive(Template)]
#[template(path = "resident.html")]
struct ShowPage {
    chrome: Chrome,
    r: ResidentView,
    can_manage: bool,
    revealed: Option<String>,
    consents: Vec<ConsentRow>,
    purposes: &'static [Purpose],
    consent_error: Option<String>,
    erased: bool,
    rights_base: String,
}

async fn show_page(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: ResidentId,
    revealed: Option<String>,
    consent_error: Option<String>,
) -> AppResult<ShowPage> {
    let r = ops::get(state, auth, id).await?;
    let consents = ops::consents(state, auth, id).await?;
    let rows = consents
        .iter()
        .map(|c: &ConsentView| ConsentRow {
            purpose: c.purpose,
            given: c.given,
            guardian: c.guardian.clone(),
            at: format_ms(c.recorded_at),
        })
        .collect();
    Ok(ShowPage {
        chrome: Chrome::new(lang, Some(auth), &format!("/residents/{id}")),
        r: (&r).into(),
        can_manage: can_manage(auth),
        revealed,
        consents: rows,
        purposes: Purpose::ALL,
        consent_error,
        erased: r.status == wushe_store::persons::ERASED,
        rights_base: format!("/residents/{id}"),
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
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<RevealInput>,
) -> AppResult<Html<String>> {
    let id: ResidentId = parse_id(&id)?;
    let revealed = ops::reveal(&state, &g.0, id, &input.reason).await?;
    render(&show_page(&state, lang, &g.0, id, revealed.value, None).await?)
}

pub async fn consent(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<ConsentInput>,
) -> AppResult<Response> {
    let id: ResidentId = parse_id(&id)?;
    after_form(ops::consent(&state, &g.0, id, &input, true).await, lang, &format!("/residents/{id}"), |msg| {
        show_page(&state, lang, &g.0, id, None, Some(msg))
    })
    .await
}

pub async fn edit_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    let id: ResidentId = parse_id(&id)?;
    let r = ops::get(&state, &g.0, id).await?;
    let input = ResidentInput {
        name: r.name.clone(),
        id_kind: r.id_kind.map(|k| k.key().to_owned()).unwrap_or_default(),
        gender: r.gender.map(|g| g.label(Lang::Zh).to_owned()).unwrap_or_default(),
        birth_date: r.birth_date.map(wushe_domain::validate::format_date).unwrap_or_default(),
        region: r.region_code.to_string(),
        household: r.household.clone().unwrap_or_default(),
        categories: r.categories.join("、"),
        ..Default::default()
    };
    render(&form_page(lang, &g.0, input, None, Some(id)))
}

/// Saves a correction; blank ID, phone and address fields keep what is on record.
pub async fn update(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<ResidentInput>,
) -> AppResult<Response> {
    let id: ResidentId = parse_id(&id)?;
    let r = ops::get(&state, &g.0, id).await?;
    let (full, shown) = rights::correction(input, &[r.id_number.as_deref(), r.phone.as_deref(), r.address.as_deref()]);
    after_form(ops::correct(&state, &g.0, id, &full).await, lang, &format!("/residents/{id}"), |msg| async move {
        Ok(form_page(lang, &g.0, shown, Some(msg), Some(id)))
    })
    .await
}

super::rights::rights_pages!("/residents", PeopleManager, ops);

pub async fn import_form(ReqLang(lang): ReqLang, g: PeopleManager) -> AppResult<Html<String>> {
    imports::form(lang, &g.0, texts(lang).residents_title, "/residents")
}

pub async fn import(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    imports::submit::<Residents>(&state, lang, &g.0, multipart, texts(lang).residents_title, "/residents").await
}

impl rights::SealedFields for ResidentInput {
    fn sealed(&mut self) -> Vec<&mut String> {
        vec![&mut self.id_number, &mut self.phone, &mut self.address]
    }
}
