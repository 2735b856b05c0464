//! The figures' rollup rows against someone with the database: a row changed, a row deleted and
//! a row added behind the application's back are each found by `wushe figures check` (the real
//! command), which exits non-zero naming the region, the period and the metric.

use sqlx::Row;
use wushe_domain::figures::{Grain, Metric, date_of, day_number, month_start};
use wushe_domain::validate::format_date;
use wushe_store::figures::{self, Difference};
use wushe_testkit::{TestApp, dual_test, fixture};

use crate::figures::wushe;

/// A rollup row: region, grain, period, metric key, value.
type Cell = (String, i64, i64, String, i64);

/// The period as `figures check` prints it.
fn when(grain: i64, period: i64) -> String {
    match Grain::from_number(grain).expect("grain") {
        Grain::Day => format_date(date_of(period).expect("day")),
        Grain::Month => format_date(date_of(month_start(period)).expect("month"))[..7].to_owned(),
    }
}

async fn one_row(app: &TestApp, region: &str, grain: i64) -> Cell {
    let r = sqlx::query(
        "SELECT region_code, grain, period, metric, value FROM figures WHERE region_code = $1 AND grain = $2 \
         ORDER BY period, metric LIMIT 1",
    )
    .bind(region)
    .bind(grain)
    .fetch_one(&app.db.pool)
    .await
    .unwrap_or_else(|e| panic!("a rollup row of {region}: {e}"));
    (r.get("region_code"), r.get("grain"), r.get("period"), r.get("metric"), r.get("value"))
}

async fn exec(app: &TestApp, sql: &str, cell: &Cell) {
    sqlx::query(sql)
        .bind(&cell.0)
        .bind(cell.1)
        .bind(cell.2)
        .bind(&cell.3)
        .bind(cell.4)
        .execute(&app.db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

const SET: &str = "UPDATE figures SET value = $5 WHERE region_code = $1 AND grain = $2 AND period = $3 AND metric = $4";
const DELETE: &str =
    "DELETE FROM figures WHERE region_code = $1 AND grain = $2 AND period = $3 AND metric = $4 AND value = $5";
const INSERT: &str = "INSERT INTO figures (region_code, grain, period, metric, value) VALUES ($1, $2, $3, $4, $5)";

/// `figures check` fails naming exactly this cell, kept as `kept` against `counted`.
async fn named(app: &TestApp, cell: &Cell, kept: i64, counted: i64) {
    let found = figures::check(&app.db, &mut |_| {}).await.expect("check");
    let expected = Difference {
        region_code: cell.0.clone(),
        grain: Grain::from_number(cell.1).expect("grain"),
        period: cell.2,
        metric: Metric::parse(&cell.3).expect("metric"),
        kept,
        counted,
    };
    assert_eq!(found, [expected], "the store's check names the one cell");
    let out = wushe(app, &["figures", "check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "figures check must fail: {err}");
    let line = format!("{} {} {}: 汇总 {kept} ≠ 记录 {counted}", cell.0, when(cell.1, cell.2), cell.3);
    assert!(err.contains(&line), "the command names region, period and metric ({line}): {err}");
    assert!(err.contains("共 1 处不一致"), "{err}");
}

async fn clean(app: &TestApp) {
    assert_eq!(figures::check(&app.db, &mut |_| {}).await.expect("check"), Vec::new());
    let out = wushe(app, &["figures", "check"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

dual_test!(a_changed_deleted_or_added_rollup_row_is_named_by_figures_check, |app| {
    fixture::load(&app).await;
    clean(&app).await;
    // Changed: a sibling district's month row grows by five.
    let month = one_row(&app, "500102", 2).await;
    let forged = (month.0.clone(), month.1, month.2, month.3.clone(), month.4 + 5);
    exec(&app, SET, &forged).await;
    named(&app, &forged, month.4 + 5, month.4).await;
    exec(&app, SET, &month).await;
    clean(&app).await;
    // Deleted: a village's day row is gone.
    let day = one_row(&app, "500101001001", 1).await;
    exec(&app, DELETE, &day).await;
    named(&app, &day, 0, day.4).await;
    exec(&app, INSERT, &day).await;
    clean(&app).await;
    // Added: a row for a day on which 东城 has no records at all.
    let quiet = day_number(time::macros::date!(2025 - 06 - 15));
    let added = ("110101".to_owned(), 1, quiet, "needs_received".to_owned(), 3);
    exec(&app, INSERT, &added).await;
    named(&app, &added, 3, 0).await;
    exec(&app, DELETE, &added).await;
    clean(&app).await;
});
