//! Service records: visits, sessions and phone follow-ups with the residents served (人次),
//! written through the group-commit recorder; bad input changes nothing.

use axum::http::{Method, StatusCode};
use serde_json::json;
use sqlx::Row;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

fn now_text(offset_ms: i64) -> String {
    let ms = wushe_store::now_ms() + offset_ms;
    let t = time::OffsetDateTime::from_unix_timestamp(ms / 1000 + 8 * 3600).expect("time");
    format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

dual_test!(a_visit_is_recorded_with_its_person_times_and_bad_records_change_nothing, |app| {
    let fx = fixture::load(&app).await;
    let staff = app.login("wz.station", PASSWORD).await;
    let here = fx.residents.iter().find(|r| r.name == "万州居民甲FX").expect("resident").id.to_string();
    let there = fx.residents.iter().find(|r| r.name == "涪陵居民乙FX").expect("resident").id.to_string();
    let worker = fx.workers.iter().find(|w| w.name == "万州社工FX").expect("worker").id.to_string();
    let good = json!({"kind": "visit", "region": "500101001001", "served_at": now_text(-3_600_000), "minutes": "50",
        "place": "家中", "social_worker": worker, "residents": [here, here], "note": "了解用药情况", "need": fx.needs[0].id});
    let before = app.count("service_records").await;
    let cases = [
        ("kind", json!("拜访")),
        ("region", json!("500101001")),
        ("served_at", json!(now_text(3 * 3_600_000))),
        ("minutes", json!("0")),
        ("residents", json!([there])),
        ("residents", json!([])),
        ("social_worker", json!(fx.workers.iter().find(|w| w.name == "涪陵社工FX").expect("worker").id)),
    ];
    for (field, value) in cases {
        let mut body = good.clone();
        body[field] = value;
        let res = app.api(Method::POST, "/api/v1/service-records", Some(&staff), Some(body)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", res.text());
        assert_eq!(res.json()["error"]["field"], field, "{}", res.text());
    }
    assert_eq!(app.count("service_records").await, before, "nothing written");

    let res = app.api(Method::POST, "/api/v1/service-records", Some(&staff), Some(good)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    assert_eq!(res.json()["person_times"], 1, "the same resident twice in one record is one person-time");
    let id = res.json()["id"].as_str().expect("id").to_owned();
    let s = app.api(Method::GET, &format!("/api/v1/service-records/{id}"), Some(&staff), None).await.json();
    assert_eq!((s["served_by"].clone(), s["minutes"].clone()), (json!("万州社工FX"), json!(50)), "{s}");
    assert_eq!(s["residents"][0]["name"], "万州居民甲FX");
    assert_eq!(s["note"], "了解用药情况");
    let list = app.api(Method::GET, "/api/v1/service-records?kind=visit", Some(&staff), None).await.json();
    assert_eq!((list["records"].clone(), list["person_times"].clone()), (json!(2), json!(2)), "{list}");
    let of_need = format!("/api/v1/service-records?need={}", fx.needs[0].id);
    assert_eq!(app.api(Method::GET, &of_need, Some(&staff), None).await.json()["records"], 1);
    let none = app.api(Method::GET, "/api/v1/service-records?kind=phone", Some(&staff), None).await.json();
    assert_eq!(none["records"], 0);
    let sealed: String = sqlx::query("SELECT note FROM service_records WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.db.pool)
        .await
        .expect("row")
        .try_get("note")
        .expect("note");
    assert!(!sealed.contains("用药"), "the note is sealed at rest");
    let volunteer = app.login("wz.volunteer", PASSWORD).await;
    let res = app.api(Method::POST, "/api/v1/service-records", Some(&volunteer), Some(json!({}))).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
});

dual_test!(concurrent_records_share_commits_and_each_keeps_its_audit_row, |app| {
    let fx = fixture::load(&app).await;
    let staff = app.login("wz.station", PASSWORD).await;
    let here = fx.residents.iter().find(|r| r.name == "万州居民甲FX").expect("resident").id.to_string();
    let body = json!({"kind": "phone", "region": "500101001001", "served_at": now_text(-60_000), "minutes": "5",
        "residents": [here]});
    let before = app.count("service_records").await;
    let calls = (0..64).map(|_| app.api(Method::POST, "/api/v1/service-records", Some(&staff), Some(body.clone())));
    let answers = futures_util::future::join_all(calls).await;
    assert!(
        answers.iter().all(|r| r.status == StatusCode::CREATED),
        "{:?}",
        answers.iter().map(|r| r.text()).collect::<Vec<_>>()
    );
    assert_eq!(app.count("service_records").await, before + 64);
    let audited: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'service.record'")
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
        .try_get("n")
        .expect("n");
    assert_eq!(audited, before + 64, "one audit row per record");
    let verified = wushe_store::audit::verify(&app.db).await.expect("verify");
    assert!(verified.is_ok(), "the audit chain verifies after group commits: {verified:?}");
});
