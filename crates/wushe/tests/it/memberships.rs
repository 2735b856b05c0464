//! The managed skills list and volunteers' memberships of organizations and teams.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD, resident_id};

dual_test!(administrators_keep_the_skills_list, |app| {
    fixture::load(&app).await;
    let admin = app.login("cq.admin", PASSWORD).await;
    let centre = app.login("wz.center", PASSWORD).await;
    let res = app.api(Method::POST, "/api/v1/skills", Some(&centre), Some(json!({"name": "手语"}))).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "only administrators keep the list");
    let res = app.api(Method::POST, "/api/v1/skills", Some(&admin), Some(json!({"name": "手语"}))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert!(res.json().as_array().expect("list").iter().any(|s| s["name"] == "手语" && s["active"] == true));
    let again = app.api(Method::POST, "/api/v1/skills", Some(&admin), Some(json!({"name": "手语"}))).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.message().starts_with("技能"), "{}", again.message());
    let sep = app.api(Method::POST, "/api/v1/skills", Some(&admin), Some(json!({"name": "手语、盲文"}))).await;
    assert_eq!(sep.message(), "技能含有不允许的字符", "a separator would split the skill in a sheet");

    // A volunteer may hold the new skill; once retired, new registrations may not choose it.
    let station = app.login("wz.station", PASSWORD).await;
    let body = |name: &str, seq: &str, phone: &str| {
        json!({"name": name, "id_number": resident_id("500101", "19900101", seq), "phone": phone,
            "region": "500101001001", "skills": "手语"})
    };
    let res =
        app.api(Method::POST, "/api/v1/volunteers", Some(&station), Some(body("孙一", "811", "13500000811"))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let res = app.api(Method::POST, "/api/v1/skills/retire", Some(&admin), Some(json!({"name": "手语"}))).await;
    let list = res.json();
    let sign = list.as_array().expect("list").iter().find(|s| s["name"] == "手语").expect("kept").clone();
    assert_eq!(sign["active"], false);
    assert_eq!(sign["holders"], 1, "the volunteer who holds it keeps it");
    let res =
        app.api(Method::POST, "/api/v1/volunteers", Some(&station), Some(body("孙二", "822", "13500000822"))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.message().contains("手语"), "{}", res.message());
    let unknown = app.api(Method::POST, "/api/v1/skills/retire", Some(&admin), Some(json!({"name": "飞行"}))).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let trail = wushe_store::audit::list(&app.db, &wushe_store::Scope::all(), None, 50).await.expect("audit");
    assert!(trail.iter().any(|e| e.action == "skill.retire"));
});

dual_test!(volunteers_join_and_leave_organizations_with_history, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let v = &fx.volunteers[0];
    let path = format!("/api/v1/volunteers/{}/memberships", v.id);
    let wz = fx.organizations[0].id.to_string();
    let fl = fx.organizations[1].id.to_string();
    let res = app
        .api(Method::POST, &path, Some(&s), Some(json!({"organization": wz, "team": "助老服务队", "on": "2024-03-01"})))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()[0]["team"], "助老服务队");
    let twice = app.api(Method::POST, &path, Some(&s), Some(json!({"organization": wz}))).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY, "a current member does not join again");
    let elsewhere = app.api(Method::POST, &path, Some(&s), Some(json!({"organization": fl}))).await;
    assert_eq!(
        elsewhere.message(),
        "所属组织不存在或不在您的管辖范围内",
        "another district's organization is not offered"
    );
    let early = app
        .api(Method::POST, &format!("{path}/leave"), Some(&s), Some(json!({"organization": wz, "on": "2024-01-01"})))
        .await;
    assert_eq!(early.message(), "退出日期不能早于加入日期");
    let res = app
        .api(Method::POST, &format!("{path}/leave"), Some(&s), Some(json!({"organization": wz, "on": "2025-01-01"})))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()[0]["left_on"], "2025-01-01");
    let back = app.api(Method::POST, &path, Some(&s), Some(json!({"organization": wz, "on": "2025-06-01"}))).await;
    let history = back.json();
    assert_eq!(history.as_array().expect("history").len(), 2, "rejoining keeps the old membership as history");
    assert_eq!(history[0]["left_on"], serde_json::Value::Null, "the current one first");
    let listed = app.api(Method::GET, &path, Some(&s), None).await.json();
    assert_eq!(listed, history);
});
