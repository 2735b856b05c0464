//! Joining and leaving organizations, from the volunteer's page.

use axum::extract::{Path, State};
use axum::response::Response;
use wushe_domain::VolunteerId;

use super::volunteers::show_page;
use super::{FormBody, after_form, parse_id};
use crate::auth::{PeopleManager, ReqLang};
use crate::error::AppResult;
use wushe_app::network::memberships::{self as ops, MembershipInput};
use wushe_app::state::AppState;

pub async fn join(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<MembershipInput>,
) -> AppResult<Response> {
    let id: VolunteerId = parse_id(&id)?;
    answer(&state, lang, &g, id, ops::join(&state, &g.0, id, &input).await).await
}

pub async fn leave(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<MembershipInput>,
) -> AppResult<Response> {
    let id: VolunteerId = parse_id(&id)?;
    answer(&state, lang, &g, id, ops::leave(&state, &g.0, id, &input).await).await
}

/// Back to the volunteer's page, with the message when the change was refused.
async fn answer<T>(
    state: &AppState,
    lang: wushe_domain::Lang,
    g: &PeopleManager,
    id: VolunteerId,
    done: wushe_app::AppResult<T>,
) -> AppResult<Response> {
    after_form(done, lang, &format!("/volunteers/{id}"), |msg| show_page(state, lang, &g.0, id, None, Some(msg))).await
}
