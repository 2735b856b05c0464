//! Cross-site request forgery protection, applied to every unsafe request in one place so that
//! no form can forget it. Pages carry a token in a hidden `_csrf` field (the session's, or before
//! sign-in a cookie's); the API wants `X-CSRF-Token` when it is called with the session cookie;
//! and a request whose `Origin` names another host is refused outright.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::{Auth, PRELOGIN_CSRF_COOKIE, PendingSignIn, cookie, same_secret};
use crate::error::{AppError, HttpError};

/// Forms are small; anything larger is not a form of ours.
const MAX_FORM_BYTES: usize = 256 * 1024;

fn foreign_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return false };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    origin == "null" || origin_host != host
}

pub fn form_field(body: &[u8], name: &str) -> Option<String> {
    url_decode_pairs(body).find(|(k, _)| k == name).map(|(_, v)| v)
}

fn url_decode_pairs(body: &[u8]) -> impl Iterator<Item = (String, String)> + '_ {
    body.split(|&b| b == b'&').filter_map(|pair| {
        let mut it = pair.splitn(2, |&b| b == b'=');
        let k = decode(it.next()?);
        let v = decode(it.next().unwrap_or_default());
        Some((k, v))
    })
}

fn decode(s: &[u8]) -> String {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < s.len() => {
                let hex = std::str::from_utf8(&s[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub async fn protect(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    if foreign_origin(req.headers()) {
        return HttpError(AppError::Csrf).into_response();
    }
    let auth = req.extensions().get::<Auth>();
    if req.uri().path().starts_with("/api/") {
        if let Some(a) = auth.filter(|a| !a.bearer) {
            let sent = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or("");
            if !same_secret(sent, &a.session.csrf_token) {
                return HttpError(AppError::Csrf).into_response();
            }
        }
        return next.run(req).await;
    }
    let pending = req.extensions().get::<PendingSignIn>();
    let expected = match (auth, pending) {
        (Some(a), _) | (None, Some(PendingSignIn(a))) => Some(a.session.csrf_token.clone()),
        (None, None) => cookie(req.headers(), PRELOGIN_CSRF_COOKIE).map(str::to_owned),
    };
    // A file upload's body is not read here: its form carries the token in the action URL.
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if multipart {
        let sent = req.uri().query().and_then(|q| form_field(q.as_bytes(), "_csrf")).unwrap_or_default();
        return match expected {
            Some(e) if same_secret(&sent, &e) => next.run(req).await,
            _ => HttpError(AppError::Csrf).into_response(),
        };
    }
    let signed_out = auth.is_none() && pending.is_none();
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return HttpError(AppError::Field(wushe_domain::FieldError::new(
            wushe_domain::Field::Body,
            wushe_domain::Reason::TooLong { max: MAX_FORM_BYTES },
        )))
        .into_response();
    };
    let sent = form_field(&bytes, "_csrf").unwrap_or_default();
    match expected {
        Some(e) if same_secret(&sent, &e) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        // Before sign-in, a lapsed token costs a click, not what was typed.
        _ if signed_out => {
            let action = parts.uri.path_and_query().map_or("/", |p| p.as_str());
            crate::pages::resubmit::page(&parts.headers, action, url_decode_pairs(&bytes).collect())
        }
        _ => HttpError(AppError::Csrf).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_forms() {
        assert_eq!(form_field(b"a=1&_csrf=x%2By+z", "_csrf").as_deref(), Some("x+y z"));
        assert_eq!(form_field(b"_csrf=%E4%B8%AD%", "_csrf").as_deref(), Some("中%"));
        assert_eq!(form_field(b"a=1", "_csrf"), None);
    }

    #[test]
    fn origin_must_match_host() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "127.0.0.1:8080".parse().expect("header"));
        assert!(!foreign_origin(&h));
        h.insert(header::ORIGIN, "http://127.0.0.1:8080".parse().expect("header"));
        assert!(!foreign_origin(&h));
        h.insert(header::ORIGIN, "http://evil.example".parse().expect("header"));
        assert!(foreign_origin(&h));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::form_field;

    proptest! {
        #[test]
        fn form_parsing_never_panics(body in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = form_field(&body, "_csrf");
        }

        #[test]
        fn encoded_values_round_trip(value in "\\PC{0,30}") {
            let encoded: String = value.bytes().map(|b| format!("%{b:02X}")).collect();
            let body = format!("a=1&_csrf={encoded}");
            prop_assert_eq!(form_field(body.as_bytes(), "_csrf"), Some(value));
        }
    }
}
