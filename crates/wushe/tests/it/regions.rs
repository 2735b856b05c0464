//! The region browser: children, coverage, functional zones.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use wushe_testkit::fixture::{self, PASSWORD};
use wushe_testkit::{Engine, TestApp, dual_test, postgres_url};

fn coverage(v: &Value, level: &str) -> (i64, i64, i64) {
    let c = v["coverage"].as_array().expect("coverage").iter().find(|c| c["point_level"] == level).expect("level");
    (
        c["units"].as_i64().expect("units"),
        c["covered"].as_i64().expect("covered"),
        c["per_mille"].as_i64().expect("per_mille"),
    )
}

dual_test!(coverage_counts_units_and_points_under_a_region, |app| {
    fixture::load(&app).await;
    let s = app.login("cq.admin", PASSWORD).await;
    let res = app.api(Method::GET, "/api/v1/regions/5001", Some(&s), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let v = res.json();
    // The fixture holds 万州区 and 涪陵区 (two centres), three townships with a station each,
    // and their 10 + 22 + 10 villages with one room each.
    assert_eq!(coverage(&v, "center"), (2, 2, 1000));
    assert_eq!(coverage(&v, "station"), (3, 3, 1000));
    let (units, covered, per_mille) = coverage(&v, "room");
    assert_eq!((covered, per_mille), (3, (3 * 2000 + units) / (units * 2)));
    assert_eq!(v["children"].as_array().expect("children").len(), 2);
    assert_eq!(v["trail"][0]["code"], "50", "the trail starts at the actor's home");
    // A room worker's own village shows no lower level; their parent township is not theirs.
    let room = app.login("wz.room", PASSWORD).await;
    let own = app.api(Method::GET, "/api/v1/regions/500101001001", Some(&room), None).await.json();
    assert_eq!(own["coverage"].as_array().expect("coverage").len(), 0);
    assert_eq!(own["points"][0]["name"], "万州一室FX");
    assert_eq!(
        app.api(Method::GET, "/api/v1/regions/500101001", Some(&room), None).await.status,
        StatusCode::NOT_FOUND
    );
    // Closing the only station of a township uncovers it.
    let centre = app.login("wz.center", PASSWORD).await;
    let list =
        app.api(Method::GET, "/api/v1/service-points?level=station&region=500101017", Some(&centre), None).await.json();
    let id = list["items"][0]["id"].as_str().expect("station").to_owned();
    let res =
        app.api(Method::POST, &format!("/api/v1/service-points/{id}/close"), Some(&centre), Some(json!({}))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let v = app.api(Method::GET, "/api/v1/regions/5001", Some(&s), None).await.json();
    assert_eq!(coverage(&v, "station"), (3, 2, 667));
});

dual_test!(the_region_page_shows_coverage_in_chinese, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    let page = app.get("/regions/500101", Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    for text in ["万州区", "服务阵地覆盖情况", "社会工作服务站", "高笋塘街道", "100.0%", "万州中心FX"]
    {
        assert!(html.contains(text), "the page shows {text}");
    }
    assert!(!html.contains("涪陵"), "nothing of the sibling district");
    assert_eq!(app.get("/regions/500102", Some(&s)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/regions/not-a-code", Some(&s)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/regions", Some(&s)).await.location(), Some("/regions/500101"));
});

dual_test!(functional_zones_take_townships_and_their_centres_count, |app| {
    fixture::load(&app).await;
    let admin = app.login("cq.admin", PASSWORD).await;
    let res =
        app.api(Method::POST, "/api/v1/regions/5001/zones", Some(&admin), Some(json!({"name": "两江新区"}))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let zone = res.json();
    assert_eq!(zone["code"], "5001F01");
    assert_eq!(zone["functional"], true);
    // A township of 万州区 is placed under the zone: it leaves 万州区's subtree with its villages.
    let res = app
        .api(Method::POST, "/api/v1/regions/500101017/placement", Some(&admin), Some(json!({"county": "5001F01"})))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let wz = app.api(Method::GET, "/api/v1/regions/500101", Some(&admin), None).await.json();
    assert_eq!(coverage(&wz, "station"), (1, 1, 1000));
    let z = app.api(Method::GET, "/api/v1/regions/5001F01", Some(&admin), None).await.json();
    assert_eq!(coverage(&z, "station"), (1, 1, 1000));
    assert_eq!(z["children"][0]["region"]["code"], "500101017");
    assert_eq!(z["children"][0]["points"], 1, "the township's own station");
    let city = app.api(Method::GET, "/api/v1/regions/5001", Some(&admin), None).await.json();
    assert_eq!(coverage(&city, "center"), (3, 2, 667), "the zone is a county-level unit without a centre yet");
    // 万州区's staff no longer see the township; a centre can be registered on the zone.
    let centre = app.login("wz.center", PASSWORD).await;
    assert_eq!(
        app.api(Method::GET, "/api/v1/regions/500101017", Some(&centre), None).await.status,
        StatusCode::NOT_FOUND
    );
    let body = json!({"region": "5001F01", "name": "两江新区社会工作指导中心", "address": "两江新区", "opened_on": "2023-01-01"});
    let res = app.api(Method::POST, "/api/v1/service-points", Some(&admin), Some(body)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    assert_eq!(res.json()["level"], "center");
    // Bad requests name the field.
    let res = app.api(Method::POST, "/api/v1/regions/500101/zones", Some(&admin), Some(json!({"name": "x"}))).await;
    assert_eq!(res.json()["error"]["field"], "parent");
    let res = app
        .api(Method::POST, "/api/v1/regions/500101001/placement", Some(&admin), Some(json!({"county": "500101001001"})))
        .await;
    assert_eq!(res.json()["error"]["field"], "zone");
    let res = app.api(Method::POST, "/api/v1/regions/5001/zones", Some(&admin), Some(json!({"name": " "}))).await;
    assert_eq!(res.message(), "名称不能为空");
});

/// The real national list for Chongqing, loaded through the product's own loader.
async fn chongqing(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    wushe_store::regions::load_national(&app.db, &["50"], |_, _| {}).await.expect("load");
    let again = wushe_store::regions::load_national(&app.db, &["50"], |_, _| {}).await.expect("reload");
    assert_eq!(again, 0, "loading twice adds nothing");
    fixture::load(&app).await;
    let s = app.login("root", PASSWORD).await;
    let v = app.api(Method::GET, "/api/v1/regions/50", Some(&s), None).await.json();
    assert_eq!(coverage(&v, "center").0, 38);
    assert_eq!(coverage(&v, "station").0, 1031);
    assert_eq!(coverage(&v, "room").0, 11270);
}

#[tokio::test]
async fn chongqing_has_38_counties_1031_townships_11270_villages_sqlite() {
    chongqing(Engine::Sqlite).await;
}

#[tokio::test]
async fn chongqing_has_38_counties_1031_townships_11270_villages_postgres() {
    if postgres_url().is_some() {
        chongqing(Engine::Postgres).await;
    }
}
