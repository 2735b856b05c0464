//! The public micro-wish pages: open wishes of an area, one wish, and the form to take it up.
//! No sign-in; nothing but the community and the wish is shown.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::help::{answer, chrome};
use super::layout::Chrome;
use super::{FormBody, form_message, render, rerender};
use crate::auth::{ClientAddress, MaybeAuth, ReqLang};
use crate::error::AppResult;
use wushe_app::needs::wishes::{self as ops, PublicWish, TakeInput};
use wushe_app::state::AppState;

#[derive(Template)]
#[template(path = "public_wishes.html")]
struct ListPage {
    chrome: Chrome,
    wishes: Vec<PublicWish>,
    region: String,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct AreaQuery {
    region: String,
}

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeAuth(auth): MaybeAuth,
    headers: HeaderMap,
    Query(q): Query<AreaQuery>,
) -> AppResult<Response> {
    let (chrome, fresh) = chrome(lang, auth.as_ref(), &headers, "/public/wishes")?;
    let page = ListPage { chrome, wishes: ops::open_in(&state, Some(&q.region)).await?, region: q.region };
    answer(render(&page)?, fresh)
}

#[derive(Template)]
#[template(path = "public_wish.html")]
struct WishPage {
    chrome: Chrome,
    w: PublicWish,
    error: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeAuth(auth): MaybeAuth,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let w = ops::public(&state, &id).await?;
    let (chrome, fresh) = chrome(lang, auth.as_ref(), &headers, &format!("/public/wishes/{}", w.id))?;
    answer(render(&WishPage { chrome, w, error: None })?, fresh)
}

pub async fn take(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeAuth(auth): MaybeAuth,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Path(id): Path<String>,
    FormBody(input): FormBody<TakeInput>,
) -> AppResult<Response> {
    let result = ops::offer(&state, &id, &input, &address).await;
    let (chrome, fresh) = chrome(lang, auth.as_ref(), &headers, &format!("/public/wishes/{}", id.trim()))?;
    match result {
        Ok(w) => {
            let chrome = chrome.with_notice(Some(texts(lang).offer_received.into()));
            answer(render(&WishPage { chrome, w, error: None })?, fresh)
        }
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            let w = ops::public(&state, &id).await?;
            Ok(rerender(&WishPage { chrome, w, error: Some(msg) }, &err))
        }
    }
}

wushe_domain::texts! {
    /// The texts this module shows.
    struct WishesPublicTexts, texts {
        offer_received: "谢谢您！认领申请已收到：社区工作人员会打电话与您核实，确认后心愿即由您认领。",
            "Thank you! Your offer is received: the community will call you, and once confirmed the wish is yours.",
    }
}
