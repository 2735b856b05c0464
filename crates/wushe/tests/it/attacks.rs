//! The attacks a hostile insider and an anonymous client tried, each kept as a test: guessing
//! passwords in parallel, unknown names, one address guessing, another organization's referral,
//! caches keeping personal data and stalled requests; redirects off the site are in `redirects`.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use wushe_testkit::fixture::{self, PASSWORD};
use wushe_testkit::{dual_test, parallel_clients};

async fn sign_in(base: &str, login: &str, password: &str) -> (u16, Value) {
    let res = reqwest::Client::new()
        .post(format!("{base}/api/v1/session"))
        .json(&json!({"login": login, "password": password}))
        .send()
        .await
        .expect("send");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

/// Twenty wrong guesses for `login` sent at once from twenty clients on threads of their own.
fn guesses_at_once(base: &str, login: &'static str) -> Vec<(u16, Value)> {
    let b = base.to_owned();
    parallel_clients(20, move |i| {
        let base = b.clone();
        async move { sign_in(&base, login, &format!("wrong-{i}")).await }
    })
}

/// The answers as a client sees them, in no order: status, code and message of each.
fn answers_seen(answers: &[(u16, Value)]) -> Vec<(u16, String, String)> {
    let message = |b: &Value| b["error"]["message"].as_str().unwrap_or("").to_owned();
    let mut seen: Vec<_> = answers.iter().map(|(s, b)| (*s, code(b).to_owned(), message(b))).collect();
    seen.sort();
    seen
}

dual_test!(guesses_sent_at_once_are_checked_no_more_than_guesses_in_turn, |app| {
    fixture::load(&app).await;
    let base = app.serve().await;
    // Five are checked, the rest refused unchecked, and then the right password is refused too
    // (before, all twenty were checked and the right one among them got in).
    let answers = guesses_at_once(&base, "wz.room");
    let checked = answers.iter().filter(|(_, b)| code(b) == "bad_login").count();
    let locked = answers.iter().filter(|(_, b)| code(b) == "locked").count();
    assert_eq!(checked + locked, 20, "{answers:?}");
    assert!(checked <= 4, "the fifth wrong one locks, so at most four plain refusals: {answers:?}");
    assert!(locked >= 16, "{answers:?}");
    let waits = answers.iter().filter_map(|(_, b)| b["error"]["message"].as_str()).filter(|m| m.contains("16 分钟"));
    assert_eq!(waits.count(), 0, "a fifteen-minute lock never asks to wait sixteen: {answers:?}");
    assert_eq!(code(&sign_in(&base, "wz.room", PASSWORD).await.1), "locked", "the right password waits out the lock");
    let failures: i64 = {
        use sqlx::Row;
        sqlx::query("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'account.login' AND outcome = 'failed' AND detail LIKE '%failures%'")
            .fetch_one(&app.db.pool)
            .await
            .expect("count")
            .try_get("n")
            .expect("n")
    };
    assert_eq!(failures, 5, "five passwords were checked and failed, no more");
});

dual_test!(an_unknown_name_guessed_at_once_answers_like_a_known_one, |app| {
    fixture::load(&app).await;
    let known = guesses_at_once(&app.serve().await, "wz.room");
    // Another server, so that one address's limit does not come into play.
    let other = wushe_testkit::TestApp::spawn(app.engine).await;
    fixture::load(&other).await;
    let unknown = guesses_at_once(&other.serve().await, "nobody.at.all");
    assert_eq!(answers_seen(&unknown), answers_seen(&known), "the same answers, as many of each");
    assert!(unknown.iter().filter(|(_, b)| code(b) == "bad_login").count() <= 4, "{unknown:?}");
});

dual_test!(an_unknown_name_answers_and_locks_like_a_known_one, |app| {
    fixture::load(&app).await;
    let base = app.serve().await;
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for i in 0..6 {
        known.push(sign_in(&base, "wz.station", &format!("wrong-{i}")).await);
        unknown.push(sign_in(&base, "nobody.here", &format!("wrong-{i}")).await);
    }
    let shape = |a: &[(u16, Value)]| {
        a.iter().map(|(s, b)| (*s, code(b).to_owned(), b["error"]["message"].clone())).collect::<Vec<_>>()
    };
    assert_eq!(shape(&known), shape(&unknown), "the same answers, in the same order");
    assert_eq!(code(&unknown[4].1), "locked", "the fifth failure locks");
    assert_eq!(code(&unknown[5].1), "locked");
    // The right password of a locked account is not even checked.
    assert_eq!(code(&sign_in(&base, "wz.station", PASSWORD).await.1), "locked");
});

dual_test!(one_address_may_guess_only_so_often, |app| {
    fixture::load(&app).await;
    let base = app.serve().await;
    let limit = wushe_app::access::me::ADDRESS_LIMIT as usize;
    let mut last = (0, Value::Null);
    for i in 0..=limit {
        // A new name each time: the per-name lock never comes into play.
        last = sign_in(&base, &format!("walker{i}"), "guess-2026").await;
    }
    assert_eq!(last.0, 429, "{last:?}");
    assert!(last.1["error"]["message"].as_str().is_some_and(|m| m.contains("登录尝试过于频繁")), "{last:?}");
    let audit_before = app.count("audit_events").await;
    sign_in(&base, "walker-again", "guess-2026").await;
    assert_eq!(app.count("audit_events").await, audit_before, "a refused address grows no audit log");
});

dual_test!(an_organization_reads_only_its_own_referrals, |app| {
    let fx = fixture::load(&app).await;
    // The fixture refers 万州's need to 万州阳光社工FX; a second organization of 万州 probes it.
    let referral = fx.referrals.iter().find(|f| f.marker == "万州转介说明FX").expect("referral").id.clone();
    let admin = app.login("cq.admin", PASSWORD).await;
    let org = json!({"name": "万州第二社工FX", "credit_code": fixture::credit_code("52500101MJP00009"),
        "kind": "social_work_agency", "authority": "民政局", "registered_on": "2019-01-01", "legal_rep": "负责人",
        "contact_phone": "13500000009", "categories": "养老服务", "region": "500101"});
    let other = app.api(Method::POST, "/api/v1/organizations", Some(&admin), Some(org)).await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.text());
    let other_id = other.json()["id"].as_str().expect("id").to_owned();
    let body = json!({"username": "wz.org2", "display_name": "二机构", "phone": "13700008888", "role": "org_staff",
        "region": "500101", "organization": other_id, "password": "first-pass-2026"});
    let made = app.api(Method::POST, "/api/v1/accounts", Some(&admin), Some(body)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text());
    let s = app.first_login("wz.org2", "first-pass-2026").await;
    let hidden_before = app.count("audit_events").await;
    let res = app.api(Method::GET, &format!("/api/v1/referrals/{referral}"), Some(&s), None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.text());
    assert!(!res.text().contains("万州转介说明FX"));
    assert!(app.count("audit_events").await > hidden_before, "the probe is audited");
    let theirs = app.login("wz.org", PASSWORD).await;
    let res = app.api(Method::GET, &format!("/api/v1/referrals/{referral}"), Some(&theirs), None).await;
    assert_eq!(res.status, StatusCode::OK, "its own organization reads it: {}", res.text());
});

