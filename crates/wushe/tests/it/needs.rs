//! Needs: recorded by staff or submitted on the public page, moved through the loop with every
//! step on the timeline; illegal moves are 409 with a sentence; tracking codes show nothing personal.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

dual_test!(staff_record_needs_in_their_area_only, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let resident = fx.residents[0].id.to_string();
    let body = json!({"resident": resident, "category": "居家维修", "urgency": "urgent", "description": "厨房水管爆裂",
        "contact_phone": "13800001111"});
    let before = wushe_store::now_ms();
    let res = app.api(Method::POST, "/api/v1/needs", Some(&s), Some(body)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let n = res.json();
    assert_eq!((n["region_code"].as_str(), n["status"].as_str()), (Some("500101001001"), Some("submitted")));
    assert_eq!(n["level"], "room", "the community has a room: it takes the need first");
    assert_eq!(n["contact_phone"], "1******1111");
    let due = n["due_at"].as_i64().expect("due");
    assert!((due - before - 24 * 3_600_000).abs() < 60_000, "urgent: 24 h to be taken up");
    let other = fx.residents[1].id.to_string();
    let res = app
        .api(
            Method::POST,
            "/api/v1/needs",
            Some(&s),
            Some(json!({"resident": other, "category": "other",
        "description": "x"})),
        )
        .await;
    assert_eq!(
        (res.status, res.json()["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("resident"))
    );
    let res = app
        .api(
            Method::POST,
            "/api/v1/needs",
            Some(&s),
            Some(json!({"region": "500101001001", "category": "买彩票",
        "description": "x"})),
        )
        .await;
    assert_eq!(res.message(), "需求类别不是可选的值");
    let res = app
        .api(
            Method::POST,
            "/api/v1/needs",
            Some(&s),
            Some(json!({"region": "500101001", "category": "other",
        "description": "x"})),
        )
        .await;
    assert_eq!(res.json()["error"]["field"], "region", "a need belongs to a community, not a township");
    let volunteer = app.login("wz.volunteer", PASSWORD).await;
    let res = app
        .api(
            Method::POST,
            "/api/v1/needs",
            Some(&volunteer),
            Some(json!({"region": "500101001001",
        "category": "other", "description": "x"})),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let listed = app.api(Method::GET, "/api/v1/needs?open=1", Some(&s), None).await.json();
    assert_eq!(listed["items"][0]["description"], "厨房水管爆裂", "the most pressing first");
    assert!(listed["items"].as_array().expect("items").iter().all(|i| i["description"] != "涪陵需求FX"));
});

dual_test!(a_need_moves_through_the_loop_and_every_step_is_on_its_timeline, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.room", PASSWORD).await;
    let path = format!("/api/v1/needs/{}", fx.needs[0].id);
    let step = |to: &str, note: &str, outcome: &str| json!({"to": to, "note": note, "outcome": outcome});
    for (to, note) in [("assessed", "上门评估：独居，需助餐"), ("linked", "已联动社工与志愿者"), ("in_service", "")]
    {
        let res = app.api(Method::POST, &format!("{path}/status"), Some(&s), Some(step(to, note, ""))).await;
        assert_eq!(res.status, StatusCode::OK, "{to}: {}", res.text());
        assert_eq!(res.json()["status"], to);
    }
    let res = app.api(Method::POST, &format!("{path}/status"), Some(&s), Some(step("closed", "", ""))).await;
    assert_eq!(res.message(), "结案结果不能为空", "a need is not closed without an outcome");
    let res =
        app.api(Method::POST, &format!("{path}/status"), Some(&s), Some(step("closed", "服务完成", "solved"))).await;
    assert_eq!(res.json()["outcome"], "solved");
    let res = app.api(Method::POST, &format!("{path}/status"), Some(&s), Some(step("in_service", "", ""))).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.message(), "需求当前为“已结案”，不能改为“服务中”");
    let en =
        app.api_lang(Method::POST, &format!("{path}/status"), Some(&s), Some(step("assessed", "", "")), "en").await;
    assert_eq!(en.message(), "The need is closed and cannot become assessed");
    let res = app.api(Method::POST, &format!("{path}/notes"), Some(&s), Some(json!({"note": "回访：老人满意"}))).await;
    assert_eq!(res.status, StatusCode::OK);
    let timeline = app.api(Method::GET, &format!("{path}/timeline"), Some(&s), None).await.json();
    let steps: Vec<String> = timeline
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| format!("{}:{}", e["kind"].as_str().unwrap_or(""), e["to"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        steps,
        ["submitted:submitted", "status:assessed", "status:linked", "status:in_service", "status:closed", "note:"]
    );
    assert_eq!(timeline[1]["actor"], "wz.room名", "who");
    assert_eq!(timeline[1]["note"], "上门评估：独居，需助餐");
    assert!(timeline[1]["at"].as_i64().expect("when") >= timeline[0]["at"].as_i64().expect("when"));
    let trail = wushe_store::audit::for_entity(&app.db, "need", &fx.needs[0].id.to_string()).await.expect("audit");
    assert!(trail.iter().any(|e| e.action == "need.closed"));
    assert!(
        trail.iter().all(|e| !e.detail.contains("上门评估")),
        "notes are on the timeline, sealed, not in the audit"
    );
});

// Every move ends the need, so any that comes second is illegal; when they overlap, the
// conditional update is what refuses the losers.
dual_test!(many_people_moving_one_need_at_once_cannot_both_win, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let path = format!("/api/v1/needs/{}/status", fx.needs[0].id);
    let moves = ["duplicate", "rejected", "withdrawn"];
    let calls = (0..8).map(|i| app.api(Method::POST, &path, Some(&s), Some(json!({"to": moves[i % 3]}))));
    let answers = futures_util::future::join_all(calls).await;
    let won = answers.iter().filter(|r| r.status == StatusCode::OK).count();
    let lost = answers.iter().filter(|r| r.status == StatusCode::CONFLICT).count();
    assert_eq!((won, lost), (1, 7), "{:?}", answers.iter().map(|r| r.text()).collect::<Vec<_>>());
    let timeline = app.api(Method::GET, &path.replace("/status", "/timeline"), Some(&s), None).await.json();
    assert_eq!(timeline.as_array().expect("timeline").len(), 2, "one move recorded, not more");
});

dual_test!(residents_submit_needs_without_an_account_and_track_them_by_code, |app| {
    fixture::load(&app).await;
    let body = |phone: &str| {
        json!({"region": "500101001002", "category": "elderly_care", "description": "老伴住院，家里无人照看",
            "contact_name": "王阿姨", "contact_phone": phone, "consent": "1"})
    };
    let res = app.api(Method::POST, "/api/v1/public/needs", None, Some(body("13900009999"))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let code = res.json()["tracking_code"].as_str().expect("code").to_owned();
    assert_eq!(code.len(), 10);
    let tracked = app.api(Method::GET, &format!("/api/v1/public/needs/{}", code.to_lowercase()), None, None).await;
    assert_eq!(tracked.status, StatusCode::OK, "{}", tracked.text());
    let text = tracked.text();
    assert!(text.contains("\"status\":\"submitted\"") && text.contains("乌龙池"), "{text}");
    assert!(
        !text.contains("王阿姨") && !text.contains("13900009999") && !text.contains("住院"),
        "nothing personal: {text}"
    );
    let unknown = app.api(Method::GET, "/api/v1/public/needs/ABCDEFGHJK", None, None).await;
    let malformed = app.api(Method::GET, "/api/v1/public/needs/not-a-code!", None, None).await;
    assert_eq!((unknown.status, malformed.status), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
    assert_eq!(unknown.text(), malformed.text(), "an unknown code and a bad one answer alike");
    // Staff of the community see it; the code is stored only as a keyed hash.
    let s = app.login("wz.station", PASSWORD).await;
    let listed = app.api(Method::GET, "/api/v1/needs?region=500101001002", Some(&s), None).await.json();
    assert_eq!(listed["items"][0]["public"], true);
    let stored: i64 = {
        use sqlx::Row;
        sqlx::query("SELECT COUNT(*) AS n FROM needs WHERE tracking_index = $1")
            .bind(&code)
            .fetch_one(&app.db.pool)
            .await
            .expect("count")
            .try_get("n")
            .expect("n")
    };
    assert_eq!(stored, 0, "the code itself is not stored");
    // Three a day per phone; the fourth is refused and nothing is written.
    for _ in 0..2 {
        let res = app.api(Method::POST, "/api/v1/public/needs", None, Some(body("13900009999"))).await;
        assert_eq!(res.status, StatusCode::CREATED);
    }
    let before = app.count("needs").await;
    let res = app.api(Method::POST, "/api/v1/public/needs", None, Some(body("13900009999"))).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.message().starts_with("提交过于频繁"), "{}", res.message());
    assert_eq!(app.count("needs").await, before);
    // Old windows go, whatever their bucket (the schedule sweeps those older than two days).
    let counts = app.count("throttle").await;
    assert!(counts >= 2, "per address and per phone");
    let swept = wushe_store::throttle::sweep(&app.db, wushe_store::now_ms() - 2 * 86_400_000).await.expect("sweep");
    assert_eq!(swept, 0, "today's windows stay");
    let swept = wushe_store::throttle::sweep(&app.db, wushe_store::now_ms() + 86_400_000).await.expect("sweep");
    assert_eq!(i64::try_from(swept).expect("n"), counts);
    let bad = app
        .api(
            Method::POST,
            "/api/v1/public/needs",
            None,
            Some(json!({"region": "500101001002",
        "category": "other", "description": "x"})),
        )
        .await;
    assert_eq!(bad.message(), "联系电话不能为空");
    let far = app
        .api(
            Method::POST,
            "/api/v1/public/needs",
            None,
            Some(json!({"region": "999999999999",
        "category": "other", "description": "x", "contact_phone": "13900001234", "consent": "1"})),
        )
        .await;
    assert_eq!(far.json()["error"]["field"], "region");
});

dual_test!(a_social_worker_takes_an_assessed_need_as_a_case, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let need = format!("/api/v1/needs/{}", fx.needs[0].id);
    let worker = fx.workers[0].id.to_string();
    let body = json!({"social_worker": worker, "plan": "每周两次上门助餐，联系社区医生", "next_contact": "2026-12-05"});
    let early = app.api(Method::POST, &format!("{need}/case"), Some(&s), Some(body.clone())).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "a need is assessed before it is linked");
    assert_eq!(early.message(), "需求需先评估，或已办结，不能联动");
    app.api(Method::POST, &format!("{need}/status"), Some(&s), Some(json!({"to": "assessed"}))).await;
    let other = json!({"social_worker": fx.workers[1].id.to_string(), "plan": "x"});
    let res = app.api(Method::POST, &format!("{need}/case"), Some(&s), Some(other)).await;
    assert_eq!(res.json()["error"]["field"], "social_worker", "a worker from another district cannot take it");
    let res = app.api(Method::POST, &format!("{need}/case"), Some(&s), Some(body.clone())).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["social_worker_name"], "万州社工FX");
    assert_eq!(res.json()["next_contact"], "2026-12-05");
    let n = app.api(Method::GET, &need, Some(&s), None).await.json();
    assert_eq!(n["status"], "linked", "taking the case links the need");
    let again = app.api(Method::POST, &format!("{need}/case"), Some(&s), Some(body)).await;
    assert_eq!(again.message(), "该需求已有社工接案");
    let res = app
        .api(
            Method::POST,
            &format!("{need}/case/notes"),
            Some(&s),
            Some(json!({"note": "首次上门，老人精神尚可", "next_contact": "2026-12-08"})),
        )
        .await;
    assert_eq!(res.json()["next_contact"], "2026-12-08");
    assert_eq!(res.json()["notes"][0]["note"], "首次上门，老人精神尚可");
    let case = app.api(Method::GET, &format!("{need}/case"), Some(&s), None).await.json();
    assert_eq!(case["notes"].as_array().expect("notes").len(), 1);
    let none = app
        .api(
            Method::GET,
            &format!("/api/v1/needs/{}/case", fx.needs[1].id),
            Some(&app.login("fl.center", PASSWORD).await),
            None,
        )
        .await;
    assert_eq!(none.json(), serde_json::Value::Null, "no case yet");
});

