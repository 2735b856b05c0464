//! End to end for volunteers: register, find, import spreadsheets, and fit a phone, in a real
//! headless Chromium (see `browser.rs`: the same skip-unless-CI rule as `e2e.rs`, and PNGs land
//! beside its ones as `e2e-volunteers-*.png`).

use fantoccini::Locator;
use serde_json::json;
use wushe_app::people::volunteer_sheets::HEADERS;
use wushe_domain::idcard;
use wushe_testkit::fixture::resident_id;

use crate::browser::{Browser, TestResult, app_with_fixture};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_and_find_a_volunteer_in_the_browser() -> TestResult {
    let (app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.sign_in("wz.station").await?;
    let before = app.count("volunteers").await;

    assert_eq!(b.text("header nav a[href='/volunteers']").await?, "志愿者");
    b.click("header nav a[href='/volunteers']").await?;
    assert_eq!(b.text("main a[href='/volunteers/new']").await?, "登记志愿者");
    b.click("main a[href='/volunteers/new']").await?;
    let region = b.wait("input[name='region']").await?.prop("value").await?;
    assert_eq!(region.as_deref(), Some("500101001"), "the home region comes prefilled with the station's");

    let id_number = resident_id("500101", "19900215", "031");
    b.fill("name", "张三丰").await?;
    b.fill("id_number", &id_number).await?;
    b.fill("phone", "13912345678").await?;
    b.fill("region", "500101001002").await?;
    b.fill("skills", "陪伴探访、心理疏导").await?;
    b.fill("availability", "周六 09:00-12:00").await?;
    b.click("main form.stack button[type='submit']").await?;

    b.wait("dl.facts").await?;
    let path = b.path().await?;
    assert!(path.strip_prefix("/volunteers/").is_some_and(|id| !id.is_empty()), "the detail page: {path}");
    assert!(b.text("main h1").await?.starts_with("张三丰"));
    let facts = b.text("dl.facts").await?;
    let masked_id = format!("{}{}{}", &id_number[..1], "*".repeat(16), &id_number[17..]);
    assert_eq!(idcard::mask(&id_number), masked_id);
    assert!(facts.contains(&masked_id), "the detail shows the masked ID number {masked_id}: {facts}");
    for shown in "1******5678|陪伴探访、心理疏导|周六 09:00-12:00|乌龙池社区|500101001002|1990|男".split('|')
    {
        assert!(facts.contains(shown), "the detail shows {shown}: {facts}");
    }
    assert!(!facts.contains("1990-02-15") && !facts.contains("02-15"), "the birth year only, beside the mask: {facts}");
    let source = b.c.source().await?;
    assert!(!source.contains(&id_number) && !source.contains("13912345678"), "no full number in the page");
    b.shot("volunteers-detail-desktop").await?;
    assert_eq!(app.count("volunteers").await, before + 1);

    // Back on the list, both the fixture's volunteer and the new one, masked.
    b.click("header nav a[href='/volunteers']").await?;
    b.wait("table.people").await?;
    let rows = b.rows("table.people").await?;
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert!(names.contains(&"张三丰") && names.contains(&"万州志愿甲FX"), "the station's volunteers: {names:?}");
    let new = rows.iter().find(|r| r[0] == "张三丰").ok_or("the new row")?;
    assert_eq!((new[2].as_str(), new[3].as_str()), (masked_id.as_str(), "1******5678"), "the list masks: {new:?}");
    assert!(!b.c.source().await?.contains(&id_number), "no full ID number in the list");
    b.shot("volunteers-list-desktop").await?;

    // Pinyin initials find him, and only him.
    b.fill("q", "zsf").await?;
    b.click("form.filters button[type='submit']").await?;
    b.wait("input[name='q'][value='zsf']").await?;
    let found = b.rows("table.people").await?;
    assert_eq!(found.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(), ["张三丰"], "searching zsf: {found:?}");
    b.click("table.people tbody a").await?;
    b.wait("dl.facts").await?;
    assert_eq!(b.path().await?, path, "the found row leads to the same volunteer");
    b.quit().await
}

fn row(name: &str, id: &str, phone: &str, village: &str, skills: &str) -> Vec<String> {
    [name, "居民身份证", id, phone, "", "", village, skills, "周六 09:00-12:00", "", "", ""].map(str::to_owned).to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_a_spreadsheet_with_errors_then_a_clean_one() -> TestResult {
    let (app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.sign_in("wz.center").await?;

    let mut wrong_check = resident_id("500101", "19880101", "600");
    wrong_check.replace_range(17.., if wrong_check.ends_with('1') { "2" } else { "1" });
    let bad = vec![
        row("赵一", &resident_id("500101", "19880101", "601"), "13600000011", "500101001002", "陪伴探访"),
        row("赵二", &wrong_check, "13600000012", "500101001002", ""),
        row("赵三", &resident_id("500101", "19880101", "602"), "13600000013", "500101017002", "飞行"),
    ];
    let good = vec![
        row("钱一", &resident_id("500101", "19880101", "701"), "13600000021", "500101001002", "陪伴探访"),
        row("钱二", &resident_id("500101", "19880101", "702"), "13600000022", "500101017002", "心理疏导"),
        row("钱三", &resident_id("500101", "19880101", "703"), "13600000023", "500101001002", ""),
    ];
    let dir = tempfile::tempdir()?;
    let (bad_path, good_path) = (dir.path().join("有错误的志愿者.xlsx"), dir.path().join("志愿者.xlsx"));
    std::fs::write(&bad_path, wushe_sheets::write_xlsx("志愿者", &HEADERS, &bad)?)?;
    std::fs::write(&good_path, wushe_sheets::write_xlsx("志愿者", &HEADERS, &good)?)?;
    let before = app.count("volunteers").await;

    b.goto("/volunteers/import").await?;
    b.wait("input[type='file']").await?.send_keys(&bad_path.to_string_lossy()).await?;
    b.click("main form button[type='submit']").await?;
    b.wait("table.problems").await?;
    assert_eq!(b.path().await?, "/volunteers/import");
    let summary = b.text("main p.error").await?;
    assert!(summary.contains("未导入任何记录") && summary.ends_with('2'), "the summary counts 2 problems: {summary}");
    let problems = b.rows("table.problems").await?;
    let masked = idcard::mask(&wrong_check);
    assert!(masked.contains("********"));
    assert_eq!(
        problems,
        [
            ["3", "证件号码", masked.as_str(), "证件号码校验位不正确"].map(str::to_owned).to_vec(),
            ["4", "技能", "飞行", "技能中的“飞行”不在可选列表中"].map(str::to_owned).to_vec(),
        ],
        "rows 3 and 4, by spreadsheet row number"
    );
    assert!(!b.c.source().await?.contains(&wrong_check), "the full ID number is nowhere in the page");
    assert_eq!(app.count("volunteers").await, before, "nothing of the bad file was loaded");
    b.shot("volunteers-import-errors-desktop").await?;

    b.wait("input[type='file']").await?.send_keys(&good_path.to_string_lossy()).await?;
    b.click("main form button[type='submit']").await?;
    let notice = b.text("main section p.notice").await?;
    assert_eq!(notice, "导入成功，共 3");
    assert!(b.c.find(Locator::Css("table.problems")).await.is_err(), "no error table after a clean file");
    assert_eq!(app.count("volunteers").await, before + 3);
    b.shot("volunteers-import-done-desktop").await?;

    b.goto("/volunteers?q=钱").await?;
    b.wait("table.people").await?;
    let mut names: Vec<String> = b.rows("table.people").await?.into_iter().map(|r| r[0].clone()).collect();
    names.sort();
    assert_eq!(names, ["钱一", "钱三", "钱二"], "the imported volunteers are listed");
    b.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn volunteer_pages_fit_a_phone() -> TestResult {
    let (_app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.c.set_window_size(390, 844).await?;
    b.sign_in("wz.center").await?;
    assert_eq!(b.c.execute("return window.innerWidth", vec![]).await?, json!(390), "a phone-wide viewport");

    b.goto("/volunteers").await?;
    b.wait("table.people").await?;
    assert!(b.text("table.people").await?.contains("万州志愿甲FX"), "the list has rows to lay out");
    b.shot("volunteers-list-phone").await?;
    let list_overflow = b.overflow().await?;

    b.goto("/volunteers/import").await?;
    b.wait("input[type='file']").await?;
    assert!(b.text("main h1").await?.contains("志愿者"));
    b.shot("volunteers-import-phone").await?;
    let import_overflow = b.overflow().await?;

    assert_eq!(list_overflow, None, "PRODUCT LAYOUT BUG: /volunteers is wider than a 390px phone");
    assert_eq!(import_overflow, None, "PRODUCT LAYOUT BUG: /volunteers/import is wider than a 390px phone");
    b.quit().await
}
