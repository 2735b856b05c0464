//! Changing the data behind the application's back is always seen: a figure a receipt or a
//! public page prints comes from what the chain covers, and `verify` names the changed row.
//! Rows of the chains themselves: `tamper_chains`; the figures' rollups: `tamper_rollups`.

use axum::http::Method;
use sqlx::Row;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD};

use crate::e2e_charity::pdf_text;

dual_test!(a_forged_gift_amount_is_neither_printed_nor_missed, |app| {
    let fx = fixture::load(&app).await;
    let gift = &fx.donations[0];
    let fund: String = sqlx::query_scalar("SELECT fund_id FROM donations WHERE id = $1")
        .bind(&gift.id)
        .fetch_one(&app.db.pool)
        .await
        .expect("fund");
    // 1,000 yuan given; someone with the database writes 9,000 into the gift's row.
    sqlx::query("UPDATE donations SET amount = 900000 WHERE id = $1")
        .bind(&gift.id)
        .execute(&app.db.pool)
        .await
        .expect("forge");
    let centre = app.login("wz.center", PASSWORD).await;
    let pdf = app.api(Method::GET, &format!("/api/v1/donations/{}/receipt.pdf", gift.id), Some(&centre), None).await;
    if pdf.status == axum::http::StatusCode::OK {
        let text = pdf_text(&pdf.body).expect("the receipt reads back");
        assert!(text.contains("壹仟元整") && !text.contains("玖仟"), "the receipt prints what the chain holds: {text}");
    }
    let public = app.api(Method::GET, &format!("/api/v1/public/funds/{fund}"), None, None).await.text();
    assert!(!public.contains("9000.00") && !public.contains("9,000"), "the disclosure too: {public}");
    let found = wushe_store::ledger::row_differences(&app.db).await.expect("check");
    assert_eq!(found, [format!("donations.amount {}: 900000 ≠ 100000", gift.id)], "verify names the row");
});

async fn audit_head(app: &wushe_testkit::TestApp) -> (i64, String) {
    let r = sqlx::query("SELECT seq, hash FROM chain_heads WHERE chain = 'audit'")
        .fetch_one(&app.db.pool)
        .await
        .expect("head");
    (r.try_get("seq").expect("seq"), r.try_get("hash").expect("hash"))
}

/// The chain's link as the product computes it, which anyone may read in its source: what an
/// attacker with the database recomputes after changing a row.
fn link(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in parts {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

dual_test!(cutting_off_the_newest_rows_is_seen_by_the_anchors, |app| {
    fixture::load(&app).await;
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join(wushe_app::anchors::FILE);
    assert!(wushe_app::anchors::append(&file, &app.db, &mut Vec::new()).await.expect("anchor") >= 2);
    assert!(wushe_app::anchors::check(&file, &app.db).await.expect("check").problems.is_empty());
    let (anchored, _) = audit_head(&app).await;
    sqlx::query("DELETE FROM audit_events WHERE seq > $1").bind(anchored - 3).execute(&app.db.pool).await.expect("cut");
    let r = sqlx::query("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .expect("row");
    let (seq, hash): (i64, String) = (r.try_get("seq").expect("seq"), r.try_get("hash").expect("hash"));
    sqlx::query("UPDATE chain_heads SET seq = $1, hash = $2 WHERE chain = 'audit'")
        .bind(seq)
        .bind(hash)
        .execute(&app.db.pool)
        .await
        .expect("roll back");
    assert!(wushe_store::audit::verify(&app.db).await.expect("walk").is_ok(), "the chain alone cannot tell");
    let checked = wushe_app::anchors::check(&file, &app.db).await.expect("check");
    assert_eq!(checked.problems.len(), 1, "{:?}", checked.problems);
    assert!(
        checked.problems[0].starts_with(&format!("audit #{anchored}: the anchored row is gone")),
        "{:?}",
        checked.problems
    );
});

dual_test!(changing_a_row_and_rehashing_the_rest_is_seen_by_the_anchors, |app| {
    fixture::load(&app).await;
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join(wushe_app::anchors::FILE);
    wushe_app::anchors::append(&file, &app.db, &mut Vec::new()).await.expect("anchor");
    let (anchored, _) = audit_head(&app).await;
    // Rewrite what event 2 says, then recompute every hash after it and the head.
    sqlx::query("UPDATE audit_events SET detail = '{}' WHERE seq = 2").execute(&app.db.pool).await.expect("edit");
    let rows = sqlx::query(
        "SELECT seq, at, actor_id, region_code, action, entity, entity_id, outcome, detail FROM audit_events ORDER BY seq",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("rows");
    let mut prev = "0".repeat(64);
    for r in &rows {
        let text = |c: &str| r.try_get::<Option<String>, _>(c).expect(c).unwrap_or_default();
        let seq: i64 = r.try_get("seq").expect("seq");
        let at: i64 = r.try_get("at").expect("at");
        let hash = link(&[
            &prev,
            &seq.to_string(),
            &at.to_string(),
            &text("actor_id"),
            &text("region_code"),
            &text("action"),
            &text("entity"),
            &text("entity_id"),
            &text("outcome"),
            &text("detail"),
        ]);
        sqlx::query("UPDATE audit_events SET prev_hash = $1, hash = $2 WHERE seq = $3")
            .bind(&prev)
            .bind(&hash)
            .bind(seq)
            .execute(&app.db.pool)
            .await
            .expect("rehash");
        prev = hash;
    }
    sqlx::query("UPDATE chain_heads SET hash = $1 WHERE chain = 'audit'")
        .bind(&prev)
        .execute(&app.db.pool)
        .await
        .expect("head");
    assert!(wushe_store::audit::verify(&app.db).await.expect("walk").is_ok(), "the rehashed chain walks clean");
    let checked = wushe_app::anchors::check(&file, &app.db).await.expect("check");
    assert!(
        checked.problems.iter().any(|p| p.starts_with(&format!("audit #{anchored}: the row differs"))),
        "{:?}",
        checked.problems
    );
    // Nor can the attacker write an anchor for the rehashed head: without the key its MAC fails.
    let kid = std::fs::read_to_string(&file).expect("read").split(' ').nth(4).expect("key id").to_owned();
    std::fs::write(&file, format!("audit {anchored} {prev} 0 {kid} 00ff\n")).expect("forge");
    let forged = wushe_app::anchors::check(&file, &app.db).await.expect("check");
    assert!(forged.problems.iter().any(|p| p.contains("MAC does not check")), "{:?}", forged.problems);
});

dual_test!(a_forged_certificate_is_named_by_verify, |app| {
    let fx = fixture::load(&app).await;
    let id = &fx.certificates[0].id;
    assert!(wushe_store::certificates::printed_differences(&app.db).await.expect("check").is_empty());
    let number: String = sqlx::query_scalar("SELECT number FROM certificates WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect("number");
    // Ten more hours written into the certificate behind the ledger's back.
    sqlx::query("UPDATE certificates SET minutes = minutes + 600 WHERE id = $1")
        .bind(id)
        .execute(&app.db.pool)
        .await
        .expect("forge");
    let found = wushe_store::certificates::printed_differences(&app.db).await.expect("check");
    assert_eq!(found, [format!("certificates {number}")]);
});
