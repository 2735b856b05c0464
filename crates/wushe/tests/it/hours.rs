//! Back-entries and corrections of the hours ledger: a back-entry takes effect only when someone
//! else of the recording unit approves it; a correction supersedes without editing; an
//! organization credits only its members; the rules hold, and a refusal changes nothing.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

fn china(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(ms / 1000 + 8 * 3600).expect("time");
    format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

dual_test!(a_back_entry_counts_once_someone_else_approves_it_and_corrections_supersede, |app| {
    let fx = fixture::load(&app).await;
    let v = fx.volunteers.iter().find(|v| v.name == "万州志愿甲FX").expect("volunteer").id;
    let station = app.login("wz.station", PASSWORD).await;
    let centre = app.login("wz.center", PASSWORD).await;
    let record = format!("/api/v1/volunteers/{v}/hours");
    let total = |j: &serde_json::Value| j["total_minutes"].as_i64().expect("total");
    let before = total(&app.api(Method::GET, &record, Some(&station), None).await.json());
    let three_days = wushe_store::now_ms() - 3 * 86_400_000;
    let body = json!({"content": "社区防汛值守", "place": "滨江路", "starts_at": china(three_days),
        "ends_at": china(three_days + 3 * 3_600_000), "reason": "当日系统故障未能签到", "evidence": "值班表照片"});
    for (field, value) in
        [("evidence", json!("")), ("ends_at", json!(china(wushe_store::now_ms() + 7_200_000))), ("reason", json!(""))]
    {
        let mut bad = body.clone();
        bad[field] = value;
        let res = app.api(Method::POST, &record, Some(&station), Some(bad)).await;
        assert_eq!(res.json()["error"]["field"], field, "{}", res.text());
    }
    let res = app.api(Method::POST, &record, Some(&station), Some(body.clone())).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let request = res.json()["id"].as_str().expect("id").to_owned();
    let waiting = total(&app.api(Method::GET, &record, Some(&station), None).await.json());
    assert_eq!(waiting, before, "a back-entry counts only once approved");
    let own = app
        .api(Method::POST, &format!("/api/v1/hours-requests/{request}/approve"), Some(&station), Some(json!({})))
        .await;
    assert_eq!(own.message(), "补录须由记录单位的其他人员审核，不能审核自己提交的补录");
    let org = app.login("wz.org", PASSWORD).await;
    let other_unit =
        app.api(Method::POST, &format!("/api/v1/hours-requests/{request}/approve"), Some(&org), Some(json!({}))).await;
    assert_eq!(other_unit.status, StatusCode::CONFLICT, "an organization does not decide the network's back-entries");
    let ok = app
        .api(Method::POST, &format!("/api/v1/hours-requests/{request}/approve"), Some(&centre), Some(json!({})))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    let seq = ok.json()["entry"].as_i64().expect("entry");
    let again = app
        .api(Method::POST, &format!("/api/v1/hours-requests/{request}/approve"), Some(&centre), Some(json!({})))
        .await;
    assert_eq!(again.message(), "该补录申请已经审核");
    assert_eq!(total(&app.api(Method::GET, &record, Some(&station), None).await.json()), before + 180);

    // The same three hours again overlap; nothing is credited twice.
    let res = app.api(Method::POST, &record, Some(&station), Some(body)).await;
    let twice = res.json()["id"].as_str().expect("id").to_owned();
    let refused =
        app.api(Method::POST, &format!("/api/v1/hours-requests/{twice}/approve"), Some(&centre), Some(json!({}))).await;
    assert_eq!(refused.message(), "与该志愿者已记录的服务时间重叠");

    // A correction: two hours, not three. The original stays, superseded.
    let amend = json!({"starts_at": china(three_days), "ends_at": china(three_days + 2 * 3_600_000), "reason": "值班表核对为两小时"});
    let res = app.api(Method::POST, &format!("/api/v1/hours/{seq}/amend"), Some(&station), Some(amend.clone())).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let after = app.api(Method::GET, &record, Some(&station), None).await.json();
    assert_eq!(total(&after), before + 120, "{after}");
    let original =
        after["entries"].as_array().expect("entries").iter().find(|e| e["seq"] == seq).expect("original").clone();
    assert_eq!(original["superseded"], true);
    let stale = app.api(Method::POST, &format!("/api/v1/hours/{seq}/amend"), Some(&station), Some(amend)).await;
    assert_eq!(stale.message(), "该记录已被更正，请更正最新的记录");
    assert!(wushe_store::hours::verify(&app.db).await.expect("verify").is_ok());
});

dual_test!(an_organization_credits_only_its_members, |app| {
    let fx = fixture::load(&app).await;
    let v = fx.volunteers.iter().find(|v| v.name == "万州志愿甲FX").expect("volunteer").id;
    let org = app.login("wz.org", PASSWORD).await;
    let day = wushe_store::now_ms() - 2 * 86_400_000;
    let body = json!({"content": "助老服务", "place": "社区", "starts_at": china(day), "ends_at": china(day + 3_600_000),
        "reason": "补录", "evidence": "服务记录表"});
    let res = app.api(Method::POST, &format!("/api/v1/volunteers/{v}/hours"), Some(&org), Some(body)).await;
    assert_eq!(res.message(), "该志愿者不是本组织的成员，不能由本组织记录");
});

dual_test!(totals_by_volunteer_and_activity_count_what_is_in_force_and_export, |app| {
    let fx = fixture::load(&app).await;
    let staff = app.login("wz.center", PASSWORD).await;
    let t = app.api(Method::GET, "/api/v1/hours/totals", Some(&staff), None).await.json();
    let names: Vec<&str> =
        t["rows"].as_array().expect("rows").iter().map(|r| r["name"].as_str().expect("name")).collect();
    assert_eq!(names, ["万州志愿甲FX"], "the district's volunteers only: {t}");
    assert_eq!(t["minutes"], 120);
    // Amended to an hour: the total follows, the export too.
    let seq = fx.hours.iter().find(|h| h.path.as_str().contains("500101")).expect("entry").id.clone();
    let day = wushe_store::now_ms() - 86_400_000;
    let amend = json!({"starts_at": china(day), "ends_at": china(day + 3_600_000), "reason": "核对"});
    let res = app.api(Method::POST, &format!("/api/v1/hours/{seq}/amend"), Some(&staff), Some(amend)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let t = app.api(Method::GET, "/api/v1/hours/totals?by=volunteer", Some(&staff), None).await.json();
    assert_eq!((t["minutes"].clone(), t["rows"][0]["entries"].clone()), (json!(60), json!(1)), "{t}");
    let none = app.api(Method::GET, "/api/v1/hours/totals?by=activity", Some(&staff), None).await.json();
    assert_eq!(none["rows"].as_array().expect("rows").len(), 0, "no activity hours yet");
    let bad = app.api(Method::GET, "/api/v1/hours/totals?by=team", Some(&staff), None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let x = app.api(Method::GET, "/api/v1/hours/totals.xlsx", Some(&staff), None).await;
    let table = wushe_sheets::read_table(&x.body, &wushe_sheets::Limits::default()).expect("xlsx");
    assert_eq!(table.headers, ["志愿者", "记录条数", "服务时长（分钟）", "服务时长（小时）"]);
    // Counts and hours are numbers in the sheet (so they sum), read back as their digits.
    assert_eq!(table.rows[0].cells, ["万州志愿甲FX", "1", "60", "1"]);
    let org = app.login("wz.org", PASSWORD).await;
    let theirs = app.api(Method::GET, "/api/v1/hours/totals", Some(&org), None).await.json();
    assert_eq!(theirs["minutes"], 0, "an organization sees what it recorded: {theirs}");
});
