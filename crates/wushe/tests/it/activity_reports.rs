//! After an activity: the report, photos (known by their bytes, at most nine however many arrive
//! at once) and the counts that feed the figures — one activity held, one 人次 per resident who
//! checked in.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;
use wushe_domain::resident::{NewResident, ResidentInput};
use wushe_store::{Scope, residents};
use wushe_testkit::fixture::{self, PASSWORD, resident_id};
use wushe_testkit::{Session, TestApp, TestResponse, dual_test};

/// A one-pixel PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D,
    0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

async fn upload(app: &TestApp, path: &str, s: &Session, bytes: &[u8]) -> TestResponse {
    let req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {}", s.token))
        .header(header::CONTENT_TYPE, "image/png")
        .body(Body::from(bytes.to_vec()))
        .expect("request");
    app.call(req).await
}

/// The page's upload form: multipart, with the CSRF token in the action URL.
async fn upload_form(app: &TestApp, path: &str, s: &Session, bytes: &[u8]) -> TestResponse {
    let boundary = "wusheboundary7MA4YWxk";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("{path}?_csrf={}", s.csrf))
        .header(header::COOKIE, format!("wushe_session={}", s.token))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .expect("request");
    app.call(req).await
}

dual_test!(a_held_activity_gets_its_report_photos_and_counts, |app| {
    let fx = fixture::load(&app).await;
    let id = fx.activities.iter().find(|a| a.marker == "万州活动FX").expect("activity").id.clone();
    let station = app.login("wz.station", PASSWORD).await;
    // The resident account's phone registers a resident, who can then take part.
    let input = ResidentInput {
        name: "总结居民FX".into(),
        id_number: resident_id("500101", "19500101", "778"),
        phone: "13900000013".into(),
        region: "500101001001".into(),
        ..Default::default()
    };
    let new = NewResident::parse(&input, time::macros::date!(2026 - 11 - 29)).expect("resident");
    residents::insert(&app.db, &Scope::all(), &[new], None, "resident.create", &mut |_| {}).await.expect("resident");
    for who in ["wz.volunteer", "wz.resident"] {
        let s = app.login(who, PASSWORD).await;
        let res = app.api(Method::POST, &format!("/api/v1/public/activities/{id}/sign-up"), Some(&s), None).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    }
    let report = format!("/api/v1/activities/{id}/report");
    let early = app.api(Method::PUT, &report, Some(&station), Some(json!({"note": "还没开始"}))).await;
    assert_eq!(early.message(), "活动已发布并结束后，才能填写活动总结、上传照片");

    // It took place: both came, and it is over.
    let now = wushe_store::now_ms();
    sqlx::query("UPDATE activity_signups SET check_in_at = $1 WHERE activity_id = $2")
        .bind(now - 100 * 60_000)
        .bind(&id)
        .execute(&app.db.pool)
        .await
        .expect("check in");
    sqlx::query("UPDATE activities SET starts_at = $1, ends_at = $2 WHERE id = $3")
        .bind(now - 120 * 60_000)
        .bind(now - 60_000)
        .bind(&id)
        .execute(&app.db.pool)
        .await
        .expect("over");
    let r = app.api(Method::GET, &report, Some(&station), None).await.json();
    assert_eq!(
        (r["held"].as_bool(), r["residents_attended"].as_i64(), r["volunteers_attended"].as_i64()),
        (Some(true), Some(1), Some(1)),
        "{r}"
    );

    let empty = app.api(Method::PUT, &report, Some(&station), Some(json!({"note": " "}))).await;
    assert_eq!(empty.json()["error"]["field"], "note", "{}", empty.text());
    let res = app
        .api(Method::PUT, &report, Some(&station), Some(json!({"note": "12 位老人参加义诊，3 人转介家庭医生"})))
        .await;
    assert_eq!(res.json()["note"], "12 位老人参加义诊，3 人转介家庭医生", "{}", res.text());

    // Photos are known by their bytes, not by what the upload says they are.
    let photos = format!("/api/v1/activities/{id}/photos");
    let fake = upload(&app, &photos, &station, b"<svg onload=alert(1)>").await;
    assert_eq!((fake.status, fake.json()["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("file")));
    let res = upload(&app, &photos, &station, PNG).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let url = res.json()["url"].as_str().expect("url").to_owned();
    let back = app.api(Method::GET, &url, Some(&station), None).await;
    assert_eq!((back.headers["content-type"].to_str().ok(), back.body.as_slice()), (Some("image/png"), PNG));
    let page = upload_form(&app, &format!("/activities/{id}/photos"), &station, PNG).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.text());

    // Nine at most, however many arrive at once: the fixture's, two above, six of these ten.
    let tries = futures_util::future::join_all((0..10).map(|_| upload(&app, &photos, &station, PNG))).await;
    let created = tries.iter().filter(|r| r.status == StatusCode::CREATED).count();
    assert_eq!(created, 6, "{:?}", tries.iter().map(|r| r.status).collect::<Vec<_>>());
    let refused = tries.iter().find(|r| r.status == StatusCode::CONFLICT).expect("a refusal");
    assert_eq!(refused.message(), "每场活动最多上传 9 张照片");
    let r = app.api(Method::GET, &report, Some(&station), None).await.json();
    assert_eq!(r["photos"].as_array().map(Vec::len), Some(9));
    let shown = app.get(&format!("/activities/{id}"), Some(&station)).await.text();
    assert!(shown.contains("活动总结") && shown.contains("12 位老人参加义诊"), "{shown}");
});
