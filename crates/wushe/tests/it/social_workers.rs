//! The social-worker registry: licences, postings with history.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD, resident_id};

dual_test!(workers_are_registered_posted_and_moved_with_history, |app| {
    let fx = fixture::load(&app).await;
    let centre = app.login("wz.center", PASSWORD).await;
    let station = fx.point("高笋塘站FX").id.to_string();
    let room = fx.point("万州二室FX").id.to_string();
    let body = json!({"name": "周敏", "id_number": resident_id("500101", "19900909", "951"), "phone": "13700002222",
        "licence": "助理社会工作师", "licence_no": "A2021001", "licence_year": "2021", "posting": station,
        "employer": fx.organizations[0].id.to_string(), "posted_on": "2023-01-01"});
    let res = app.api(Method::POST, "/api/v1/social-workers", Some(&centre), Some(body.clone())).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let w = res.json();
    assert_eq!(w["licence"], "assistant");
    assert_eq!(w["phone"], "1******2222");
    let id = w["id"].as_str().expect("id").to_owned();
    let again = app.api(Method::POST, "/api/v1/social-workers", Some(&centre), Some(body.clone())).await;
    assert_eq!(again.message(), "证件号码已登记在 周*");
    let res = app
        .api(
            Method::POST,
            &format!("/api/v1/social-workers/{id}/postings"),
            Some(&centre),
            Some(json!({"posting": room, "on": "2024-06-30"})),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["region_code"], "500101017001");
    let history =
        app.api(Method::GET, &format!("/api/v1/social-workers/{id}/postings"), Some(&centre), None).await.json();
    assert_eq!(history[0]["to"], "2024-06-30");
    assert_eq!(history[1]["from"], "2024-06-30");
    assert_eq!(history[1]["service_point_name"], "万州二室FX");
    // The station of the old posting no longer sees the worker; a posting elsewhere is refused.
    let s = app.login("wz.station", PASSWORD).await;
    assert_eq!(
        app.api(Method::GET, &format!("/api/v1/social-workers/{id}"), Some(&s), None).await.status,
        StatusCode::NOT_FOUND
    );
    let elsewhere = fx.point("涪陵一站FX").id.to_string();
    let res = app
        .api(
            Method::POST,
            &format!("/api/v1/social-workers/{id}/postings"),
            Some(&centre),
            Some(json!({"posting": elsewhere})),
        )
        .await;
    assert_eq!(res.message(), "派驻阵地不存在或不在您的管辖范围内");
    let licensed =
        app.api(Method::GET, "/api/v1/social-workers?licence=intermediate", Some(&centre), None).await.json();
    assert_eq!(licensed["items"][0]["name"], "万州社工FX");
    let mut bad = body;
    bad["id_number"] = json!(resident_id("500101", "19900909", "952"));
    bad["licence_no"] = json!("");
    let res = app.api(Method::POST, "/api/v1/social-workers", Some(&centre), Some(bad)).await;
    assert_eq!(res.message(), "证书编号不能为空");
    let page = app.get("/social-workers?licence=assistant", Some(&centre)).await.text();
    assert!(page.contains("周敏") && page.contains("助理社会工作师") && !page.contains("万州社工FX"));
    assert!(!page.contains("13700002222"), "numbers masked on the page");
});
