//! The three hash chains (audit log, hours ledger, money ledger) against someone with the
//! database: a row changed in place, a row deleted from the middle, two rows swapped, and the
//! newest row cut off with the chain's head rolled back. Each time the real `wushe verify` exits
//! non-zero naming the row: the walk names the first row out of line, and what the walk cannot
//! see (a clean cut at the end) the anchors outside the database do. The attacker also removes
//! the rows that refer to what they delete, as someone covering their tracks would; the
//! references are taken off first (SQLite: per connection; PostgreSQL: the owner drops them).

use sqlx::Row;
use wushe_testkit::fixture;
use wushe_testkit::{TestApp, dual_test};

use crate::figures::wushe;

const CHAINS: [&str; 3] = ["audit", "hours", "money"];

/// The row every scenario tampers with (the chain holds at least three).
const ROW: i64 = 2;

/// The chain's table, the tables whose rows move with its rows (a transaction's postings), and
/// a change to one row's content.
fn tables(chain: &str) -> (&'static str, &'static [&'static str], String) {
    match chain {
        "audit" => ("audit_events", &[], format!("UPDATE audit_events SET detail = '{{}}' WHERE seq = {ROW}")),
        "hours" => ("hours_entries", &[], format!("UPDATE hours_entries SET minutes = minutes + 60 WHERE seq = {ROW}")),
        _ => (
            "money_transactions",
            &["money_postings"],
            format!("UPDATE money_postings SET amount = amount + 1 WHERE seq = {ROW} AND leg = 0"),
        ),
    }
}

/// What `wushe verify` says of a broken chain, before the row's number.
fn broken(chain: &str) -> &'static str {
    match chain {
        "audit" => "audit chain broken at event",
        "hours" => "hours ledger broken at entry",
        _ => "money ledger broken at transaction",
    }
}

/// Runs `wushe verify`: whether it passed, and what it wrote to stderr.
fn verify(app: &TestApp) -> (bool, String) {
    let out = wushe(app, &["verify"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success() || out.status.code() == Some(2), "verify ran: {:?} {err}", out.status);
    (out.status.success(), err)
}

/// `wushe verify` fails and names `line`.
fn verify_names(app: &TestApp, what: &str, line: &str) {
    let (passed, err) = verify(app);
    assert!(!passed, "{what}: verify must fail: {err}");
    assert!(err.contains(line), "{what}: verify must name the row ({line}): {err}");
}

/// Runs `statements` as someone with the database who has taken the references off.
async fn tamper(app: &TestApp, statements: &[String]) {
    let mut c = app.db.pool.acquire().await.expect("connection");
    if app.on_postgres() {
        let rows = sqlx::query(
            "SELECT c.conname::text AS name, t.relname::text AS tbl FROM pg_constraint c \
             JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' \
             AND c.confrelid IN ('hours_entries'::regclass, 'money_transactions'::regclass)",
        )
        .fetch_all(&mut *c)
        .await
        .expect("references");
        for r in rows {
            let (name, table): (String, String) = (r.get("name"), r.get("tbl"));
            sqlx::query(&format!("ALTER TABLE {table} DROP CONSTRAINT {name}"))
                .execute(&mut *c)
                .await
                .expect("drop reference");
        }
    } else {
        sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut *c).await.expect("references off");
    }
    for sql in statements {
        sqlx::query(sql).execute(&mut *c).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    if !app.on_postgres() {
        sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *c).await.expect("references on");
    }
}

async fn head(app: &TestApp, chain: &str) -> i64 {
    sqlx::query("SELECT seq FROM chain_heads WHERE chain = $1")
        .bind(chain)
        .fetch_one(&app.db.pool)
        .await
        .expect("head")
        .get("seq")
}

/// A fresh app with the fixture, every chain at least three rows long, which verifies clean.
async fn fresh(engine: wushe_testkit::Engine) -> TestApp {
    let app = TestApp::spawn(engine).await;
    fixture::load(&app).await;
    for chain in CHAINS {
        assert!(head(&app, chain).await > ROW, "{chain} holds at least three rows");
    }
    let (passed, err) = verify(&app);
    assert!(passed, "the fixture verifies clean: {err}");
    app
}

