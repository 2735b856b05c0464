//! The body of every error answer, written after the handler has run: JSON under `/api/`, a page
//! (or a redirect to sign in) otherwise, in the requester's language.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use wushe_domain::Lang;

use crate::error::ErrorReport;
use crate::pages::layout::ErrorPage;
use crate::pages::{safe_next, urlencode};

/// Writes error bodies: JSON under `/api/`, otherwise a page (or a redirect to sign in).
pub async fn render(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let header_lang = crate::auth::lang_of_headers(req.headers());
    let target = req.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let mut res = next.run(req).await;
    let Some(report) = res.extensions_mut().remove::<ErrorReport>() else { return res };
    // The session middleware inside knows the account's language; before it ran, headers decide.
    let lang = res.extensions().get::<Lang>().copied().unwrap_or(header_lang);
    let status = res.status();
    let mut res = write_report(api, lang, status, &report, &target);
    // Waiting for the database is worth a retry, and says when.
    if report.code == "unavailable" {
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
    }
    res
}

fn write_report(api: bool, lang: Lang, status: StatusCode, report: &ErrorReport, target: &str) -> Response {
    if api {
        let body = serde_json::json!({ "error": {
            "code": report.code,
            "field": report.field.map(|f| f.key()),
            "message": report.message(lang),
        }});
        return (status, axum::Json(body)).into_response();
    }
    match report.code {
        "unauthenticated" => {
            let next = safe_next(target);
            Redirect::to(&format!("/login?next={}", urlencode(&next))).into_response()
        }
        "password_change_required" => Redirect::to("/me/password").into_response(),
        "second_factor_required" => Redirect::to("/login/code").into_response(),
        "second_factor_enrolment_required" => Redirect::to("/me/second-factor").into_response(),
        _ => {
            let page = ErrorPage::new(lang, status.as_u16(), report.message(lang));
            let mut res = (status, Html(page.render_html())).into_response();
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
    }
}
