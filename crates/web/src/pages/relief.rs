//! The care fund's pages: applications the caller filed or is the worker of, the form to apply,
//! and for the fund's keepers the applications of their area; one application with its
//! documents, the upload form for the applicant, and the approval forms for keepers.

use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use wushe_domain::Lang;
use wushe_domain::authz::{Action, role_may_ever};
use wushe_domain::relief::ReliefReason;

use super::layout::Chrome;
use super::{FormBody, after_form, form_message, render, rerender, see_other};
use crate::auth::{Auth, FundManager, ReqLang, Staff};
use crate::error::AppResult;
use wushe_app::charity::funds::FundView;
use wushe_app::charity::relief::{self as ops, ApplyInput, DecisionInput, ReliefDetail, ReliefView};
use wushe_app::charity::relief_applicants::{Applicants, applicants};
use wushe_app::state::AppState;

#[derive(Template)]
#[template(path = "relief.html")]
struct ListPage {
    chrome: Chrome,
    own: Vec<ReliefView>,
    area: Vec<ReliefView>,
    funds: Vec<FundView>,
    reasons: &'static [ReliefReason],
    keeper: bool,
    applicants: Applicants,
    /// What was typed, when the form comes back refused.
    input: ApplyInput,
    error: Option<String>,
}

async fn list_page(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    input: ApplyInput,
    error: Option<String>,
) -> AppResult<ListPage> {
    let (own, area) = ops::lists(state, auth).await?;
    Ok(ListPage {
        chrome: Chrome::new(lang, Some(auth), "/relief"),
        own,
        area,
        funds: ops::care_funds(state, auth).await?,
        reasons: ReliefReason::ALL,
        keeper: role_may_ever(auth.account.role, Action::ManageFunds),
        applicants: applicants(state, auth, lang).await?,
        input,
        error,
    })
}

pub async fn list(State(state): State<AppState>, ReqLang(lang): ReqLang, g: Staff) -> AppResult<Html<String>> {
    render(&list_page(&state, lang, &g.0, ApplyInput::default(), None).await?)
}

pub async fn apply(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    FormBody(input): FormBody<ApplyInput>,
) -> AppResult<Response> {
    match ops::apply(&state, &g.0, &input).await {
        Ok(a) => Ok(see_other(&format!("/relief/{}", a.id))),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            Ok(rerender(&list_page(&state, lang, &g.0, input, Some(msg)).await?, &err))
        }
    }
}

#[derive(Template)]
#[template(path = "relief_detail.html")]
struct DetailPage {
    chrome: Chrome,
    d: ReliefDetail,
    error: Option<String>,
}

async fn detail_page(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: &str,
    error: Option<String>,
) -> AppResult<DetailPage> {
    let d = ops::get(state, auth, id).await?;
    Ok(DetailPage { chrome: Chrome::new(lang, Some(auth), &format!("/relief/{}", d.application.id)), d, error })
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    render(&detail_page(&state, lang, &g.0, &id, None).await?)
}

async fn done<T>(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: &str,
    result: wushe_app::AppResult<T>,
) -> AppResult<Response> {
    after_form(result, lang, &format!("/relief/{}", id.trim()), |msg| detail_page(state, lang, auth, id, Some(msg)))
        .await
}

pub async fn approve(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: FundManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<DecisionInput>,
) -> AppResult<Response> {
    done(&state, lang, &g.0, &id, ops::decide(&state, &g.0, &id, true, &input).await).await
}

pub async fn decline(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: FundManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<DecisionInput>,
) -> AppResult<Response> {
    done(&state, lang, &g.0, &id, ops::decide(&state, &g.0, &id, false, &input).await).await
}

pub async fn add_document(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    // Whether the caller may add to the application comes before what was uploaded.
    if !ops::get(&state, &g.0, &id).await?.applicant {
        return Err(crate::error::AppError::Forbidden.into());
    }
    let result = match super::imports::uploaded_named(multipart, "document").await {
        Ok((name, bytes)) => ops::add_document(&state, &g.0, &id, &name, &bytes).await,
        Err(e) => Err(e),
    };
    done(&state, lang, &g.0, &id, result).await
}
