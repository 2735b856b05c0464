//! The signed-in account's messages: newest first, a page at a time; opening one marks it read
//! and goes to what it is about.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use wushe_app::access::messages::{self, MessageQuery, MessageView};
use wushe_app::state::AppState;
use wushe_app::views::format_ms;

use super::layout::Chrome;
use super::{render, see_other, urlencode};
use crate::auth::{ReqLang, Signed};
use crate::error::AppResult;

pub struct InboxRow {
    pub id: String,
    pub at: String,
    pub text: String,
    pub read: bool,
    pub linked: bool,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    chrome: Chrome,
    items: Vec<InboxRow>,
    /// The link to the next (older) page.
    older: Option<String>,
}

fn row(m: MessageView) -> InboxRow {
    InboxRow { at: format_ms(m.created_at), linked: m.link.is_some(), id: m.id, text: m.text, read: m.read }
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Signed,
    Query(q): Query<MessageQuery>,
) -> AppResult<Html<String>> {
    let page = messages::page(&state, &g.0, &q, lang).await?;
    let older = page.next.map(|n| format!("/inbox?after={}", urlencode(&n)));
    render(&InboxPage {
        chrome: Chrome::new(lang, Some(&g.0), "/inbox"),
        items: page.items.into_iter().map(row).collect(),
        older,
    })
}

/// Opens a message: read now, and on to its record (or back to the list).
pub async fn open(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Signed,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let m = messages::open(&state, &g.0, &id, lang).await?;
    Ok(see_other(m.link.as_deref().filter(|l| l.starts_with('/') && !l.starts_with("//")).unwrap_or("/inbox")))
}

pub async fn read(State(state): State<AppState>, g: Signed) -> AppResult<Response> {
    messages::read_all(&state, &g.0).await?;
    Ok(see_other("/inbox"))
}
