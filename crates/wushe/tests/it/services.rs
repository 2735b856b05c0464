//! Service records: visits, sessions and phone follow-ups with the residents served (人次),
//! written through the group-commit recorder; bad input changes nothing.

use axum::http::{Method, StatusCode};
use serde_json::json;
use sqlx::Row;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

fn now_text(offset_ms: i64) -> String {
    let ms = wushe_store::now_ms() + offset_ms;
    let t = time::OffsetDateTime::from_unix_timestamp(ms / 1000 + 8 * 3600).expect("time");
    format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

dual_test!(a_visit_is_recorded_with_its_person_times_and_bad_records_change_nothing, |app| {
    let fx = fixture::load(&app).await;
    let staff = app.login("wz.station", PASSWORD).await;
    let here = fx.residents.iter().find(|r| r.name == "万州居民甲FX").expect("resident").id.to_string();
    let there = fx.residents.iter().find(|r| r.name == "涪陵居民乙FX").expect("resident").id.to_string();
    let worker = fx.workers.iter().find(|w| w.name == "万州社工FX").expect("worker").id.to_string();
    let good = json!({"kind": "visit", "region": "500101001001", "served_at": now_text(-3_600_000), "minutes": "50",
        "place": "家中", "social_worker": worker, "residents": [here, here], "note": "了解用药情况", "need": fx.needs[0].id});
    let before = app.count("service_records").await;
    let cases = [
        ("kind", json!("拜访")),
        ("region", json!("500101001")),
        ("served_at", json!(now_text(3 * 3_600_000))),
        ("minutes", json!("0")),
        ("residents", json!([there])),
        ("residents", json!([])),
        ("social_worker", json!(fx.workers.iter().find(|w| w.name == "涪陵社工FX").expect("worker").id)),
    ];
    for (field, value) in cases {
        let mut body = good.clone();
        body[field] = value;
        let res = app.api(Method::POST, "/api/v1/service-records", Some(&staff), Some(body)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", res.text());
        assert_eq!(res.json()["error"]["field"], field, "{}", res.text());
    }
    assert_eq!(app.count("service_records").await, before, "nothing written");

    let res = app.api(Method::POST, "/api/v1/service-records", Some(&staff), Some(good)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    assert_eq!(res.json()["person_times"], 1, "the same resident twice in one record is one person-time");
    let id = res.json()["id"].as_str().expect("id").to_owned();
    let s = app.api(Method::GET, &format!("/api/v1/service-records/{id}"), Some(&staff), None).await.json();
    assert_eq!((s["served_by"].clone(), s["minutes"].clone()), (json!("万州社工FX"), json!(50)), "{s}");
    assert_eq!(s["residents"][0]["name"], "万州居民甲FX");
    assert_eq!(s["note"], "了解用药情况");
    let list = app.api(Method::GET, "/api/v1/service-records?kind=visit", Some(&staff), None).await.json();
    assert_eq!((list["records"].clone(), list["person_times"].clone()), (json!(2), json!(2)), "{list}");
    let of_need = format!("/api/v1/service-records?need={}", fx.needs[0].id);
    assert_eq!(app.api(Method::GET, &of_need, Some(&staff), None).await.json()["records"], 1);
    let none = app.api(Method::GET, "/api/v1/service-records?kind=phone", Some(&staff), None).await.json();
    assert_eq!(none["records"], 0);
    let sealed: String = sqlx::query("SELECT note FROM service_records WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.db.pool)
        .await
        .expect("row")
        .try_get("note")
        .expect("note");
    assert!(!sealed.contains("用药"), "the note is sealed at rest");
    let volunteer = app.login("wz.volunteer", PASSWORD).await;
    let res = app.api(Method::POST, "/api/v1/service-records", Some(&volunteer), Some(json!({}))).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
});

dual_test!(concurrent_records_share_commits_and_each_keeps_its_audit_row, |app| {
    let fx = fixture::load(&app).await;
    let staff = app.login("wz.station", PASSWORD).await;
    let here = fx.residents.iter().find(|r| r.name == "万州居民甲FX").expect("resident").id.to_string();
    let body = json!({"kind": "phone", "region": "500101001001", "served_at": now_text(-60_000), "minutes": "5",
        "residents": [here]});
    let before = app.count("service_records").await;
    let calls = (0..64).map(|_| app.api(Method::POST, "/api/v1/service-records", Some(&staff), Some(body.clone())));
    let answers = futures_util::future::join_all(calls).await;
    assert!(
        answers.iter().all(|r| r.status == StatusCode::CREATED),
        "{:?}",
        answers.iter().map(|r| r.text()).collect::<Vec<_>>()
    );
    assert_eq!(app.count("service_records").await, before + 64);
    let audited: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'service.record'")
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
        .try_get("n")
        .expect("n");
    assert_eq!(audited, before + 64, "one audit row per record");
    let verified = wushe_store::audit::verify(&app.db).await.expect("verify");
    assert!(verified.is_ok(), "the audit chain verifies after group commits: {verified:?}");
});

/// A record as the list's oracle sees it: read straight from the table.
struct Seen {
    id: String,
    path: String,
    kind: String,
    served_at: i64,
    minutes: i64,
    person_times: i64,
}

/// The China date `days` before today, and its first millisecond.
fn day_text(days: i64) -> (String, i64) {
    let ms = wushe_store::now_ms() - days * 86_400_000;
    let t = time::OffsetDateTime::from_unix_timestamp(ms / 1000 + 8 * 3600).expect("time");
    let text = format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day());
    let midnight = t.date().midnight().assume_utc().unix_timestamp() * 1000 - 8 * 3_600_000;
    (text, midnight)
}

dual_test!(a_list_pages_and_adds_up_as_the_records_do_at_every_level, |app| {
    let fx = fixture::load(&app).await;
    let wz = app.login("wz.station", PASSWORD).await;
    let fl = app.login("fl.center", PASSWORD).await;
    let resident = |name: &str| fx.residents.iter().find(|r| r.name == name).expect("resident").id.to_string();
    let (wz_resident, fl_resident) = (resident("万州居民甲FX"), resident("涪陵居民乙FX"));
    // Days out of order, several records on a day, one moment each.
    for i in 0..45i64 {
        let ago = ((i * 7) % 40) * 86_400_000 + i * 60_000 + 3_600_000;
        let (token, region, who) =
            if i % 3 == 0 { (&fl, "500102006001", &fl_resident) } else { (&wz, "500101001001", &wz_resident) };
        let kind = if i % 2 == 0 { "visit" } else { "phone" };
        let body = json!({"kind": kind, "region": region, "served_at": now_text(-ago),
            "minutes": (10 + i).to_string(), "residents": [who], "note": "随访"});
        let res = app.api(Method::POST, "/api/v1/service-records", Some(token), Some(body)).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    }
    let rows = sqlx::query(
        "SELECT s.id, r.path, s.kind, s.served_at, s.minutes, s.person_times \
         FROM service_records s JOIN regions r ON r.code = s.region_code",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("records");
    let mut all: Vec<Seen> = rows
        .iter()
        .map(|r| Seen {
            id: r.try_get("id").expect("id"),
            path: r.try_get("path").expect("path"),
            kind: r.try_get("kind").expect("kind"),
            served_at: r.try_get("served_at").expect("served_at"),
            minutes: r.try_get("minutes").expect("minutes"),
            person_times: r.try_get("person_times").expect("person_times"),
        })
        .collect();
    all.sort_by_key(|s| std::cmp::Reverse(s.served_at));
    assert!(all.windows(2).all(|w| w[0].served_at > w[1].served_at), "one moment each keeps the order plain");

    let admin = app.login("cq.admin", PASSWORD).await;
    let (from, from_ms) = day_text(20);
    let (to, to_ms) = day_text(5);
    let periods = [(None, None), (Some(&from), None), (None, Some(&to)), (Some(&from), Some(&to))];
    let mut asked = 0;
    for region in ["50", "500101", "500102", "500101001001"] {
        let under = format!("/{region}/");
        for (f, t) in periods {
            for kind in [None, Some("visit")] {
                let matched: Vec<&Seen> = all
                    .iter()
                    .filter(|s| s.path.contains(&under))
                    .filter(|s| f.is_none() || s.served_at >= from_ms)
                    .filter(|s| t.is_none() || s.served_at < to_ms + 86_400_000)
                    .filter(|s| kind.is_none_or(|k| s.kind == k))
                    .collect();
                for (offset, limit) in [(0, 5), (7, 5), (20, 50), (0, 200), (60, 5)] {
                    let mut url = format!("/api/v1/service-records?region={region}&offset={offset}&limit={limit}");
                    for (key, value) in [("from", f), ("to", t)] {
                        if let Some(v) = value {
                            url.push_str(&format!("&{key}={v}"));
                        }
                    }
                    if let Some(k) = kind {
                        url.push_str(&format!("&kind={k}"));
                    }
                    let list = app.api(Method::GET, &url, Some(&admin), None).await.json();
                    let ids: Vec<&str> = list["page"]["items"]
                        .as_array()
                        .expect("items")
                        .iter()
                        .filter_map(|i| i["id"].as_str())
                        .collect();
                    let expected: Vec<&str> = matched.iter().skip(offset).take(limit).map(|s| s.id.as_str()).collect();
                    assert_eq!(ids, expected, "{url}");
                    let totals = (list["records"].as_i64(), list["person_times"].as_i64(), list["minutes"].as_i64());
                    let counted = (
                        Some(matched.len() as i64),
                        Some(matched.iter().map(|s| s.person_times).sum()),
                        Some(matched.iter().map(|s| s.minutes).sum()),
                    );
                    assert_eq!(totals, counted, "{url}");
                    assert_eq!(list["page"]["total"].as_i64(), Some(matched.len() as i64), "{url}");
                    asked += 1;
                }
            }
        }
    }
    assert_eq!(asked, 160);
    let outside = app.api(Method::GET, "/api/v1/service-records?region=500102", Some(&wz), None).await;
    assert_ne!(outside.status, StatusCode::OK, "a station cannot list a neighbouring district");
});
