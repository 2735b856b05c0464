//! Every registry's list narrows to a region inside the caller's area, and refuses one outside.

use axum::http::{Method, StatusCode};
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

dual_test!(every_registry_lists_by_region, |app| {
    fixture::load(&app).await;
    let cq = app.login("cq.admin", PASSWORD).await;
    let station = app.login("wz.station", PASSWORD).await;
    let names = |v: &serde_json::Value| -> Vec<String> {
        v["items"].as_array().expect("items").iter().map(|i| i["name"].as_str().expect("name").to_owned()).collect()
    };
    for (list, fuling) in [
        ("volunteers", "涪陵志愿丙FX"),
        ("residents", "涪陵居民乙FX"),
        ("social-workers", "涪陵社工FX"),
        ("donors", "涪陵爱心人士FX"),
        ("organizations", "涪陵同心社工FX"),
    ] {
        let all = app.api(Method::GET, &format!("/api/v1/{list}"), Some(&cq), None).await.json();
        assert!(names(&all).len() >= 2, "{list}: {all}");
        let res = app.api(Method::GET, &format!("/api/v1/{list}?region=500102"), Some(&cq), None).await;
        assert_eq!(res.status, StatusCode::OK, "{list}: {}", res.text());
        assert_eq!(names(&res.json()), [fuling], "{list} under 涪陵区");
        let outside = app.api(Method::GET, &format!("/api/v1/{list}?region=500102"), Some(&station), None).await;
        assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY, "{list}: a region outside the station's area");
        assert_eq!(outside.json()["error"]["field"], "region");
        let bad = app.api(Method::GET, &format!("/api/v1/{list}?region=5001x"), Some(&cq), None).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{list}: not a region code");
    }
});