dual_test!(answers_with_personal_data_are_never_cached, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    for path in [
        format!("/api/v1/residents/{}", fx.residents[0].id),
        "/api/v1/volunteers".to_owned(),
        "/volunteers".to_owned(),
        "/api/v1/residents/export.xlsx".to_owned(),
    ] {
        let res = app.get(&path, Some(&s)).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.text());
        assert_eq!(res.headers["cache-control"], "no-store", "{path}");
    }
    let css = app.get("/static/app.css", None).await;
    assert_ne!(css.headers["cache-control"], "no-store", "static files may be kept");
});

/// Sends `head` on a fresh connection and waits; returns how long until the server answered or
/// closed, and what it said.
fn stall(base: &str, head: &[u8]) -> (Duration, String) {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut tcp = std::net::TcpStream::connect(addr).expect("connect");
    tcp.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    let started = Instant::now();
    tcp.write_all(head).expect("write");
    let mut got = Vec::new();
    let _ = tcp.read_to_end(&mut got);
    (started.elapsed(), String::from_utf8_lossy(&got).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_request_is_cut_off() {
    let app = wushe_testkit::TestApp::spawn_with(wushe_testkit::Engine::Sqlite, |s| {
        s.request_idle_seconds = 1;
        s.request_body_seconds = 3;
    })
    .await;
    let base = app.serve().await;
    // Headers that never end.
    let b = base.clone();
    let (took, _) =
        tokio::task::spawn_blocking(move || stall(&b, b"GET /login HTTP/1.1\r\nHost: x\r\n")).await.expect("join");
    assert!(took < Duration::from_secs(5), "headers must come within the idle time: {took:?}");
    // One byte of a hundred promised.
    let b = base.clone();
    let head =
        b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
    let (took, answer) = tokio::task::spawn_blocking(move || stall(&b, head)).await.expect("join");
    assert!(took < Duration::from_secs(5), "the body must keep coming: {took:?} {answer}");
    assert!(!answer.contains(" 200 "), "{answer}");
}

dual_test!(one_visitor_cannot_empty_the_wish_list, |app| {
    let fx = fixture::load(&app).await;
    let ids = |v: Value| {
        let mut ids: Vec<String> =
            v.as_array().expect("list").iter().map(|w| w["id"].as_str().expect("id").to_owned()).collect();
        ids.sort();
        ids
    };
    let before = ids(app.api(Method::GET, "/api/v1/public/wishes", None, None).await.json());
    assert!(!before.is_empty());
    for (i, w) in fx.wishes.iter().enumerate() {
        let body = json!({"name": "一位访客", "phone": format!("1390000{i:04}")});
        let res = app.api(Method::POST, &format!("/api/v1/public/wishes/{}/take", w.id), None, Some(body)).await;
        assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text());
    }
    let after = ids(app.api(Method::GET, "/api/v1/public/wishes", None, None).await.json());
    assert_eq!(after, before, "offers take nothing off the public list");
});
