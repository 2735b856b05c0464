//! The second factor over HTTP: enrolment on the account's page, sign-in with the code on pages
//! (real port, half-open session) and in the API, codes used once, wrong codes locking like
//! wrong passwords, recovery codes, the holder's and an administrator's changes, and the
//! configuration that requires it of administrators and centre staff.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_app::settings::SecondFactor;
use wushe_domain::second_factor::{STEP_SECONDS, TotpSecret};
use wushe_testkit::fixture::{self, PASSWORD};
use wushe_testkit::{Engine, Session, TestApp, TestResponse, dual_test, postgres_url};

fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs()
}

/// A code of a step not used before that the server takes now (its step, one either side);
/// waits for the next step when none is left. `used` is the last step handed out.
pub(crate) async fn next_code(secret: &TotpSecret, used: &mut u64) -> String {
    loop {
        let now = unix_now();
        let step = now / STEP_SECONDS;
        // The step before is safe only while this one has time left to reach the server.
        let earliest = if now % STEP_SECONDS < 20 { step - 1 } else { step };
        let pick = earliest.max(*used + 1);
        if pick <= step + 1 {
            *used = pick;
            return secret.code_at(pick * STEP_SECONDS);
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

/// A code no step near now has.
fn wrong_code(secret: &TotpSecret) -> String {
    let now = unix_now();
    let near: Vec<String> = (now - 90..=now + 90).step_by(30).map(|t| secret.code_at(t)).collect();
    ["000000", "111111", "222222", "333333"].into_iter().find(|c| !near.iter().any(|n| n == c)).expect("one").into()
}

/// The text between `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = html.find(start)? + start.len();
    Some(&html[from..from + html[from..].find(end)?])
}

/// The key the enrolment page shows as text.
pub(crate) fn secret_on(html: &str) -> TotpSecret {
    let text = between(html, "class=\"totp-secret\">", "</code>").expect("the page shows the key");
    TotpSecret::from_base32(text).expect("the key is base32")
}

fn recovery_codes_on(html: &str) -> Vec<String> {
    let list = between(html, "<ol class=\"recovery-codes\">", "</ol>").unwrap_or_default();
    list.split("<code>").skip(1).filter_map(|c| c.split("</code>").next()).map(str::to_owned).collect()
}

struct Enrolled {
    secret: TotpSecret,
    codes: Vec<String>,
    used: u64,
}

/// Enrols the session's account on its own page.
async fn enrol(app: &TestApp, s: &Session) -> Enrolled {
    let res = app.post_form("/me/second-factor/setup", Some(s), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let page = app.get("/me/second-factor", Some(s)).await.text();
    let secret = secret_on(&page);
    assert!(page.contains("<svg"), "a QR code");
    assert!(page.contains("otpauth://totp/%E4%BA%94%E7%A4%BE%E8%81%94%E5%8A%A8:"), "the otpauth address");
    assert!(page.contains(&format!("secret={}&", secret.base32())), "the address carries the key");
    let wrong = app.post_form("/me/second-factor/confirm", Some(s), &[("code", &wrong_code(&secret))]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "a wrong first code is refused");
    let mut used = 0;
    let code = next_code(&secret, &mut used).await;
    let res = app.post_form("/me/second-factor/confirm", Some(s), &[("code", &code)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let codes = recovery_codes_on(&res.text());
    assert_eq!(codes.len(), 10, "ten recovery codes, shown once");
    Enrolled { secret, codes, used }
}

async fn api_login(app: &TestApp, login: &str, code: Option<&str>) -> TestResponse {
    let body = json!({ "login": login, "password": PASSWORD, "code": code });
    app.api(Method::POST, "/api/v1/session", None, Some(body)).await
}

async fn actions(app: &TestApp, account: &str) -> Vec<(String, String)> {
    let id: String = one(app, &format!("SELECT id AS v FROM accounts WHERE username = '{account}'")).await;
    wushe_store::audit::for_entity(&app.db, "account", &id)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| (e.action, e.outcome))
        .collect()
}

/// The column `v` of every row a query gives, joined by spaces.
async fn one(app: &TestApp, sql: &str) -> String {
    use sqlx::Row;
    let rows = sqlx::query(sql).fetch_all(&app.db.pool).await.expect("query");
    rows.iter().map(|r| r.try_get::<String, _>("v").expect("v")).collect::<Vec<_>>().join(" ")
}

dual_test!(enrolment_seals_the_key_and_api_sign_in_then_needs_a_code_used_once, |app| {
    fixture::load(&app).await;
    let s = app.login("root", PASSWORD).await;
    assert_eq!(s.account["second_factor"], false);
    let mut e = enrol(&app, &s).await;
    // At rest: the key sealed in place, the recovery codes only as hashes.
    let stored = one(&app, "SELECT secret AS v FROM second_factors").await;
    assert!(stored.starts_with("v2:") && !stored.contains(&e.secret.base32()), "the key is sealed");
    assert_eq!(app.count("recovery_codes").await, 10);
    let dump = one(&app, "SELECT code_hash AS v FROM recovery_codes").await;
    assert!(e.codes.iter().all(|c| !dump.contains(&c.replace('-', ""))), "codes are stored as hashes only");
    assert!(wushe_store::rekey::unreadable(&app.db).await.expect("verify").is_empty());
    // The API asks for the code, names its field, and takes each code once.
    let res = api_login(&app, "root", None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.json()["error"]["code"], "second_factor_required");
    assert_eq!(res.json()["error"]["field"], "code");
    let code = next_code(&e.secret, &mut e.used).await;
    let ok = api_login(&app, "root", Some(&code)).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    assert_eq!(ok.json()["account"]["second_factor"], true);
    let replay = api_login(&app, "root", Some(&code)).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED, "a code is taken once");
    assert_eq!(replay.json()["error"]["code"], "bad_code");
    let me = app.get("/me", Some(&s)).await;
    assert!(me.text().contains("双重验证"), "the account page shows the state");
    let log = actions(&app, "root").await;
    for action in ["second_factor.begin", "second_factor.enrol"] {
        assert!(log.iter().any(|(a, o)| a == action && o == "ok"), "{action} is audited: {log:?}");
    }
    assert!(log.iter().any(|(a, o)| a == "account.login" && o == "failed"), "the replay counts as a failure");
});

// The page sign-in over a real port: the password opens the session half way; the half-open
// session reaches only the code page; the code opens it under a new token.
dual_test!(page_sign_in_is_half_open_until_the_code, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    let mut e = enrol(&app, &s).await;
    let base = app.serve().await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let get = |path: &str| client.get(format!("{base}{path}")).send();
    let form_token = |html: &str| between(html, "name=\"_csrf\" value=\"", "\"").expect("csrf").to_owned();
    let login_page = get("/login").await.expect("login page").text().await.expect("text");
    let fields =
        [("login", "wz.center"), ("password", PASSWORD), ("next", "/accounts"), ("_csrf", &form_token(&login_page))];
    let res = client.post(format!("{base}/login")).form(&fields).send().await.expect("login");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login/code?next=/accounts");
    let pending_cookie =
        res.headers()["set-cookie"].to_str().expect("cookie").split(';').next().expect("pair").to_owned();
    // The half-open session reaches nothing else.
    for path in ["/regions", "/me", "/accounts", "/needs", "/me/second-factor", "/"] {
        let r = get(path).await.expect("probe");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(r.headers()["location"], "/login/code", "{path} sends the half-open session to the code page");
    }
    let api = get("/api/v1/me").await.expect("api");
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
    let code_page = get("/login/code?next=/accounts").await.expect("code page").text().await.expect("text");
    assert!(code_page.contains("输入验证码"), "{code_page}");
    let token = form_token(&code_page);
    let post = |fields: Vec<(&'static str, String)>| client.post(format!("{base}/login/code")).form(&fields).send();
    let r = client
        .post(format!("{base}/me/second-factor/disable"))
        .form(&[("code", "123456"), ("_csrf", &token)])
        .send()
        .await
        .expect("disable");
    assert_eq!(r.headers()["location"], "/login/code", "no change of the factor from a half-open session");
    let wrong =
        post(vec![("code", wrong_code(&e.secret)), ("next", "/accounts".into()), ("_csrf", token.clone())]).await;
    let wrong = wrong.expect("wrong code");
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.text().await.expect("text").contains("验证码不正确"));
    let code = next_code(&e.secret, &mut e.used).await;
    let ok = post(vec![("code", code), ("next", "/accounts".into()), ("_csrf", token)]).await.expect("code");
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(ok.headers()["location"], "/accounts");
    let accounts = get("/accounts").await.expect("accounts");
    assert_eq!(accounts.status(), StatusCode::OK, "the session is open");
    // The token of the half-open session was replaced, not promoted.
    let old = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let r = old.get(format!("{base}/accounts")).header("cookie", &pending_cookie).send().await.expect("old token");
    assert!(r.headers()["location"].to_str().expect("location").starts_with("/login?"), "the old token is dead");
});

dual_test!(wrong_codes_lock_the_account_like_wrong_passwords, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    let mut e = enrol(&app, &s).await;
    // The right password alone is no failure: it is given back while the code is asked for.
    for _ in 0..6 {
        assert_eq!(api_login(&app, "wz.center", None).await.json()["error"]["code"], "second_factor_required");
    }
    let right = next_code(&e.secret, &mut e.used).await;
    let wrong = wrong_code(&e.secret);
    for i in 1..=5 {
        let res = api_login(&app, "wz.center", Some(&wrong)).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {i}");
        if i < 5 {
            assert_eq!(res.json()["error"]["code"], "bad_code", "attempt {i}");
        } else {
            assert!(res.message().contains("锁定"), "the fifth wrong code locks: {}", res.message());
        }
    }
    let res = api_login(&app, "wz.center", Some(&right)).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "the right code is refused while locked");
    assert!(res.message().contains("锁定"));
    let log = actions(&app, "wz.center").await;
    assert_eq!(log.iter().filter(|(a, o)| a == "account.login" && o == "failed").count(), 6);
    assert_eq!(log.iter().filter(|(a, _)| a == "account.lockout").count(), 1);
});

