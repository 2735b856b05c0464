//! The caller's messages.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;
use wushe_app::access::messages::{self, MessagePage, MessageQuery, MessageView};
use wushe_app::state::AppState;

use super::{ErrorBody, Query};
use crate::auth::{ReqLang, Signed};
use crate::error::AppResult;

/// The caller's messages, newest first, 50 a page; pass a page's `next` as `after` for the next.
#[utoipa::path(get, path = "/api/v1/me/messages", tag = "session", params(MessageQuery),
    responses((status = 200, body = MessagePage)))]
pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Signed,
    Query(q): Query<MessageQuery>,
) -> AppResult<Json<MessagePage>> {
    Ok(Json(messages::page(&state, &g.0, &q, lang).await?))
}

/// Marks one of the caller's messages read and returns it (with the page it leads to).
#[utoipa::path(post, path = "/api/v1/me/messages/{id}/read", tag = "session", params(("id" = String, Path)),
    responses((status = 200, body = MessageView), (status = 404, body = ErrorBody)))]
pub async fn open(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Signed,
    Path(id): Path<String>,
) -> AppResult<Json<MessageView>> {
    Ok(Json(messages::open(&state, &g.0, &id, lang).await?))
}

#[derive(Serialize, ToSchema)]
pub struct ReadAll {
    /// How many were unread.
    pub marked: u64,
}

/// Marks all the caller's messages read.
#[utoipa::path(post, path = "/api/v1/me/messages/read", tag = "session", responses((status = 200, body = ReadAll)))]
pub async fn read_all(State(state): State<AppState>, g: Signed) -> AppResult<Json<ReadAll>> {
    Ok(Json(ReadAll { marked: messages::read_all(&state, &g.0).await? }))
}
