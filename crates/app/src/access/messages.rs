//! One's own messages: a page at a time, opening one (which marks it read and leads to its
//! record), and marking all read. Another account's message answers 404 and is audited, like
//! any record outside one's reach.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use wushe_domain::Lang;
use wushe_store::messages::{self, Message};
use wushe_store::now_ms;

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::state::AppState;

/// Messages per page.
pub const PAGE: i64 = 50;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MessageView {
    pub id: String,
    /// What happened (`need_submitted`, `referral_received`, `task_offered`, …).
    pub kind: Option<String>,
    /// The sentence, in the request's language.
    pub text: String,
    /// The page the message leads to.
    pub link: Option<String>,
    /// Epoch milliseconds.
    pub created_at: i64,
    pub read: bool,
}

impl MessageView {
    fn of(m: &Message, lang: Lang) -> MessageView {
        MessageView {
            id: m.id.clone(),
            kind: m.kind.map(|k| k.key().to_owned()),
            text: m.text(lang),
            link: m.link.clone(),
            created_at: m.created_at,
            read: m.read,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MessagePage {
    pub items: Vec<MessageView>,
    /// Pass as `after` for the next page; absent on the last.
    pub next: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct MessageQuery {
    /// The `next` of the previous page.
    pub after: Option<String>,
}

/// The caller's messages, newest first.
pub async fn page(state: &AppState, auth: &Auth, q: &MessageQuery, lang: Lang) -> AppResult<MessagePage> {
    let after = q.after.as_deref().filter(|a| !a.is_empty());
    let mut rows = messages::list(&state.db, auth.account.id, after, PAGE + 1).await?;
    let more = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    let next = if more { rows.last().map(Message::cursor) } else { None };
    Ok(MessagePage { items: rows.iter().map(|m| MessageView::of(m, lang)).collect(), next })
}

/// Opens one of the caller's messages: marks it read and returns it.
pub async fn open(state: &AppState, auth: &Auth, id: &str, lang: Lang) -> AppResult<MessageView> {
    match messages::open(&state.db, auth.account.id, id, now_ms()).await? {
        Some(m) => Ok(MessageView::of(&m, lang)),
        None => {
            let elsewhere = messages::region_of(&state.db, id).await?;
            Err(crate::steps::not_found(state, &auth.actor(), "message", &id, elsewhere).await)
        }
    }
}

/// Marks all the caller's messages read; returns how many were unread.
pub async fn read_all(state: &AppState, auth: &Auth) -> AppResult<u64> {
    Ok(messages::mark_all_read(&state.db, auth.account.id, now_ms()).await?)
}
