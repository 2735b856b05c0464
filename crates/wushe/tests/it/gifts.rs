//! Gifts beyond money for the fund itself: goods at their stated value (no matching), gifts for a
//! appeal, gifts for one need passed on at once; receipts read back from the PDF with the amount
//! in capital numerals; the fund's book exported to `.xlsx` and read back; goods granted to a need.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

fn pdf_text(bytes: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(bytes)
        .expect("the receipt is a PDF")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

dual_test!(goods_appeals_and_gifts_for_a_need_are_booked_and_receipted, |app| {
    let fx = fixture::load(&app).await;
    let centre = app.login("wz.center", PASSWORD).await;
    let call = |method: Method, path: String, body: Option<Value>| {
        let (app, centre) = (&app, &centre);
        async move { app.api(method, &path, Some(centre), body).await }
    };
    let res =
        call(Method::POST, "/api/v1/funds".into(), Some(json!({"name": "冬季关爱基金", "purpose": "困难群众过冬"})))
            .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let fund = res.json()["id"].as_str().expect("id").to_owned();
    let rule = json!({"matcher": "区慈善会", "ratio": "1:1", "pool": "1000", "starts_on": "2026-01-01", "ends_on": "2099-12-31"});
    assert_eq!(
        call(Method::POST, format!("/api/v1/funds/{fund}/matching-rules"), Some(rule)).await.status,
        StatusCode::CREATED
    );

    // An appeal: its period must end after it starts.
    let bad = json!({"name": "冬季送温暖", "goal": "1000", "starts_on": "2026-12-01", "ends_on": "2026-11-01"});
    let res = call(Method::POST, format!("/api/v1/funds/{fund}/appeals"), Some(bad)).await;
    assert_eq!(
        (res.status, res.json()["error"]["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("ends_on"))
    );
    let appeal = json!({"name": "冬季送温暖", "goal": "1000", "starts_on": "2026-11-01", "ends_on": "2027-02-28"});
    let res = call(Method::POST, format!("/api/v1/funds/{fund}/appeals"), Some(appeal)).await;
    let appeal = res.json()["id"].as_str().expect("appeal").to_owned();

    let donations = format!("/api/v1/funds/{fund}/donations");
    let donor = fx.donors[0].id.to_string();
    // Goods at their stated value: no matching, and apart from the fund's money.
    let goods =
        call(Method::POST, donations.clone(), Some(json!({"amount": "300", "goods": "棉被 10 床", "donor": donor})))
            .await;
    assert_eq!(goods.status, StatusCode::CREATED, "{}", goods.text());
    assert_eq!((goods.json()["matched"].clone(), goods.json()["goods"].clone()), (json!("0.00"), json!("棉被 10 床")));
    // Money for the appeal: matched 1:1.
    let gift = call(Method::POST, donations.clone(), Some(json!({"amount": "200", "appeal": appeal}))).await;
    assert_eq!(gift.json()["matched"], "200.00", "{}", gift.text());
    let unknown = call(Method::POST, donations.clone(), Some(json!({"amount": "1", "appeal": "nope"}))).await;
    assert_eq!(unknown.json()["error"]["field"], "appeal", "{}", unknown.text());
    let appeals = call(Method::GET, format!("/api/v1/funds/{fund}/appeals"), None).await.json();
    assert_eq!((appeals[0]["raised"].clone(), appeals[0]["percent"].clone()), (json!("400.00"), json!(40)));

    // For a need the fund serves: passed on at once, on the need's timeline and among its grants.
    let need: String = sqlx::query_scalar("SELECT need_id FROM grants WHERE id = $1")
        .bind(&fx.grants[0].id)
        .fetch_one(&app.db.pool)
        .await
        .expect("the fixture need");
    let directed = call(Method::POST, donations.clone(), Some(json!({"amount": "150", "need": need}))).await;
    assert_eq!(directed.status, StatusCode::CREATED, "{}", directed.text());
    let grants = call(Method::GET, format!("/api/v1/needs/{need}/grants"), None).await.json();
    let passed = grants.as_array().expect("grants").iter().find(|g| g["directed"] == true).expect("the gift");
    assert_eq!((passed["amount"].clone(), passed["status"].clone()), (json!("150.00"), json!("paid")));
    let elsewhere: String = sqlx::query_scalar("SELECT need_id FROM grants WHERE id = $1")
        .bind(&fx.grants[1].id)
        .fetch_one(&app.db.pool)
        .await
        .expect("涪陵's need");
    let far = call(Method::POST, donations.clone(), Some(json!({"amount": "1", "need": elsewhere}))).await;
    assert_eq!(far.status, StatusCode::NOT_FOUND, "another district's need: {}", far.text());
    let f = call(Method::GET, format!("/api/v1/funds/{fund}"), None).await.json();
    // 200 + 200 matched + 150 in and out, and 150 matched that stays.
    assert_eq!((f["balance"].clone(), f["goods"].clone()), (json!("550.00"), json!("300.00")), "{f}");

    // Receipts: figures and capital numerals, the donor or 匿名, the appeal, the matching.
    let receipt =
        |id: Value| call(Method::GET, format!("/api/v1/donations/{}/receipt.pdf", id.as_str().expect("id")), None);
    let r = receipt(goods.json()["id"].clone()).await;
    assert_eq!(r.headers["content-type"], "application/pdf");
    let text = pdf_text(&r.body);
    let number = goods.json()["receipt_no"].as_str().expect("number").to_owned();
    for expected in
        ["捐赠收据", number.as_str(), "万州爱心企业FX", "棉被10床", "¥300.00", "人民币叁佰元整", "冬季关爱基金"]
    {
        assert!(text.contains(expected), "the goods receipt lacks {expected}: {text}");
    }
    let text = pdf_text(&receipt(gift.json()["id"].clone()).await.body);
    for expected in ["匿名捐赠者", "募捐项目：冬季送温暖", "人民币贰佰元整", "配捐¥200.00"] {
        assert!(text.contains(expected), "the appeal receipt lacks {expected}: {text}");
    }
    // In English when English is chosen; the amount in Chinese capitals stays, as receipts in China show it.
    let path = format!("/api/v1/donations/{}/receipt.pdf", gift.json()["id"].as_str().expect("id"));
    let text = pdf_text(&app.api_lang(Method::GET, &path, Some(&centre), None, "en").await.body);
    for expected in ["DonationReceipt", "Anonymousdonor", "appeal:冬季送温暖", "人民币贰佰元整", "Thankyou"]
    {
        assert!(text.contains(expected), "the English receipt lacks {expected}: {text}");
    }
    assert!(!text.contains("匿名捐赠者") && !text.contains("感谢"), "no Chinese sentence is left: {text}");
    let org = app.login("wz.org", PASSWORD).await;
    let path = format!("/api/v1/donations/{}/receipt.pdf", gift.json()["id"].as_str().expect("id"));
    assert_eq!(app.api(Method::GET, &path, Some(&org), None).await.status, StatusCode::FORBIDDEN);
    let fl = app.login("fl.center", PASSWORD).await;
    assert_eq!(app.api(Method::GET, &path, Some(&fl), None).await.status, StatusCode::NOT_FOUND);

    // Goods granted to a need come out of the goods, never more than there is.
    let ask = |amount: &str| json!({"fund": fund, "amount": amount, "goods": "1", "purpose": "棉被两床"});
    let room = app.login("wz.room", PASSWORD).await;
    let over = app.api(Method::POST, &format!("/api/v1/needs/{need}/grants"), Some(&room), Some(ask("301"))).await;
    let over = call(
        Method::POST,
        format!("/api/v1/grants/{}/approve", over.json()["id"].as_str().expect("id")),
        Some(json!({})),
    )
    .await;
    assert_eq!(over.status, StatusCode::CONFLICT, "{}", over.text());
    let two = app.api(Method::POST, &format!("/api/v1/needs/{need}/grants"), Some(&room), Some(ask("60"))).await;
    let paid = call(
        Method::POST,
        format!("/api/v1/grants/{}/approve", two.json()["id"].as_str().expect("id")),
        Some(json!({})),
    )
    .await;
    assert_eq!(paid.json()["status"], "paid", "{}", paid.text());
    let f = call(Method::GET, format!("/api/v1/funds/{fund}"), None).await.json();
    assert_eq!((f["balance"].clone(), f["goods"].clone()), (json!("550.00"), json!("240.00")), "{f}");

    // A reversed gift's receipt says so; the book shows both and reads back.
    let seq = goods.json()["transaction"].as_i64().expect("seq");
    let undo = call(Method::POST, format!("/api/v1/money/{seq}/reverse"), Some(json!({"reason": "登记错误"}))).await;
    assert_eq!(undo.status, StatusCode::CONFLICT, "60 of the goods were granted: reversing would take them below zero");
    let seq = gift.json()["transaction"].as_i64().expect("seq");
    let undo = call(Method::POST, format!("/api/v1/money/{seq}/reverse"), Some(json!({"reason": "登记错误"}))).await;
    assert_eq!(undo.status, StatusCode::OK, "{}", undo.text());
    assert!(pdf_text(&receipt(gift.json()["id"].clone()).await.body).contains("已冲正作废"));
    let book = call(Method::GET, format!("/api/v1/funds/{fund}/ledger.xlsx"), None).await;
    let table = wushe_sheets::read_table(&book.body, &wushe_sheets::Limits::default()).expect("xlsx");
    assert_eq!(
        table.headers,
        ["交易号", "时间", "类型", "摘要", "账户", "增加（元）", "减少（元）", "冲正关系", "校验值"]
    );
    let postings: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM money_postings p JOIN money_transactions t ON t.seq = p.seq WHERE t.fund_id = $1",
    )
    .bind(&fund)
    .fetch_one(&app.db.pool)
    .await
    .expect("postings");
    assert_eq!(table.rows.len() as i64, postings, "one row per posting");
    let cells: Vec<String> = table.rows.iter().flat_map(|r| r.cells.clone()).collect();
    let undo = undo.json()["transaction"].as_i64().expect("reversal");
    let links = [format!("已由 #{undo} 冲正"), format!("冲正 #{seq}"), "定向捐赠".to_owned(), "1000".to_owned()];
    assert!(links.iter().all(|l| cells.contains(l)), "{cells:?}");
    assert!(cells.iter().all(|c| !c.starts_with('\'') && !c.starts_with('-')), "amounts are positive: {cells:?}");
    assert_eq!(
        app.api(Method::GET, &format!("/api/v1/funds/{fund}/ledger.xlsx"), Some(&org), None).await.status,
        StatusCode::FORBIDDEN
    );

    // The disclosure: goods beside money, the reversed gift gone, the directed gift a grant.
    let d = app.api(Method::GET, &format!("/api/v1/public/funds/{fund}"), None, None).await.json();
    assert_eq!(
        (d["donated"].clone(), d["goods"].clone(), d["matched"].clone()),
        (json!("150.00"), json!("300.00"), json!("150.00")),
        "{d}"
    );
    assert_eq!(d["granted"], "210.00", "150 passed on and 60 of goods: {d}");

    // A gift for a need is reversed whatever the fund holds: it never passed through its money.
    let seq = directed.json()["transaction"].as_i64().expect("seq");
    let undo = call(Method::POST, format!("/api/v1/money/{seq}/reverse"), Some(json!({"reason": "捐赠方撤回"}))).await;
    assert_eq!(undo.status, StatusCode::OK, "{}", undo.text());
    let grants = call(Method::GET, format!("/api/v1/needs/{need}/grants"), None).await.json();
    let passed = grants.as_array().expect("grants").iter().find(|g| g["directed"] == true).expect("the gift");
    assert_eq!(passed["status"], "reversed", "what the movement paid is undone with it");
    let timeline = call(Method::GET, format!("/api/v1/needs/{need}/timeline"), None).await.text();
    assert!(timeline.contains("资助 150.00 元已冲正：捐赠方撤回"), "{timeline}");

    // A closed fund takes no more gifts.
    let closed = call(Method::POST, format!("/api/v1/funds/{fund}/close"), Some(json!({"reason": "项目结束"}))).await;
    assert_eq!(closed.json()["status"], "closed", "{}", closed.text());
    let late = call(Method::POST, donations.clone(), Some(json!({"amount": "1"}))).await;
    assert!(late.status == StatusCode::CONFLICT && late.message().contains("已关闭"), "{}", late.text());
    // Nor new appeals or matching rules: nothing new is raised in its name.
    let appeal = json!({"name": "关闭后募集", "goal": "1000", "starts_on": "2026-12-01", "ends_on": "2026-12-31"});
    let late = call(Method::POST, format!("/api/v1/funds/{fund}/appeals"), Some(appeal)).await;
    assert!(late.status == StatusCode::CONFLICT && late.message().contains("已关闭"), "{}", late.text());
    let rule = json!({"matcher": "市慈善总会", "ratio": "1:1", "pool": "10", "starts_on": "2026-01-01", "ends_on": "2099-12-31"});
    let late = call(Method::POST, format!("/api/v1/funds/{fund}/matching-rules"), Some(rule)).await;
    assert!(late.status == StatusCode::CONFLICT && late.message().contains("已关闭"), "{}", late.text());
    let rules = sqlx::query("SELECT COUNT(*) AS n FROM matching_rules WHERE fund_id = $1 AND matcher = '市慈善总会' AND numerator = denominator")
        .bind(&fund)
        .fetch_one(&app.db.pool)
        .await
        .expect("rules");
    assert_eq!(sqlx::Row::try_get::<i64, _>(&rules, "n").expect("n"), 0, "nothing written");
    assert!(wushe_store::ledger::verify(&app.db).await.expect("verify").is_ok());
});
