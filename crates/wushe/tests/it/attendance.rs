//! Volunteers check in and out of the tasks they accepted; the raw times stay for the hours
//! ledger, and each is written once.

use axum::http::{Method, StatusCode};
use sqlx::Row;
use wushe_domain::task::NewTask;
use wushe_store::Scope;
use wushe_testkit::fixture::{self, Fixture, PASSWORD};
use wushe_testkit::{TestApp, dual_test};

/// A task of the fixture's first need (assessed for it) starting in half an hour: check-in is open.
async fn task_starting_soon(app: &TestApp, fx: &Fixture, title: &str) -> wushe_store::tasks::Task {
    let need = fx.needs[0].id;
    let all = Scope::all();
    wushe_store::needs::transition(&app.db, &all, need, wushe_domain::need::NeedStatus::Assessed, None, None, None)
        .await
        .expect("assess");
    let now = wushe_store::now_ms();
    let soon = NewTask {
        title: title.into(),
        place: "居民家中".into(),
        starts_at: now + 30 * 60_000,
        ends_at: now + 150 * 60_000,
        skills: Vec::new(),
        places: 2,
    };
    wushe_store::tasks::create(&app.db, &all, need, &soon, None).await.expect("task").expect("in scope")
}

dual_test!(a_volunteer_checks_in_and_out_once_and_cannot_withdraw_after_serving, |app| {
    let fx = fixture::load(&app).await;
    let now = wushe_store::now_ms();
    let task = task_starting_soon(&app, &fx, "上门陪护").await;
    let volunteer = app.login("wz.volunteer", PASSWORD).await;
    let base = format!("/api/v1/tasks/{}", task.id);
    let not_yet = app.api(Method::POST, &format!("{base}/check-in"), Some(&volunteer), None).await;
    assert_eq!(not_yet.message(), "您没有报名此任务");
    app.api(Method::POST, &format!("{base}/accept"), Some(&volunteer), None).await;
    let out_first = app.api(Method::POST, &format!("{base}/check-out"), Some(&volunteer), None).await;
    assert_eq!(out_first.message(), "您还没有签到");
    let far = app.api(Method::POST, &format!("/api/v1/tasks/{}/accept", fx.tasks[0].id), Some(&volunteer), None).await;
    assert_eq!(far.status, StatusCode::OK, "{}", far.text());
    let early_path = format!("/api/v1/tasks/{}/check-in", fx.tasks[0].id);
    let early = app.api(Method::POST, &early_path, Some(&volunteer), None).await;
    assert_eq!(early.message(), "任务开始前一小时至结束前才能签到");

    let check_in = format!("{base}/check-in");
    let taps = (0..4).map(|_| app.api(Method::POST, &check_in, Some(&volunteer), None));
    let ins = futures_util::future::join_all(taps).await;
    assert_eq!(ins.iter().filter(|r| r.status == StatusCode::OK).count(), 1, "one check-in however many taps");
    let done = ins.iter().find(|r| r.status == StatusCode::OK).expect("checked in").json();
    assert!(done["checked_in_at"].is_string(), "{done}");
    let withdraw = app.api(Method::POST, &format!("{base}/withdraw"), Some(&volunteer), None).await;
    assert_eq!(withdraw.message(), "您已经签到");
    let out = app.api(Method::POST, &format!("{base}/check-out"), Some(&volunteer), None).await;
    assert_eq!(out.status, StatusCode::OK, "{}", out.text());
    let twice = app.api(Method::POST, &format!("{base}/check-out"), Some(&volunteer), None).await;
    assert_eq!(twice.message(), "您已经签退");
    let row = sqlx::query("SELECT check_in_at, check_out_at FROM task_volunteers WHERE task_id = $1")
        .bind(task.id.to_string())
        .fetch_one(&app.db.pool)
        .await
        .expect("row");
    let (i, o): (Option<i64>, Option<i64>) =
        (row.try_get("check_in_at").expect("in"), row.try_get("check_out_at").expect("out"));
    assert!(matches!((i, o), (Some(i), Some(o)) if i >= now && o >= i), "raw times kept: {i:?} {o:?}");
    let page = app.get("/tasks", Some(&volunteer)).await.text();
    assert!(page.contains("已签退"), "the phone page shows the volunteer checked out");
});

dual_test!(checking_out_credits_hours_once_in_a_chained_ledger_that_detects_a_change, |app| {
    let fx = fixture::load(&app).await;
    let now = wushe_store::now_ms();
    let task = task_starting_soon(&app, &fx, "陪同复诊").await;
    let volunteer = app.login("wz.volunteer", PASSWORD).await;
    let base = format!("/api/v1/tasks/{}", task.id);
    app.api(Method::POST, &format!("{base}/accept"), Some(&volunteer), None).await;
    app.api(Method::POST, &format!("{base}/check-in"), Some(&volunteer), None).await;
    // They served the whole window: check-in moved back to before the start, the task over.
    sqlx::query("UPDATE task_volunteers SET check_in_at = $1 WHERE task_id = $2")
        .bind(now - 10 * 60_000)
        .bind(task.id.to_string())
        .execute(&app.db.pool)
        .await
        .expect("earlier check-in");
    sqlx::query("UPDATE tasks SET starts_at = $1, ends_at = $2 WHERE id = $3")
        .bind(now - 30 * 60_000)
        .bind(now + 60 * 60_000)
        .bind(task.id.to_string())
        .execute(&app.db.pool)
        .await
        .expect("a window that has begun");
    let out = app.api(Method::POST, &format!("{base}/check-out"), Some(&volunteer), None).await;
    assert_eq!(out.status, StatusCode::OK, "{}", out.text());
    let mine = app.api(Method::GET, "/api/v1/me/hours", Some(&volunteer), None).await.json();
    let entries = mine["entries"].as_array().expect("entries");
    let task_entry = entries.iter().find(|e| e["source"] == "task").expect("a task entry");
    assert_eq!(task_entry["minutes"], 10, "{mine}");
    assert_eq!(mine["total_minutes"], 120 + 10, "the fixture's two hours and the task's ten minutes: {mine}");
    let again = app.api(Method::POST, &format!("{base}/check-out"), Some(&volunteer), None).await;
    assert_eq!(again.message(), "您已经签退");
    let credited: i64 = sqlx::query("SELECT COUNT(*) AS n FROM hours_entries WHERE source = 'task'")
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
        .try_get("n")
        .expect("n");
    assert_eq!(credited, 1, "credited once");
    assert!(wushe_store::hours::verify(&app.db).await.expect("verify").is_ok());
    sqlx::query("UPDATE hours_entries SET minutes = 600 WHERE source = 'task'")
        .execute(&app.db.pool)
        .await
        .expect("tamper");
    assert_eq!(wushe_store::hours::verify(&app.db).await.expect("verify"), Err(4), "a changed entry breaks the chain");
});
