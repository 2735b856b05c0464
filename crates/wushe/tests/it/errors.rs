//! Failures are told as they are: a database error is a 500 with a generic message, never
//! "not found" and never an empty list.

use axum::http::{Method, StatusCode};
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

dual_test!(a_broken_database_is_a_server_error_not_an_empty_answer, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    sqlx::query("ALTER TABLE service_points RENAME TO service_points_gone")
        .execute(&app.db.pool)
        .await
        .expect("break the table");
    let list = app.api(Method::GET, "/api/v1/service-points", Some(&s), None).await;
    assert_eq!(list.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", list.text());
    assert_eq!(list.json()["error"]["code"], "internal");
    assert_eq!(list.message(), "服务器内部错误，已记录，请稍后再试");
    assert!(!list.text().contains("service_points"), "no SQL in the answer");
    let one =
        app.api(Method::GET, &format!("/api/v1/service-points/{}", fx.point("万州中心FX").id), Some(&s), None).await;
    assert_eq!(one.status, StatusCode::INTERNAL_SERVER_ERROR);
    let page = app.get("/service-points", Some(&s)).await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page.text().contains("服务器内部错误") && !page.text().contains("panicked"));
});

dual_test!(unknown_records_and_routes_are_404_in_the_callers_language, |app| {
    fixture::load(&app).await;
    let s = app.login("root", PASSWORD).await;
    let res = app.api(Method::GET, "/api/v1/service-points/00000000-0000-7000-8000-000000000000", Some(&s), None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.message(), "记录不存在或不在您的管辖范围内");
    let res = app.api_lang(Method::GET, "/api/v1/accounts/not-an-id", Some(&s), None, "en").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.message(), "The record does not exist or is outside your area");
    let page = app.get("/regions/999999", Some(&s)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.text().contains("记录不存在或不在您的管辖范围内"));
    // An address no route answers: the product's own page, and JSON under /api/.
    let page = app.get("/no/such/page", None).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.text().contains("您要找的页面不存在") && page.text().contains("返回首页"), "{}", page.text());
    let api = app.api(Method::GET, "/api/v1/no-such-thing", Some(&s), None).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.json()["error"]["code"], "not_found");
    let anonymous = app.get("/service-points", None).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(anonymous.location(), Some("/login?next=/service-points"));
    let api = app.api(Method::GET, "/api/v1/me", None, None).await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.message(), "请先登录");
});

dual_test!(a_broken_session_store_is_a_server_error_with_a_body, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    sqlx::query("ALTER TABLE sessions RENAME TO sessions_gone").execute(&app.db.pool).await.expect("break the table");
    let res = app.api_lang(Method::GET, "/api/v1/me", Some(&s), None, "en").await;
    assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(res.message(), "Internal error; it has been logged, please try again later");
    let page = app.get("/me", Some(&s)).await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page.text().contains("服务器内部错误"), "not a blank page, not a sign-in redirect");
});

/// A database that cannot be reached answers 503 with a sentence and when to retry: never a
/// bare 500, never "not found" or an empty list.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_cannot_be_reached_answers_503_with_a_sentence() {
    let app = wushe_testkit::TestApp::spawn(wushe_testkit::Engine::Sqlite).await;
    wushe_testkit::fixture::load(&app).await;
    let s = app.login("wz.station", wushe_testkit::fixture::PASSWORD).await;
    app.db.pool.close().await;
    for path in ["/api/v1/volunteers", "/volunteers"] {
        let res = app.get(path, Some(&s)).await;
        assert_eq!(res.status, axum::http::StatusCode::SERVICE_UNAVAILABLE, "{path}: {}", res.text());
        assert_eq!(res.headers["retry-after"], "10", "{path}");
        assert!(res.text().contains("数据库暂时无法连接"), "{path}: {}", res.text());
    }
}

dual_test!(a_bad_query_parameter_is_named_not_a_bare_400, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let res = app.api(Method::GET, "/api/v1/volunteers?offset=abc", Some(&s), None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text());
    assert_eq!(res.json()["error"]["field"], "query");
    assert!(res.message().starts_with("查询参数") && res.message().contains("offset"), "{}", res.message());
});
