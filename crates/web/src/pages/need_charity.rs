//! The need page's charity forms: asking a fund for a grant, publishing the need as a
//! micro-wish, and recording the wish fulfilled or withdrawn. Each answers on the need's page.

use axum::extract::{Path, State};
use axum::response::Response;
use wushe_domain::NeedId;

use super::needs::answer;
use super::{FormBody, parse_id};
use crate::auth::{PeopleManager, ReqLang};
use crate::error::AppResult;
use wushe_app::charity::grants::{self, GrantInput};
use wushe_app::needs::wishes::{self, CloseInput, ConfirmInput, WishInput};
use wushe_app::state::AppState;

pub async fn ask_grant(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<GrantInput>,
) -> AppResult<Response> {
    let id: NeedId = parse_id(&id)?;
    answer(&state, lang, &g.0, id, grants::request(&state, &g.0, id, &input).await).await
}

pub async fn publish_wish(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<WishInput>,
) -> AppResult<Response> {
    let id: NeedId = parse_id(&id)?;
    answer(&state, lang, &g.0, id, wishes::publish(&state, &g.0, id, &input).await).await
}

async fn close(
    state: &AppState,
    lang: wushe_domain::Lang,
    auth: &crate::auth::Auth,
    id: &str,
    fulfil: bool,
    input: &CloseInput,
) -> AppResult<Response> {
    let need = wishes::need_of(state, auth, id).await?;
    answer(state, lang, auth, need, wishes::close(state, auth, id, fulfil, input).await).await
}

pub async fn fulfil_wish(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<CloseInput>,
) -> AppResult<Response> {
    close(&state, lang, &g.0, &id, true, &input).await
}

pub async fn withdraw_wish(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<CloseInput>,
) -> AppResult<Response> {
    close(&state, lang, &g.0, &id, false, &input).await
}

/// Staff confirm the offer they have called: the wish is taken up.
pub async fn confirm_wish(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<ConfirmInput>,
) -> AppResult<Response> {
    let need = wishes::need_of(&state, &g.0, &id).await?;
    answer(&state, lang, &g.0, need, wishes::confirm(&state, &g.0, &id, &input).await).await
}
