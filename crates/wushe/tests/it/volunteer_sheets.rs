//! Volunteers in and out of Excel: template, all-or-nothing import with a report, masked export.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use wushe_app::people::volunteer_sheets::HEADERS;
use wushe_sheets::{Limits, read_table, write_xlsx};
use wushe_testkit::fixture::{self, PASSWORD, resident_id};
use wushe_testkit::{Session, TestApp, TestResponse, dual_test};

async fn upload(app: &TestApp, s: &Session, bytes: Vec<u8>) -> TestResponse {
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/volunteers/import")
        .header(header::AUTHORIZATION, format!("Bearer {}", s.token))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(bytes))
        .expect("request");
    app.call(req).await
}

fn row(name: &str, id: &str, phone: &str, village: &str, skills: &str) -> Vec<String> {
    [name, "居民身份证", id, phone, "", "", village, skills, "周六 09:00-12:00", "", "", ""]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
}

dual_test!(a_clean_file_loads_in_one_go_and_a_bad_one_not_at_all, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    let template = app.api(Method::GET, "/api/v1/volunteers/template.xlsx", Some(&s), None).await;
    assert_eq!(template.status, StatusCode::OK);
    let t = read_table(&template.body, &Limits::default()).expect("the template reads back");
    assert_eq!(t.headers, HEADERS);
    assert_eq!(t.rows[0].cells[0], "张三", "an example row");

    let ids: Vec<String> = (0..3).map(|i| resident_id("500101", "19880101", &format!("{}", 500 + i))).collect();
    let good = vec![
        row("王一", &ids[0], "13600000001", "500101001002", "陪伴探访"),
        row("王二", &ids[1], "13600000002", "500101017002", "心理疏导、课业辅导"),
        row("王三", &ids[2], "13600000003", "500101001003", ""),
    ];
    let before = app.count("volunteers").await;
    let res = upload(&app, &s, write_xlsx("志愿者", &HEADERS, &good).expect("xlsx")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["loaded"], 3);
    assert_eq!(app.count("volunteers").await, before + 3);

    let mut wrong_check = resident_id("500101", "19880101", "600");
    wrong_check.replace_range(17.., if wrong_check.ends_with('1') { "2" } else { "1" });
    let fresh = resident_id("500101", "19880101", "700");
    let bad = vec![
        row("赵一", &fresh, "13600000011", "500101001002", "陪伴探访"),
        row("赵二", &wrong_check, "13600000012", "500101001002", ""),
        row("赵三", &resident_id("500101", "19880101", "701"), "13600000013", "500102006001", ""),
        row("赵四", &fresh, "13600000014", "500101001002", ""),
        row("赵五", &ids[0], "13600000015", "500101001002", ""),
        row("赵六", &resident_id("500101", "19880101", "702"), "13600000016", "500101001002", "飞行"),
    ];
    let res = upload(&app, &s, write_xlsx("志愿者", &HEADERS, &bad).expect("xlsx")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text());
    let problems = res.json()["problems"].as_array().expect("problems").clone();
    let summary: Vec<(u64, String)> = problems
        .iter()
        .map(|p| (p["row"].as_u64().expect("row"), p["column"].as_str().expect("column").to_owned()))
        .collect();
    assert_eq!(
        summary,
        [
            (3, "证件号码".into()),
            (4, "所属区域".into()),
            (5, "证件号码".into()),
            (6, "证件号码".into()),
            (7, "技能".into())
        ],
        "{problems:?}"
    );
    assert_eq!(problems[0]["reason"], "证件号码校验位不正确");
    assert!(problems[0]["value"].as_str().expect("value").contains("********"), "personal values are masked");
    assert_eq!(problems[2]["reason"], "证件号码与第 2 行重复", "the duplicate names the first row");
    assert!(problems[3]["reason"].as_str().expect("reason").contains("王*"), "the holder in the database, masked");
    assert_eq!(app.count("volunteers").await, before + 3, "nothing of the bad file was loaded");

    // GBK CSV, as Excel on Chinese Windows saves it.
    let csv = format!(
        "{}\r\n孙一,居民身份证,{},13600000021,,,500101001004,陪伴探访,周日 08:00-10:00,\r\n",
        HEADERS.join(","),
        resident_id("500101", "19790101", "800")
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&csv);
    let res = upload(&app, &s, gbk.into_owned()).await;
    assert_eq!(res.json()["loaded"], 1, "{}", res.text());
    let found = app.api(Method::GET, "/api/v1/volunteers?q=sy", Some(&s), None).await.json();
    assert_eq!(found["items"][0]["name"], "孙一");
});

