//! A fund closed while gifts, appeals and matching rules are being written to it, from real
//! parallel clients over a real port: everything written to it was written before the close in
//! the audit chain's order, everything refused after it says the fund is closed, and nothing
//! else is answered.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use serde_json::json;
use sqlx::Row;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

/// Writing clients, and how long the closer waits before closing.
const WRITERS: usize = 12;
const CLOSE_AFTER: Duration = Duration::from_millis(400);

#[derive(Debug, Default)]
struct Answers {
    created: usize,
    refused_closed: usize,
    other: Vec<String>,
}

dual_test!(a_fund_closed_under_writes_takes_nothing_after_its_close, |app| {
    fixture::load(&app).await;
    let centre = app.login("wz.center", PASSWORD).await;
    let res = app
        .api(Method::POST, "/api/v1/funds", Some(&centre), Some(json!({"name": "并发关闭基金", "purpose": "测试"})))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let fund = res.json()["id"].as_str().expect("id").to_owned();
    let (base, token, fund_id) = (app.serve().await, centre.token.clone(), fund.clone());

    let answers = wushe_testkit::parallel_clients(WRITERS + 1, move |i| {
        let (base, token, fund) = (base.clone(), token.clone(), fund.clone());
        async move {
            let http = reqwest::Client::new();
            let mut out = Answers::default();
            if i == WRITERS {
                tokio::time::sleep(CLOSE_AFTER).await;
                let res = http
                    .post(format!("{base}/api/v1/funds/{fund}/close"))
                    .bearer_auth(&token)
                    .json(&json!({"reason": "项目结束"}))
                    .send()
                    .await
                    .expect("close");
                assert_eq!(res.status(), 200, "the close succeeds");
                return out;
            }
            // Each writer writes one kind, until the fund refuses it, for 30 s at most.
            let (path, body) = match i % 3 {
                0 => ("donations", json!({"amount": "1"})),
                1 => (
                    "appeals",
                    json!({"name": format!("募集 {i}"), "goal": "100", "starts_on": "2026-12-01", "ends_on": "2026-12-31"}),
                ),
                _ => (
                    "matching-rules",
                    json!({"matcher": format!("配捐方 {i}"), "ratio": "1:1", "pool": "1", "starts_on": "2026-01-01", "ends_on": "2099-12-31"}),
                ),
            };
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(30) {
                let res = http
                    .post(format!("{base}/api/v1/funds/{fund}/{path}"))
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await
                    .expect("send");
                let status = res.status().as_u16();
                let text = res.text().await.unwrap_or_default();
                match status {
                    201 => out.created += 1,
                    409 if text.contains("已关闭") => {
                        out.refused_closed += 1;
                        break;
                    }
                    _ => out.other.push(format!("{path} {status}: {text}")),
                }
            }
            out
        }
    });
    let created: usize = answers.iter().map(|a| a.created).sum();
    let other: Vec<&String> = answers.iter().flat_map(|a| &a.other).collect();
    assert!(other.is_empty(), "every answer is a creation or 'closed': {other:?}");
    assert_eq!(answers.iter().map(|a| a.refused_closed).sum::<usize>(), WRITERS, "every writer was refused in the end");
    assert!(created > WRITERS, "writes went on before the close ({created})");

    // In the audit chain's order every write to the fund comes before its close, and there is
    // one event per row the clients were told was created.
    let fund = fund_id;
    let events =
        sqlx::query("SELECT action, seq FROM audit_events WHERE entity = 'fund' AND entity_id = $1 ORDER BY seq")
            .bind(&fund)
            .fetch_all(&app.db.pool)
            .await
            .expect("events");
    let close = events
        .iter()
        .find(|e| e.get::<String, _>("action") == "fund.close")
        .map(|e| e.get::<i64, _>("seq"))
        .expect("the close is audited");
    let writes = ["fund.donation", "fund.appeal", "fund.matching_rule"];
    let late: Vec<i64> = events
        .iter()
        .filter(|e| writes.contains(&e.get::<String, _>("action").as_str()) && e.get::<i64, _>("seq") > close)
        .map(|e| e.get("seq"))
        .collect();
    assert!(late.is_empty(), "written after the close (#{close}): {late:?}");
    let mut rows = 0i64;
    for table in ["donations", "appeals", "matching_rules"] {
        let n: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table} WHERE fund_id = $1"))
            .bind(&fund)
            .fetch_one(&app.db.pool)
            .await
            .expect("count")
            .get("n");
        rows += n;
    }
    assert_eq!(rows, created as i64, "one row per creation acknowledged, none more");
    assert!(wushe_store::ledger::verify(&app.db).await.expect("verify").is_ok());
});
