//! A form sent before sign-in whose token no longer matches (the browser dropped the
//! pre-sign-in cookie, or the page was opened long ago): instead of a bare refusal and lost
//! typing, the same fields come back on a page of ours with a fresh token, to be sent again by
//! the person's own click. Nothing was done with the first request.

use askama::Template;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::layout::Chrome;
use crate::auth::{PRELOGIN_CSRF_COOKIE, cookie, lang_of_headers, random_token};
use crate::error::{AppError, HttpError};

#[derive(Template)]
#[template(path = "resubmit.html")]
struct ResubmitPage {
    chrome: Chrome,
    action: String,
    fields: Vec<(String, String)>,
}

/// The page that sends `fields` to `action` again, or the plain refusal if it cannot be made.
pub fn page(headers: &HeaderMap, action: &str, fields: Vec<(String, String)>) -> Response {
    let lang = lang_of_headers(headers);
    let existing = cookie(headers, PRELOGIN_CSRF_COOKIE).map(str::to_owned);
    let Ok(token) = existing.clone().map_or_else(random_token, Ok) else {
        return HttpError(AppError::Csrf).into_response();
    };
    // A password is never written back into a page: it is typed again.
    let fields = fields.into_iter().filter(|(k, _)| k != "_csrf" && !k.contains("password")).collect();
    let page =
        ResubmitPage { chrome: Chrome::new(lang, None, action).with_csrf(&token), action: action.to_owned(), fields };
    let Ok(html) = page.render() else { return HttpError(AppError::Csrf).into_response() };
    let mut res = (StatusCode::FORBIDDEN, axum::response::Html(html)).into_response();
    if existing.is_none() {
        let set = format!("{PRELOGIN_CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax");
        if let Ok(v) = set.parse() {
            res.headers_mut().append(axum::http::header::SET_COOKIE, v);
        }
    }
    res
}
