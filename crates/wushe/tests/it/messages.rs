//! Messages (消息): every event that waits on someone tells exactly the accounts that can act on
//! it, in their area, in the event's own transaction; a message opens its record; another's
//! message answers 404 and is audited; parallel writers over a real port get one message each.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::Row;
use wushe_testkit::fixture::{self, Fixture, PASSWORD};
use wushe_testkit::{TestApp, dual_test};

use crate::probe::hidden_events;

/// Every message's kinds for an account, oldest first.
async fn kinds_of(app: &TestApp, fx: &Fixture, username: &str) -> Vec<String> {
    let rows = sqlx::query("SELECT kind FROM messages WHERE account_id = $1 ORDER BY created_at, id")
        .bind(fx.account(username).id.to_string())
        .fetch_all(&app.db.pool)
        .await
        .expect("messages");
    rows.iter().map(|r| r.try_get::<String, _>("kind").expect("kind")).collect()
}

/// Messages whose account lies outside the line of regions of the record they speak of.
async fn out_of_line(app: &TestApp) -> i64 {
    sqlx::query(
        "SELECT COUNT(*) AS n FROM messages m JOIN accounts a ON a.id = m.account_id \
         JOIN regions ar ON ar.code = a.region_code JOIN regions mr ON mr.code = m.region_code \
         WHERE NOT (mr.path LIKE ar.path || '%' OR ar.path LIKE mr.path || '%')",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("count")
    .try_get("n")
    .expect("n")
}

fn items(page: &Value) -> Vec<Value> {
    page["items"].as_array().expect("items").clone()
}

dual_test!(each_event_tells_exactly_those_who_can_act_in_their_area, |app| {
    let fx = fixture::load(&app).await;
    // The fixture's needs and referrals went to the room of each community and to the referred
    // organization; nobody in another line of regions heard of them.
    assert!(kinds_of(&app, &fx, "wz.room").await.contains(&"need_submitted".to_owned()));
    assert!(kinds_of(&app, &fx, "wz.org").await.contains(&"referral_received".to_owned()));
    assert!(kinds_of(&app, &fx, "fl.org").await.contains(&"referral_received".to_owned()));
    assert_eq!(out_of_line(&app).await, 0, "a message reached an account outside the record's line of regions");
    // Payments wait on the nearest keepers: Beijing's administrator, with no centre below, and
    // Wanzhou's centre; never the whole country's.
    for quiet in ["root", "cq.admin", "wz.resident"] {
        let told = kinds_of(&app, &fx, quiet).await;
        assert!(told.is_empty(), "{quiet} was told of something not theirs to act on: {told:?}");
    }
    assert!(kinds_of(&app, &fx, "bj.admin").await.iter().all(|k| k == "grant_awaiting" || k == "relief_awaiting"));
    // The fixture's certificate for the volunteer was issued: they were told.
    assert_eq!(kinds_of(&app, &fx, "wz.volunteer").await, ["certificate_issued"]);

    // A room worker invites a recommended volunteer to a task: the volunteer is told, and the
    // message opens the tasks page.
    let room = app.login("wz.room", PASSWORD).await;
    let task = fx.tasks.iter().find(|t| t.title == "万州任务FX").expect("task").id;
    let ours = fx.volunteers.iter().find(|v| v.name == "万州志愿甲FX").expect("volunteer").id;
    let theirs = fx.volunteers.iter().find(|v| v.name.starts_with("涪陵")).expect("volunteer").id;
    let path = format!("/api/v1/tasks/{task}/invitations");
    let res = app.api(Method::POST, &path, Some(&room), Some(json!({ "volunteer": ours }))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    // A volunteer of another district is as if there were none, and nobody is told.
    let before = app.count("messages").await;
    let res = app.api(Method::POST, &path, Some(&room), Some(json!({ "volunteer": theirs }))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text());
    assert!(res.text().contains("志愿者"), "{}", res.text());
    // A room of another township cannot reach the task at all.
    let other_room = app.login("wz2.room", PASSWORD).await;
    let res = app.api(Method::POST, &path, Some(&other_room), Some(json!({ "volunteer": ours }))).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.text());
    assert_eq!(app.count("messages").await, before, "a refused invitation tells nobody");

    let volunteer = app.login("wz.volunteer", PASSWORD).await;
    let page = app.api(Method::GET, "/api/v1/me/messages", Some(&volunteer), None).await.json();
    let mine = items(&page);
    assert_eq!(mine.len(), 2, "{page}");
    assert_eq!(mine[0]["kind"], "task_offered", "newest first");
    assert_eq!(mine[0]["link"], "/tasks");
    assert!(mine[0]["text"].as_str().expect("text").contains("万州任务FX"), "{page}");
    assert_eq!(mine[0]["read"], false);
    let en = app.api_lang(Method::GET, "/api/v1/me/messages", Some(&volunteer), None, "en").await.json();
    assert!(items(&en)[0]["text"].as_str().expect("text").starts_with("You are invited"), "{en}");

    // Another account opening it: 404, audited; the owner opening it: read.
    let id = mine[0]["id"].as_str().expect("id").to_owned();
    let hidden = hidden_events(&app).await;
    let res = app.api(Method::POST, &format!("/api/v1/me/messages/{id}/read"), Some(&room), None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.text());
    assert_eq!(hidden_events(&app).await, hidden + 1, "a probe into another's message is audited");
    let res = app.api(Method::POST, &format!("/api/v1/me/messages/{id}/read"), Some(&volunteer), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["read"], true);

    // The volunteer accepts; the certificate they ask for, issued or refused, comes back as a
    // message.
    let res = app.api(Method::POST, &format!("/api/v1/tasks/{task}/accept"), Some(&volunteer), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let station = app.login("wz.station", PASSWORD).await;
    let today = time::OffsetDateTime::now_utc().to_offset(time::UtcOffset::from_hms(8, 0, 0).expect("offset")).date();
    let day = |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    let period = json!({"unit": "", "from": day(today - time::Duration::days(30)), "to": day(today)});
    let res = app.api(Method::POST, "/api/v1/me/certificates", Some(&volunteer), Some(period)).await;
    assert!(res.status.is_success(), "{}", res.text());
    let cert = res.json()["id"].as_str().expect("certificate id").to_owned();
    let res = app
        .api(
            Method::POST,
            &format!("/api/v1/certificates/{cert}/refuse"),
            Some(&station),
            Some(json!({"reason": "时段有误"})),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let kinds = kinds_of(&app, &fx, "wz.volunteer").await;
    assert_eq!(
        kinds,
        ["certificate_issued", "task_offered", "certificate_refused"],
        "the volunteer hears of the refusal"
    );
    assert_eq!(out_of_line(&app).await, 0);
});

dual_test!(the_header_counts_unread_and_reading_clears_it, |app| {
    let fx = fixture::load(&app).await;
    let room = app.login("wz.room", PASSWORD).await;
    let unread = kinds_of(&app, &fx, "wz.room").await.len();
    assert!(unread > 0);
    let page = app.get("/inbox", Some(&room)).await;
    assert!(
        page.text().contains(&format!("<span class=\"badge\" aria-label=\"未读\">{unread}</span>")),
        "{}",
        page.text()
    );
    let res = app.api(Method::POST, "/api/v1/me/messages/read", Some(&room), None).await;
    assert_eq!(res.json()["marked"], unread as i64);
    let page = app.get("/inbox", Some(&room)).await;
    assert!(!page.text().contains("class=\"badge\""), "{}", page.text());
});

dual_test!(needs_written_by_parallel_clients_each_tell_the_room_once, |app| {
    let fx = fixture::load(&app).await;
    let before = kinds_of(&app, &fx, "wz.room").await.len();
    let station = app.login("wz.station", PASSWORD).await;
    let base = app.serve().await;
    let token = station.token.clone();
    const CLIENTS: usize = 8;
    const EACH: usize = 5;
    let created: Vec<usize> = wushe_testkit::parallel_clients(CLIENTS, move |i| {
        let (base, token) = (base.clone(), token.clone());
        async move {
            let http = reqwest::Client::new();
            let mut ok = 0;
            for j in 0..EACH {
                let body = json!({
                    "region": "500101001001", "category": "elderly_care",
                    "description": format!("并发需求 {i}-{j}"), "contact_name": "联系人", "contact_phone": "13800000000",
                });
                let res = http
                    .post(format!("{base}/api/v1/needs"))
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await
                    .expect("send");
                assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
                ok += 1;
            }
            ok
        }
    });
    let total: usize = created.iter().sum();
    assert_eq!(total, CLIENTS * EACH);
    assert_eq!(
        kinds_of(&app, &fx, "wz.room").await.len(),
        before + total,
        "one message per need, none lost or doubled"
    );
    assert!(kinds_of(&app, &fx, "wz.station").await.iter().all(|k| k != "need_submitted"), "the writer is not told");
});
