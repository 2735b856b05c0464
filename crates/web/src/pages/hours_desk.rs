//! The recording unit's desk: back-entries to approve, correction requests to answer (amend or
//! keep), certificates to issue, and issued certificates to revoke or reissue; and a volunteer's
//! record as staff see it, with back-entry and certificate forms.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use wushe_domain::hours::EntryInput;
use wushe_domain::{CertificateId, CorrectionId, Lang, VolunteerId};

use super::layout::Chrome;
use super::{FormBody, after_form, parse_id, render};
use crate::auth::{Auth, Planner, ReqLang, Staff};
use crate::error::{AppError, AppResult};
use wushe_app::hours::certificates::{self as certificates, CertificateInput, CertificateView, ReasonInput};
use wushe_app::hours::desk::{self as ops, Desk, RejectInput};
use wushe_app::hours::record::{self as hours, DecisionInput, MyHours};
use wushe_app::state::AppState;
use wushe_store::certificates::Units;

#[derive(Template)]
#[template(path = "hours_desk.html")]
struct DeskPage {
    chrome: Chrome,
    d: Desk,
    error: Option<String>,
}

async fn page(state: &AppState, lang: Lang, auth: &Auth, error: Option<String>) -> AppResult<DeskPage> {
    Ok(DeskPage { chrome: Chrome::new(lang, Some(auth), "/hours/desk"), d: ops::desk(state, auth).await?, error })
}

pub async fn show(State(state): State<AppState>, ReqLang(lang): ReqLang, g: Planner) -> AppResult<Html<String>> {
    render(&page(&state, lang, &g.0, None).await?)
}

async fn done<T>(state: &AppState, lang: Lang, auth: &Auth, result: wushe_app::AppResult<T>) -> AppResult<Response> {
    after_form(result, lang, "/hours/desk", |msg| page(state, lang, auth, Some(msg))).await
}

pub async fn approve(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(id): Path<String>,
    FormBody(input): FormBody<DecisionInput>,
) -> AppResult<Response> {
    done(&state, lang, &g.0, hours::decide(&state, &g.0, &id, true, &input).await).await
}

pub async fn reject(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(id): Path<String>,
    FormBody(input): FormBody<DecisionInput>,
) -> AppResult<Response> {
    done(&state, lang, &g.0, hours::decide(&state, &g.0, &id, false, &input).await).await
}

/// Amends an entry; an open correction request on it is answered by the amendment.
pub async fn amend(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(seq): Path<String>,
    FormBody(input): FormBody<EntryInput>,
) -> AppResult<Response> {
    let seq: i64 = seq.trim().parse().map_err(|_| AppError::NotFound)?;
    done(&state, lang, &g.0, hours::amend(&state, &g.0, seq, &input).await).await
}

pub async fn keep(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(id): Path<String>,
    FormBody(input): FormBody<RejectInput>,
) -> AppResult<Response> {
    let id: CorrectionId = parse_id(&id)?;
    done(&state, lang, &g.0, ops::reject(&state, &g.0, id, &input).await).await
}

pub async fn issue(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: CertificateId = parse_id(&id)?;
    done(&state, lang, &g.0, certificates::issue(&state, &g.0, id).await).await
}

pub async fn refuse(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(id): Path<String>,
    FormBody(input): FormBody<ReasonInput>,
) -> AppResult<Response> {
    let id: CertificateId = parse_id(&id)?;
    done(&state, lang, &g.0, certificates::refuse(&state, &g.0, id, &input).await).await
}

pub async fn revoke(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(id): Path<String>,
    FormBody(input): FormBody<ReasonInput>,
) -> AppResult<Response> {
    let id: CertificateId = parse_id(&id)?;
    done(&state, lang, &g.0, certificates::revoke(&state, &g.0, id, &input, false).await).await
}

pub async fn reissue(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(id): Path<String>,
    FormBody(input): FormBody<ReasonInput>,
) -> AppResult<Response> {
    let id: CertificateId = parse_id(&id)?;
    done(&state, lang, &g.0, certificates::revoke(&state, &g.0, id, &input, true).await).await
}

#[derive(Template)]
#[template(path = "volunteer_hours.html")]
struct RecordPage {
    chrome: Chrome,
    id: VolunteerId,
    name: String,
    h: MyHours,
    certificates: Vec<CertificateView>,
    planner: bool,
    today: String,
    error: Option<String>,
}

async fn record_page(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: VolunteerId,
    error: Option<String>,
) -> AppResult<RecordPage> {
    let v = wushe_app::people::volunteers::get(state, auth, id).await?;
    // An organization's staff see the certificates their organization issued.
    let units = certificates::units_of(auth);
    let all: Vec<_> = wushe_store::certificates::of_volunteer(&state.db, id)
        .await?
        .into_iter()
        .filter(|c| matches!(units, Units::All) || units == Units::Only(c.organization_id))
        .collect();
    Ok(RecordPage {
        chrome: Chrome::new(lang, Some(auth), &format!("/volunteers/{id}/hours")),
        id,
        name: v.name,
        h: hours::of_volunteer(state, auth, id).await?,
        certificates: all.iter().map(CertificateView::from).collect(),
        planner: wushe_domain::authz::role_may_ever(auth.account.role, wushe_domain::authz::Action::PlanActivities),
        today: wushe_domain::validate::format_date(wushe_app::network::points::today()),
        error,
    })
}

/// A volunteer's record as staff of their area see it.
pub async fn record(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    render(&record_page(&state, lang, &g.0, parse_id(&id)?, None).await?)
}

async fn record_done<T>(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: VolunteerId,
    result: wushe_app::AppResult<T>,
) -> AppResult<Response> {
    after_form(result, lang, &format!("/volunteers/{id}/hours"), |msg| record_page(state, lang, auth, id, Some(msg)))
        .await
}

/// Asks for a back-entry for the volunteer; someone else of the unit approves it at the desk.
pub async fn back_entry(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(id): Path<String>,
    FormBody(input): FormBody<EntryInput>,
) -> AppResult<Response> {
    let id: VolunteerId = parse_id(&id)?;
    record_done(&state, lang, &g.0, id, hours::request(&state, &g.0, id, &input).await).await
}

/// Issues a certificate for the volunteer at once.
pub async fn issue_for(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Planner,
    Path(id): Path<String>,
    FormBody(input): FormBody<CertificateInput>,
) -> AppResult<Response> {
    let id: VolunteerId = parse_id(&id)?;
    record_done(&state, lang, &g.0, id, certificates::issue_for(&state, &g.0, id, &input).await).await
}