dual_test!(a_recovery_code_works_once_and_new_ones_replace_the_old, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let mut e = enrol(&app, &s).await;
    let first = e.codes[0].to_lowercase().replace('-', " ");
    let ok = api_login(&app, "wz.station", Some(&first)).await;
    assert_eq!(ok.status, StatusCode::OK, "a recovery code stands in for the code: {}", ok.text());
    let again = api_login(&app, "wz.station", Some(&e.codes[0])).await;
    assert_eq!(again.json()["error"]["code"], "bad_code", "and is used up");
    let page = app.get("/me/second-factor", Some(&s)).await.text();
    assert!(page.contains("class=\"recovery-left\">9<"), "nine are left");
    let code = next_code(&e.secret, &mut e.used).await;
    let res = app.post_form("/me/second-factor/recovery-codes", Some(&s), &[("code", &code)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let fresh = recovery_codes_on(&res.text());
    assert_eq!(fresh.len(), 10);
    assert_eq!(api_login(&app, "wz.station", Some(&e.codes[1])).await.json()["error"]["code"], "bad_code");
    assert_eq!(api_login(&app, "wz.station", Some(&fresh[0])).await.status, StatusCode::OK);
    let log = actions(&app, "wz.station").await;
    assert!(log.iter().any(|(a, _)| a == "second_factor.recovery_used"));
    assert!(log.iter().any(|(a, _)| a == "second_factor.recovery_codes"));
});

dual_test!(turning_off_needs_a_code_and_an_administrator_may_reset_another_account, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.room", PASSWORD).await;
    let mut e = enrol(&app, &s).await;
    let res = app.post_form("/me/second-factor/disable", Some(&s), &[("code", "12345")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a current code is needed");
    let code = next_code(&e.secret, &mut e.used).await;
    let res = app.post_form("/me/second-factor/disable", Some(&s), &[("code", &code)]).await;
    assert_eq!(res.location(), Some("/me/second-factor?saved=1"), "{}", res.text());
    assert_eq!(api_login(&app, "wz.room", None).await.status, StatusCode::OK, "the password alone again");
    // A lost phone: an administrator resets it; the holder's sessions end.
    let s = app.login("wz.room", PASSWORD).await;
    enrol(&app, &s).await;
    let id = fx.account("wz.room").id;
    let station = app.login("wz.station", PASSWORD).await;
    let centre = format!("/api/v1/accounts/{}/second-factor/reset", fx.account("wz.center").id);
    let by_station = app.api(Method::POST, &centre, Some(&station), None).await;
    assert_eq!(by_station.status, StatusCode::NOT_FOUND, "the centre's account lies outside a station's area");
    let path = format!("/api/v1/accounts/{id}/second-factor/reset");
    let admin = app.login("root", PASSWORD).await;
    let res = app.api(Method::POST, &path, Some(&admin), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["second_factor"], false);
    assert_eq!(app.api(Method::GET, "/api/v1/me", Some(&s), None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api_login(&app, "wz.room", None).await.status, StatusCode::OK);
    let own = format!("/api/v1/accounts/{}/second-factor/reset", fx.account("root").id);
    assert_eq!(app.api(Method::POST, &own, Some(&admin), None).await.status, StatusCode::CONFLICT);
    let log = actions(&app, "wz.room").await;
    assert!(log.iter().any(|(a, _)| a == "second_factor.disable"), "{log:?}");
    // The same from the account's page; each reset is audited under the administrator's name.
    let s = app.login("wz.room", PASSWORD).await;
    enrol(&app, &s).await;
    let page = app.get(&format!("/accounts/{id}"), Some(&admin)).await.text();
    assert!(page.contains(&format!("action=\"/accounts/{id}/second-factor/reset\"")), "the page offers the reset");
    let res = app.post_form(&format!("/accounts/{id}/second-factor/reset"), Some(&admin), &[]).await;
    assert_eq!(res.location(), Some(format!("/accounts/{id}?saved=1").as_str()), "{}", res.text());
    assert_eq!(api_login(&app, "wz.room", None).await.status, StatusCode::OK, "the password alone again");
    let resets: Vec<_> = wushe_store::audit::for_entity(&app.db, "account", &id.to_string())
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.action == "second_factor.reset")
        .collect();
    assert_eq!(resets.len(), 2, "both resets are audited");
    let root = fx.account("root").id.to_string();
    assert!(resets.iter().all(|e| e.actor_id.as_deref() == Some(root.as_str())), "by the administrator");
    assert!(resets.iter().all(|e| e.detail.contains("\"had_factor\":true")), "{resets:?}");
});

/// With `second_factor = "required"`, administrators and centre staff enrol before anything else;
/// a volunteer and station staff do not have to.
async fn required_forces_enrolment(engine: Engine) {
    let app = TestApp::spawn_with(engine, |s| s.second_factor = SecondFactor::Required).await;
    fixture::load(&app).await;
    for who in ["root", "wz.center"] {
        let s = app.login(who, PASSWORD).await;
        let me = app.api(Method::GET, "/api/v1/me", Some(&s), None).await;
        assert_eq!(me.status, StatusCode::FORBIDDEN, "{who}");
        assert_eq!(me.json()["error"]["code"], "second_factor_enrolment_required");
        for path in ["/regions", "/me", "/accounts"] {
            assert_eq!(app.get(path, Some(&s)).await.location(), Some("/me/second-factor"), "{who} {path}");
        }
        let page = app.get("/me/second-factor", Some(&s)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text().contains("等级保护三级"), "the page says why");
        enrol(&app, &s).await;
        assert_eq!(app.api(Method::GET, "/api/v1/me", Some(&s), None).await.status, StatusCode::OK, "{who}");
    }
    for who in ["wz.volunteer", "wz.station"] {
        let s = app.login(who, PASSWORD).await;
        assert_eq!(app.api(Method::GET, "/api/v1/me", Some(&s), None).await.status, StatusCode::OK, "{who}");
        assert_eq!(app.get("/me", Some(&s)).await.status, StatusCode::OK, "{who}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn required_by_configuration_sqlite() {
    required_forces_enrolment(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn required_by_configuration_postgres() {
    if postgres_url().is_some() {
        required_forces_enrolment(Engine::Postgres).await;
    }
}

#[tokio::test]
async fn the_api_document_describes_the_code_and_the_reset() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let doc = app.api(Method::GET, "/api/openapi.json", None, None).await.json();
    let code = &doc["components"]["schemas"]["LoginInput"]["properties"]["code"];
    assert!(code["description"].as_str().is_some_and(|d| d.contains("recovery")), "{code}");
    let required = doc["components"]["schemas"]["LoginInput"]["required"].as_array().cloned().unwrap_or_default();
    assert!(!required.contains(&json!("code")), "the code is optional");
    assert!(doc["paths"]["/api/v1/accounts/{id}/second-factor/reset"]["post"].is_object());
    assert!(doc["components"]["schemas"]["AccountView"]["properties"]["second_factor"].is_object());
}

#[tokio::test]
async fn off_by_configuration_offers_no_enrolment() {
    let app = TestApp::spawn_with(Engine::Sqlite, |s| s.second_factor = SecondFactor::Off).await;
    fixture::load(&app).await;
    let s = app.login("root", PASSWORD).await;
    let res = app.post_form("/me/second-factor/setup", Some(&s), &[]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(!app.get("/me/second-factor", Some(&s)).await.text().contains("/me/second-factor/setup"));
}

// Codes sent at once are counted like codes sent in turn: the right password with twenty wrong
// codes from twenty clients checks five codes at most, and the fifth wrong one locks.
dual_test!(wrong_codes_sent_at_once_are_counted_like_codes_in_turn, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    let e = enrol(&app, &s).await;
    let base = app.serve().await;
    let wrong = wrong_code(&e.secret);
    let answers = wushe_testkit::parallel_clients(20, move |_| {
        let (base, wrong) = (base.clone(), wrong.clone());
        async move { sign_in_at(&base, "wz.center", &wrong).await }
    });
    let bad = answers.iter().filter(|(_, c)| c == "bad_code").count();
    let locked = answers.iter().filter(|(_, c)| c == "locked").count();
    assert_eq!(bad + locked, 20, "{answers:?}");
    assert!(bad <= 4, "the fifth wrong code locks: {answers:?}");
    let failed: String = one(
        &app,
        "SELECT CAST(COUNT(*) AS TEXT) AS v FROM audit_events WHERE action = 'account.login' AND outcome = 'failed' \
         AND detail LIKE '%second factor%'",
    )
    .await;
    assert_eq!(failed, "5", "five codes were checked and failed, no more");
});

// The same code sent by several clients at once opens one session: its time step is taken by a
// conditional update.
dual_test!(one_code_sent_at_once_opens_one_session, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let mut e = enrol(&app, &s).await;
    let base = app.serve().await;
    let code = next_code(&e.secret, &mut e.used).await;
    let answers = wushe_testkit::parallel_clients(4, move |_| {
        let (base, code) = (base.clone(), code.clone());
        async move { sign_in_at(&base, "wz.station", &code).await }
    });
    assert_eq!(answers.iter().filter(|(s, _)| *s == 200).count(), 1, "{answers:?}");
    assert!(answers.iter().all(|(s, c)| *s == 200 || (*s == 401 && c == "bad_code")), "{answers:?}");
});

/// An API sign-in over the real port: the status and the error code.
async fn sign_in_at(base: &str, login: &str, code: &str) -> (u16, String) {
    let res = reqwest::Client::new()
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "login": login, "password": PASSWORD, "code": code }))
        .send()
        .await
        .expect("send");
    let status = res.status().as_u16();
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    (status, body["error"]["code"].as_str().unwrap_or("").to_owned())
}

// The key moves with a key rotation, and a sealed key copied to another account does not open.
dual_test!(the_key_moves_with_a_rotation_and_opens_only_in_its_own_row, |app| {
    use wushe_store::second_factors;
    let fx = fixture::load(&app).await;
    let s = app.login("wz.room", PASSWORD).await;
    let e = enrol(&app, &s).await;
    let room = fx.account("wz.room").id;
    let new = wushe_store::crypto::Crypto::new([42; 32]);
    wushe_store::rekey::rotate(&app.db, &new, &mut |_, _| {}).await.expect("rotate");
    let moved = wushe_store::Db { crypto: new, ..app.db.clone() };
    let f = second_factors::get(&moved, room).await.expect("opens under the new key").expect("factor");
    assert_eq!(f.secret, e.secret);
    assert!(second_factors::get(&app.db, room).await.is_err(), "the old key opens it no more");
    assert!(wushe_store::rekey::unreadable(&moved).await.expect("verify").is_empty());
    // Someone with the database but not the key copies the sealed key to another account.
    let station = fx.account("wz.station").id;
    sqlx::query(
        "INSERT INTO second_factors (id, secret, confirmed_at, last_step, created_at, updated_at) \
         SELECT $1, secret, confirmed_at, 0, created_at, updated_at FROM second_factors WHERE id = $2",
    )
    .bind(station.to_string())
    .bind(room.to_string())
    .execute(&moved.pool)
    .await
    .expect("copy");
    assert!(second_factors::get(&moved, station).await.is_err(), "a key copied to another row does not open");
    let places = wushe_store::rekey::unreadable(&moved).await.expect("verify");
    assert_eq!(places.len(), 1, "wushe verify names it: {places:?}");
});
