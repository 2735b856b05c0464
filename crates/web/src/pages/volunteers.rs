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
use super::rights;
use super::{FormBody, after_form, form_message, here, parse_id, render, rerender, see_other};
use crate::auth::{Auth, PeopleManager, ReqLang, Staff};
use crate::error::AppResult;
use crate::texts::texts;
use wushe_app::network::memberships;
use wushe_app::network::memberships::MembershipView;
use wushe_app::network::points::RevealInput;
use wushe_app::people::volunteer_sheets::Volunteers;
use wushe_app::people::volunteers::{self as ops, ListQuery};
use wushe_app::state::AppState;
use wushe_app::views::{Page, VolunteerView};

#[derive(Template)]
#[template(path = "volunteers.html")]
struct ListPage {
    chrome: Chrome,
    page: Page<VolunteerView>,
    skills: Vec<String>,
    can_manage: bool,
    can_manage_skills: bool,
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
    let query_string = super::filters_only(raw);
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    render(&ListPage {
        chrome: Chrome::new(lang, Some(&g.0), &here(&uri)),
        page,
        skills: wushe_store::volunteers::skills(&state.db).await?,
        can_manage: can_manage(&g.0),
        can_manage_skills: role_may_ever(g.0.account.role, Action::ManageLists),
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
    /// Where the form posts: the list (register) or the record (correct).
    action: String,
    editing: bool,
    input: VolunteerInput,
    kinds: &'static [IdKind],
    skills: Vec<String>,
}

async fn form_page(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    input: VolunteerInput,
    error: Option<String>,
    editing: Option<VolunteerId>,
) -> AppResult<FormPage> {
    let (here, action) = match editing {
        Some(id) => (format!("/volunteers/{id}/edit"), format!("/volunteers/{id}")),
        None => ("/volunteers/new".to_owned(), "/volunteers".to_owned()),
    };
    Ok(FormPage {
        chrome: Chrome::new(lang, Some(auth), &here),
        error,
        action,
        editing: editing.is_some(),
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
    render(&form_page(&state, lang, &g.0, input, None, None).await?)
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
            Ok(rerender(&form_page(&state, lang, &g.0, input, Some(msg), None).await?, &err))
        }
    }
}

#[derive(Template)]
#[template(path = "volunteer.html")]
pub(super) struct ShowPage {
    chrome: Chrome,
    v: VolunteerView,
    can_manage: bool,
    revealed: Option<String>,
    erased: bool,
    rights_base: String,
    memberships: Vec<MembershipView>,
    /// The organizations the volunteer may join: id and name.
    organizations: Vec<(wushe_domain::OrganizationId, String)>,
    membership_error: Option<String>,
}

/// The volunteer's page; `revealed` after a reveal, `membership_error` after a refused join.
pub(super) async fn show_page(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: VolunteerId,
    revealed: Option<String>,
    membership_error: Option<String>,
) -> AppResult<ShowPage> {
    let v = ops::get(state, auth, id).await?;
    let can_manage = can_manage(auth);
    let organizations = if can_manage {
        wushe_store::organizations::serving(&state.db, &auth.scope(), &v.region_path, 200).await?
    } else {
        Vec::new()
    };
    Ok(ShowPage {
        chrome: Chrome::new(lang, Some(auth), &format!("/volunteers/{id}")),
        erased: v.status == wushe_store::volunteers::ERASED,
        v: (&v).into(),
        can_manage,
        revealed,
        rights_base: format!("/volunteers/{id}"),
        memberships: memberships::list(state, auth, id).await?,
        organizations,
        membership_error,
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
    let id: VolunteerId = parse_id(&id)?;
    let revealed = ops::reveal(&state, &g.0, id, &input.reason).await?;
    render(&show_page(&state, lang, &g.0, id, revealed.value, None).await?)
}

pub async fn edit_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    let id: VolunteerId = parse_id(&id)?;
    let v = ops::get(&state, &g.0, id).await?;
    let input = VolunteerInput {
        name: v.name.clone(),
        id_kind: v.id_kind.map(|k| k.key().to_owned()).unwrap_or_default(),
        gender: v.gender.map(|g| g.label(Lang::Zh).to_owned()).unwrap_or_default(),
        // A resident ID holds the birth date, and the form carries no full number: beside the
        // area and the masked number the date would rebuild it (views show the year only).
        birth_date: v
            .birth_date
            .filter(|_| v.id_kind != Some(wushe_domain::person::IdKind::ResidentId))
            .map(wushe_domain::validate::format_date)
            .unwrap_or_default(),
        region: v.region_code.to_string(),
        skills: v.skills.join("、"),
        availability: v.availability.iter().map(|w| w.format(Lang::Zh)).collect::<Vec<_>>().join("；"),
        volunteer_no: v.volunteer_no.clone(),
        ..Default::default()
    };
    render(&form_page(&state, lang, &g.0, input, None, Some(id)).await?)
}

/// Saves a correction; blank ID and phone fields keep the numbers on record.
pub async fn update(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<VolunteerInput>,
) -> AppResult<Response> {
    let id: VolunteerId = parse_id(&id)?;
    let v = ops::get(&state, &g.0, id).await?;
    let (full, shown) = rights::correction(input, &[v.id_number.as_deref(), v.phone.as_deref()]);
    after_form(ops::correct(&state, &g.0, id, &full).await, lang, &format!("/volunteers/{id}"), |msg| {
        form_page(&state, lang, &g.0, shown, Some(msg), Some(id))
    })
    .await
}

super::rights::rights_pages!("/volunteers", PeopleManager, ops);

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

impl rights::SealedFields for VolunteerInput {
    fn sealed(&mut self) -> Vec<&mut String> {
        vec![&mut self.id_number, &mut self.phone]
    }
}
