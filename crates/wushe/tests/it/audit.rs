//! The audit log: every write and every refusal is recorded; the chain shows tampering.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

dual_test!(writes_and_refusals_are_recorded_and_the_chain_verifies, |app| {
    let fx = fixture::load(&app).await;
    let centre = app.login("wz.center", PASSWORD).await;
    let volunteer = app.login("wz.volunteer", PASSWORD).await;
    let before = app.count("audit_events").await;
    let body = json!({"region": "500101017003", "name": "审计室", "address": "白岩路", "opened_on": "2023-01-01"});
    assert_eq!(
        app.api(Method::POST, "/api/v1/service-points", Some(&centre), Some(body)).await.status,
        StatusCode::CREATED
    );
    let hidden = format!("/api/v1/service-points/{}", fx.point("涪陵中心FX").id);
    assert_eq!(app.api(Method::GET, &hidden, Some(&centre), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.api(Method::GET, "/api/v1/service-points", Some(&volunteer), None).await.status,
        StatusCode::FORBIDDEN
    );
    let admin = app.login("root", PASSWORD).await;
    let rows = app.api(Method::GET, "/api/v1/audit?limit=10", Some(&admin), None).await.json();
    let seen: Vec<(String, String)> = rows
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| (r["action"].as_str().unwrap_or("").to_owned(), r["outcome"].as_str().unwrap_or("").to_owned()))
        .collect();
    for expected in [
        ("service_point.create", "ok"),
        ("service_point.access", "hidden"),
        ("route.denied", "forbidden"),
        ("account.login", "ok"),
    ] {
        assert!(seen.contains(&(expected.0.to_owned(), expected.1.to_owned())), "{expected:?} in {seen:?}");
    }
    assert!(app.count("audit_events").await >= before + 4);
    // A station sees the events of its own area only.
    let station = app.login("wz.station", PASSWORD).await;
    assert_eq!(app.api(Method::GET, "/api/v1/audit", Some(&station), None).await.status, StatusCode::FORBIDDEN);
    let cq = app.login("cq.admin", PASSWORD).await;
    let bj = app.login("bj.admin", PASSWORD).await;
    let cq_rows = app.api(Method::GET, "/api/v1/audit?limit=1000", Some(&cq), None).await.json();
    let bj_rows = app.api(Method::GET, "/api/v1/audit?limit=1000", Some(&bj), None).await.json();
    assert!(
        cq_rows
            .as_array()
            .expect("rows")
            .iter()
            .all(|r| r["region_code"].as_str().is_some_and(|c| c.starts_with("50")))
    );
    assert!(
        bj_rows
            .as_array()
            .expect("rows")
            .iter()
            .all(|r| r["region_code"].as_str().is_some_and(|c| c.starts_with("11")))
    );
    let page = app.get("/audit", Some(&admin)).await;
    assert!(page.text().contains("service_point.create"));

    let intact = wushe_store::audit::verify(&app.db).await.expect("verify");
    let n = intact.expect("the chain is intact");
    assert_eq!(n, app.count("audit_events").await);
    // Changing one stored row breaks the chain exactly there.
    sqlx::query("UPDATE audit_events SET detail = '{}' WHERE seq = 3").execute(&app.db.pool).await.expect("tamper");
    assert_eq!(wushe_store::audit::verify(&app.db).await.expect("verify"), Err(3));
});

dual_test!(concurrent_writers_keep_one_unbroken_chain, |app| {
    fixture::load(&app).await;
    let admin = app.login("wz.center", PASSWORD).await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let router = app.router.clone();
        let token = admin.token.clone();
        tasks.push(tokio::spawn(async move {
            use tower::ServiceExt;
            let body = json!({"region": "500101017004", "name": format!("并发室{i}"), "address": "x", "opened_on": "2023-01-01"});
            let req = axum::http::Request::post("/api/v1/service-points")
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body.to_string()))
                .expect("request");
            router.oneshot(req).await.expect("answer").status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.expect("task"), StatusCode::CREATED);
    }
    let n = wushe_store::audit::verify(&app.db).await.expect("verify").expect("intact");
    assert_eq!(n, app.count("audit_events").await);
});

/// No code path of the product updates or deletes audit rows.
#[test]
fn no_code_updates_or_deletes_audit_rows() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut offenders = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                if !path.ends_with("tests") && !path.ends_with("target") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs" || e == "sql") {
                let text = std::fs::read_to_string(&path).expect("read").to_uppercase();
                if text.contains("UPDATE AUDIT_EVENTS") || text.contains("DELETE FROM AUDIT_EVENTS") {
                    offenders.push(path.display().to_string());
                }
            }
        }
    }
    assert!(offenders.is_empty(), "audit rows are changed in {offenders:?}");
}
