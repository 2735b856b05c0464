use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use wushe_domain::authz::may_manage_point;
use wushe_domain::service_point::ServicePointInput;
use wushe_domain::{Lang, ServicePointId, ServicePointLevel, ServicePointStatus};

use super::layout::Chrome;
use super::{FormBody, form_message, here, parse_id, render, rerender, see_other};
use crate::auth::{Auth, Manager, ReqLang, Staff};
use crate::error::{AppError, AppResult};
use wushe_app::network::points::{
    self as ops, CloseInput, ListQuery, NewPointInput, RevealInput, UpdatePointInput, today,
};
use wushe_app::state::AppState;
use wushe_app::views::{Page, PointView};

#[derive(Template)]
#[template(path = "points.html")]
struct ListPage {
    chrome: Chrome,
    page: Page<PointView>,
    levels: [ServicePointLevel; 3],
    statuses: [ServicePointStatus; 3],
    q_region: String,
    q_level: String,
    q_status: String,
    q_name: String,
    base_query: String,
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
    let base_query = format!(
        "/service-points?region={}&level={}&status={}&name={}",
        crate::pages::urlencode(&s(&q.region)),
        crate::pages::urlencode(&s(&q.level)),
        crate::pages::urlencode(&s(&q.status)),
        crate::pages::urlencode(&s(&q.name)),
    );
    render(&ListPage {
        chrome: Chrome::new(lang, Some(&g.0), &here(&uri)),
        page,
        levels: ServicePointLevel::ALL,
        statuses: ServicePointStatus::ALL,
        q_region: s(&q.region),
        q_level: s(&q.level),
        q_status: s(&q.status),
        q_name: s(&q.name),
        base_query,
    })
}

#[derive(Template)]
#[template(path = "point_form.html")]
struct FormPage {
    chrome: Chrome,
    editing: bool,
    error: Option<String>,
    action: String,
    cancel: String,
    region: String,
    name: String,
    address: String,
    contact_name: String,
    contact_phone: String,
    opened_on: String,
    status: String,
    open_label: &'static str,
    suspended_label: &'static str,
}

impl FormPage {
    fn new(lang: Lang, auth: &Auth, here: &str, editing: bool, region: &str, d: &ServicePointInput) -> FormPage {
        FormPage {
            chrome: Chrome::new(lang, Some(auth), here),
            editing,
            error: None,
            action: String::new(),
            cancel: "/service-points".into(),
            region: region.to_owned(),
            name: d.name.clone(),
            address: d.address.clone(),
            contact_name: d.contact_name.clone().unwrap_or_default(),
            contact_phone: d.contact_phone.clone().unwrap_or_default(),
            opened_on: d.opened_on.clone(),
            status: "open".into(),
            open_label: ServicePointStatus::Open.label(lang),
            suspended_label: ServicePointStatus::Suspended.label(lang),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewQuery {
    region: String,
}

pub async fn new_form(ReqLang(lang): ReqLang, g: Manager, Query(q): Query<NewQuery>) -> AppResult<Html<String>> {
    let details = ServicePointInput { opened_on: wushe_domain::validate::format_date(today()), ..Default::default() };
    let mut page = FormPage::new(lang, &g.0, "/service-points/new", false, &q.region, &details);
    page.action = "/service-points".into();
    render(&page)
}

pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    FormBody(input): FormBody<NewPointInput>,
) -> AppResult<Response> {
    match ops::create(&state, &g.0, &input).await {
        Ok(p) => Ok(see_other(&format!("/service-points/{}", p.id))),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            let mut page = FormPage::new(lang, &g.0, "/service-points/new", false, &input.region, &input.details);
            page.action = "/service-points".into();
            page.error = Some(msg);
            Ok(rerender(&page, &err))
        }
    }
}

#[derive(Template)]
#[template(path = "point.html")]
struct ShowPage {
    chrome: Chrome,
    p: PointView,
    can_manage: bool,
    revealed: Option<String>,
    today: String,
}

fn show_page(lang: Lang, auth: &Auth, p: PointView, revealed: Option<String>) -> ShowPage {
    let can_manage = may_manage_point(auth.account.role, p.level);
    let here = format!("/service-points/{}", p.id);
    ShowPage {
        chrome: Chrome::new(lang, Some(auth), &here),
        p,
        can_manage,
        revealed,
        today: wushe_domain::validate::format_date(today()),
    }
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    let p = ops::get(&state, &g.0, parse_id(&id)?).await?;
    render(&show_page(lang, &g.0, (&p).into(), None))
}

pub async fn edit_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: ServicePointId = parse_id(&id)?;
    // The edit form shows the full contact number, so opening it is managing the point.
    let (_, p) = ops::get_to_manage(&state, &g.0, id).await?;
    let view = PointView::from(&p);
    let details = ServicePointInput {
        name: view.name.clone(),
        address: view.address.clone(),
        contact_name: view.contact_name.clone(),
        // The form starts from the stored number so that saving does not replace it with its mask.
        contact_phone: p.contact_phone.clone(),
        opened_on: view.opened_on.clone(),
    };
    let mut page = FormPage::new(lang, &g.0, &format!("/service-points/{id}/edit"), true, "", &details);
    page.action = format!("/service-points/{id}");
    page.cancel = format!("/service-points/{id}");
    page.status = view.status.key().to_owned();
    Ok(render(&page)?.into_response())
}

pub async fn update(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    Path(id): Path<String>,
    FormBody(input): FormBody<UpdatePointInput>,
) -> AppResult<Response> {
    let id: ServicePointId = parse_id(&id)?;
    match ops::update(&state, &g.0, id, &input).await {
        Ok(p) => Ok(see_other(&format!("/service-points/{}", p.id))),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            let mut page = FormPage::new(lang, &g.0, &format!("/service-points/{id}/edit"), true, "", &input.details);
            page.action = format!("/service-points/{id}");
            page.cancel = format!("/service-points/{id}");
            page.status = input.status.clone().unwrap_or_else(|| "open".into());
            page.error = Some(msg);
            Ok(rerender(&page, &err))
        }
    }
}

pub async fn close(
    State(state): State<AppState>,
    g: Manager,
    Path(id): Path<String>,
    FormBody(input): FormBody<CloseInput>,
) -> AppResult<Response> {
    let p = ops::close(&state, &g.0, parse_id(&id)?, &input).await?;
    Ok(see_other(&format!("/service-points/{}", p.id)))
}

pub async fn reveal(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    Path(id): Path<String>,
    FormBody(input): FormBody<RevealInput>,
) -> AppResult<Html<String>> {
    let id: ServicePointId = parse_id(&id)?;
    let revealed = ops::reveal(&state, &g.0, id, &input).await?;
    let p = ops::get(&state, &g.0, id).await?;
    let value = revealed.value.ok_or(AppError::NotFound)?;
    render(&show_page(lang, &g.0, (&p).into(), Some(value)))
}
