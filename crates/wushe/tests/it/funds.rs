//! Funds and the charity ledger: donations matched exactly to the fen within caps and the pool,
//! retried requests recorded once, reversals that never reverse a reversal, no balance below zero
//! however many payouts arrive at once, and a chain that notices a changed posting.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use wushe_domain::money::Leg;
use wushe_store::ledger::{self, NewTransaction};
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

fn fen(v: &Value) -> i64 {
    v["balance_fen"].as_i64().expect("balance")
}

dual_test!(donations_are_matched_to_the_fen_recorded_once_and_reversed_once, |app| {
    fixture::load(&app).await;
    let centre = app.login("wz.center", PASSWORD).await;
    let org = app.login("wz.org", PASSWORD).await;
    let res = app
        .api(
            Method::POST,
            "/api/v1/funds",
            Some(&centre),
            Some(json!({"name": "社工关爱基金", "purpose": "重病、意外救助"})),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let fund = res.json()["id"].as_str().expect("id").to_owned();
    let donations = format!("/api/v1/funds/{fund}/donations");
    let not_ours = app.api(Method::POST, &donations, Some(&org), Some(json!({"amount": "10"}))).await;
    assert_eq!(not_ours.status, StatusCode::FORBIDDEN, "an organization keeps its own funds' books");
    for (amount, message) in
        [("", "不能为空"), ("0", "金额"), ("-5", "金额"), ("1.234", "最多保留两位小数"), ("abc", "金额")]
    {
        let res = app.api(Method::POST, &donations, Some(&centre), Some(json!({"amount": amount}))).await;
        assert_eq!(res.json()["error"]["field"], "amount", "{amount}: {}", res.text());
        assert!(res.message().contains(message), "{amount}: {}", res.message());
    }

    // 1:2, at most 50 yuan a donation and 100 in all, from a pool of 80.
    let rule = json!({"matcher": "市慈善总会", "ratio": "1:2", "per_donation": "50", "total": "100", "pool": "80",
        "starts_on": "2026-01-01", "ends_on": "2099-12-31"});
    let res = app.api(Method::POST, &format!("/api/v1/funds/{fund}/matching-rules"), Some(&centre), Some(rule)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let give = |amount: &str, key: &str| {
        let (app, centre, donations) = (&app, &centre, &donations);
        let body = json!({"amount": amount, "idempotency_key": key});
        async move { app.api(Method::POST, donations, Some(centre), Some(body)).await }
    };
    let first = give("100", "k1").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    assert_eq!(first.json()["matched"], "50.00", "half of 100, held to the per-donation cap");
    let again = give("100", "k1").await;
    assert_eq!(again.json()["id"], first.json()["id"], "a retry is the same donation");
    assert_eq!(give("200", "k1").await.message(), "该请求编号已用于另一笔不同的款项，请换一个编号");
    assert_eq!(give("33.33", "k2").await.json()["matched"], "16.66", "rounded down to the fen");
    assert_eq!(give("100", "k3").await.json()["matched"], "13.34", "what the pool had left");
    assert_eq!(give("10", "k4").await.json()["matched"], "0.00", "the pool is empty: matching stops");
    let f = app.api(Method::GET, &format!("/api/v1/funds/{fund}"), Some(&centre), None).await.json();
    assert_eq!(fen(&f), 10_000 + 5_000 + 3_333 + 1_666 + 10_000 + 1_334 + 1_000, "{f}");

    // A reversal undoes the first donation and its match; neither it nor the original is undone twice.
    let seq = first.json()["transaction"].as_i64().expect("seq");
    let reverse = |seq: i64| {
        let (app, centre) = (&app, &centre);
        async move {
            app.api(
                Method::POST,
                &format!("/api/v1/money/{seq}/reverse"),
                Some(centre),
                Some(json!({"reason": "重复录入"})),
            )
            .await
        }
    };
    let undo = reverse(seq).await;
    assert_eq!(undo.status, StatusCode::OK, "{}", undo.text());
    let after = app.api(Method::GET, &format!("/api/v1/funds/{fund}"), Some(&centre), None).await.json();
    assert_eq!(fen(&after), fen(&f) - 15_000);
    assert_eq!(reverse(seq).await.message(), "该笔交易已经冲正");
    let reversal = undo.json()["transaction"].as_i64().expect("reversal");
    assert_eq!(reverse(reversal).await.message(), "冲正交易不能再冲正，如需恢复请重新记账");
    assert_eq!(ledger::balance_differences(&app.db).await.expect("recompute"), Vec::new());
    assert!(ledger::verify(&app.db).await.expect("verify").is_ok());

    // A posting changed in the database breaks the chain.
    sqlx::query("UPDATE money_postings SET amount = amount + 1 WHERE seq = $1 AND leg = 0")
        .bind(seq)
        .execute(&app.db.pool)
        .await
        .expect("tamper");
    assert!(ledger::verify(&app.db).await.expect("verify").is_err(), "a changed posting is detected");
});

dual_test!(fifty_payouts_at_once_never_take_a_fund_below_zero, |app| {
    let fx = fixture::load(&app).await;
    // The fixture's fund in 万州 holds 1,000 yuan; fifty payouts of 30 yuan arrive together.
    let fund: wushe_domain::FundId = fx.funds[0].id.parse().expect("fund");
    let region = wushe_domain::RegionCode::parse("500101").expect("region");
    let tries = futures_util::future::join_all((0..50).map(|_| {
        let (db, region) = (app.db.clone(), region.clone());
        async move {
            let mut tx = db.begin_write().await.expect("begin");
            let pay = NewTransaction {
                region: &region,
                fund: Some(fund.to_string()),
                kind: "grant",
                memo: "资助",
                legs: vec![
                    Leg { account: wushe_store::funds::account_id(fund, "fund"), amount: -3_000 },
                    Leg { account: wushe_store::funds::account_id(fund, "grants"), amount: 3_000 },
                ],
                idempotency: None,
                reverses: None,
            };
            let posted = ledger::post(&mut tx, &pay, None).await;
            match posted {
                Ok(_) => tx.commit().await.map(|_| true).expect("commit"),
                Err(wushe_store::StoreError::Conflict(wushe_domain::Conflict::InsufficientBalance)) => false,
                Err(e) => panic!("{e}"),
            }
        }
    }))
    .await;
    assert_eq!(tries.iter().filter(|ok| **ok).count(), 33, "1,000 yuan pays 33 of 30 yuan");
    let f = wushe_store::funds::get(&app.db, &wushe_store::Scope::all(), fund).await.expect("get").expect("fund");
    assert_eq!(f.balance, 1_000);
    assert_eq!(ledger::balance_differences(&app.db).await.expect("recompute"), Vec::new());
    assert!(ledger::verify(&app.db).await.expect("verify").is_ok());
});

dual_test!(a_grant_to_a_need_is_paid_on_approval_and_fifty_at_once_never_overspend, |app| {
    let fx = fixture::load(&app).await;
    let station = app.login("wz.station", PASSWORD).await;
    let centre = app.login("wz.center", PASSWORD).await;
    let need = fx.needs.iter().find(|n| n.path.as_str().contains("500101")).expect("a need in 万州").id;
    let fund = fx.funds[0].id.clone();
    let grants = format!("/api/v1/needs/{need}/grants");
    let ask = |amount: &str| {
        let (app, station, grants, fund) = (&app, &station, &grants, &fund);
        let body = json!({"fund": fund, "amount": amount, "purpose": "医疗费用救助"});
        async move { app.api(Method::POST, grants, Some(station), Some(body)).await }
    };
    let elsewhere = fx.funds[2].id.clone();
    let res = app
        .api(Method::POST, &grants, Some(&station), Some(json!({"fund": elsewhere, "amount": "10", "purpose": "x"})))
        .await;
    assert_eq!(res.json()["error"]["field"], "fund", "a fund that does not serve the community: {}", res.text());
    assert_eq!(ask("1.001").await.json()["error"]["field"], "amount");
    let first = ask("200").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let id = first.json()["id"].as_str().expect("id").to_owned();
    let station_approves =
        app.api(Method::POST, &format!("/api/v1/grants/{id}/approve"), Some(&station), Some(json!({}))).await;
    assert_eq!(station_approves.status, StatusCode::FORBIDDEN, "station staff do not keep funds' books");
    // A keeper who asks may not approve their own request.
    let own_ask = app
        .api(Method::POST, &grants, Some(&centre), Some(json!({"fund": fund, "amount": "5", "purpose": "自批"})))
        .await;
    let own_id = own_ask.json()["id"].as_str().expect("id").to_owned();
    let own = app.api(Method::POST, &format!("/api/v1/grants/{own_id}/approve"), Some(&centre), Some(json!({}))).await;
    assert_eq!(own.message(), "资助申请须由基金管理人中的其他人员审批，不能审批自己提交的申请");
    let paid = app.api(Method::POST, &format!("/api/v1/grants/{id}/approve"), Some(&centre), Some(json!({}))).await;
    assert_eq!(paid.json()["status"], "paid", "{}", paid.text());
    let timeline = app.api(Method::GET, &format!("/api/v1/needs/{need}/timeline"), Some(&station), None).await.text();
    assert!(timeline.contains("资助已拨付 200.00 元"), "{timeline}");
    let twice = app.api(Method::POST, &format!("/api/v1/grants/{id}/approve"), Some(&centre), Some(json!({}))).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let no_reason =
        app.api(Method::POST, &format!("/api/v1/grants/{id}/decline"), Some(&centre), Some(json!({}))).await;
    assert_eq!(no_reason.json()["error"]["field"], "note");

    // The fund holds 800 yuan now; fifty grants of 30 are approved at the same moment.
    let mut ids = Vec::new();
    for _ in 0..50 {
        ids.push(ask("30").await.json()["id"].as_str().expect("id").to_owned());
    }
    let approvals =
        futures_util::future::join_all(ids.iter().map(|id| {
            let (app, centre) = (&app, &centre);
            async move {
                app.api(Method::POST, &format!("/api/v1/grants/{id}/approve"), Some(centre), Some(json!({}))).await
            }
        }))
        .await;
    let ok = approvals.iter().filter(|r| r.status == StatusCode::OK).count();
    assert_eq!(ok, 26, "800 yuan pays 26 grants of 30");
    assert!(
        approvals
            .iter()
            .filter(|r| r.status != StatusCode::OK)
            .all(|r| r.message() == "余额不足：这笔支出会使基金或配捐池余额小于零")
    );
    let f = app.api(Method::GET, &format!("/api/v1/funds/{fund}"), Some(&centre), None).await.json();
    assert_eq!(fen(&f), 80_000 - 26 * 3_000);
    let list = app.api(Method::GET, &grants, Some(&station), None).await.json();
    let still = list.as_array().expect("list").iter().filter(|g| g["status"] == "requested").count();
    assert_eq!(still, 24 + 1, "refused approvals leave their grants asking (and the keeper's own)");
    assert_eq!(ledger::balance_differences(&app.db).await.expect("recompute"), Vec::new());

    // The public disclosure: sums by month and source, grants by category, nobody named.
    let public = app.api(Method::GET, &format!("/api/v1/public/funds/{fund}"), None, None).await.json();
    assert_eq!((public["donated"].as_str(), public["granted"].as_str()), (Some("1000.00"), Some("980.00")), "{public}");
    assert_eq!(public["months"][0]["anonymous"], "1000.00", "the fixture's gift was anonymous: {public}");
    let counted: u64 =
        public["grants"].as_array().expect("grants").iter().map(|g| g["grants"].as_u64().unwrap_or(0)).sum();
    assert_eq!(counted, 27);
    let page = app.get(&format!("/public/funds/{fund}"), None).await.text();
    assert!(page.contains("信息公开") && page.contains("980.00"), "{page}");
    for private in ["万州需求FX", "医疗费用救助", "wz.station"] {
        assert!(!page.contains(private) && !public.to_string().contains(private), "the disclosure shows {private}");
    }
});
