//! Sign-in, lockout, forced password change, idle timeout, CSRF.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;
use wushe_testkit::fixture::{self, PASSWORD};
use wushe_testkit::{Engine, TestApp, dual_test, postgres_url};

dual_test!(login_by_name_or_phone_with_one_answer_for_all_failures, |app| {
    fixture::load(&app).await;
    let by_name = app.login("wz.center", PASSWORD).await;
    let by_phone = app.login("139 0000 0004", PASSWORD).await;
    assert_eq!(by_name.account["id"], by_phone.account["id"]);
    assert_eq!(by_name.account["phone"], "1******0004", "the phone is masked");
    let wrong = app.try_login("wz.center", "not-the-password-1").await;
    let unknown = app.try_login("nobody", "not-the-password-1").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.message(), "用户名或密码错误");
    assert_eq!(wrong.message(), unknown.message(), "an unknown name is not told apart");
    let empty = app.try_login("", "x").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.json()["error"]["field"], "login", "the field the body names");
});

dual_test!(five_failures_lock_the_account_and_are_audited, |app| {
    let fx = fixture::load(&app).await;
    for i in 1..=5 {
        let res = app.try_login("wz.station", "wrong-password-123").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {i}");
        if i == 5 {
            assert!(res.message().contains("锁定"), "the fifth failure locks: {}", res.message());
        }
    }
    let right = app.try_login("wz.station", PASSWORD).await;
    assert_eq!(right.status, StatusCode::UNAUTHORIZED, "the right password is refused while locked");
    assert!(right.message().contains("锁定"));
    let events = wushe_store::audit::for_entity(&app.db, "account", &fx.account("wz.station").id.to_string())
        .await
        .expect("audit");
    assert_eq!(events.iter().filter(|e| e.action == "account.login" && e.outcome == "failed").count(), 6);
    assert_eq!(events.iter().filter(|e| e.action == "account.lockout").count(), 1);
    // A reset by an administrator lifts the lockout; the new password must then be changed.
    let admin = app.login("root", PASSWORD).await;
    let id = fx.account("wz.station").id;
    let res = app
        .api(
            Method::POST,
            &format!("/api/v1/accounts/{id}/reset-password"),
            Some(&admin),
            Some(json!({"password": "temporary-pass-1"})),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let s = app.login("wz.station", "temporary-pass-1").await;
    assert_eq!(s.account["must_change_password"], true);
});

dual_test!(accounts_made_by_an_administrator_must_change_their_password_first, |app| {
    fixture::load(&app).await;
    let admin = app.login("wz.center", PASSWORD).await;
    let body = json!({"username": "new.worker", "display_name": "新社工", "role": "room_worker",
        "region": "500101001001", "password": "first-pass-2026"});
    let res = app.api(Method::POST, "/api/v1/accounts", Some(&admin), Some(body)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let s = app.login("new.worker", "first-pass-2026").await;
    let me = app.api(Method::GET, "/api/v1/me", Some(&s), None).await;
    assert_eq!(me.status, StatusCode::FORBIDDEN);
    assert_eq!(me.json()["error"]["code"], "password_change_required");
    let page = app.get("/regions", Some(&s)).await;
    assert_eq!(page.location(), Some("/me/password"), "pages send the user to the password form");
    let bad = json!({"current_password": "wrong-pass-2026", "new_password": "second-pass-2026"});
    let res = app.api(Method::PUT, "/api/v1/me/password", Some(&s), Some(bad)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["field"], "current_password");
    assert_eq!(res.message(), "当前密码不正确");
    let weak = json!({"current_password": "first-pass-2026", "new_password": "short"});
    let res = app.api_lang(Method::PUT, "/api/v1/me/password", Some(&s), Some(weak), "en").await;
    assert_eq!(res.json()["error"]["field"], "new_password");
    assert!(res.message().starts_with("New password must be at least 10 characters"), "{}", res.message());
    let good = json!({"current_password": "first-pass-2026", "new_password": "second-pass-2026"});
    let res = app.api(Method::PUT, "/api/v1/me/password", Some(&s), Some(good)).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let me = app.api(Method::GET, "/api/v1/me", Some(&s), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["must_change_password"], false);
});

dual_test!(disabling_an_account_ends_its_sessions_and_logins, |app| {
    let fx = fixture::load(&app).await;
    let room = app.login("wz.room", PASSWORD).await;
    let admin = app.login("wz.station", PASSWORD).await;
    let id = fx.account("wz.room").id;
    let res = app.api(Method::POST, &format!("/api/v1/accounts/{id}/disable"), Some(&admin), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["status"], "disabled");
    assert_eq!(app.api(Method::GET, "/api/v1/me", Some(&room), None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.try_login("wz.room", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    let own = fx.account("wz.station").id;
    let res = app.api(Method::POST, &format!("/api/v1/accounts/{own}/disable"), Some(&admin), None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "station staff may not manage station accounts, not even their own");
    let res = app.api(Method::POST, &format!("/api/v1/accounts/{id}/enable"), Some(&admin), None).await;
    assert_eq!(res.json()["status"], "active");
    app.login("wz.room", PASSWORD).await;
});

dual_test!(logout_ends_the_session, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.org", PASSWORD).await;
    let res = app.api(Method::DELETE, "/api/v1/session", Some(&s), None).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(app.api(Method::GET, "/api/v1/me", Some(&s), None).await.status, StatusCode::UNAUTHORIZED);
});

async fn idle(engine: Engine) {
    let app = TestApp::spawn_with(engine, |s| s.session_idle_minutes = 0).await;
    fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let res = app.api(Method::GET, "/api/v1/me", Some(&s), None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "an idle session has ended");
    assert_eq!(app.count("sessions").await, 0, "and is gone from the store");
}

#[tokio::test]
async fn idle_sessions_end_sqlite() {
    idle(Engine::Sqlite).await;
}

#[tokio::test]
async fn idle_sessions_end_postgres() {
    if postgres_url().is_some() {
        idle(Engine::Postgres).await;
    }
}

dual_test!(forms_and_cookie_api_calls_need_the_csrf_token, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    let id = fx.point("万州一室FX").id;
    let form = |token: Option<&str>, origin: Option<&str>| {
        let mut body = "reason=check".to_owned();
        if let Some(t) = token {
            body.push_str(&format!("&_csrf={t}"));
        }
        let mut req = Request::builder()
            .method(Method::POST)
            .uri(format!("/service-points/{id}/reveal"))
            .header(header::HOST, "wushe.test")
            .header(header::COOKIE, format!("wushe_session={}", s.token))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(o) = origin {
            req = req.header(header::ORIGIN, o);
        }
        req.body(Body::from(body)).expect("request")
    };
    assert_eq!(app.call(form(None, None)).await.status, StatusCode::FORBIDDEN, "no token");
    assert_eq!(app.call(form(Some("forged"), None)).await.status, StatusCode::FORBIDDEN, "wrong token");
    assert_eq!(
        app.call(form(Some(&s.csrf), Some("http://evil.example"))).await.status,
        StatusCode::FORBIDDEN,
        "foreign origin"
    );
    let ok = app.call(form(Some(&s.csrf), Some("http://wushe.test"))).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    assert!(ok.text().contains("13700000000"), "the revealed number is shown");

    let api = |csrf: Option<&str>| {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri(format!("/api/v1/service-points/{id}/reveal"))
            .header(header::COOKIE, format!("wushe_session={}", s.token))
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(c) = csrf {
            req = req.header("x-csrf-token", c);
        }
        req.body(Body::from(r#"{"reason":"回访"}"#)).expect("request")
    };
    assert_eq!(app.call(api(None)).await.status, StatusCode::FORBIDDEN, "cookie without header");
    assert_eq!(app.call(api(Some(&s.csrf))).await.status, StatusCode::OK);
    let bearer = app
        .api(
            Method::POST,
            &format!("/api/v1/service-points/{id}/reveal"),
            Some(&s),
            Some(serde_json::json!({"reason": "回访"})),
        )
        .await;
    assert_eq!(bearer.status, StatusCode::OK, "a bearer token needs no CSRF header");

    // The sign-in form carries the pre-session token of its cookie.
    let login_page = app.get("/login", None).await;
    let cookie = login_page.cookie("wushe_csrf").expect("pre-session token");
    let attempt = |token: &str| {
        Request::builder()
            .method(Method::POST)
            .uri("/login")
            .header(header::COOKIE, format!("wushe_csrf={cookie}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("login=wz.center&password={PASSWORD}&_csrf={token}")))
            .expect("request")
    };
    assert_eq!(app.call(attempt("forged")).await.status, StatusCode::FORBIDDEN);
    let signed = app.call(attempt(&cookie)).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    assert!(signed.cookie("wushe_session").is_some());
});
