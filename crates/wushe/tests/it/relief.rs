//! The social workers' care fund: a licensed worker applies for themself, with documents; the
//! fund's rules refuse what they forbid; two different keepers approve, the second approval pays;
//! nobody approves alone, twice, or their own.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use wushe_domain::social_worker::{NewSocialWorker, SocialWorkerInput};
use wushe_testkit::fixture::{self, Fixture, PASSWORD, resident_id};
use wushe_testkit::{Session, TestApp, TestResponse, dual_test};

/// A social worker registered with the phone of the account `username`, so that it applies as them.
pub(crate) async fn worker_for(app: &TestApp, fx: &Fixture, username: &str, licence: &str, seq: &str) -> String {
    worker_at(app, fx, (username, "高笋塘站FX"), licence, seq).await
}

/// [`worker_for`] posted at the fixture's service point `point`.
pub(crate) async fn worker_at(
    app: &TestApp,
    fx: &Fixture,
    (username, point): (&str, &str),
    licence: &str,
    seq: &str,
) -> String {
    let phone = wushe_testkit::fixture::ACCOUNTS.iter().find(|a| a.0 == username).expect("account").3;
    let p = fx.point(point);
    let input = SocialWorkerInput {
        name: format!("{username}社工"),
        id_number: resident_id("500101", "19900101", seq),
        phone: phone.into(),
        licence: licence.into(),
        licence_no: if licence == "unlicensed" { String::new() } else { format!("S2020{seq}") },
        licence_year: if licence == "unlicensed" { String::new() } else { "2020".into() },
        posting: p.id.to_string(),
        posted_on: "2022-03-17".into(),
        ..Default::default()
    };
    let new = NewSocialWorker::parse(&input, time::macros::date!(2022 - 03 - 17)).expect("worker");
    let all = wushe_store::Scope::all();
    wushe_store::social_workers::create(&app.db, &all, &new, None).await.expect("create").id.to_string()
}

