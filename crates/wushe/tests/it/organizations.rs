//! The social-organization registry.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD, credit_code};

/// The same code with a check character that is certainly wrong.
fn wrong_check(code: &str) -> String {
    let other = if code.ends_with('A') { 'B' } else { 'A' };
    format!("{}{other}", &code[..17])
}

dual_test!(organizations_are_registered_with_a_checked_credit_code, |app| {
    fixture::load(&app).await;
    let centre = app.login("wz.center", PASSWORD).await;
    let code = credit_code("52500101MJP1234");
    let body = json!({"name": "万州区康乐养老服务中心", "credit_code": code.to_lowercase(), "kind": "民办社会工作服务机构",
        "authority": "万州区民政局", "registered_on": "2020-05-20", "legal_rep": "陈红", "contact_phone": "023-58210000",
        "categories": "养老服务、心理健康", "serves": "500101001,500101017", "region": "500101", "capacity": "80"});
    let res = app.api(Method::POST, "/api/v1/organizations", Some(&centre), Some(body.clone())).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let o = res.json();
    assert_eq!(o["credit_code"], code.as_str(), "stored upper-cased");
    assert_eq!(o["kind"], "social_work_agency");
    assert_eq!(o["serves"], json!(["500101001", "500101017"]));
    assert_eq!(o["contact_phone"], "0********00");
    let again = app.api(Method::POST, "/api/v1/organizations", Some(&centre), Some(body.clone())).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.message(), "统一社会信用代码已被使用");
    for (field, value, message) in [
        ("credit_code", json!(wrong_check(&credit_code("52500101MJP5678"))), "统一社会信用代码校验位不正确"),
        ("credit_code", json!("12345"), "统一社会信用代码应为 18 位，由数字和大写字母组成（不含 I、O、S、V、Z）"),
        ("kind", json!("公司"), "组织类型不是可选的值"),
        ("serves", json!("500102006"), "服务区域不存在或不在您的管辖范围内"),
        ("capacity", json!("-1"), "服务容量应为 0 到 1000000 之间的整数"),
    ] {
        let mut b = body.clone();
        b["credit_code"] = json!(credit_code("52500101MJP5678"));
        b[field] = value;
        let res = app.api(Method::POST, "/api/v1/organizations", Some(&centre), Some(b)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", res.text());
        assert_eq!(res.message(), message);
    }
    for q in ["康乐", "wzqk", code.as_str()] {
        let found = app.api(Method::GET, &format!("/api/v1/organizations?q={q}"), Some(&centre), None).await.json();
        assert_eq!(found["total"], 1, "search {q}");
    }
    let agencies = app
        .api(Method::GET, "/api/v1/organizations?kind=social_work_agency&category=心理健康", Some(&centre), None)
        .await
        .json();
    assert_eq!(agencies["total"], 1);
    let station = app.login("wz.station", PASSWORD).await;
    let list = app.api(Method::GET, "/api/v1/organizations", Some(&station), None).await.json();
    assert_eq!(list["total"], 0, "registered at the district, so a station does not see it");
    let room = app.login("wz.room", PASSWORD).await;
    let res = app.api(Method::POST, "/api/v1/organizations", Some(&room), Some(body)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
});

dual_test!(the_organization_pages_list_register_and_show, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    let list = app.get("/organizations", Some(&s)).await.text();
    assert!(list.contains("万州阳光社工FX") && !list.contains("涪陵同心社工FX"), "the district's own only");
    let code = credit_code("52500101MJP9999");
    let mut fields = vec![
        ("name", "万州区暖心社工站"),
        ("credit_code", code.as_str()),
        ("kind", "social_work_agency"),
        ("authority", "万州区民政局"),
        ("registered_on", "2021-03-17"),
        ("legal_rep", "周敏"),
        ("categories", "养老服务"),
        ("region", "500101"),
        ("capacity", "很多"),
    ];
    let res = app.post_form("/organizations", Some(&s), &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().contains("服务容量应为 0 到 1000000 之间的整数") && res.text().contains("万州区暖心社工站"));
    fields.pop();
    let res = app.post_form("/organizations", Some(&s), &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let page = app.get(res.location().expect("location"), Some(&s)).await.text();
    assert!(page.contains("万州区暖心社工站") && page.contains(&code) && page.contains("民办社会工作服务机构"));
});

dual_test!(organizations_import_all_or_nothing_and_export, |app| {
    use axum::body::Body;
    use axum::http::{Request, header};
    use wushe_app::network::organization_sheets::HEADERS;
    fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    let upload = |bytes: Vec<u8>| {
        Request::builder()
            .method(Method::POST)
            .uri("/api/v1/organizations/import")
            .header(header::AUTHORIZATION, format!("Bearer {}", s.token))
            .body(Body::from(bytes))
            .expect("request")
    };
    let row = |name: &str, code: &str, serves: &str| -> Vec<String> {
        [name, code, "基金会", "万州区民政局", "2019-09-09", "李明", "13600001111", "困难救助", serves, "500101", "10"]
            .iter()
            .map(|c| (*c).to_owned())
            .collect()
    };
    let a = credit_code("53500101MJP0001");
    let b = credit_code("53500101MJP0002");
    let bad = vec![row("甲基金会", &a, ""), row("乙基金会", &a, ""), row("丙基金会", &b, "500102006")];
    let res = app.call(upload(wushe_sheets::write_xlsx("社会组织", &HEADERS, &bad).expect("xlsx"))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text());
    let problems = res.json()["problems"].clone();
    assert_eq!(problems[0]["row"], 3);
    assert_eq!(problems[0]["reason"], "统一社会信用代码与第 2 行重复");
    assert_eq!(problems[1]["row"], 4);
    assert_eq!(problems[1]["reason"], "服务区域不存在或不在您的管辖范围内");
    let before = app.count("organizations").await;
    let good = vec![row("甲基金会", &a, "500101001"), row("丙基金会", &b, "")];
    let res = app.call(upload(wushe_sheets::write_xlsx("社会组织", &HEADERS, &good).expect("xlsx"))).await;
    assert_eq!(res.json()["loaded"], 2, "{}", res.text());
    assert_eq!(app.count("organizations").await, before + 2);
    let again = app.call(upload(wushe_sheets::write_xlsx("社会组织", &HEADERS, &good[..1]).expect("xlsx"))).await;
    assert_eq!(again.json()["problems"][0]["reason"], "统一社会信用代码已登记在 甲基金会");
    let export = app.api(Method::GET, "/api/v1/organizations/export.xlsx?kind=foundation", Some(&s), None).await;
    let t = wushe_sheets::read_table(&export.body, &wushe_sheets::Limits::default()).expect("xlsx");
    let names: Vec<&str> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
    assert_eq!(names, ["丙基金会", "甲基金会"]);
    assert_eq!(t.rows[0].cells[6], "1******1111", "contact numbers masked");
});