dual_test!(files_that_are_not_right_are_refused_with_a_sentence, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let before = app.count("volunteers").await;
    let res = upload(&app, &s, b"\x00\x01\x02 this is no spreadsheet \xff\xfe".to_vec()).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["field"], "file");
    assert!(!res.message().is_empty());
    let missing = write_xlsx("x", &HEADERS[..8], &[]).expect("xlsx");
    let res = upload(&app, &s, missing).await;
    assert!(res.message().contains("可服务时间") && res.message().contains("志愿者编号"), "{}", res.message());
    let res = upload(&app, &s, write_xlsx("x", &HEADERS, &[]).expect("xlsx")).await;
    assert_eq!(res.message(), "文件中没有数据行");
    let huge = vec![b'a'; 21 * 1024 * 1024];
    let res = upload(&app, &s, huge).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.message(), "文件超过 20 MB，请拆分后分批上传");
    assert_eq!(app.count("volunteers").await, before);
    assert_eq!(app.api(Method::GET, "/api/v1/me", Some(&s), None).await.status, StatusCode::OK, "still serving");
});

dual_test!(exports_are_scoped_masked_and_safe_to_open, |app| {
    let fx = fixture::load(&app).await;
    let station = app.login("wz.station", PASSWORD).await;
    let centre = app.login("wz.center", PASSWORD).await;
    let body = serde_json::json!({"name": "=HYPERLINK(\"x\")", "id_number": resident_id("500101", "19900101", "901"),
        "phone": "13600000031", "region": "500101001005"});
    assert_eq!(
        app.api(Method::POST, "/api/v1/volunteers", Some(&station), Some(body)).await.status,
        StatusCode::CREATED
    );
    let res = app.api(Method::GET, "/api/v1/volunteers/export.xlsx", Some(&station), None).await;
    assert_eq!(res.status, StatusCode::OK);
    let t = read_table(&res.body, &Limits::default()).expect("xlsx");
    let names: Vec<&str> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
    assert_eq!(names, ["万州志愿甲FX", "'=HYPERLINK(\"x\")"], "the station's area only, formulas neutralised");
    let own = &fx.volunteers[0];
    assert_eq!(t.rows[0].cells[2], wushe_domain::idcard::mask(&own.id_number));
    assert_eq!(t.rows[0].cells[3], "1******0000");
    let refused = app.api(Method::GET, "/api/v1/volunteers/export.xlsx?unmasked=1", Some(&station), None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let full =
        app.api(Method::GET, "/api/v1/volunteers/export.xlsx?unmasked=1&q=万州志愿甲FX", Some(&centre), None).await;
    let t = read_table(&full.body, &Limits::default()).expect("xlsx");
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].cells[2], own.id_number);
    let trail = wushe_store::audit::list(&app.db, &wushe_store::Scope::all(), None, 10).await.expect("audit");
    assert!(trail.iter().any(|e| e.action == "volunteer.export" && e.detail.contains("\"unmasked\":true")));
    assert!(trail.iter().any(|e| e.action == "volunteer.export_unmasked" && e.outcome == "forbidden"));
});

dual_test!(a_sheet_can_name_each_volunteers_organization_and_team, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let district_org = wushe_testkit::fixture::credit_code("52500101MJP00001");
    let elsewhere = wushe_testkit::fixture::credit_code("52500102MJP00002");
    let with = |name: &str, seq: &str, org: &str, team: &str| {
        let mut r = row(name, &resident_id("500101", "19870101", seq), &format!("13600001{seq}"), "500101001002", "");
        r[10] = org.to_owned();
        r[11] = team.to_owned();
        r
    };
    let bad = vec![
        with("周一", "301", &district_org, "助老服务队"),
        with("周二", "302", &elsewhere, ""),
        with("周三", "303", "", "青年队"),
    ];
    let res = upload(&app, &s, write_xlsx("志愿者", &HEADERS, &bad).expect("xlsx")).await;
    let problems: Vec<String> = res.json()["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| format!("{}:{}", p["row"], p["reason"].as_str().expect("reason")))
        .collect();
    assert_eq!(
        problems,
        ["3:所属组织不存在或不在您的管辖范围内", "4:所属组织不能为空"],
        "another district's organization; a team alone"
    );
    let good = vec![with("周一", "301", &district_org, "助老服务队"), with("周四", "304", "", "")];
    let res = upload(&app, &s, write_xlsx("志愿者", &HEADERS, &good).expect("xlsx")).await;
    assert_eq!(res.json()["loaded"], 2, "{}", res.text());
    let found = app.api(Method::GET, "/api/v1/volunteers?q=周一", Some(&s), None).await.json();
    let id = found["items"][0]["id"].as_str().expect("id").to_owned();
    let teams = app.api(Method::GET, &format!("/api/v1/volunteers/{id}/memberships"), Some(&s), None).await.json();
    assert_eq!(teams[0]["organization_id"], fx.organizations[0].id.to_string().as_str());
    assert_eq!(teams[0]["team"], "助老服务队");
    let export = app.api(Method::GET, "/api/v1/volunteers/export.xlsx?q=周一", Some(&s), None).await;
    let t = read_table(&export.body, &Limits::default()).expect("xlsx");
    assert_eq!((t.rows[0].cells[10].as_str(), t.rows[0].cells[11].as_str()), (district_org.as_str(), "助老服务队"));
});
