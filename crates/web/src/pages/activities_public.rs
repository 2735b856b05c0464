//! The public activity pages, for anyone on a phone: published activities, one activity with
//! sign-up for a signed-in volunteer or resident, and the page a scanned check-in code opens.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use serde::Deserialize;
use wushe_domain::{ActivityId, Lang};

use super::layout::Chrome;
use super::{FormBody, after_form, parse_id, render};
use crate::auth::{Auth, MaybeAuth, ReqLang, Signed};
use crate::error::{AppError, AppResult};
use wushe_app::activities::activity::{self as ops, ActivityView, MyAttendance, ScanInput};
use wushe_app::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct PublicQuery {
    region: Option<String>,
}

#[derive(Template)]
#[template(path = "public_activities.html")]
struct ListPage {
    chrome: Chrome,
    items: Vec<ActivityView>,
}

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeAuth(auth): MaybeAuth,
    Query(q): Query<PublicQuery>,
) -> AppResult<Html<String>> {
    let items = ops::published(&state, q.region.as_deref()).await?;
    render(&ListPage { chrome: Chrome::new(lang, auth.as_ref(), "/public/activities"), items })
}

#[derive(Template)]
#[template(path = "public_activity.html")]
struct ShowPage {
    chrome: Chrome,
    a: ActivityView,
    signed_in: bool,
    mine: Option<MyAttendance>,
    /// Signed in, but not someone who can sign up: why, and what to do.
    why_not: Option<&'static str>,
    error: Option<String>,
}

async fn show_page(
    state: &AppState,
    lang: Lang,
    auth: Option<&Auth>,
    id: ActivityId,
    error: Option<String>,
) -> AppResult<ShowPage> {
    let a = ops::public_get(state, id).await?;
    let mine = match auth {
        Some(auth) => ops::my_attendance(state, auth, id).await?,
        None => None,
    };
    let t = crate::texts_activities::activity_texts(lang);
    let why_not = match (auth, &mine) {
        (Some(auth), None) if auth.account.role.is_staff() => Some(t.staff_cannot_sign_up),
        (Some(_), None) => Some(t.not_registered_to_sign_up),
        _ => None,
    };
    Ok(ShowPage {
        chrome: Chrome::new(lang, auth, &format!("/public/activities/{id}")),
        a: (&a).into(),
        signed_in: auth.is_some(),
        mine,
        why_not,
        error,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeAuth(auth): MaybeAuth,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    render(&show_page(&state, lang, auth.as_ref(), parse_id(&id)?, None).await?)
}

async fn done<T>(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: ActivityId,
    r: wushe_app::AppResult<T>,
) -> AppResult<Response> {
    after_form(r, lang, &format!("/public/activities/{id}"), |msg| show_page(state, lang, Some(auth), id, Some(msg)))
        .await
}

pub async fn sign_up(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Signed,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: ActivityId = parse_id(&id)?;
    done(&state, lang, &g.0, id, ops::sign_up(&state, &g.0, id).await).await
}

pub async fn withdraw(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Signed,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: ActivityId = parse_id(&id)?;
    done(&state, lang, &g.0, id, ops::withdraw(&state, &g.0, id).await).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ScanQuery {
    a: String,
    t: String,
}

#[derive(Template)]
#[template(path = "check_in.html")]
struct ScanPage {
    chrome: Chrome,
    activity: String,
    code: String,
    mine: Option<MyAttendance>,
    error: Option<String>,
}

async fn scan_page(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    q: &ScanInput,
    error: Option<String>,
) -> AppResult<ScanPage> {
    let mine = match q.activity.trim().parse::<ActivityId>() {
        Ok(id) => match ops::my_attendance(state, auth, id).await {
            Ok(mine) => mine,
            // An unknown or unpublished activity: the page says so through the scan's answer.
            Err(AppError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        Err(_) => None,
    };
    Ok(ScanPage {
        chrome: Chrome::new(lang, Some(auth), "/check-in"),
        activity: q.activity.clone(),
        code: q.code.clone(),
        mine,
        error,
    })
}

/// What a scanned code opens: the activity and one button, which checks in or out.
pub async fn scan_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Signed,
    Query(q): Query<ScanQuery>,
) -> AppResult<Html<String>> {
    let input = ScanInput { activity: q.a, code: q.t };
    render(&scan_page(&state, lang, &g.0, &input, None).await?)
}

pub async fn scan(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Signed,
    FormBody(input): FormBody<ScanInput>,
) -> AppResult<Response> {
    after_form(
        ops::scan(&state, &g.0, &input).await,
        lang,
        &format!("/check-in?a={}&t={}", input.activity.trim(), input.code.trim()),
        |msg| scan_page(&state, lang, &g.0, &input, Some(msg)),
    )
    .await
}
