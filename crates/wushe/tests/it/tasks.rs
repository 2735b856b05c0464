//! Volunteer tasks: dispatched for a need, accepted and withdrawn by volunteers on their phones;
//! a full task accepts nobody else even when many accept at once.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_domain::account::{AccountInput, NewAccount};
use wushe_domain::volunteer::{NewVolunteer, VolunteerInput};
use wushe_store::{Scope, accounts, volunteers};
use wushe_testkit::fixture::{self, PASSWORD, resident_id};
use wushe_testkit::{Session, TestApp, dual_test};

/// `n` volunteers of the community 500101001001, each with an account that signs them in.
pub(crate) async fn volunteers_with_accounts(app: &TestApp, n: usize) -> Vec<Session> {
    let all = Scope::all();
    let today = time::macros::date!(2026 - 11 - 29);
    let hash = wushe_domain::password::hash(PASSWORD).expect("hash");
    let mut sessions = Vec::new();
    for i in 0..n {
        let phone = format!("136{:08}", 20_000 + i);
        let input = VolunteerInput {
            name: format!("抢单志愿{i}"),
            id_number: resident_id("500101", "19950101", &format!("{:03}", 100 + i)),
            phone: phone.clone(),
            region: "500101001001".into(),
            ..Default::default()
        };
        let new = NewVolunteer::parse(&input, today).expect("volunteer");
        volunteers::insert(&app.db, &all, &[new], None, "volunteer.create").await.expect("insert");
        let account = AccountInput {
            username: format!("grab{i}"),
            display_name: format!("抢单志愿{i}"),
            phone: Some(phone),
            role: "volunteer".into(),
            region: "500101001001".into(),
            service_point: None,
            organization: None,
            password: PASSWORD.into(),
        };
        let a = accounts::create(&app.db, &all, &NewAccount::parse(&account).expect("account"), &hash, false, None)
            .await
            .expect("account");
        sessions.push(app.session_for(a.id).await);
    }
    sessions
}

fn task(places: u32) -> serde_json::Value {
    let start = wushe_store::now_ms() + 26 * 3_600_000;
    let fmt = |ms: i64| {
        let t = time::OffsetDateTime::from_unix_timestamp(ms / 1000 + 8 * 3600).expect("time");
        format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
    };
    json!({"title": "陪同就医", "place": "万州区人民医院", "starts_at": fmt(start), "ends_at": fmt(start + 2 * 3_600_000),
        "skills": "陪伴探访", "places": places.to_string()})
}

dual_test!(a_full_task_accepts_nobody_else_however_many_accept_at_once, |app| {
    let fx = fixture::load(&app).await;
    let staff = app.login("wz.station", PASSWORD).await;
    let need = fx.needs[0].id;
    app.api(Method::POST, &format!("/api/v1/needs/{need}/status"), Some(&staff), Some(json!({"to": "assessed"}))).await;
    let res = app.api(Method::POST, &format!("/api/v1/needs/{need}/tasks"), Some(&staff), Some(task(3))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let id = res.json()["id"].as_str().expect("id").to_owned();
    let n = app.api(Method::GET, &format!("/api/v1/needs/{need}"), Some(&staff), None).await.json();
    assert_eq!(n["status"], "linked", "dispatching a task links the need");

    let sessions = volunteers_with_accounts(&app, 16).await;
    let open = app.api(Method::GET, "/api/v1/tasks", Some(&sessions[0]), None).await.json();
    assert!(open.as_array().expect("tasks").iter().any(|t| t["id"] == id.as_str()), "volunteers see it: {open}");
    let path = format!("/api/v1/tasks/{id}/accept");
    let calls = sessions.iter().map(|s| app.api(Method::POST, &path, Some(s), None));
    let answers = futures_util::future::join_all(calls).await;
    let won = answers.iter().filter(|r| r.status == StatusCode::OK).count();
    let full = answers.iter().filter(|r| r.status == StatusCode::CONFLICT && r.message() == "任务名额已满").count();
    assert_eq!((won, full), (3, 13), "{:?}", answers.iter().map(|r| r.text()).collect::<Vec<_>>());
    let t = app.api(Method::GET, &format!("/api/v1/needs/{need}/tasks"), Some(&staff), None).await.json();
    assert_eq!(t[0]["taken"], 3);
    let accepted: i64 = {
        use sqlx::Row;
        sqlx::query("SELECT COUNT(*) AS n FROM task_volunteers WHERE task_id = $1 AND status = 'accepted'")
            .bind(&id)
            .fetch_one(&app.db.pool)
            .await
            .expect("count")
            .try_get("n")
            .expect("n")
    };
    assert_eq!(accepted, 3);
    // A winner withdraws: the place opens and one more may take it.
    let winner = answers.iter().position(|r| r.status == StatusCode::OK).expect("a winner");
    let res = app.api(Method::POST, &format!("/api/v1/tasks/{id}/withdraw"), Some(&sessions[winner]), None).await;
    assert_eq!(res.json()["taken"], 2);
    let again = app.api(Method::POST, &format!("/api/v1/tasks/{id}/withdraw"), Some(&sessions[winner]), None).await;
    assert_eq!(again.message(), "您没有报名此任务");
    let loser = answers.iter().position(|r| r.status == StatusCode::CONFLICT).expect("a loser");
    let res = app.api(Method::POST, &path, Some(&sessions[loser]), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let twice = app.api(Method::POST, &path, Some(&sessions[loser]), None).await;
    assert_eq!(twice.message(), "您已报名此任务");
});

dual_test!(tasks_refuse_bad_windows_unknown_skills_and_staff_takers, |app| {
    let fx = fixture::load(&app).await;
    let staff = app.login("wz.station", PASSWORD).await;
    let need = fx.needs[0].id;
    let path = format!("/api/v1/needs/{need}/tasks");
    let early = app.api(Method::POST, &path, Some(&staff), Some(task(2))).await;
    assert_eq!(early.message(), "需求需先评估，或已办结，不能联动");
    app.api(Method::POST, &format!("/api/v1/needs/{need}/status"), Some(&staff), Some(json!({"to": "assessed"}))).await;
    let mut past = task(2);
    past["starts_at"] = json!("2020-01-01 09:00");
    assert_eq!(app.api(Method::POST, &path, Some(&staff), Some(past)).await.message(), "开始时间不能早于现在");
    let mut skill = task(2);
    skill["skills"] = json!("飞行");
    assert_eq!(app.api(Method::POST, &path, Some(&staff), Some(skill)).await.json()["error"]["field"], "skills");
    let mut none = task(2);
    none["places"] = json!("0");
    assert_eq!(
        app.api(Method::POST, &path, Some(&staff), Some(none)).await.message(),
        "需要人数应为 1 到 100 之间的整数"
    );
    assert_eq!(app.count("tasks").await, 3, "only the fixture's tasks: nothing was written");
    let t = &fx.tasks[0];
    let res = app.api(Method::POST, &format!("/api/v1/tasks/{}/accept", t.id), Some(&staff), None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "staff do not take volunteer tasks");
    let volunteer = app.login("wz.volunteer", PASSWORD).await;
    let res = app.api(Method::POST, &format!("/api/v1/tasks/{}/accept", fx.tasks[1].id), Some(&volunteer), None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "a task in another district is not near them");
});
