//! End to end for residents, organizations, social workers and donors, and the person's data
//! rights, in a real headless Chromium (same skip-unless-CI rule as `e2e.rs`; PNGs land as
//! `e2e-registers-*.png`).

use wushe_app::people::donor_sheets::HEADERS as DONOR_HEADERS;
use wushe_domain::idcard;
use wushe_testkit::fixture::{credit_code, resident_id};

use crate::browser::{Browser, TestResult, app_with_fixture};

async fn point(app: &wushe_testkit::TestApp, name: &str) -> String {
    use sqlx::Row;
    sqlx::query("SELECT id FROM service_points WHERE name = $1")
        .bind(name)
        .fetch_one(&app.db.pool)
        .await
        .expect("point")
        .try_get("id")
        .expect("id")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_is_registered_corrected_handed_their_data_and_erased() -> TestResult {
    let (app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.sign_in("wz.station").await?;
    b.click("header nav a[href='/residents']").await?;
    b.click("main a[href='/residents/new']").await?;
    let id_number = resident_id("500101", "19450301", "041");
    b.fill("name", "陈阿婆").await?;
    b.fill("id_number", &id_number).await?;
    b.fill("phone", "13800001234").await?;
    b.fill("address", "重庆市万州区白岩路8号").await?;
    b.fill("region", "500101001002").await?;
    b.fill("categories", "独居老人").await?;
    b.submit().await?;
    b.wait("dl.facts").await?;
    let page = b.path().await?;
    assert!(b.text("dl.facts").await?.contains(&idcard::mask(&id_number)));
    assert!(!b.c.source().await?.contains(&id_number), "no full ID on the resident's page");

    // Correction: the ID stays blank in the form and is kept.
    b.click("section.rights a.button").await?;
    b.wait("form.stack").await?;
    assert_eq!(b.path().await?, format!("{page}/edit"));
    let blank = b.wait("input[name='id_number']").await?.prop("value").await?;
    assert_eq!(blank.as_deref(), Some(""), "the form never carries the full number");
    b.fill("categories", "独居老人、失能老人").await?;
    b.submit().await?;
    b.wait("dl.facts").await?;
    assert_eq!(b.path().await?, page);
    let facts = b.text("dl.facts").await?;
    assert!(facts.contains("独居老人、失能老人") && facts.contains(&idcard::mask(&id_number)), "{facts}");

    // A copy of the data for the person: in full, audited.
    b.wait("section.rights form[action$='/personal-data'] input[name='reason']")
        .await?
        .send_keys("本人来站申请查阅")
        .await?;
    b.click("section.rights form[action$='/personal-data'] button").await?;
    b.wait("table.personal-data").await?;
    let copy = b.text("table.personal-data").await?;
    assert!(copy.contains(&id_number) && copy.contains("白岩路8号") && copy.contains("13800001234"), "{copy}");
    b.shot("registers-personal-data").await?;

    // Erasure needs a reason and the confirmation; afterwards the page says so and the list forgets.
    b.goto(&page).await?;
    b.wait("section.rights form[action$='/erase'] input[name='reason']").await?.send_keys("本人申请删除").await?;
    b.click("section.rights form[action$='/erase'] input[name='confirm']").await?;
    b.click("section.rights form[action$='/erase'] button").await?;
    b.wait("section.rights p.muted").await?;
    assert!(b.text("main h1").await?.contains("已删除"));
    assert!(b.text("section.rights").await?.contains("已应本人申请删除"));
    b.click("header nav a[href='/residents']").await?;
    b.wait("main h1").await?;
    assert!(!b.c.source().await?.contains("陈阿婆"));
    let trail = wushe_store::audit::list(&app.db, &wushe_store::Scope::all(), None, 100).await?;
    for action in ["resident.correct", "resident.personal_data", "resident.erase"] {
        assert!(trail.iter().any(|e| e.action == action), "{action} is audited");
    }
    b.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organizations_workers_and_donors_in_the_browser() -> TestResult {
    let (app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.sign_in("wz.center").await?;

    // An organization, by form.
    b.click("header nav a[href='/organizations']").await?;
    b.click("main a[href='/organizations/new']").await?;
    let code = credit_code("52500101MJP00077");
    b.fill("name", "万州益善社工服务中心").await?;
    b.fill("credit_code", &code).await?;
    b.choose("kind", "social_work_agency").await?;
    b.fill("authority", "万州区民政局").await?;
    b.set_value("registered_on", "2019-05-01").await?;
    b.fill("legal_rep", "黄明").await?;
    b.fill("categories", "养老服务").await?;
    b.fill("capacity", "30").await?;
    b.submit().await?;
    b.wait("dl.facts").await?;
    assert!(b.text("dl.facts").await?.contains(&code));
    let org = b.path().await?.trim_start_matches("/organizations/").to_owned();

    // A social worker employed by it, posted at the station, then moved to a room.
    b.click("header nav a[href='/social-workers']").await?;
    b.click("main a[href='/social-workers/new']").await?;
    b.fill("name", "林社工").await?;
    b.fill("id_number", &resident_id("500101", "19920808", "052")).await?;
    b.fill("phone", "13700005555").await?;
    b.choose("licence", "intermediate").await?;
    b.fill("licence_no", "S2022005").await?;
    b.fill("licence_year", "2022").await?;
    b.choose("employer", &org).await?;
    let station = point(&app, "高笋塘站FX").await;
    b.choose("posting", &station).await?;
    b.submit().await?;
    b.wait("dl.facts").await?;
    let facts = b.text("dl.facts").await?;
    assert!(facts.contains("万州益善社工服务中心") && facts.contains("1******5555"), "{facts}");
    let room = point(&app, "万州一室FX").await;
    b.choose("posting", &room).await?;
    b.set_value("on", "2030-01-01").await?;
    b.click("form[action$='/postings'] button").await?;
    b.wait("ul.list").await?;
    let history = b.text("ul.list").await?;
    assert!(
        history.contains("高笋塘站FX") && history.contains("万州一室FX") && history.contains("2030-01-01"),
        "{history}"
    );
    b.shot("registers-worker").await?;

    // Donors, by upload: one anonymous, one named company.
    let rows = vec![
        ["个人", "赵先生", "是", "13611112222", "", "500101"].map(str::to_owned).to_vec(),
        ["单位", "万州某某超市", "否", "023-58210000", &credit_code("91500101MA5U0003"), "500101"]
            .map(str::to_owned)
            .to_vec(),
    ];
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("捐赠方.xlsx");
    std::fs::write(&file, wushe_sheets::write_xlsx("捐赠方", &DONOR_HEADERS, &rows)?)?;
    b.click("header nav a[href='/donors']").await?;
    b.click("main a[href='/donors/import']").await?;
    b.wait("input[type='file']").await?.send_keys(&file.to_string_lossy()).await?;
    b.submit().await?;
    b.wait("p.notice").await?;
    assert!(b.text("p.notice").await?.ends_with('2'));
    b.click("header nav a[href='/donors']").await?;
    b.wait("table.orgs").await?;
    let names: Vec<String> = b.rows("table.orgs").await?.into_iter().map(|r| r[0].clone()).collect();
    assert!(names.contains(&"匿名".to_owned()) && names.contains(&"万州某某超市".to_owned()), "{names:?}");
    assert!(!b.c.source().await?.contains("赵先生"), "an anonymous donor's name is never listed");
    b.shot("registers-donors").await?;
    b.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skills_list_and_a_volunteers_team_in_the_browser() -> TestResult {
    let (app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.sign_in("cq.admin").await?;
    b.click("header nav a[href='/volunteers']").await?;
    b.click("main a[href='/skills']").await?;
    b.wait("form[action='/skills'] input[name='name']").await?.send_keys("手语").await?;
    b.click("form[action='/skills'] button").await?;
    // The list before the form posted has the same table: wait for the new skill in it.
    b.wait_text("table.skills", "手语").await?;
    let rows = b.rows("table.skills").await?;
    assert!(rows.iter().any(|r| r[0] == "手语" && r[1] == "使用中"), "{rows:?}");
    b.shot("registers-skills").await?;
    b.quit().await?;

    // Station staff put a volunteer in the district organization's team, then take them out.
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.sign_in("wz.station").await?;
    b.click("header nav a[href='/volunteers']").await?;
    b.wait("table.people").await?;
    b.click("table.people tbody a").await?;
    b.wait("form[action$='/memberships'] select[name='organization']").await?;
    b.fill("team", "助老服务队").await?;
    b.click("form[action$='/memberships'] button").await?;
    b.wait("form[action$='/memberships/leave']").await?;
    let teams = b.text("main section:nth-of-type(2) ul.list").await?;
    assert!(teams.contains("万州阳光社工FX") && teams.contains("助老服务队") && teams.contains("至今"), "{teams}");
    b.click("form[action$='/memberships/leave'] button").await?;
    // The list was on the page before the form posted: wait for the answer's list.
    b.wait_text_gone("main section:nth-of-type(2) ul.list", "至今").await?;
    assert_eq!(app.count("volunteer_memberships").await, 1, "ended, not deleted");
    b.quit().await
}

/// Every registry's list and record pages fit a 390px phone, rights forms included.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registry_pages_fit_a_phone() -> TestResult {
    let (app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.c.set_window_size(390, 844).await?;
    b.sign_in("wz.center").await?;
    let record = |table: &'static str| {
        let app = &app;
        async move {
            use sqlx::Row;
            let sql = format!("SELECT id FROM {table} ORDER BY created_at LIMIT 1");
            sqlx::query(&sql).fetch_one(&app.db.pool).await.expect("row").try_get::<String, _>("id").expect("id")
        }
    };
    let pages = [
        "/residents".to_owned(),
        format!("/residents/{}", record("residents").await),
        "/social-workers".to_owned(),
        format!("/social-workers/{}", record("social_workers").await),
        "/social-workers/new".to_owned(),
        "/donors".to_owned(),
        format!("/donors/{}", record("donors").await),
        "/organizations".to_owned(),
        format!("/volunteers/{}", record("volunteers").await),
    ];
    let mut wide = Vec::new();
    for page in &pages {
        b.goto(page).await?;
        b.wait("main h1").await?;
        if let Some(what) = b.overflow().await? {
            wide.push(format!("{page}: {what}"));
        }
    }
    b.shot("registers-worker-phone").await?;
    assert!(wide.is_empty(), "PRODUCT LAYOUT BUG: pages wider than a 390px phone: {wide:?}");
    b.quit().await
}
