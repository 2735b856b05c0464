//! Community activities: planned and published by staff, public to anyone, signed up for by
//! volunteers and residents without ever exceeding the places, and checked into with a code that
//! changes every minute (or by staff from the list).

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_domain::ActivityId;
use wushe_domain::resident::{NewResident, ResidentInput};
use wushe_store::{Scope, residents};
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD, resident_id};

use crate::tasks::volunteers_with_accounts;

fn china(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(ms / 1000 + 8 * 3600).expect("time");
    format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

fn plan(volunteer_places: u32) -> serde_json::Value {
    let start = wushe_store::now_ms() + 40 * 60_000;
    json!({"title": "重阳敬老包饺子", "category": "为老服务", "region": "500101001001", "place": "东方广场社区活动室",
        "starts_at": china(start), "ends_at": china(start + 2 * 3_600_000), "participant_places": "30",
        "volunteer_places": volunteer_places.to_string(), "target_groups": "老年人、残疾人", "partners": "万州阳光社工FX"})
}

dual_test!(activities_are_planned_published_and_never_overfilled, |app| {
    fixture::load(&app).await;
    let staff = app.login("wz.station", PASSWORD).await;
    let before = app.count("activities").await;
    for (field, value) in
        [("starts_at", json!("2020-01-01 09:00")), ("category", json!("聚餐")), ("region", json!("500101001"))]
    {
        let mut body = plan(3);
        body[field] = value;
        let res = app.api(Method::POST, "/api/v1/activities", Some(&staff), Some(body)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", res.text());
        assert_eq!(res.json()["error"]["field"], if field == "category" { "categories" } else { field });
    }
    assert_eq!(app.count("activities").await, before, "nothing written");
    let res = app.api(Method::POST, "/api/v1/activities", Some(&staff), Some(plan(3))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let id = res.json()["id"].as_str().expect("id").to_owned();
    assert_eq!(res.json()["status"], "draft");
    let public = app.api(Method::GET, "/api/v1/public/activities", None, None).await.text();
    assert!(!public.contains("重阳敬老包饺子"), "a draft is not public");
    let published = app.api(Method::POST, &format!("/api/v1/activities/{id}/publish"), Some(&staff), None).await;
    assert_eq!(published.json()["status"], "published");
    let again = app.api(Method::POST, &format!("/api/v1/activities/{id}/publish"), Some(&staff), None).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let public = app.api(Method::GET, "/api/v1/public/activities?region=500101", None, None).await.text();
    assert!(public.contains("重阳敬老包饺子"), "{public}");

    let sessions = volunteers_with_accounts(&app, 12).await;
    let path = format!("/api/v1/public/activities/{id}/sign-up");
    let answers =
        futures_util::future::join_all(sessions.iter().map(|s| app.api(Method::POST, &path, Some(s), None))).await;
    let won = answers.iter().filter(|r| r.status == StatusCode::OK).count();
    let full = answers.iter().filter(|r| r.status == StatusCode::CONFLICT && r.message() == "活动名额已满").count();
    assert_eq!((won, full), (3, 9), "{:?}", answers.iter().map(|r| r.text()).collect::<Vec<_>>());
    let list = app.api(Method::GET, &format!("/api/v1/activities/{id}/signups"), Some(&staff), None).await.json();
    assert_eq!(list.as_array().expect("list").len(), 3);
    let a = app.api(Method::GET, &format!("/api/v1/activities/{id}"), Some(&staff), None).await.json();
    assert_eq!(a["volunteers"], 3);
    let winner = answers.iter().position(|r| r.status == StatusCode::OK).expect("a winner");
    let twice = app.api(Method::POST, &path, Some(&sessions[winner]), None).await;
    assert_eq!(twice.message(), "您已报名此活动");
    let staff_signs = app.api(Method::POST, &path, Some(&staff), None).await;
    assert_eq!(staff_signs.status, StatusCode::FORBIDDEN, "staff accounts are neither volunteers nor residents");
});

dual_test!(check_in_by_a_code_of_this_minute_and_from_the_list, |app| {
    let fx = fixture::load(&app).await;
    let id: ActivityId =
        fx.activities.iter().find(|a| a.marker == "万州活动FX").expect("activity").id.parse().expect("id");
    let staff = app.login("wz.station", PASSWORD).await;
    let volunteer = app.login("wz.volunteer", PASSWORD).await;
    let code = app.api(Method::GET, &format!("/api/v1/activities/{id}/code"), Some(&staff), None).await.json();
    let good = code["code"].as_str().expect("code").to_owned();
    assert!(code["path"].as_str().expect("path").contains(&good));
    let scan = |c: &str| json!({"activity": id.to_string(), "code": c});
    let not_signed = app.api(Method::POST, "/api/v1/check-in", Some(&volunteer), Some(scan(&good))).await;
    assert_eq!(not_signed.message(), "您没有报名此活动");
    app.api(Method::POST, &format!("/api/v1/public/activities/{id}/sign-up"), Some(&volunteer), None).await;
    // A code rides in a URL's query: nothing in it may change on the way (a `+` would be a space).
    for minute in 0..2_000 {
        let c = wushe_app::activities::activity::code(&app.db, id, minute * 60_000);
        assert!(c.chars().all(|ch| ch.is_ascii_alphanumeric() || "._-".contains(ch)), "not URL-safe: {c}");
    }
    let forged = format!("{}.0000000000", good.split_once('.').expect("minute").0);
    let stale = wushe_app::activities::activity::code(&app.db, id, wushe_store::now_ms() - 3 * 60_000);
    for bad in [forged.as_str(), stale.as_str(), "", "nonsense"] {
        let res = app.api(Method::POST, "/api/v1/check-in", Some(&volunteer), Some(scan(bad))).await;
        assert_eq!(res.json()["error"]["field"], "code", "{bad}: {}", res.text());
    }
    let taps = (0..3).map(|_| app.api(Method::POST, "/api/v1/check-in", Some(&volunteer), Some(scan(&good))));
    let taps = futures_util::future::join_all(taps).await;
    let statuses: Vec<_> = taps.iter().map(|r| (r.status, r.message())).collect();
    assert_eq!(taps.iter().filter(|r| r.status == StatusCode::OK).count(), 1, "one check-in: {statuses:?}");
    assert!(taps.iter().filter(|r| r.status != StatusCode::OK).all(|r| r.message() == "您已经签到"), "{statuses:?}");
    let withdraw =
        app.api(Method::POST, &format!("/api/v1/public/activities/{id}/withdraw"), Some(&volunteer), None).await;
    assert_eq!(withdraw.message(), "您已经签到");
    // A minute later, the next scan checks out.
    sqlx::query("UPDATE activity_signups SET check_in_at = check_in_at - 120000 WHERE activity_id = $1")
        .bind(id.to_string())
        .execute(&app.db.pool)
        .await
        .expect("an earlier check-in");
    let out = app.api(Method::POST, "/api/v1/check-in", Some(&volunteer), Some(scan(&good))).await;
    assert!(out.json()["check_out_at"].is_string(), "{}", out.text());
    let done = app.api(Method::POST, "/api/v1/check-in", Some(&volunteer), Some(scan(&good))).await;
    assert_eq!(done.message(), "您已经签退");

    // A resident with an account takes part; staff check them in from the list.
    let input = ResidentInput {
        name: "报名居民FX".into(),
        id_number: resident_id("500101", "19500101", "777"),
        phone: "13900000013".into(),
        region: "500101001001".into(),
        ..Default::default()
    };
    let new = NewResident::parse(&input, time::macros::date!(2026 - 11 - 29)).expect("resident");
    residents::insert(&app.db, &Scope::all(), &[new], None, "resident.create", &mut |_| {}).await.expect("resident");
    let resident = app.login("wz.resident", PASSWORD).await;
    let signed = app.api(Method::POST, &format!("/api/v1/public/activities/{id}/sign-up"), Some(&resident), None).await;
    assert_eq!(signed.json()["activity"]["participants"], 1, "{}", signed.text());
    let list = app.api(Method::GET, &format!("/api/v1/activities/{id}/signups"), Some(&staff), None).await.json();
    let row = list.as_array().expect("list").iter().find(|s| s["role"] == "participant").expect("participant").clone();
    assert_eq!(row["name"], "报名居民FX");
    let body = json!({"signup": row["id"]});
    let res = app.api(Method::POST, &format!("/api/v1/activities/{id}/check-in"), Some(&staff), Some(body)).await;
    assert!(res.json()["check_in_at"].is_string(), "{}", res.text());
    let far = fx.activities.iter().find(|a| a.marker == "东城活动FX").expect("activity");
    let res = app.api(Method::GET, &format!("/api/v1/activities/{}/code", far.id), Some(&staff), None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "another region's activity");
});

dual_test!(a_missing_check_out_is_credited_to_the_end_once, |app| {
    let fx = fixture::load(&app).await;
    let id: ActivityId =
        fx.activities.iter().find(|a| a.marker == "万州活动FX").expect("activity").id.parse().expect("id");
    let volunteer = app.login("wz.volunteer", PASSWORD).await;
    app.api(Method::POST, &format!("/api/v1/public/activities/{id}/sign-up"), Some(&volunteer), None).await;
    let staff = app.login("wz.station", PASSWORD).await;
    let code = app.api(Method::GET, &format!("/api/v1/activities/{id}/code"), Some(&staff), None).await.json();
    let scan = json!({"activity": id.to_string(), "code": code["code"]});
    let res = app.api(Method::POST, "/api/v1/check-in", Some(&volunteer), Some(scan)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    // The activity ended three hours ago; they checked in half an hour after its start and left
    // without checking out.
    let now = wushe_store::now_ms();
    sqlx::query("UPDATE activities SET starts_at = $1, ends_at = $2 WHERE id = $3")
        .bind(now - 5 * 3_600_000)
        .bind(now - 3 * 3_600_000)
        .bind(id.to_string())
        .execute(&app.db.pool)
        .await
        .expect("an activity in the past");
    sqlx::query("UPDATE activity_signups SET check_in_at = $1 WHERE activity_id = $2")
        .bind(now - 5 * 3_600_000 + 30 * 60_000)
        .bind(id.to_string())
        .execute(&app.db.pool)
        .await
        .expect("the check-in");
    assert_eq!(wushe_store::activity_attendance::credit_unclosed(&app.db, now).await.expect("sweep"), 1);
    assert_eq!(wushe_store::activity_attendance::credit_unclosed(&app.db, now).await.expect("sweep"), 0, "once");
    let mine = app.api(Method::GET, "/api/v1/me/hours", Some(&volunteer), None).await.json();
    let entry = mine["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["source"] == "activity")
        .expect("credited")
        .clone();
    assert_eq!(entry["minutes"], 90, "from check-in to the end: {entry}");
    let list = app.api(Method::GET, &format!("/api/v1/activities/{id}/signups"), Some(&staff), None).await.json();
    assert!(list[0]["check_out_at"].is_null(), "the missing check-out stays missing");
});
