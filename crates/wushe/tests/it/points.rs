//! The service-point registry: add, edit, close, with validation and masked numbers.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

fn room(name: &str) -> serde_json::Value {
    json!({"region": "500101017002", "name": name, "address": "白岩路 8 号", "contact_name": "王芳",
        "contact_phone": "138-1234-5678", "opened_on": "2023-05-01"})
}

dual_test!(a_point_is_added_edited_and_closed, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let centre = app.login("wz.center", PASSWORD).await;
    let res = app.api(Method::POST, "/api/v1/service-points", Some(&centre), Some(room("白岩路社会工作室"))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let p = res.json();
    assert_eq!(p["level"], "room");
    assert_eq!(p["contact_phone"], "1******5678", "numbers leave the server masked");
    let id = p["id"].as_str().expect("id").to_owned();
    // Station staff of another township do not see it.
    assert_eq!(
        app.api(Method::GET, &format!("/api/v1/service-points/{id}"), Some(&s), None).await.status,
        StatusCode::NOT_FOUND
    );
    let mut edit = room("白岩路社工室");
    edit["status"] = json!("suspended");
    let res = app.api(Method::PUT, &format!("/api/v1/service-points/{id}"), Some(&centre), Some(edit)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["name"], "白岩路社工室");
    assert_eq!(res.json()["status"], "suspended");
    let list = app.api(Method::GET, "/api/v1/service-points?status=suspended", Some(&centre), None).await.json();
    assert_eq!(list["total"], 1);
    let early = app
        .api(
            Method::POST,
            &format!("/api/v1/service-points/{id}/close"),
            Some(&centre),
            Some(json!({"closed_on": "2023-04-30"})),
        )
        .await;
    assert_eq!(early.json()["error"]["field"], "closed_on");
    let res = app
        .api(
            Method::POST,
            &format!("/api/v1/service-points/{id}/close"),
            Some(&centre),
            Some(json!({"closed_on": "2024-01-31"})),
        )
        .await;
    assert_eq!(res.json()["status"], "closed");
    assert_eq!(res.json()["closed_on"], "2024-01-31");
    let again =
        app.api(Method::POST, &format!("/api/v1/service-points/{id}/close"), Some(&centre), Some(json!({}))).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.message(), "该服务阵地已经关闭");
    let res = app.api(Method::PUT, &format!("/api/v1/service-points/{id}"), Some(&centre), Some(room("x"))).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let trail = wushe_store::audit::for_entity(&app.db, "service_point", &id).await.expect("audit");
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["service_point.create", "service_point.access", "service_point.update", "service_point.close"]
    );
    assert_eq!(trail[1].outcome, "hidden", "the other station's look was audited");
});

dual_test!(bad_input_names_the_field_and_writes_nothing, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    let points = app.count("service_points").await;
    let audit = app.count("audit_events").await;
    let cases = [
        ("name", json!(""), "名称不能为空", "Name is required"),
        (
            "contact_phone",
            json!("12345"),
            "联系电话不是有效的手机号或座机号",
            "Contact phone is not a valid mobile or landline number",
        ),
        (
            "opened_on",
            json!("2023-02-30"),
            "建成日期不是有效日期（格式 YYYY-MM-DD）",
            "Opening date is not a valid date (YYYY-MM-DD)",
        ),
        ("opened_on", json!("2099-01-01"), "建成日期不能晚于今天", "Opening date cannot be later than today"),
        (
            "opened_on",
            json!("0000-01-01"),
            "建成日期应在 1900-01-01 至 2100-12-31 之间",
            "Opening date must be between 1900-01-01 and 2100-12-31",
        ),
        (
            "region",
            json!("500102006001"),
            "所属区域不存在或不在您的管辖范围内",
            "Region does not exist or is outside your area",
        ),
        ("region", json!("50-01"), "所属区域不是有效的区划代码", "Region is not a valid division code"),
    ];
    for (field, value, zh, en) in cases {
        let mut body = room("新工作室");
        body[field] = value;
        let res = app.api(Method::POST, "/api/v1/service-points", Some(&s), Some(body.clone())).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", res.text());
        assert_eq!(res.json()["error"]["field"], field);
        assert_eq!(res.message(), zh);
        let res = app.api_lang(Method::POST, "/api/v1/service-points", Some(&s), Some(body), "en-US,en;q=0.9").await;
        assert_eq!(res.message(), en);
    }
    let res = app.api(Method::POST, "/api/v1/service-points", Some(&s), None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["field"], "body");
    let res = app.api(Method::POST, "/api/v1/service-points", Some(&s), Some(json!({"name": 5}))).await;
    assert_eq!(res.json()["error"]["field"], "body");
    assert_eq!(app.count("service_points").await, points, "nothing written");
    // The probe at another district's village is audited; the plain mistakes are not.
    assert_eq!(app.count("audit_events").await, audit + 2);
    let admin = app.login("cq.admin", PASSWORD).await;
    let mut body = room("新工作室");
    body["region"] = json!("5001");
    let res = app.api(Method::POST, "/api/v1/service-points", Some(&admin), Some(body)).await;
    assert_eq!(res.message(), "所属区域必须是县级、乡级或村级区域");
    // Centre staff may not register a centre.
    let body = json!({"region": "500101", "name": "第二中心", "address": "万州", "opened_on": "2023-01-01"});
    let res = app.api(Method::POST, "/api/v1/service-points", Some(&s), Some(body)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
});

dual_test!(the_form_keeps_input_and_shows_the_error, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    let fields = [
        ("region", "500101017002"),
        ("name", "新工作室"),
        ("address", "白岩路"),
        ("contact_phone", "12345"),
        ("opened_on", "2023-05-01"),
    ];
    let res = app.post_form("/service-points", Some(&s), &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text();
    assert!(html.contains("联系电话不是有效的手机号或座机号"));
    assert!(html.contains("value=\"新工作室\""), "the user's input is kept");
    let ok = [
        ("region", "500101017002"),
        ("name", "新工作室"),
        ("address", "白岩路"),
        ("contact_phone", "023-58213344"),
        ("opened_on", "2023-05-01"),
    ];
    let res = app.post_form("/service-points", Some(&s), &ok).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = app.get(res.location().expect("location"), Some(&s)).await.text();
    assert!(page.contains("新工作室") && page.contains("0********44") && !page.contains("02358213344"));
});

dual_test!(revealing_a_number_needs_a_reason_and_is_audited, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let id = fx.point("万州一室FX").id;
    let path = format!("/api/v1/service-points/{id}/reveal");
    let res = app.api(Method::POST, &path, Some(&s), Some(json!({"reason": ""}))).await;
    assert_eq!(res.json()["error"]["field"], "reason");
    let res = app.api(Method::POST, &path, Some(&s), Some(json!({"reason": "电话回访"}))).await;
    assert_eq!(res.json()["value"], "13700000000");
    let trail = wushe_store::audit::for_entity(&app.db, "service_point", &id.to_string()).await.expect("audit");
    let reveal = trail.iter().find(|e| e.action == "service_point.reveal_phone").expect("audited");
    assert!(reveal.detail.contains("电话回访"));
    // Room workers see the point but may not reveal its number.
    let room = app.login("wz.room", PASSWORD).await;
    assert_eq!(
        app.api(Method::GET, &format!("/api/v1/service-points/{id}"), Some(&room), None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.api(Method::POST, &path, Some(&room), Some(json!({"reason": "x"}))).await.status,
        StatusCode::FORBIDDEN
    );
});