dual_test!(a_closed_need_gets_a_follow_up_call_and_a_supervisor_review, |app| {
    let fx = fixture::load(&app).await;
    let room = app.login("wz.room", PASSWORD).await;
    let station = app.login("wz.station", PASSWORD).await;
    let path = format!("/api/v1/needs/{}", fx.needs[0].id);
    let early =
        app.api(Method::POST, &format!("{path}/follow-up"), Some(&room), Some(json!({"satisfaction": "5"}))).await;
    assert_eq!(early.message(), "需求尚未结案");
    for to in ["assessed", "linked", "in_service"] {
        app.api(Method::POST, &format!("{path}/status"), Some(&room), Some(json!({"to": to}))).await;
    }
    let closed = app
        .api(
            Method::POST,
            &format!("{path}/status"),
            Some(&room),
            Some(json!({"to": "closed", "outcome": "partly_solved"})),
        )
        .await;
    assert_eq!(closed.json()["outcome"], "partly_solved");
    let bad =
        app.api(Method::POST, &format!("{path}/follow-up"), Some(&room), Some(json!({"satisfaction": "6"}))).await;
    assert_eq!(bad.message(), "满意度应为 1 到 5 之间的整数");
    let res = app
        .api(
            Method::POST,
            &format!("{path}/follow-up"),
            Some(&room),
            Some(json!({"satisfaction": "4", "note": "老人表示感谢"})),
        )
        .await;
    assert_eq!(res.json()["satisfaction"], 4);
    let denied = app.api(Method::POST, &format!("{path}/review"), Some(&room), Some(json!({"note": "x"}))).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN, "a room worker does not review");
    let res = app
        .api(Method::POST, &format!("{path}/review"), Some(&station), Some(json!({"note": "记录完整，同意结案"})))
        .await;
    assert_eq!(res.json()["reviewed"], true);
    let twice = app.api(Method::POST, &format!("{path}/review"), Some(&station), Some(json!({"note": "再审"}))).await;
    assert_eq!(twice.message(), "该需求已经审核");
    let timeline = app.api(Method::GET, &format!("{path}/timeline"), Some(&station), None).await.json();
    let kinds: Vec<&str> =
        timeline.as_array().expect("timeline").iter().map(|e| e["kind"].as_str().unwrap_or("")).collect();
    assert!(kinds.ends_with(&["follow_up", "review"]), "{kinds:?}");
    assert!(timeline.to_string().contains("回访满意度 4/5：老人表示感谢"));
});
