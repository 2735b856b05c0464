//! End to end: sign in, browse regions, add a service point, switch language and fit a phone, in a
//! real headless Chromium (see `browser.rs`: PNGs land in the test artifacts as `e2e-*.png`).

use fantoccini::Locator;
use serde_json::json;
use wushe_domain::ServicePointId;
use wushe_store::{Scope, service_points};
use wushe_testkit::fixture::PASSWORD;

use crate::browser::{Browser, TestResult, app_with_fixture};

/// A village of 万州区's second township: centre staff may open a room there.
const VILLAGE: &str = "500101017001";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_browse_and_add_service_point_desktop() -> TestResult {
    let (app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };

    b.goto("/login").await?;
    assert_eq!(b.text("main h1").await?, "登录", "the login page is Chinese by default");
    assert_eq!(b.text("header a.lang").await?, "English");
    b.shot("login-desktop").await?;
    b.log_in("wz.center", PASSWORD).await?;

    // Centre staff land on their workbench; the network link leads to their district.
    b.wait("ul.todo").await?;
    assert_eq!(b.path().await?, "/");
    b.click("header nav a[href='/regions']").await?;
    b.wait("table.coverage").await?;
    assert_eq!(b.path().await?, "/regions/500101");
    assert!(b.text("main h1").await?.contains("万州区"));
    let rows = b.c.find_all(Locator::Css("table.coverage tbody tr")).await?;
    assert!(rows.len() >= 2, "coverage rows for stations and rooms, got {}", rows.len());
    assert!(b.text("table.coverage").await?.contains('%'));
    assert!(b.text("main").await?.contains("万州中心FX"), "the district's centre is listed");
    b.shot("region-desktop").await?;

    // Into a township.
    b.wait("table.children a[href='/regions/500101001']").await?.click().await?;
    b.wait("nav.trail a[href='/regions/500101001']").await?;
    assert_eq!(b.path().await?, "/regions/500101001");
    let h1 = b.text("main h1").await?;
    assert!(h1.contains("高笋塘街道") && h1.contains("500101001"), "township heading: {h1}");
    assert!(b.text("main").await?.contains("高笋塘站FX"), "the township's station is listed");
    assert!(b.c.find(Locator::Css("nav.trail a[href='/regions/500101']")).await.is_ok(), "the trail leads back");

    // A new room in a village.
    let before = app.count("service_points").await;
    b.goto(&format!("/service-points/new?region={VILLAGE}")).await?;
    let region = b.wait("input[name='region']").await?;
    assert_eq!(region.prop("value").await?.as_deref(), Some(VILLAGE), "the region comes prefilled");
    let name = "白岩路社会工作室E2E";
    b.fill("name", name).await?;
    b.fill("address", "重庆市万州区白岩路88号").await?;
    b.fill("contact_name", "李社工").await?;
    b.fill("contact_phone", "13812345678").await?;
    b.set_value("opened_on", "2023-05-01").await?;
    b.submit().await?;

    b.wait("dl.facts").await?;
    let path = b.path().await?;
    let id: ServicePointId = path.strip_prefix("/service-points/").ok_or(format!("landed on {path}"))?.parse()?;
    assert!(b.text("main h1").await?.contains(name));
    let facts = b.text("dl.facts").await?;
    assert!(facts.contains("1******5678"), "the phone shows masked: {facts}");
    assert!(!b.c.source().await?.contains("13812345678"), "the full phone is nowhere in the page");
    assert!(facts.contains("2023-05-01"), "the opening date: {facts}");
    b.shot("point-desktop").await?;

    assert_eq!(app.count("service_points").await, before + 1);
    let p = service_points::get(&app.db, &Scope::all(), id).await?.ok_or("the new point is stored")?;
    assert_eq!(
        (p.name.as_str(), p.region_code.to_string(), p.level.key(), p.contact_phone.as_deref()),
        (name, VILLAGE.to_owned(), "room", Some("13812345678"))
    );
    assert_eq!(p.opened_on.to_string(), "2023-05-01");
    b.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_viewport_login_and_region() -> TestResult {
    let (_app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.c.set_window_size(390, 844).await?;

    b.goto("/login").await?;
    assert_eq!(b.text("main h1").await?, "登录");
    assert_eq!(b.c.execute("return window.innerWidth", vec![]).await?, json!(390), "a phone-wide viewport");
    b.shot("login-phone").await?;
    let login_overflow = b.overflow().await?;
    b.log_in("wz.center", PASSWORD).await?;

    // The workbench; on a phone the header shows the main places, the rest behind 菜单.
    b.wait("ul.todo").await?;
    b.shot("workbench-phone").await?;
    let workbench_overflow = b.overflow().await?;
    let header: f64 = serde_json::from_value(
        b.c.execute("return document.querySelector('header.top').getBoundingClientRect().height", vec![]).await?,
    )?;
    assert!(header < 110.0, "PRODUCT LAYOUT BUG: the phone header is {header}px high");
    b.click("header label.menu-button").await?;
    b.click("header nav a[href='/regions']").await?;
    b.wait("table.coverage").await?;
    assert_eq!(b.path().await?, "/regions/500101");
    assert!(b.text("main h1").await?.contains("万州区"));
    b.shot("region-phone").await?;
    let region_overflow = b.overflow().await?;

    // Layout check: no page may scroll sideways on a phone (wide tables scroll inside their card).
    assert_eq!(login_overflow, None, "PRODUCT LAYOUT BUG: /login is wider than a 390px phone");
    assert_eq!(workbench_overflow, None, "PRODUCT LAYOUT BUG: the workbench is wider than a 390px phone");
    assert_eq!(region_overflow, None, "PRODUCT LAYOUT BUG: /regions/500101 is wider than a 390px phone");
    b.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_switch_and_bad_input() -> TestResult {
    let (app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };

    b.goto("/login").await?;
    b.log_in("wz.center", PASSWORD).await?;
    b.wait("ul.todo").await?;
    b.click("header nav a[href='/regions']").await?;
    b.wait("table.coverage").await?;
    assert_eq!(b.text("header nav a[href='/service-points']").await?, "服务阵地");

    b.wait("header a.lang").await?.click().await?;
    b.wait("html[lang='en'] table.coverage").await?;
    assert_eq!(b.path().await?, "/regions/500101", "the switch comes back to the same page");
    assert_eq!(b.text("header nav a[href='/service-points']").await?, "Service points");
    assert_eq!(b.text("header a.lang").await?, "中文");

    let before = app.count("service_points").await;
    b.goto(&format!("/service-points/new?region={VILLAGE}")).await?;
    b.fill("name", "坏电话工作室E2E").await?;
    b.fill("address", "重庆市万州区某路1号").await?;
    b.fill("contact_phone", "12345").await?;
    b.set_value("opened_on", "2023-05-01").await?;
    b.submit().await?;

    let error = b.text("main p.error").await?;
    assert!(error.starts_with("Contact phone"), "the error names the field in English: {error}");
    let kept = b.wait("input[name='name']").await?.prop("value").await?;
    assert_eq!(kept.as_deref(), Some("坏电话工作室E2E"), "the form keeps what was typed");
    b.shot("bad-input-desktop").await?;
    assert_eq!(app.count("service_points").await, before, "nothing was written");
    b.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_is_refused_in_chinese() -> TestResult {
    let (_app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };

    b.goto("/login").await?;
    b.log_in("wz.center", "not-the-password").await?;
    assert_eq!(b.text("main p.error").await?, "用户名或密码错误");
    assert_eq!(b.path().await?, "/login");
    assert_eq!(b.wait("input[name='login']").await?.prop("value").await?.as_deref(), Some("wz.center"));
    b.shot("wrong-password-desktop").await?;

    // Still signed out: a staff page sends the browser back to sign in.
    b.goto("/regions/500101").await?;
    b.wait("input[name='password']").await?;
    assert_eq!(b.path().await?, "/login");
    b.quit().await
}
