//! Account management within a scope, and personal numbers at rest.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_testkit::fixture::{self, PASSWORD};
use wushe_testkit::{Engine, TestApp, dual_test};

fn new_account(username: &str, role: &str, region: &str, phone: &str) -> serde_json::Value {
    json!({"username": username, "display_name": "张敏", "phone": phone, "role": role, "region": region, "password": "first-pass-2026"})
}

dual_test!(accounts_are_created_downwards_within_scope, |app| {
    fixture::load(&app).await;
    let station = app.login("wz.station", PASSWORD).await;
    let ok = app
        .api(
            Method::POST,
            "/api/v1/accounts",
            Some(&station),
            Some(new_account("v.one", "volunteer", "500101001002", "13600000001")),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text());
    assert_eq!(ok.json()["must_change_password"], true);
    assert_eq!(ok.json()["phone"], "1******0001");
    let cases = [
        (new_account("s.two", "station_staff", "500101001", "13600000002"), "role", "角色不是可选的值"),
        (
            new_account("v.two", "volunteer", "500101017001", "13600000003"),
            "region",
            "所属区域不存在或不在您的管辖范围内",
        ),
        (new_account("v.three", "volunteer", "500101001", "13600000004"), "region", "所属区域必须是村级"),
        (new_account("v.one", "volunteer", "500101001002", "13600000005"), "username", "用户名已被使用"),
        (new_account("v.four", "volunteer", "500101001002", "136 0000 0001"), "phone", "手机号已被使用"),
        (new_account("1bad", "volunteer", "500101001002", "13600000006"), "username", "用户名含有不允许的字符"),
    ];
    let before = app.count("accounts").await;
    for (body, field, message) in cases {
        let res = app.api(Method::POST, "/api/v1/accounts", Some(&station), Some(body)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", res.text());
        assert_eq!(res.json()["error"]["field"], field);
        assert_eq!(res.message(), message);
    }
    assert_eq!(app.count("accounts").await, before, "nothing written");
    // Lists hold only the actor's area.
    let list = app.api(Method::GET, "/api/v1/accounts?limit=200", Some(&station), None).await.json();
    let names: Vec<&str> =
        list["items"].as_array().expect("items").iter().filter_map(|a| a["username"].as_str()).collect();
    assert!(names.contains(&"v.one") && names.contains(&"wz.room") && names.contains(&"wz.station"));
    assert!(!names.iter().any(|n| n.starts_with("wz2.") || n.starts_with("fl.") || *n == "wz.center"), "{names:?}");
    assert_eq!(list["total"].as_i64(), Some(names.len() as i64));
    let room = app.api(Method::GET, "/api/v1/accounts?role=room_worker", Some(&station), None).await.json();
    assert_eq!(room["total"], 1);
});

dual_test!(revealing_a_phone_is_audited_and_pages_mask_it, |app| {
    let fx = fixture::load(&app).await;
    let admin = app.login("wz.center", PASSWORD).await;
    let id = fx.account("wz.room").id;
    let page = app.get(&format!("/accounts/{id}"), Some(&admin)).await.text();
    assert!(page.contains("1******0008") && !page.contains("13900000008"));
    let list = app.get("/accounts", Some(&admin)).await.text();
    assert!(!list.contains("13900000008"));
    let res = app.post_form(&format!("/accounts/{id}/reveal"), Some(&admin), &[("reason", "核实身份")]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.text().contains("13900000008") && res.text().contains("本次查看已记入审计日志"));
    let trail = wushe_store::audit::for_entity(&app.db, "account", &id.to_string()).await.expect("audit");
    assert!(trail.iter().any(|e| e.action == "account.reveal_phone" && e.detail.contains("核实身份")));
});

/// No plain phone number in the SQLite file, its WAL, or anywhere in the stored rows.
#[tokio::test]
async fn phone_numbers_are_sealed_at_rest() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    fixture::load(&app).await;
    let admin = app.login("root", PASSWORD).await;
    let res = app
        .api(
            Method::POST,
            "/api/v1/accounts",
            Some(&admin),
            Some(new_account("sealed.one", "resident", "500101001002", "13512349876")),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED);
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&app.db.pool).await.expect("checkpoint");
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(app.dir.path().join("data")).expect("data dir") {
        bytes.extend(std::fs::read(entry.expect("entry").path()).expect("read"));
    }
    let haystack = String::from_utf8_lossy(&bytes);
    for phone in ["13512349876", "13900000008", "13700000000"] {
        assert!(!haystack.contains(phone), "{phone} is stored in clear");
    }
    // The sealed number still finds its account at login.
    let s = app.login("13512349876", "first-pass-2026").await;
    assert_eq!(s.account["username"], "sealed.one");
}
