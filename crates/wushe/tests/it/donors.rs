//! Donors: named or anonymous, persons or organizations.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD, credit_code};

dual_test!(donors_are_registered_and_anonymous_ones_stay_anonymous, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let res = app
        .api(
            Method::POST,
            "/api/v1/donors",
            Some(&s),
            Some(json!({"kind": "个人", "name": "张先生", "anonymous": true,
        "phone": "13611112222", "region": "500101001"})),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let d = res.json();
    assert_eq!(d["name"], "匿名");
    assert_eq!(d["phone"], serde_json::Value::Null, "an anonymous donor's number is not shown at all");
    let found = app.api(Method::GET, "/api/v1/donors?q=张", Some(&s), None).await.json();
    assert_eq!(found["total"], 0, "an anonymous donor is not found by name");
    let by_phone = app.api(Method::GET, "/api/v1/donors?q=13611112222", Some(&s), None).await.json();
    assert_eq!(by_phone["total"], 1, "but by their full phone number, to record a donation");
    let code = credit_code("91500101MA5U0001");
    let res = app
        .api(
            Method::POST,
            "/api/v1/donors",
            Some(&s),
            Some(json!({"kind": "organization", "name": "重庆某某公司",
        "credit_code": code, "region": "500101001"})),
        )
        .await;
    assert_eq!(res.json()["credit_code"], code.as_str());
    let res =
        app.api(Method::POST, "/api/v1/donors", Some(&s), Some(json!({"kind": "个人", "region": "500101001"}))).await;
    assert_eq!(res.message(), "名称不能为空");
    let res = app
        .api(
            Method::POST,
            "/api/v1/donors",
            Some(&s),
            Some(json!({"kind": "个人", "name": "李女士", "region": "500102"})),
        )
        .await;
    assert_eq!(res.message(), "所属区域不存在或不在您的管辖范围内");
    let page = app.get("/donors", Some(&s)).await.text();
    assert!(
        page.contains("匿名")
            && page.contains("重庆某某公司")
            && !page.contains("张先生")
            && !page.contains("涪陵爱心人士FX")
    );
});