async fn changed_in_place(app: &TestApp, chain: &str) {
    let (_, _, change) = tables(chain);
    tamper(app, &[change]).await;
    verify_names(app, &format!("{chain}: a row changed"), &format!("{} {ROW}\n", broken(chain)));
}

async fn deleted_from_the_middle(app: &TestApp, chain: &str) {
    let (table, moving, _) = tables(chain);
    let mut sql: Vec<String> = moving.iter().map(|t| format!("DELETE FROM {t} WHERE seq = {ROW}")).collect();
    sql.push(format!("DELETE FROM {table} WHERE seq = {ROW}"));
    tamper(app, &sql).await;
    verify_names(app, &format!("{chain}: a row deleted"), &format!("{} {ROW}\n", broken(chain)));
}

async fn swapped(app: &TestApp, chain: &str) {
    let (table, moving, _) = tables(chain);
    let mut sql = Vec::new();
    for t in moving.iter().chain([&table]) {
        sql.push(format!("UPDATE {t} SET seq = -1 WHERE seq = {ROW}"));
        sql.push(format!("UPDATE {t} SET seq = {ROW} WHERE seq = {}", ROW + 1));
        sql.push(format!("UPDATE {t} SET seq = {} WHERE seq = -1", ROW + 1));
    }
    tamper(app, &sql).await;
    verify_names(app, &format!("{chain}: two rows swapped"), &format!("{} {ROW}\n", broken(chain)));
}

/// The newest row cut off and the head rolled back: the walk alone cannot tell, the anchor the
/// server wrote before does.
async fn cut_off_with_the_head_rolled_back(app: &TestApp, chain: &str) {
    std::fs::create_dir_all(&app.settings.data_dir).expect("data folder");
    let file = wushe_app::anchors::path(&app.settings.data_dir);
    wushe_app::anchors::append(&file, &app.db, &mut Vec::new()).await.expect("anchor");
    let newest = head(app, chain).await;
    let (table, moving, _) = tables(chain);
    let previous: String = sqlx::query(&format!("SELECT hash FROM {table} WHERE seq = $1"))
        .bind(newest - 1)
        .fetch_one(&app.db.pool)
        .await
        .expect("previous row")
        .get("hash");
    let mut sql: Vec<String> = moving.iter().map(|t| format!("DELETE FROM {t} WHERE seq = {newest}")).collect();
    sql.push(format!("DELETE FROM {table} WHERE seq = {newest}"));
    sql.push(format!("UPDATE chain_heads SET seq = {}, hash = '{previous}' WHERE chain = '{chain}'", newest - 1));
    tamper(app, &sql).await;
    let (_, err) = verify(app);
    assert!(!err.contains(broken(chain)), "{chain}: the walk alone cannot tell: {err}");
    verify_names(app, &format!("{chain}: cut off"), &format!("{chain} #{newest}: the anchored row is gone"));
}

async fn every_tampering_is_named(engine: wushe_testkit::Engine, chain: &str) {
    changed_in_place(&fresh(engine).await, chain).await;
    deleted_from_the_middle(&fresh(engine).await, chain).await;
    swapped(&fresh(engine).await, chain).await;
    cut_off_with_the_head_rolled_back(&fresh(engine).await, chain).await;
}

dual_test!(the_audit_log_names_a_changed_deleted_swapped_or_cut_off_event, |app| {
    every_tampering_is_named(app.engine, "audit").await;
});

dual_test!(the_hours_ledger_names_a_changed_deleted_swapped_or_cut_off_entry, |app| {
    every_tampering_is_named(app.engine, "hours").await;
});

dual_test!(the_money_ledger_names_a_changed_deleted_swapped_or_cut_off_transaction, |app| {
    every_tampering_is_named(app.engine, "money").await;
});
