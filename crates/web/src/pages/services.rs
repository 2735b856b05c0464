//! Service records: the list with its totals (records, person-times, minutes), the form that
//! records a visit, session or phone follow-up with the residents served ticked from the
//! community's register, and one record.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use serde::Deserialize;
use wushe_domain::service::{ServiceKind, ServiceRecordInput};
use wushe_domain::{Field, FieldError, Lang, Reason, ResidentId, SocialWorkerId};

use super::layout::Chrome;
use super::{form_message, parse_id, render, rerender, see_other};
use crate::auth::{Auth, PeopleManager, ReqLang, Staff};
use crate::error::{AppError, AppResult};
use wushe_app::needs::services::{self as ops, ListQuery, ServiceList, ServiceRecordView, split_residents};
use wushe_app::people::{residents, social_workers};
use wushe_app::state::AppState;

#[derive(Template)]
#[template(path = "services.html")]
struct ListPage {
    chrome: Chrome,
    list: ServiceList,
    kinds: &'static [ServiceKind],
    q: ListQuery,
    can_manage: bool,
}

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Query(q): Query<ListQuery>,
) -> AppResult<Html<String>> {
    let list = ops::list(&state, &g.0, &q).await?;
    let can_manage = g.0.account.role.rank() >= 1;
    render(&ListPage {
        chrome: Chrome::new(lang, Some(&g.0), "/service-records"),
        list,
        kinds: ServiceKind::ALL,
        q,
        can_manage,
    })
}

#[derive(Template)]
#[template(path = "service.html")]
struct ShowPage {
    chrome: Chrome,
    s: ServiceRecordView,
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    let s = ops::get(&state, &g.0, parse_id(&id)?).await?;
    render(&ShowPage { chrome: Chrome::new(lang, Some(&g.0), &format!("/service-records/{}", s.id)), s })
}

#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    region: Option<String>,
    need: Option<String>,
}

#[derive(Template)]
#[template(path = "service_form.html")]
struct FormPage {
    chrome: Chrome,
    error: Option<String>,
    input: ServiceRecordInput,
    kinds: &'static [ServiceKind],
    /// The community's residents to tick: id, name, ticked.
    residents: Vec<(ResidentId, String, bool)>,
    workers: Vec<(SocialWorkerId, String)>,
}

async fn form_page(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    input: ServiceRecordInput,
    error: Option<String>,
) -> AppResult<FormPage> {
    let residents = if input.region.trim().is_empty() {
        Vec::new()
    } else {
        let q = residents::ListQuery { region: Some(input.region.clone()), limit: Some(200), ..Default::default() };
        // An unknown or foreign community lists nobody; recording then names the field.
        let ticked = |id: &ResidentId| input.residents.contains(&id.to_string());
        match residents::list(state, auth, &q).await {
            Ok(p) => p.items.into_iter().map(|r| (r.id, r.name, ticked(&r.id))).collect(),
            Err(AppError::NotFound | AppError::Field(_)) => Vec::new(),
            Err(e) => return Err(e.into()),
        }
    };
    let q = social_workers::ListQuery { limit: Some(200), ..Default::default() };
    let workers = social_workers::list(state, auth, &q).await?.items.into_iter().map(|w| (w.id, w.name)).collect();
    Ok(FormPage {
        chrome: Chrome::new(lang, Some(auth), "/service-records/new"),
        error,
        input,
        kinds: ServiceKind::ALL,
        residents,
        workers,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Query(q): Query<NewQuery>,
) -> AppResult<Html<String>> {
    let input = ServiceRecordInput {
        region: q.region.unwrap_or_default(),
        need: q.need.unwrap_or_default(),
        kind: ServiceKind::Visit.key().into(),
        ..Default::default()
    };
    render(&form_page(&state, lang, &g.0, input, None).await?)
}

/// The form's fields; `residents` repeats (one box ticked per resident) and may also come as
/// typed ids, so the body is read as pairs.
fn read_form(body: &[u8]) -> AppResult<ServiceRecordInput> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
        .map_err(|e| FieldError::new(Field::Body, Reason::Malformed(e.to_string())))?;
    let mut input = ServiceRecordInput::default();
    for (k, v) in pairs {
        match k.as_str() {
            "kind" => input.kind = v,
            "region" => input.region = v,
            "need" => input.need = v,
            "social_worker" => input.social_worker = v,
            "served_at" => input.served_at = v,
            "minutes" => input.minutes = v,
            "place" => input.place = v,
            "note" => input.note = v,
            "residents" | "resident_ids" => input.residents.extend(split_residents(&v)),
            _ => {}
        }
    }
    Ok(input)
}

pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    body: Bytes,
) -> AppResult<Response> {
    let input = read_form(&body)?;
    match ops::create(&state, &g.0, &input).await {
        Ok(r) => Ok(see_other(&format!("/service-records/{}", r.id))),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            Ok(rerender(&form_page(&state, lang, &g.0, input, Some(msg)).await?, &err))
        }
    }
}
