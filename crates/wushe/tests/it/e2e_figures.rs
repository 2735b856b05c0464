//! End to end for the figures, in Chromium at desktop and phone size: the city's administrator
//! opens the summary, follows a number to its records (as many as the number says), types a period
//! wrong and then one with no records, opens the dashboard (every chart drawn) and the annual
//! report, and takes the report's PDF and the spreadsheets away, read back here. A station sees
//! only its own subtree.

use axum::http::{Method, StatusCode};
use fantoccini::Locator;
use wushe_testkit::fixture::{self, PASSWORD};
use wushe_testkit::rng::Rng;
use wushe_testkit::{Engine, TestApp};

use crate::browser::{Browser, TestResult};
use crate::e2e_charity::pdf_text;

async fn fits_the_phone(b: &Browser, what: &str) -> TestResult {
    if let Some(culprits) = b.overflow().await? {
        return Err(format!("{what} is wider than the phone: {culprits}").into());
    }
    Ok(())
}

/// Waits until the dashboard's script has drawn every chart (or failed).
async fn charts_drawn(b: &Browser) -> TestResult {
    let ready = b.wait("#charts[data-ready]").await?.attr("data-ready").await?;
    assert_eq!(ready.as_deref(), Some("true"), "the charts' data loaded");
    for chart in b.c.find_all(Locator::Css("#charts [data-chart]")).await? {
        let name = chart.attr("data-chart").await?.unwrap_or_default();
        assert!(chart.find(Locator::Css("svg")).await.is_ok(), "chart {name} is drawn");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_figures_drill_down_chart_and_report_on_desktop_and_phone() -> TestResult {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let fx = fixture::load(&app).await;
    crate::figures::generate(&app, &fx, &mut Rng::new(7)).await;
    let base = app.serve().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.c.set_window_size(1280, 900).await?;
    b.sign_in("cq.admin").await?;
    b.click("header nav a[href='/figures']").await?;
    b.wait_text("main h1", "重庆市").await?;
    b.fill("period", "2026").await?;
    b.click("form.period button").await?;
    b.wait_text("main h2", "2026-01-01 – 2026-12-31").await?;
    assert!(!b.text("#index-total").await?.is_empty());
    let shown = b.text("tr[data-metric='needs_received'] a.figure").await?;
    let received: i64 = shown.parse()?;
    assert!(received > 0, "needs were received in 2026");
    b.shot("figures-summary-desktop").await?;

    // The number drills down to exactly that many records.
    b.click("tr[data-metric='needs_received'] a.figure").await?;
    b.wait("#record-count").await?;
    assert_eq!(b.text("#record-count").await?, shown);
    assert_eq!(b.rows("table.records").await?.len() as i64, received.min(50));
    b.shot("figures-records-desktop").await?;
    b.c.back().await?;

    // A period typed wrong names the field; a year with no records shows zeros, labelled.
    b.wait("input[name='period']").await?;
    b.fill("period", "2026-13").await?;
    b.click("form.period button").await?;
    b.wait_text("p.error", "统计期间").await?;
    b.fill("period", "2003").await?;
    b.click("form.period button").await?;
    b.wait("#empty-period").await?;
    assert_eq!(b.text("tr[data-metric='visits'] a.figure").await?, "0");

    // The dashboard draws every chart.
    b.goto("/figures/50/charts?period=2026").await?;
    charts_drawn(&b).await?;
    let categories = b.text("[data-chart='categories']").await?;
    assert!(
        categories.contains("养老照护") || categories.contains("困难救助") || categories.contains("就业帮扶"),
        "{categories}"
    );
    b.shot("figures-charts-desktop").await?;

    // The annual report: index, ranked districts, charts; then its PDF and the spreadsheets.
    b.goto("/figures/5001/report?year=2026").await?;
    b.wait_text("main h1", "2026年度社会工作发展报告").await?;
    charts_drawn(&b).await?;
    let ranked = b.rows("table.ranked").await?;
    assert!(ranked.len() >= 2, "{ranked:?}");
    b.shot("figures-report-desktop").await?;
    let admin = app.login("cq.admin", PASSWORD).await;
    let pdf = app.api(Method::GET, "/api/v1/figures/5001/report.pdf?year=2026", Some(&admin), None).await;
    assert_eq!(pdf.status, StatusCode::OK);
    let text = pdf_text(&pdf.body)?;
    for part in ["2026年度社会工作发展报告", "行业指数", "万州区", "涪陵区", "受理需求"] {
        assert!(text.contains(part), "the PDF says {part}: {text}");
    }
    let sheet = app.api(Method::GET, "/api/v1/figures/50/summary.xlsx?period=2026", Some(&admin), None).await;
    let table = wushe_sheets::read_table(&sheet.body, &wushe_sheets::Limits::default())?;
    assert_eq!(table.headers[..4], ["地区", "分类", "统计项", "单位"]);
    let row = table.rows.iter().find(|r| r.cells[2] == "受理需求").ok_or("the needs row")?;
    assert_eq!(row.cells[4], shown);
    let records = app
        .api(Method::GET, "/api/v1/figures/50/records.xlsx?period=2026&metric=needs_received", Some(&admin), None)
        .await;
    let table = wushe_sheets::read_table(&records.body, &wushe_sheets::Limits::default())?;
    assert_eq!(table.rows.len() as i64, received, "one row per record");

    // On a phone: the summary, the dashboard and the report fit the screen.
    b.c.set_window_size(390, 844).await?;
    b.goto("/figures/50?period=2026").await?;
    b.wait("#index-total").await?;
    fits_the_phone(&b, "the summary").await?;
    b.shot("figures-summary-phone").await?;
    b.goto("/figures/50/charts?period=2026").await?;
    charts_drawn(&b).await?;
    fits_the_phone(&b, "the dashboard").await?;
    b.shot("figures-charts-phone").await?;
    b.goto("/figures/5001/report?year=2026").await?;
    charts_drawn(&b).await?;
    fits_the_phone(&b, "the report").await?;
    b.shot("figures-report-phone").await?;

    // A station sees its own township only.
    b.c.delete_all_cookies().await?;
    b.sign_in("wz.station").await?;
    b.goto("/figures").await?;
    b.wait_text("main h1", "统计数字").await?;
    let here = b.path().await?;
    assert!(here.starts_with("/figures/500101001"), "{here}");
    b.goto("/figures/50?period=2026").await?;
    b.wait_text("main", "不在您的管辖范围内").await?;
    b.quit().await
}
