//! Escalation: a need not taken up within its time limit goes up a level, once, with a timeline
//! entry and notifications for the receiving level; a need taken up in time stays.

use axum::http::Method;
use wushe_domain::need::Urgency;
use wushe_store::escalation;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

fn limits(_: Urgency) -> i64 {
    72 * 3_600_000
}

async fn make_overdue(app: &wushe_testkit::TestApp, need: &str) {
    sqlx::query("UPDATE needs SET due_at = $1 WHERE id = $2")
        .bind(wushe_store::now_ms() - 1000)
        .bind(need)
        .execute(&app.db.pool)
        .await
        .expect("overdue");
}

dual_test!(an_overdue_need_goes_up_a_level_once_and_its_receivers_are_told, |app| {
    let fx = fixture::load(&app).await;
    let need = fx.needs[0].id.to_string();
    let taken = fx.needs[1].id.to_string();
    make_overdue(&app, &need).await;
    make_overdue(&app, &taken).await;
    sqlx::query("UPDATE needs SET status = 'assessed' WHERE id = $1")
        .bind(&taken)
        .execute(&app.db.pool)
        .await
        .expect("taken");
    // Two checks at once, as two server processes would run them: one escalation.
    let now = wushe_store::now_ms();
    let (a, b) = tokio::join!(escalation::run(&app.db, now, &limits), escalation::run(&app.db, now, &limits));
    let moved: Vec<_> = a.expect("check").into_iter().chain(b.expect("check")).collect();
    assert_eq!(moved.len(), 1, "escalated once, not twice: {moved:?}");
    assert_eq!((moved[0].from.key(), moved[0].to.key()), ("room", "station"));
    assert_eq!(moved[0].notified, 1, "wz.station, whose township holds the community");
    // A later check (or one after a restart) finds nothing more to do until the new deadline.
    assert!(escalation::run(&app.db, wushe_store::now_ms(), &limits).await.expect("again").is_empty());

    let s = app.login("wz.station", PASSWORD).await;
    let n = app.api(Method::GET, &format!("/api/v1/needs/{need}"), Some(&s), None).await.json();
    assert_eq!(n["level"], "station");
    assert!(n["due_at"].as_i64().expect("due") > now + 71 * 3_600_000, "a new time limit at the new level");
    let timeline = app.api(Method::GET, &format!("/api/v1/needs/{need}/timeline"), Some(&s), None).await.json();
    let last = timeline.as_array().expect("timeline").last().cloned().expect("entry");
    assert_eq!(last["kind"], "escalated");
    assert!(last["note"].as_str().expect("note").contains("社会工作室"), "{last}");
    let inbox = app.api(Method::GET, "/api/v1/me/messages", Some(&s), None).await.json();
    let inbox = inbox["items"].as_array().expect("inbox").clone();
    assert_eq!(inbox.len(), 1, "{inbox:?}");
    assert_eq!(inbox[0]["kind"], "need_escalated");
    assert_eq!(inbox[0]["link"], format!("/needs/{need}"));
    let room = app.login("wz.room", PASSWORD).await;
    let theirs = app.api(Method::GET, "/api/v1/me/messages", Some(&room), None).await.json();
    let kinds: Vec<&str> =
        theirs["items"].as_array().expect("inbox").iter().filter_map(|m| m["kind"].as_str()).collect();
    assert!(kinds.contains(&"need_submitted"), "the room was told of the need: {kinds:?}");
    assert!(!kinds.contains(&"need_escalated"), "but not of its leaving: {kinds:?}");
    let listed = app.api(Method::GET, "/api/v1/needs?level=station&open=1", Some(&s), None).await.json();
    assert_eq!(listed["total"], 1, "the station's inbox of needs");
    // The outbox passes each on once.
    let waiting = app.count("messages").await as u64;
    assert_eq!(wushe_store::messages::deliver(&app.db, wushe_store::now_ms()).await.expect("deliver"), waiting);
    assert_eq!(wushe_store::messages::deliver(&app.db, wushe_store::now_ms()).await.expect("deliver"), 0);
    // From the station to the centre, and no further.
    make_overdue(&app, &need).await;
    let moved = escalation::run(&app.db, wushe_store::now_ms(), &limits).await.expect("check");
    assert_eq!(moved[0].to.key(), "center");
    make_overdue(&app, &need).await;
    assert!(escalation::run(&app.db, wushe_store::now_ms(), &limits).await.expect("check").is_empty());
    let trail = wushe_store::audit::for_entity(&app.db, "need", &need).await.expect("audit");
    assert_eq!(trail.iter().filter(|e| e.action == "need.escalated").count(), 2);
});

/// The server's own schedule runs the check: an overdue need moves without anyone asking.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_checks_on_its_own_schedule() {
    let app =
        wushe_testkit::TestApp::spawn_with(wushe_testkit::Engine::Sqlite, |s| s.escalation_check_seconds = 1).await;
    let fx = fixture::load(&app).await;
    let need = fx.needs[0].id.to_string();
    make_overdue(&app, &need).await;
    let schedule = tokio::spawn(wushe_app::jobs::escalation_loop(app.state.clone()));
    let mut level = String::new();
    for _ in 0..50 {
        use sqlx::Row;
        level = sqlx::query("SELECT level FROM needs WHERE id = $1")
            .bind(&need)
            .fetch_one(&app.db.pool)
            .await
            .expect("need")
            .try_get("level")
            .expect("level");
        if level == "station" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    schedule.abort();
    assert_eq!(level, "station");
}
