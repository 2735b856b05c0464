//! The signed-in account's notifications (escalated needs and, later, other events).

use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};
use wushe_domain::NeedId;
use wushe_store::escalation;

use super::layout::Chrome;
use super::{render, see_other};
use crate::auth::{ReqLang, Signed};
use crate::error::AppResult;
use wushe_app::state::AppState;
use wushe_app::views::format_ms;

pub struct InboxRow {
    pub at: String,
    pub text: String,
    pub need: Option<NeedId>,
    pub read: bool,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    chrome: Chrome,
    items: Vec<InboxRow>,
}

pub async fn show(State(state): State<AppState>, ReqLang(lang): ReqLang, g: Signed) -> AppResult<Html<String>> {
    let items = escalation::inbox(&state.db, g.0.account.id, 100)
        .await?
        .into_iter()
        .map(|n| InboxRow { at: format_ms(n.created_at), text: n.text, need: n.need, read: n.read })
        .collect();
    render(&InboxPage { chrome: Chrome::new(lang, Some(&g.0), "/inbox"), items })
}

pub async fn read(State(state): State<AppState>, g: Signed) -> AppResult<Response> {
    escalation::mark_read(&state.db, g.0.account.id, wushe_store::now_ms()).await?;
    Ok(see_other("/inbox"))
}
