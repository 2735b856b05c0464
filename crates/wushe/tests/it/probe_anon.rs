//! A client with no session, on every route of the table: public routes answer, and show only
//! what is public; every other route answers 401 (API) or sends the browser to sign in (pages),
//! with nothing of the record in the body. Page forms are sent with a valid pre-sign-in CSRF
//! token, so that it is the route's guard that answers, not the CSRF check.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use wushe_testkit::fixture::Fixture;
use wushe_testkit::{TestApp, TestResponse};
use wushe_web::auth::PRELOGIN_CSRF_COOKIE;
use wushe_web::routes::{Guard, RouteDef};

use crate::probe_lists::leaks;
use crate::probe_targets::targets;
use wushe_web::routes::Record;

async fn send(app: &TestApp, def: &RouteDef, path: &str) -> TestResponse {
    let api = path.starts_with("/api/");
    if def.method == Method::GET {
        return if api { app.api(Method::GET, path, None, None).await } else { app.get(path, None).await };
    }
    if api {
        let body = (def.method != Method::DELETE).then(|| serde_json::json!({}));
        return app.api(def.method.clone(), path, None, body).await;
    }
    anonymous_form(app, &def.method, path, &[]).await
}

/// A page form sent with no session, carrying a valid pre-sign-in CSRF token (in the action URL
/// too, as an upload form does).
pub(crate) async fn anonymous_form(
    app: &TestApp,
    method: &Method,
    path: &str,
    fields: &[(&str, &str)],
) -> TestResponse {
    let token = "signed-out-probe-token";
    let uri = if path.contains('?') { format!("{path}&_csrf={token}") } else { format!("{path}?_csrf={token}") };
    let mut all = fields.to_vec();
    all.push(("_csrf", token));
    let req = Request::builder()
        .method(method.clone())
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT_LANGUAGE, "zh-CN")
        .header(header::COOKIE, format!("{PRELOGIN_CSRF_COOKIE}={token}"))
        .body(Body::from(wushe_testkit::client::form_body(&all)))
        .expect("request");
    app.call(req).await
}

/// Probes `def` with no session, on each of its records (or its plain path); returns failures.
pub(crate) async fn signed_out(app: &TestApp, fx: &Fixture, def: &RouteDef, kind: Record) -> Vec<String> {
    let paths: Vec<(String, String)> = if kind == Record::None {
        vec![(def.path.to_owned(), String::new())]
    } else {
        targets(fx, kind)
            .into_iter()
            .map(|t| (def.path.replace("{code}", &t.id).replace("{id}", &t.id), t.marker))
            .collect()
    };
    let mut out = Vec::new();
    for (path, marker) in paths {
        let res = send(app, def, &path).await;
        let label = format!("{} {path} signed out: {}", def.method, res.status);
        let body = crate::bodies::readable(&res.body);
        if res.status.is_server_error() {
            out.push(format!("{label} (server error: {body})"));
        }
        out.extend(leaks(fx, None, false, &body, def.path).into_iter().map(|l| format!("{label} {l}")));
        if def.guard == Guard::Public {
            continue;
        }
        if !marker.is_empty() && body.contains(&marker) {
            out.push(format!("{label}: body shows the record"));
        }
        if path.starts_with("/api/") {
            if res.status != StatusCode::UNAUTHORIZED {
                out.push(format!("{label}: the API must answer 401"));
            }
        } else {
            let to_login = res.status.is_redirection() && res.location().is_some_and(|l| l.starts_with("/login"));
            if !to_login {
                out.push(format!("{label}: a page must send the browser to sign in, not {:?}", res.location()));
            }
        }
    }
    out
}
