//! Micro-wishes: published with nobody identifiable in them, offered for on the public page (the
//! phone sealed and shown masked), taken up once staff confirm an offer, fulfilled on the need's
//! timeline.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

dual_test!(a_wish_names_nobody_is_taken_up_once_and_fulfilled, |app| {
    fixture::load(&app).await;
    let room = app.login("wz.room", PASSWORD).await;
    let need = json!({"region": "500101001001", "category": "elderly_care", "description": "独居老人行动不便，需要助行器",
        "contact_name": "李桂芳", "contact_phone": "13987654321"});
    let res = app.api(Method::POST, "/api/v1/needs", Some(&room), Some(need)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let need = res.json()["id"].as_str().expect("id").to_owned();
    let publish = |wish: &str, value: &str| {
        let (app, room, need) = (&app, &room, &need);
        let body = json!({"wish": wish, "value": value});
        async move { app.api(Method::POST, &format!("/api/v1/needs/{need}/wish"), Some(room), Some(body)).await }
    };
    for bad in ["给李桂芳买一台助行器", "一台助行器，联系13987654321"] {
        let res = publish(bad, "300").await;
        assert_eq!(res.json()["error"]["field"], "wish", "{bad}: {}", res.text());
        assert!(res.message().contains("不能包含姓名、住址、电话或证件号"), "{}", res.message());
    }
    assert_eq!(publish("一台助行器", "0").await.json()["error"]["field"], "value");
    let wish = publish("一台助行器", "300").await;
    assert_eq!(wish.status, StatusCode::CREATED, "{}", wish.text());
    let id = wish.json()["id"].as_str().expect("id").to_owned();
    assert_eq!(publish("再来一个", "1").await.status, StatusCode::CONFLICT, "one wish per need");

    // The public sees the community and the wish, nothing else.
    let open = app.api(Method::GET, "/api/v1/public/wishes?region=500101", None, None).await;
    let text = open.text();
    assert!(text.contains("一台助行器") && text.contains("community"), "{text}");
    assert!(!text.contains("李桂芳") && !text.contains("独居老人") && !text.contains(&need), "{text}");
    let page = app.get(&format!("/public/wishes/{id}"), None).await;
    assert!(page.text().contains("一台助行器") && !page.text().contains("李桂芳"));

    let take = |name: &str, phone: &str| {
        let (app, id) = (&app, &id);
        let body = json!({"name": name, "phone": phone});
        async move { app.api(Method::POST, &format!("/api/v1/public/wishes/{id}/take"), None, Some(body)).await }
    };
    assert_eq!(take("张先生", "12345").await.json()["error"]["field"], "contact_phone");
    assert_eq!(take("", "13812345678").await.json()["error"]["field"], "contact_name");
    // An offer takes nothing off the public list: staff call and confirm one.
    for (name, phone) in [("张先生", "13812345678"), ("王女士", "13912345678")] {
        let res = take(name, phone).await;
        assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text());
        assert_eq!(res.json()["status"], "open", "still open to others until confirmed");
    }
    let again = take("张先生", "13812345678").await;
    assert!(again.status == StatusCode::CONFLICT && again.message().contains("已申请认领"), "{}", again.text());
    let open = app.api(Method::GET, "/api/v1/public/wishes?region=500101", None, None).await.text();
    assert!(open.contains(&id), "an offer does not empty the list");
    let staff = app.api(Method::GET, &format!("/api/v1/needs/{need}/wish"), Some(&room), None).await.json();
    let offers = staff["offers"].as_array().expect("offers").clone();
    assert_eq!(offers.len(), 2);
    assert!(offers.iter().all(|o| o["status"] == "pending" && o["phone"].as_str().is_some_and(|p| p.contains("****"))));
    // Two staff confirm different offers at once, from their own connections: one wins.
    let base = app.serve().await;
    let token = room.token.clone();
    let (wish, ids): (String, Vec<String>) =
        (id.clone(), offers.iter().map(|o| o["id"].as_str().expect("id").to_owned()).collect());
    let codes = wushe_testkit::parallel_clients(2, move |i| {
        let (base, token, wish, offer) = (base.clone(), token.clone(), wish.clone(), ids[i].clone());
        async move {
            reqwest::Client::new()
                .post(format!("{base}/api/v1/wishes/{wish}/confirm"))
                .bearer_auth(token)
                .json(&json!({"offer": offer}))
                .send()
                .await
                .expect("send")
                .status()
                .as_u16()
        }
    });
    let mut codes = codes;
    codes.sort_unstable();
    assert_eq!(codes, [200, 409], "two confirmations at once: one takes it up");
    let staff = app.api(Method::GET, &format!("/api/v1/needs/{need}/wish"), Some(&room), None).await.json();
    assert_eq!(staff["status"], "taken");
    let statuses: Vec<&str> =
        staff["offers"].as_array().expect("offers").iter().map(|o| o["status"].as_str().expect("s")).collect();
    let mut sorted = statuses.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, ["confirmed", "declined"], "the other offer is declined");
    let phone = staff["taker_phone"].as_str().expect("phone");
    assert!(phone.contains("****") && !phone.contains("12345678"), "masked: {phone}");
    let open = app.api(Method::GET, "/api/v1/public/wishes?region=500101", None, None).await.text();
    assert!(!open.contains(&id), "a confirmed wish leaves the public list");
    let sealed: String = sqlx::query_scalar("SELECT taker_phone FROM wishes WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.db.pool)
        .await
        .expect("row");
    assert!(!sealed.contains("1381234") && !sealed.contains("1391234"), "the phone is sealed at rest");

    // Fulfilled: on the timeline, counted as charity linked, and off the public list.
    let fulfil = app
        .api(Method::POST, &format!("/api/v1/wishes/{id}/fulfil"), Some(&room), Some(json!({"note": "已送达"})))
        .await;
    assert_eq!(fulfil.json()["status"], "fulfilled", "{}", fulfil.text());
    let again = app.api(Method::POST, &format!("/api/v1/wishes/{id}/fulfil"), Some(&room), Some(json!({}))).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let timeline = app.api(Method::GET, &format!("/api/v1/needs/{need}/timeline"), Some(&room), None).await.text();
    assert!(timeline.contains("申请认领微心愿") && timeline.contains("微心愿已被爱心人士认领"), "{timeline}");
    assert!(timeline.contains("微心愿已实现：已送达"), "{timeline}");
    let open = app.api(Method::GET, "/api/v1/public/wishes?region=500101", None, None).await.text();
    assert!(!open.contains(&id), "a fulfilled wish is no longer open");
    let page = app.get(&format!("/needs/{need}"), Some(&room)).await.text();
    assert!(page.contains("微心愿") && page.contains("已实现"), "the need page shows the wish");
    // A withdrawn wish makes way for a new one; a closed need publishes none.
    let other = json!({"region": "500101001001", "category": "elderly_care", "description": "需要轮椅"});
    let other = app.api(Method::POST, "/api/v1/needs", Some(&room), Some(other)).await.json()["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let path = format!("/api/v1/needs/{other}/wish");
    let first = app.api(Method::POST, &path, Some(&room), Some(json!({"wish": "一辆轮椅", "value": "500"}))).await;
    let first = first.json()["id"].as_str().expect("id").to_owned();
    let out = app.api(Method::POST, &format!("/api/v1/wishes/{first}/withdraw"), Some(&room), Some(json!({}))).await;
    assert_eq!(out.json()["status"], "withdrawn");
    let again = app.api(Method::POST, &path, Some(&room), Some(json!({"wish": "一辆二手轮椅", "value": "300"}))).await;
    assert_eq!(
        (again.status, again.json()["status"].clone()),
        (StatusCode::CREATED, json!("open")),
        "{}",
        again.text()
    );
    let close = json!({"to": "withdrawn", "note": "居民已自行解决"});
    let moved = app.api(Method::POST, &format!("/api/v1/needs/{other}/status"), Some(&room), Some(close)).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
    let out = app.api(Method::POST, &format!("/api/v1/wishes/{first}/withdraw"), Some(&room), Some(json!({}))).await;
    assert_eq!(out.status, StatusCode::OK);
    let late = app.api(Method::POST, &path, Some(&room), Some(json!({"wish": "一辆轮椅", "value": "500"}))).await;
    assert!(late.status == StatusCode::CONFLICT && late.message().contains("需求已经结束"), "{}", late.text());
    let fl = app.login("fl.center", PASSWORD).await;
    let hidden = app.api(Method::POST, &format!("/api/v1/wishes/{id}/withdraw"), Some(&fl), Some(json!({}))).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND, "another district's wish");
});
