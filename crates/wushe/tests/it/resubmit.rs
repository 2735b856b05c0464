//! A public form sent after its pre-sign-in token lapsed: nothing is done, what was typed comes
//! back on a page with a fresh token, and sending that page goes through; a password is never
//! written back; a signed-in form with a bad token is still refused outright.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

fn form(path: &str, cookie: Option<&str>, body: &str) -> Request<Body> {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT_LANGUAGE, "zh-CN");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.body(Body::from(body.to_owned())).expect("request")
}

/// The value of the hidden field `name` in a page.
fn hidden(page: &str, name: &str) -> String {
    let at = page.find(&format!("name=\"{name}\" value=\"")).unwrap_or_else(|| panic!("no {name} in {page}"));
    let rest = &page[at + name.len() + 15..];
    rest[..rest.find('"').expect("end")].to_owned()
}

dual_test!(a_lapsed_public_form_comes_back_with_what_was_typed, |app| {
    fixture::load(&app).await;
    let needs = app.count("needs").await;
    let body = "_csrf=stale-token&region=500101001001&category=elderly_care&urgency=normal\
                &description=%E7%8B%AC%E5%B1%85%E8%80%81%E4%BA%BA%E9%9C%80%E8%A6%81%E9%80%81%E9%A4%90\
                &contact_name=&contact_phone=13812345678&consent=1";
    let res = app.call(form("/help", None, body)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let page = res.text();
    assert!(page.contains("请再提交一次"), "{page}");
    assert!(page.contains("独居老人需要送餐"), "what was typed is shown: {page}");
    assert_eq!(app.count("needs").await, needs, "nothing was done with the lapsed form");
    let set = res.headers.get(header::SET_COOKIE).expect("a fresh pre-sign-in cookie").to_str().expect("ascii");
    let cookie = set.split(';').next().expect("cookie").to_owned();
    let token = hidden(&page, "_csrf");
    assert_eq!(cookie, format!("wushe_csrf={token}"));

    // Sent again from that page, with the cookie it set: the need is recorded.
    let again = format!(
        "_csrf={token}&region={}&category={}&urgency={}&description={}&contact_name=&contact_phone={}&consent=1",
        hidden(&page, "region"),
        hidden(&page, "category"),
        hidden(&page, "urgency"),
        "%E7%8B%AC%E5%B1%85%E8%80%81%E4%BA%BA%E9%9C%80%E8%A6%81%E9%80%81%E9%A4%90",
        hidden(&page, "contact_phone"),
    );
    let res = app.call(form("/help", Some(&cookie), &again)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(app.count("needs").await, needs + 1);

    // A sign-in form: the password is not written back.
    let res = app.call(form("/login", None, "_csrf=stale&login=wz.room&password=secret-pass-2026")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(!res.text().contains("secret-pass-2026"), "{}", res.text());
    assert!(res.text().contains("wz.room"));

    // Signed in, a wrong token is a plain refusal, whatever the form.
    let s = app.login("wz.room", PASSWORD).await;
    let res = app.call(form("/inbox/read", Some(&format!("wushe_session={}", s.token)), "_csrf=wrong")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(!res.text().contains("请再提交一次"), "{}", res.text());
});
