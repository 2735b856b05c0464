//! The OpenAPI document is generated from the handlers and matches the route table.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use wushe_testkit::{Engine, TestApp};
use wushe_web::routes::table;

#[tokio::test]
async fn the_document_lists_exactly_the_api_routes() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let res = app.api(Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(res.status, StatusCode::OK);
    let doc = res.json();
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("item").keys() {
            documented.insert(format!("{} {path}", method.to_uppercase()));
        }
    }
    let routed: BTreeSet<String> =
        table().iter().filter(|d| d.path.starts_with("/api/v1/")).map(|d| format!("{} {}", d.method, d.path)).collect();
    assert_eq!(documented, routed);
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for name in ["PointView", "AccountView", "RegionDetail", "ErrorBody", "NewPointInput"] {
        assert!(schemas.contains_key(name), "schema {name}");
    }
}
