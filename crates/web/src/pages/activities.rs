//! The staff's activity pages: the list, planning, one activity with its sign-ups (checking
//! people in from the list), and the check-in code to show at the activity.

use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use serde::Deserialize;
use wushe_domain::activity::{ActivityCategory, ActivityInput, ActivityStatus};
use wushe_domain::{ActivityId, Lang};

use super::layout::Chrome;
use super::{FormBody, after_form, form_message, parse_id, render, rerender, see_other};
use crate::auth::{Auth, Planner, ReqLang, Staff};
use crate::error::{AppError, AppResult};
use wushe_app::activities::activity::{self as ops, ActivityView, ListQuery, SignupView};
use wushe_app::activities::reports::{self as reports, ReportInput, ReportView};
use wushe_app::state::AppState;
use wushe_app::views::Page;

#[derive(Template)]
#[template(path = "activities.html")]
struct ListPage {
    chrome: Chrome,
    page: Page<ActivityView>,
    can_plan: bool,
}

fn can_plan(auth: &Auth) -> bool {
    wushe_domain::authz::role_may_ever(auth.account.role, wushe_domain::authz::Action::PlanActivities)
}

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Query(q): Query<ListQuery>,
) -> AppResult<Html<String>> {
    let page = ops::list(&state, &g.0, &q).await?;
    render(&ListPage { chrome: Chrome::new(lang, Some(&g.0), "/activities"), page, can_plan: can_plan(&g.0) })
}

#[derive(Template)]
#[template(path = "activity_form.html")]
struct FormPage {
    chrome: Chrome,
    error: Option<String>,
    input: ActivityInput,
    categories: &'static [ActivityCategory],
}

fn form_page(lang: Lang, auth: &Auth, input: ActivityInput, error: Option<String>) -> FormPage {
    FormPage {
        chrome: Chrome::new(lang, Some(auth), "/activities/new"),
        error,
        input,
        categories: ActivityCategory::ALL,
    }
}

pub async fn new_form(ReqLang(lang): ReqLang, g: Planner) -> AppResult<Html<String>> {
    let input = ActivityInput {
        participant_places: "30".into(),
        volunteer_places: "5".into(),
        category: ActivityCategory::Culture.key().into(),
        ..Default::default()
    };
    render(&form_page(lang, &g.0, input, None))
}

pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    FormBody(input): FormBody<ActivityInput>,
) -> AppResult<Response> {
    match ops::create(&state, &g.0, &input).await {
        Ok(a) => Ok(see_other(&format!("/activities/{}", a.id))),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            Ok(rerender(&form_page(lang, &g.0, input, Some(msg)), &err))
        }
    }
}

#[derive(Template)]
#[template(path = "activity.html")]
struct ShowPage {
    chrome: Chrome,
    a: ActivityView,
    signups: Vec<SignupView>,
    report: ReportView,
    can_plan: bool,
    error: Option<String>,
}

async fn show_page(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: ActivityId,
    error: Option<String>,
) -> AppResult<ShowPage> {
    let a = ops::get(state, auth, id).await?;
    Ok(ShowPage {
        chrome: Chrome::new(lang, Some(auth), &format!("/activities/{id}")),
        a: (&a).into(),
        signups: ops::signups(state, auth, id).await?,
        report: reports::get(state, auth, id).await?,
        can_plan: can_plan(auth),
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

async fn done<T>(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: ActivityId,
    r: wushe_app::AppResult<T>,
) -> AppResult<Response> {
    after_form(r, lang, &format!("/activities/{id}"), |msg| show_page(state, lang, auth, id, Some(msg))).await
}

pub async fn publish(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: ActivityId = parse_id(&id)?;
    done(&state, lang, &g.0, id, ops::set_status(&state, &g.0, id, ActivityStatus::Published).await).await
}

pub async fn cancel(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: ActivityId = parse_id(&id)?;
    done(&state, lang, &g.0, id, ops::set_status(&state, &g.0, id, ActivityStatus::Cancelled).await).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CheckForm {
    signup: String,
}

pub async fn check(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(id): Path<String>,
    FormBody(form): FormBody<CheckForm>,
) -> AppResult<Response> {
    let id: ActivityId = parse_id(&id)?;
    done(&state, lang, &g.0, id, ops::check_from_list(&state, &g.0, id, &form.signup).await).await
}

#[derive(Template)]
#[template(path = "activity_code.html")]
struct CodePage {
    chrome: Chrome,
    a: ActivityView,
    code: String,
    url: String,
    qr: String,
}

/// The code to show at the activity, as a QR code of the full address; the page reloads itself
/// as the code changes.
pub async fn code(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> AppResult<Html<String>> {
    let id: ActivityId = parse_id(&id)?;
    let a = ops::get(&state, &g.0, id).await?;
    let c = ops::current_code(&state, &g.0, id).await?;
    let url = format!("{}{}", crate::api::certificates::origin(&state, &headers), c.path);
    let qr = qrcode::QrCode::new(url.as_bytes())
        .map_err(|e| AppError::Internal(format!("QR code: {e}")))?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(260, 260)
        .build();
    render(&CodePage {
        chrome: Chrome::new(lang, Some(&g.0), &format!("/activities/{id}/code")),
        a: (&a).into(),
        code: c.code,
        url,
        qr,
    })
}

/// Writes what happened at the activity.
pub async fn report(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(id): Path<String>,
    FormBody(input): FormBody<ReportInput>,
) -> AppResult<Response> {
    let id: ActivityId = parse_id(&id)?;
    done(&state, lang, &g.0, id, reports::write(&state, &g.0, id, &input).await).await
}

/// Adds a photo uploaded from the activity's page (a phone's camera or files).
pub async fn add_photo(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let id: ActivityId = parse_id(&id)?;
    // Whether the activity is there for the caller comes before what was uploaded.
    wushe_app::activities::activity::get_to_plan(&state, &g.0, id).await?;
    let result = match super::imports::uploaded_file(multipart, "photo").await {
        Ok(bytes) => reports::add_photo(&state, &g.0, id, &bytes).await,
        Err(e) => Err(e),
    };
    done(&state, lang, &g.0, id, result).await
}
