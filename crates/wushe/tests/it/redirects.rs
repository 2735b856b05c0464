//! Redirects off the site: after a language switch and after sign-in, a `next` that would take
//! the browser to another host — a tab or a newline browsers drop (`/\t/host`), `//host`,
//! backslashes they read as slashes (`\\host`, `/\host`), a scheme, a header split — sends it to
//! `/` instead, and never makes the server fail. A local path survives.

use axum::http::{Method, StatusCode};
use wushe_testkit::client::form_body;
use wushe_testkit::fixture::{self, PASSWORD};
use wushe_testkit::{TestResponse, dual_test};

use crate::probe_anon::anonymous_form;

/// The values as the browser's address bar decodes them.
const OFF_SITE: [&str; 12] = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "//evil.example",
    "///evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "https://evil.example",
    "evil.example",
    " //evil.example",
    "/x\r\nSet-Cookie: a=b",
];

/// `next=` with `value` percent-encoded, as a link carries it.
fn next(value: &str) -> String {
    form_body(&[("next", value)])
}

fn goes_home(res: &TestResponse, what: &str, value: &str) -> Option<String> {
    let ok = res.status == StatusCode::SEE_OTHER && res.location() == Some("/");
    (!ok).then(|| format!("{what} next={value:?}: {} to {:?}", res.status, res.location()))
}

dual_test!(after_sign_in_and_a_language_switch_only_this_site_is_followed, |app| {
    fixture::load(&app).await;
    let signed = app.login("wz.room", PASSWORD).await;
    let mut failures = Vec::new();
    for value in OFF_SITE {
        let res = app.get(&format!("/lang?to=en&{}", next(value)), None).await;
        failures.extend(goes_home(&res, "language switch", value));
        // Signed in already: the sign-in page sends the browser straight on.
        let res = app.get(&format!("/login?{}", next(value)), Some(&signed)).await;
        failures.extend(goes_home(&res, "sign-in page, signed in", value));
        // The sign-in form keeps only a safe `next`.
        let res = app.get(&format!("/login?{}", next(value)), None).await;
        if res.status != StatusCode::OK || res.text().contains("evil.example") {
            failures.push(format!("sign-in form next={value:?}: {} keeps it", res.status));
        }
        // Signing in follows it nowhere but home.
        let fields = [("login", "wz.station"), ("password", PASSWORD), ("next", value)];
        let res = anonymous_form(&app, &Method::POST, "/login", &fields).await;
        failures.extend(goes_home(&res, "sign-in", value));
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    let res = app.get("/lang?to=zh&next=/residents%3Fq%3D%E5%BC%A0", None).await;
    assert_eq!(res.location(), Some("/residents?q=%E5%BC%A0"), "a local path with Chinese in it survives");
    let fields = [("login", "wz.station"), ("password", PASSWORD), ("next", "/needs?status=submitted")];
    let res = anonymous_form(&app, &Method::POST, "/login", &fields).await;
    assert_eq!(res.location(), Some("/needs?status=submitted"), "and one followed after sign-in");
});
