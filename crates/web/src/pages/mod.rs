//! Server-rendered pages. Each handler proves its role with a guard, calls an `ops` function and
//! renders a template; form errors re-render the form with the message and the user's input.

pub mod accounts;
pub mod activities;
pub mod activities_public;
pub mod audit;
pub mod certificates_public;
pub mod donors;
pub mod errors;
pub mod figures;
pub mod funds;
pub mod funds_public;
pub mod help;
pub mod hours;
pub mod hours_desk;
pub mod imports;
pub mod inbox;
pub mod layout;
pub mod login;
pub mod me;
pub mod memberships;
pub mod need_charity;
pub mod need_linkage;
pub mod needs;
pub mod organizations;
pub mod points;
pub mod portal;
pub mod referrals;
pub mod regions;
pub mod relief;
pub mod residents;
pub mod resubmit;
pub mod rights;
pub mod second_factor;
pub mod services;
pub mod sign_in_code;
pub mod skills;
pub mod social_workers;
pub mod tasks;
pub mod volunteers;
pub mod wishes_public;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::Uri;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;
use wushe_domain::{Field, FieldError, Lang, Reason};

use crate::error::{AppError, AppResult};

/// A url-encoded form, deserialised with every field optional; a body that does not parse is a
/// field error, not axum's plain-text rejection.
pub struct FormBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for FormBody<T> {
    type Rejection = crate::error::HttpError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| FieldError::new(Field::Body, Reason::Malformed("unreadable".into())))?;
        serde_urlencoded::from_bytes(&bytes)
            .map(FormBody)
            .map_err(|e| FieldError::new(Field::Body, Reason::Malformed(e.to_string())).into())
    }
}

pub fn render(t: &impl Template) -> AppResult<Html<String>> {
    t.render().map(Html).map_err(|e| AppError::Internal(format!("template: {e}")).into())
}

/// A form shown again with its error, with the status the error has.
pub fn rerender(t: &impl Template, err: &AppError) -> Response {
    match render(t) {
        Ok(html) => (crate::error::status(err), html).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The message of a form error in the page's language; anything that is not about the input
/// itself goes to the error page instead.
pub fn form_message(err: AppError, lang: Lang) -> Result<(String, AppError), AppError> {
    match err {
        AppError::Field(_)
        | AppError::Sheet { .. }
        | AppError::Conflict(_)
        | AppError::BadLogin
        | AppError::BadSecondFactorCode
        | AppError::Locked { .. }
        | AppError::Throttled => {
            let msg = err.report().message(lang).to_owned();
            Ok((msg, err))
        }
        other => Err(other),
    }
}

/// Where a sent form goes: on to `next` when it was taken, or its page again (`again`, given the
/// message) with what went wrong; anything not about the input goes to the error page.
pub async fn after_form<T, P, F>(
    result: wushe_app::AppResult<T>,
    lang: Lang,
    next: &str,
    again: impl FnOnce(String) -> F,
) -> AppResult<Response>
where
    P: Template,
    F: std::future::Future<Output = AppResult<P>>,
{
    match result {
        Ok(_) => Ok(see_other(next)),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            Ok(rerender(&again(msg).await?, &err))
        }
    }
}

pub fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Only same-site paths are followed after sign-in or a language switch.
pub fn safe_next(next: &str) -> String {
    // Browsers drop tabs and newlines from a URL and read `\` as `/`, so `/\t/host` would leave
    // for `//host`: any of them, or any space, makes the value unusable, not cleaned.
    let same_origin = next.starts_with('/') && !next.starts_with("//");
    let clean = !next.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    if !same_origin || !clean || next.starts_with("/login") {
        return "/".to_owned();
    }
    // A header holds ASCII only: other characters travel percent-encoded.
    let mut out = String::with_capacity(next.len());
    for c in next.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// A list's query string for paging and export links: the filters, not the old offset.
pub fn filters_only(raw: Option<String>) -> String {
    raw.unwrap_or_default().split('&').filter(|kv| !kv.starts_with("offset=")).collect::<Vec<_>>().join("&")
}

pub fn here(uri: &Uri) -> String {
    uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".to_owned())
}

/// A path segment that does not parse as the record's id names no record.
pub fn parse_id<T: std::str::FromStr>(raw: &str) -> AppResult<T> {
    raw.parse().map_err(|_| AppError::NotFound.into())
}

/// Adds a `Set-Cookie` header.
pub fn with_cookie(mut res: Response, cookie: &str) -> AppResult<Response> {
    let value = cookie.parse().map_err(|_| AppError::Internal("cookie value is not a valid header".into()))?;
    res.headers_mut().append(axum::http::header::SET_COOKIE, value);
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_site() {
        assert_eq!(safe_next("/regions/50"), "/regions/50");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil"), "/");
        assert_eq!(safe_next("/login?next=/x"), "/");
        assert_eq!(safe_next("/\t/evil.example"), "/", "a tab browsers drop");
        assert_eq!(safe_next("/\n/evil.example"), "/");
        assert_eq!(safe_next("/x\r\nSet-Cookie: a=b"), "/");
        assert_eq!(safe_next("/residents?q=张"), "/residents?q=%E5%BC%A0");
    }

    proptest::proptest! {
        /// Whatever comes in, what goes out is a same-site path a header can carry, which no
        /// browser reads as another host.
        #[test]
        fn next_is_always_a_local_header_value(raw in "\\PC{0,30}|/[\t\n\r /\\\\a-z%0-9]{0,12}") {
            let next = safe_next(&raw);
            proptest::prop_assert!(next.starts_with('/'));
            let browsers_read: String = next.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
            proptest::prop_assert!(!browsers_read.starts_with("//") && !browsers_read.starts_with("/\\"));
            proptest::prop_assert!(axum::http::HeaderValue::from_str(&next).is_ok(), "{next:?}");
        }
    }
}
