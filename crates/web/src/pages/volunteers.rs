use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use wushe_domain::authz::{Action, role_may_ever};
use wushe_domain::person::IdKind;
use wushe_domain::volunteer::VolunteerInput;
use wushe_domain::{Field, FieldError, Lang, Reason, VolunteerId};

use super::layout::Chrome;
use super::{FormBody, form_message, here, parse_id, render, rerender, see_other};
use crate::auth::{Auth, PeopleManager, ReqLang, Staff};
use crate::error::{AppError, AppResult};
use crate::ops::points::RevealInput;
use crate::ops::volunteers::{self as ops, ListQuery};
use crate::state::AppState;
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

#[derive(Template)]
#[template(path = "volunteer_import.html")]
struct ImportPage {
    chrome: Chrome,
    error: Option<String>,
    loaded: Option<usize>,
    problems: Vec<crate::ops::volunteers::RowProblem>,
}

pub async fn import_form(ReqLang(lang): ReqLang, g: PeopleManager) -> AppResult<Html<String>> {
    let chrome = Chrome::new(lang, Some(&g.0), "/volunteers/import");
    render(&ImportPage { chrome, error: None, loaded: None, problems: Vec::new() })
}

/// The uploaded file of a multipart form (its field `file`).
async fn uploaded_file(multipart: Result<Multipart, MultipartRejection>) -> AppResult<Vec<u8>> {
    let bad = |detail: String| AppError::from(FieldError::new(Field::File, Reason::Malformed(detail)));
    let mut multipart = multipart.map_err(|e| bad(e.body_text()))?;
    while let Some(field) = multipart.next_field().await.map_err(|e| bad(e.body_text()))? {
        if field.name() == Some("file") {
            let max_mib = crate::api::volunteer_sheets::MAX_UPLOAD_MIB;
            return field
                .bytes()
                .await
                .map(|b| b.to_vec())
                .map_err(|_| FieldError::new(Field::File, Reason::FileTooLarge { max_mib }).into());
        }
    }
    Err(FieldError::new(Field::File, Reason::Required).into())
}

pub async fn import(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let chrome = Chrome::new(lang, Some(&g.0), "/volunteers/import");
    let result = match uploaded_file(multipart).await {
        Ok(bytes) => {
            crate::ops::registry::import::<crate::ops::volunteer_sheets::Volunteers>(&state, &g.0, &bytes, lang).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(outcome) if outcome.problems.is_empty() => {
            render(&ImportPage { chrome, error: None, loaded: Some(outcome.loaded), problems: Vec::new() })
                .map(IntoResponse::into_response)
        }
        Ok(outcome) => {
            let page = ImportPage { chrome, error: None, loaded: None, problems: outcome.problems };
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            Ok(rerender(&ImportPage { chrome, error: Some(msg), loaded: None, problems: Vec::new() }, &err))
        }
    }
}
