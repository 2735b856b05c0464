//! The resident registry: sealed categories searchable by tag, one person across registries,
//! consents as records with guardians for minors.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD, resident_id};

dual_test!(residents_are_registered_with_sealed_categories_and_consents, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let child_id = resident_id("500101", "20150601", "701");
    let body = json!({"name": "小明", "id_number": child_id, "address": "重庆市万州区白岩路8号2单元", "region": "500101001003",
        "household": "H-0012", "categories": "留守儿童、困境儿童"});
    let res = app.api(Method::POST, "/api/v1/residents", Some(&s), Some(body.clone())).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let r = res.json();
    assert_eq!(r["categories"], json!(["留守儿童", "困境儿童"]));
    assert_eq!(r["address"], "重庆市万州区********", "the address is masked: six characters kept");
    let id = r["id"].as_str().expect("id").to_owned();
    let again = app.api(Method::POST, "/api/v1/residents", Some(&s), Some(body)).await;
    assert_eq!(again.message(), "证件号码已登记在 小*");
    let found = app.api(Method::GET, "/api/v1/residents?category=留守儿童", Some(&s), None).await.json();
    assert_eq!(found["total"], 1);
    let lonely = app.api(Method::GET, "/api/v1/residents?category=独居老人", Some(&s), None).await.json();
    assert_eq!(lonely["items"][0]["name"], "万州居民甲FX", "the fixture's own, not 涪陵's");
    assert_eq!(lonely["total"], 1);
    // Categories and addresses are not stored in clear.
    use sqlx::Row;
    let stored: String = sqlx::query("SELECT categories FROM residents WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.db.pool)
        .await
        .expect("row")
        .try_get("categories")
        .expect("col");
    assert!(!stored.contains("留守儿童") && stored.starts_with("v2:"));
    // A minor's consent needs the guardian; a withdrawal is a new record.
    let path = format!("/api/v1/residents/{id}/consents");
    let res = app.api(Method::POST, &path, Some(&s), Some(json!({"purpose": "service"}))).await;
    assert_eq!(res.message(), "监护人不能为空：服务对象未满 18 周岁，须由监护人同意");
    let res = app.api(Method::POST, &path, Some(&s), Some(json!({"purpose": "service", "guardian": "王芳"}))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let res = app
        .api(
            Method::POST,
            &format!("{path}/withdraw"),
            Some(&s),
            Some(json!({"purpose": "service", "guardian": "王芳"})),
        )
        .await;
    let records = res.json();
    assert_eq!(records.as_array().expect("records").len(), 2);
    assert_eq!(records[1]["given"], false);
    let shown = app
        .api(Method::POST, &format!("/api/v1/residents/{id}/reveal"), Some(&s), Some(json!({"reason": "上门走访"})))
        .await;
    assert!(shown.json()["value"].as_str().expect("value").contains("白岩路8号2单元"));
    // A volunteer who is also a resident is one person.
    let v = &fx.volunteers[0];
    let res = app
        .api(
            Method::POST,
            "/api/v1/residents",
            Some(&s),
            Some(json!({"name": "万州志愿甲FX", "id_number": v.id_number,
        "region": "500101001001", "categories": "空巢老人"})),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let persons: i64 = sqlx::query("SELECT COUNT(*) AS n FROM persons WHERE id_index = (SELECT p.id_index FROM persons p JOIN volunteers vv ON vv.person_id = p.id WHERE vv.id = $1)")
        .bind(v.id.to_string()).fetch_one(&app.db.pool).await.expect("count").try_get("n").expect("n");
    assert_eq!(persons, 1);
    // And bad input names the field, in scope rules as everywhere.
    let res = app
        .api(
            Method::POST,
            "/api/v1/residents",
            Some(&s),
            Some(json!({"name": "某人", "id_number": resident_id("500101", "19600101", "702"),
        "region": "500102006001", "categories": "低保"})),
        )
        .await;
    assert_eq!(res.message(), "所属区域不存在或不在您的管辖范围内");
    let res = app
        .api(
            Method::POST,
            "/api/v1/residents",
            Some(&s),
            Some(json!({"name": "某人", "id_number": resident_id("500101", "19600101", "702"),
        "region": "500101001001", "categories": "富豪"})),
        )
        .await;
    assert_eq!(res.message(), "人员类别中的“富豪”不在可选列表中");
});

dual_test!(residents_import_export_and_pages, |app| {
    use axum::body::Body;
    use axum::http::{Request, header};
    use wushe_app::people::resident_sheets::HEADERS;
    fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    let row = |name: &str, id: &str, village: &str, cats: &str| -> Vec<String> {
        [name, "", id, "", "", "", "白岩路 1 号", village, "", cats].iter().map(|c| (*c).to_owned()).collect()
    };
    let a = resident_id("500101", "19410101", "801");
    let b = resident_id("500101", "19420202", "802");
    let upload = |rows: Vec<Vec<String>>| {
        Request::builder()
            .method(Method::POST)
            .uri("/api/v1/residents/import")
            .header(header::AUTHORIZATION, format!("Bearer {}", s.token))
            .body(Body::from(wushe_sheets::write_xlsx("服务对象", &HEADERS, &rows).expect("xlsx")))
            .expect("request")
    };
    let bad = app
        .call(upload(vec![row("赵大爷", &a, "500101001002", "独居老人"), row("钱奶奶", &b, "500101001002", "富豪")]))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["problems"][0]["row"], 3);
    let good = app
        .call(upload(vec![
            row("赵大爷", &a, "500101001002", "独居老人"),
            row("钱奶奶", &b, "500101017002", "失能老人、低保"),
        ]))
        .await;
    assert_eq!(good.json()["loaded"], 2, "{}", good.text());
    let export = app.api(Method::GET, "/api/v1/residents/export.xlsx?category=低保", Some(&s), None).await;
    let t = wushe_sheets::read_table(&export.body, &wushe_sheets::Limits::default()).expect("xlsx");
    let names: Vec<&str> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
    assert_eq!(names, ["万州居民甲FX", "钱奶奶"]);
    assert!(t.rows.iter().all(|r| r.cells[2].contains("********") && r.cells[6].ends_with('*')), "masked");
    let list = app.get("/residents?category=独居老人", Some(&s)).await.text();
    assert!(list.contains("赵大爷") && !list.contains("钱奶奶"));
    let id = app.api(Method::GET, "/api/v1/residents?q=zdy", Some(&s), None).await.json()["items"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let res = app.post_form(&format!("/residents/{id}/consents"), Some(&s), &[("purpose", "sharing")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = app.get(&format!("/residents/{id}"), Some(&s)).await.text();
    assert!(page.contains("与联动方共享必要信息") && page.contains("同意"));
});