/// A care fund of 万州 holding `yuan`, most 10,000 an application.
pub(crate) async fn care_fund(app: &TestApp, yuan: &str) -> String {
    let admin = app.login("cq.admin", PASSWORD).await;
    let body = json!({"name": "万州社工关爱基金", "purpose": "社工重病、意外救助", "region": "500101", "kind": "care",
        "needs_licence": "1", "needs_region": "1", "one_per_event": "1", "relief_cap": "10000"});
    let res = app.api(Method::POST, "/api/v1/funds", Some(&admin), Some(body)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let fund = res.json()["id"].as_str().expect("id").to_owned();
    let gift = app
        .api(Method::POST, &format!("/api/v1/funds/{fund}/donations"), Some(&admin), Some(json!({"amount": yuan})))
        .await;
    assert_eq!(gift.status, StatusCode::CREATED, "{}", gift.text());
    fund
}

async fn document(app: &TestApp, s: &Session, id: &str, bytes: &[u8]) -> TestResponse {
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1/relief/{id}/documents?name=%E8%AF%8A%E6%96%AD%E8%AF%81%E6%98%8E"))
        .header(header::AUTHORIZATION, format!("Bearer {}", s.token))
        .header(header::CONTENT_TYPE, "application/pdf")
        .body(Body::from(bytes.to_vec()))
        .expect("request");
    app.call(req).await
}

dual_test!(relief_needs_two_different_approvers_and_keeps_the_funds_rules, |app| {
    let fx = fixture::load(&app).await;
    let fund = care_fund(&app, "20000").await;
    worker_for(&app, &fx, "wz.room", "intermediate", "701").await;
    worker_for(&app, &fx, "wz.station", "unlicensed", "702").await;
    let room = app.login("wz.room", PASSWORD).await;
    let apply = |s: &Session, changes: Value| {
        let mut body = json!({"fund": fund, "reason": "illness", "event_on": "2026-11-01",
            "event": "突发脑出血住院治疗", "amount": "5000"});
        for (k, v) in changes.as_object().expect("object") {
            body[k] = v.clone();
        }
        let (app, s) = (&app, s.clone());
        async move { app.api(Method::POST, "/api/v1/relief", Some(&s), Some(body)).await }
    };
    for (changes, field) in [
        (json!({"reason": "lottery"}), "reason"),
        (json!({"event_on": "2099-01-01"}), "event_on"),
        (json!({"amount": "1.234"}), "amount"),
        (json!({"event": " "}), "description"),
        (json!({"fund": "nope"}), "fund"),
    ] {
        let res = apply(&room, changes.clone()).await;
        assert_eq!(res.json()["error"]["field"], field, "{changes}: {}", res.text());
    }
    let over = apply(&room, json!({"amount": "10000.01"})).await;
    assert!(
        over.status == StatusCode::CONFLICT && over.message().contains("超过本基金单次资助上限"),
        "{}",
        over.text()
    );
    let station = app.login("wz.station", PASSWORD).await;
    let unlicensed = apply(&station, json!({})).await;
    assert!(unlicensed.message().contains("只资助持证"), "{}", unlicensed.text());
    let org = app.login("wz.org", PASSWORD).await;
    let not_theirs = apply(&org, json!({"worker": fx.workers[0].id.to_string()})).await;
    assert_eq!(not_theirs.json()["error"]["field"], "worker", "an organization applies for its own workers only");

    // The care funds offered are those serving where the caller works.
    let offered = app.api(Method::GET, "/api/v1/care-funds", Some(&room), None).await.text();
    assert!(offered.contains(&fund), "{offered}");
    let fl = app.login("fl.center", PASSWORD).await;
    assert!(!app.api(Method::GET, "/api/v1/care-funds", Some(&fl), None).await.text().contains(&fund));

    let res = apply(&room, json!({})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let id = res.json()["id"].as_str().expect("id").to_owned();
    assert_eq!(res.json()["status"], "submitted");
    let same = apply(&room, json!({"amount": "100"})).await;
    assert!(same.message().contains("同一事件只能申请一次"), "{}", same.text());

    // Documents: PDF or photos, recognised by their bytes, at most five.
    assert_eq!(document(&app, &room, &id, b"MZ\x90\0").await.json()["error"]["field"], "file");
    for _ in 0..5 {
        assert_eq!(document(&app, &room, &id, b"%PDF-1.4\n%%EOF\n").await.status, StatusCode::CREATED);
    }
    assert_eq!(document(&app, &room, &id, b"%PDF-1.4\n%%EOF\n").await.status, StatusCode::CONFLICT);
    let centre = app.login("wz.center", PASSWORD).await;
    assert_eq!(document(&app, &centre, &id, b"%PDF-1.4\n").await.status, StatusCode::FORBIDDEN, "the applicant's own");

    // Two different keepers; the applicant is not one; the second approval pays.
    let decide = |s: &Session, verb: &str, note: &str| {
        let (app, s, path) = (&app, s.clone(), format!("/api/v1/relief/{id}/{verb}"));
        let body = json!({"note": note});
        async move { app.api(Method::POST, &path, Some(&s), Some(body)).await }
    };
    assert_eq!(decide(&room, "approve", "").await.status, StatusCode::FORBIDDEN, "a room worker keeps no fund");
    let balance = || {
        let (app, path, centre) = (&app, format!("/api/v1/funds/{fund}"), &centre);
        async move { app.api(Method::GET, &path, Some(centre), None).await.json()["balance"].clone() }
    };
    let (a, b) = tokio::join!(decide(&centre, "approve", ""), decide(&centre, "approve", ""));
    let mut codes = [a.status.as_u16(), b.status.as_u16()];
    codes.sort_unstable();
    assert_eq!(codes, [200, 409], "the same keeper twice at once: one approval");
    let refused = if a.status == StatusCode::CONFLICT { a } else { b };
    assert!(refused.message().contains("两位不同的审核人"), "{}", refused.text());
    assert_eq!(balance().await, "20000.00", "one approval pays nothing");
    let admin = app.login("cq.admin", PASSWORD).await;
    let paid = decide(&admin, "approve", "同意").await;
    assert_eq!(paid.json()["status"], "paid", "{}", paid.text());
    assert!(paid.json()["transaction"].as_i64().is_some());
    assert_eq!(balance().await, "15000.00");
    assert_eq!(decide(&admin, "approve", "").await.status, StatusCode::CONFLICT, "decided");
    let mine = app.api(Method::GET, &format!("/api/v1/relief/{id}"), Some(&room), None).await.json();
    assert_eq!(mine["application"]["status"], "paid", "the applicant sees the status");
    // A payment reversed (paid twice by mistake elsewhere, say) reverses the relief with it.
    let seq = paid.json()["transaction"].as_i64().expect("seq");
    let undo = app
        .api(Method::POST, &format!("/api/v1/money/{seq}/reverse"), Some(&admin), Some(json!({"reason": "重复拨付"})))
        .await;
    assert_eq!(undo.status, StatusCode::OK, "{}", undo.text());
    assert_eq!(balance().await, "20000.00");
    let mine = app.api(Method::GET, &format!("/api/v1/relief/{id}"), Some(&room), None).await.json();
    assert_eq!(mine["application"]["status"], "reversed");

    // Declined with a reason; the same event may then be asked again.
    let second = apply(&room, json!({"reason": "accident", "event_on": "2026-10-01"})).await;
    let second = second.json()["id"].as_str().expect("id").to_owned();
    let path = format!("/api/v1/relief/{second}/decline");
    let no_reason = app.api(Method::POST, &path, Some(&centre), Some(json!({"note": ""}))).await;
    assert_eq!(no_reason.json()["error"]["field"], "note");
    assert_eq!(
        app.api(Method::POST, &path, Some(&centre), Some(json!({"note": "材料不全"}))).await.json()["status"],
        "declined"
    );
    let again = apply(&room, json!({"reason": "accident", "event_on": "2026-10-01"})).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text());
    let again = again.json()["id"].as_str().expect("id").to_owned();
    for keeper in [&centre, &admin] {
        let res =
            app.api(Method::POST, &format!("/api/v1/relief/{again}/approve"), Some(keeper), Some(json!({}))).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    }

    // What happened and the documents are sealed at rest.
    let (event, content): (String, String) = sqlx::query_as(
        "SELECT a.event, d.content FROM relief_applications a JOIN relief_documents d ON d.application_id = a.id \
         WHERE a.id = $1 LIMIT 1",
    )
    .bind(&id)
    .fetch_one(&app.db.pool)
    .await
    .expect("row");
    assert!(!event.contains("脑出血") && !content.starts_with("JVBER"), "sealed: {event} / {content}");
    // An organization's staff keep their own organization's funds only; a care fund grants no need.
    assert_eq!(
        app.api(Method::GET, &format!("/api/v1/relief/{id}"), Some(&org), None).await.status,
        StatusCode::FORBIDDEN
    );
    let need: String = sqlx::query_scalar("SELECT need_id FROM grants WHERE id = $1")
        .bind(&fx.grants[0].id)
        .fetch_one(&app.db.pool)
        .await
        .expect("need");
    let ask = json!({"fund": fund, "amount": "100", "purpose": "临时救助"});
    let grant = app.api(Method::POST, &format!("/api/v1/needs/{need}/grants"), Some(&room), Some(ask)).await;
    assert!(grant.status == StatusCode::CONFLICT && grant.message().contains("关爱基金"), "{}", grant.text());

    // Another district's keeper does not see it; the disclosure counts it by reason.
    let fl = app.login("fl.center", PASSWORD).await;
    assert_eq!(
        app.api(Method::GET, &format!("/api/v1/relief/{id}"), Some(&fl), None).await.status,
        StatusCode::NOT_FOUND
    );
    let d = app.api(Method::GET, &format!("/api/v1/public/funds/{fund}"), None, None).await.text();
    assert!(
        d.contains("社工关爱金·意外事故") && !d.contains("重大疾病"),
        "paid relief by reason, the reversed left out: {d}"
    );
    assert!(!d.contains("脑出血") && !d.contains("wz.room社工"), "{d}");
    assert!(wushe_store::ledger::verify(&app.db).await.expect("verify").is_ok());
});
