//! Recommendations through the API and on the need page: volunteers for a task and organizations
//! for a need, in the caller's area, each with the reasons for its score.

use axum::http::{Method, StatusCode};
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

dual_test!(recommendations_rank_with_reasons_within_the_area_and_follow_acceptances, |app| {
    let fx = fixture::load(&app).await;
    let staff = app.login("wz.center", PASSWORD).await;
    let task = fx.tasks.iter().find(|t| t.title == "万州任务FX").expect("task");
    let path = format!("/api/v1/tasks/{}/recommendations", task.id);
    let res = app.api(Method::GET, &path, Some(&staff), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let list = res.json();
    let names: Vec<&str> = list.as_array().expect("list").iter().map(|c| c["name"].as_str().expect("name")).collect();
    assert_eq!(names, ["万州志愿甲FX", "万州志愿乙FX"], "the district's volunteers, the same community first: {list}");
    let first = &list[0];
    let reasons = first["reasons"].as_array().expect("reasons");
    assert!(reasons.iter().any(|r| r == "同一社区（村）"), "{first}");
    assert!(reasons.iter().any(|r| r == "技能匹配 1/1"), "{first}");
    assert!(list[0]["score"].as_i64() > list[1]["score"].as_i64());

    // Once the volunteer accepts the task, they are no longer a candidate for it.
    let volunteer = app.login("wz.volunteer", PASSWORD).await;
    let accepted = app.api(Method::POST, &format!("/api/v1/tasks/{}/accept", task.id), Some(&volunteer), None).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text());
    let after = app.api(Method::GET, &path, Some(&staff), None).await.json();
    let names: Vec<&str> = after.as_array().expect("list").iter().map(|c| c["name"].as_str().expect("name")).collect();
    assert_eq!(names, ["万州志愿乙FX"], "{after}");

    let need =
        wushe_store::tasks::get(&app.db, &wushe_store::Scope::all(), task.id).await.expect("task").expect("task");
    let orgs =
        app.api(Method::GET, &format!("/api/v1/needs/{}/recommendations", need.need_id), Some(&staff), None).await;
    let orgs = orgs.json();
    assert_eq!(orgs[0]["name"], "万州阳光社工FX", "{orgs}");
    assert!(orgs.as_array().expect("list").iter().all(|o| o["name"] != "东城互助会FX"), "{orgs}");
    let page = app.get(&format!("/needs/{}", need.need_id), Some(&staff)).await.text();
    assert!(page.contains("智能推荐") && page.contains("万州志愿乙FX"), "the need page recommends");

    // Outside the area: 404, like the task itself.
    let far = fx.tasks.iter().find(|t| t.title == "东城任务FX").expect("task");
    let res = app.api(Method::GET, &format!("/api/v1/tasks/{}/recommendations", far.id), Some(&staff), None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
});
