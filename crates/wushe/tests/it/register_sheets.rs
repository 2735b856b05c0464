//! Social workers and donors in and out of Excel, like the other registries: template, an
//! all-or-nothing import with a report of every bad row, a masked export.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use wushe_sheets::{Limits, read_table, write_xlsx};
use wushe_testkit::fixture::{self, PASSWORD, credit_code, resident_id};
use wushe_testkit::{Session, TestApp, TestResponse, dual_test};

async fn upload(app: &TestApp, s: &Session, path: &str, bytes: Vec<u8>) -> TestResponse {
    let req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {}", s.token))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(bytes))
        .expect("request");
    app.call(req).await
}

fn cells(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| (*s).to_owned()).collect()
}

dual_test!(social_workers_load_from_a_sheet_that_names_postings, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    let template = app.api(Method::GET, "/api/v1/social-workers/template.xlsx", Some(&s), None).await;
    let t = read_table(&template.body, &Limits::default()).expect("the template reads back");
    let headers = wushe_app::people::social_worker_sheets::HEADERS;
    assert_eq!(t.headers, headers);
    let employer = credit_code("52500101MJP00001");
    let (a, b) = (resident_id("500101", "19910101", "901"), resident_id("500101", "19920202", "902"));
    let good = vec![
        cells(&[
            "吴一",
            "居民身份证",
            &a,
            "13700009001",
            "社会工作师",
            "S2020001",
            "2020",
            &employer,
            "高笋塘站FX",
            "500101001",
            "2024-01-01",
        ]),
        cells(&["吴二", "居民身份证", &b, "13700009002", "未持证", "", "", "", "万州二室FX", "500101017001", ""]),
    ];
    let bad = vec![
        good[0].clone(),
        cells(&[
            "郑一",
            "居民身份证",
            &resident_id("500101", "19930303", "903"),
            "13700009003",
            "社会工作师",
            "",
            "2020",
            "",
            "高笋塘站FX",
            "500101001",
            "",
        ]),
        cells(&[
            "郑二",
            "居民身份证",
            &resident_id("500101", "19940404", "904"),
            "13700009004",
            "未持证",
            "",
            "",
            "",
            "不存在的站",
            "500101001",
            "",
        ]),
        cells(&[
            "郑三",
            "居民身份证",
            &resident_id("500101", "19950505", "905"),
            "13700009005",
            "未持证",
            "",
            "",
            &credit_code("52500102MJP00002"),
            "高笋塘站FX",
            "500101001",
            "",
        ]),
        cells(&[
            "郑四",
            "居民身份证",
            &resident_id("500101", "19960606", "906"),
            "13700009006",
            "未持证",
            "",
            "",
            "",
            "涪陵一站FX",
            "500102006",
            "",
        ]),
        good[0].clone(),
    ];
    let before = app.count("social_workers").await;
    let res =
        upload(&app, &s, "/api/v1/social-workers/import", write_xlsx("社会工作者", &headers, &bad).expect("xlsx"))
            .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text());
    let problems = res.json()["problems"].as_array().expect("problems").clone();
    let seen: Vec<(u64, String)> = problems
        .iter()
        .map(|p| (p["row"].as_u64().expect("row"), p["column"].as_str().expect("col").to_owned()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (3, "证书编号".to_owned()),
            (4, "派驻阵地".to_owned()),
            (5, "所在机构".to_owned()),
            (6, "派驻阵地".to_owned()),
            (7, "证件号码".to_owned()),
        ],
        "{problems:?}"
    );
    assert!(problems[4]["reason"].as_str().expect("reason").contains("第 2 行"), "a repeat names the row it repeats");
    assert_eq!(app.count("social_workers").await, before, "nothing is loaded from a bad file");

    let res =
        upload(&app, &s, "/api/v1/social-workers/import", write_xlsx("社会工作者", &headers, &good).expect("xlsx"))
            .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["loaded"], 2);
    let found = app.api(Method::GET, "/api/v1/social-workers?q=吴一", Some(&s), None).await.json();
    assert_eq!(found["items"][0]["region_code"], "500101001");
    assert_eq!(found["items"][0]["licence"], "intermediate");

    let export = app.api(Method::GET, "/api/v1/social-workers/export.xlsx?q=吴", Some(&s), None).await;
    let t = read_table(&export.body, &Limits::default()).expect("export reads back");
    assert_eq!(t.headers, headers, "the export can be imported again");
    assert_eq!(t.rows.len(), 2);
    let wu = t.rows.iter().find(|r| r.cells[0] == "吴一").expect("row");
    assert_eq!(wu.cells[2], wushe_domain::idcard::mask(&a));
    assert_eq!(wu.cells[7], employer);
    assert_eq!(wu.cells[8], "高笋塘站FX");
    let station = app.login("wz.station", PASSWORD).await;
    let denied = app.api(Method::GET, "/api/v1/social-workers/export.xlsx?unmasked=1", Some(&station), None).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let room = app.login("wz.room", PASSWORD).await;
    let res =
        upload(&app, &room, "/api/v1/social-workers/import", write_xlsx("社会工作者", &headers, &good).expect("xlsx"))
            .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "room workers do not register social workers");
});

dual_test!(donors_load_from_a_sheet_and_anonymous_ones_export_as_anonymous, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let headers = wushe_app::people::donor_sheets::HEADERS;
    let template = app.api(Method::GET, "/api/v1/donors/template.xlsx", Some(&s), None).await;
    let t = read_table(&template.body, &Limits::default()).expect("the template reads back");
    assert_eq!(t.headers, headers);
    let rows = vec![
        cells(&["个人", "钱先生", "是", "13611110001", "", "500101001"]),
        cells(&["单位", "万州某某超市", "否", "023-58210000", &credit_code("91500101MA5U0002"), "500101001"]),
    ];
    let bad = vec![
        rows[0].clone(),
        cells(&["个人", "", "否", "", "", "500101001"]),
        cells(&["个人", "孙女士", "也许", "", "", "500101001"]),
        cells(&["单位", "某公司", "否", "", "91500101MA5U00029", "500101001"]),
        cells(&["个人", "李先生", "否", "", "", "500102"]),
    ];
    let res = upload(&app, &s, "/api/v1/donors/import", write_xlsx("捐赠方", &headers, &bad).expect("xlsx")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text());
    let columns: Vec<String> = res.json()["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| format!("{}:{}", p["row"], p["column"].as_str().expect("column")))
        .collect();
    assert_eq!(columns, ["3:名称", "4:是否匿名", "5:统一社会信用代码", "6:所属区域"]);
    let res = upload(&app, &s, "/api/v1/donors/import", write_xlsx("捐赠方", &headers, &rows).expect("xlsx")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["loaded"], 2);
    let centre = app.login("wz.center", PASSWORD).await;
    let export = app.api(Method::GET, "/api/v1/donors/export.xlsx?unmasked=1", Some(&centre), None).await;
    assert_eq!(export.status, StatusCode::OK);
    let t = read_table(&export.body, &Limits::default()).expect("export reads back");
    let text = format!("{:?}", t.rows);
    assert!(!text.contains("钱先生") && !text.contains("13611110001"), "an anonymous donor stays anonymous: {text}");
    assert!(text.contains("02358210000"), "a named donor's number in full when unmasked: {text}");
});
