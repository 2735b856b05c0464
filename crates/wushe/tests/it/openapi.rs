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

/// Every documented parameter is where the router reads it: a path parameter is a `{name}` of
/// its route and every `{name}` is documented as one; everything else is a query parameter. And
/// every guarded operation documents the 401 and 403 its guard answers.
#[tokio::test]
async fn every_parameter_and_answer_is_documented_where_the_router_has_it() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let doc = app.api(Method::GET, "/api/openapi.json", None, None).await.json();
    let guards: std::collections::HashMap<String, wushe_web::routes::Guard> =
        table().iter().map(|d| (format!("{} {}", d.method, d.path), d.guard)).collect();
    let mut wrong = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let templated: BTreeSet<String> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(str::to_owned)
            .collect();
        for (method, op) in item.as_object().expect("item") {
            let label = format!("{} {path}", method.to_uppercase());
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let mut in_path = BTreeSet::new();
            let mut seen = BTreeSet::new();
            for p in &params {
                let (name, place) = (p["name"].as_str().expect("name"), p["in"].as_str().expect("in"));
                if !seen.insert(name.to_owned()) {
                    wrong.push(format!("{label}: {name} documented twice"));
                }
                match place {
                    "path" => {
                        in_path.insert(name.to_owned());
                        if !templated.contains(name) {
                            wrong.push(format!("{label}: {name} is documented in the path but is not in it"));
                        }
                    }
                    // A struct flattened into the query would show up as one parameter named
                    // after its field, which no client can send.
                    "query" if p["schema"]["$ref"].is_string() || p["schema"]["allOf"].is_array() => {
                        wrong.push(format!("{label}: query {name} is a whole structure"))
                    }
                    "query" => {}
                    other => wrong.push(format!("{label}: {name} documented in {other}")),
                }
            }
            for name in templated.difference(&in_path) {
                wrong.push(format!("{label}: path parameter {name} is not documented"));
            }
            let guard = guards[&label];
            let answers = op["responses"].as_object().expect("responses");
            if guard != wushe_web::routes::Guard::Public {
                for code in ["401", "403"] {
                    if !answers.contains_key(code) {
                        wrong.push(format!("{label}: {code} not documented"));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{} mismatches:\n{}", wrong.len(), wrong.join("\n"));
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    assert!(schemas.contains_key("ActivityReportView") && schemas.contains_key("AnnualReportView"), "one name each");
    let login = &schemas["LoginInput"]["properties"];
    assert!(login.get("login").is_some(), "the sign-in body names login, as its errors do");
}
