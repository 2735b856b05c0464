//! End to end for charity resources: a centre opens a fund with a matching rule and records a
//! gift that is matched; a social worker asks the fund for a grant to a need; the centre approves
//! and pays it; the need, linked, closes; the public disclosure shows it all with nobody named.
//! And the care fund: a social worker applies on their phone with a document, two different
//! keepers approve, and the worker sees it paid.

use fantoccini::Locator;
use serde_json::json;
use wushe_testkit::fixture::{self, PASSWORD};
use wushe_testkit::{Engine, TestApp};

use crate::browser::{BoxError, Browser, TestResult};

/// Types into the field `css` finds, whatever else on the page has the same name.
async fn put(b: &Browser, css: &str, value: &str) -> TestResult {
    let input = b.wait(css).await?;
    input.clear().await?;
    Ok(input.send_keys(value).await?)
}

/// Sets a date (or any) field's value directly: typing into dates depends on the locale.
async fn set(b: &Browser, css: &str, value: &str) -> TestResult {
    let input = b.wait(css).await?;
    b.c.execute("arguments[0].value = arguments[1];", vec![serde_json::to_value(&input)?, json!(value)]).await?;
    Ok(())
}

pub(crate) fn pdf_text(bytes: &[u8]) -> Result<String, BoxError> {
    Ok(pdf_extract::extract_text_from_mem(bytes)?.chars().filter(|c| !c.is_whitespace()).collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gift_is_matched_granted_to_a_need_that_closes_and_disclosed() -> TestResult {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let fx = fixture::load(&app).await;
    let base = app.serve().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.c.set_window_size(1280, 900).await?;
    b.sign_in("wz.center").await?;
    b.click("header nav a[href='/funds']").await?;
    put(&b, "#new-fund input[name='name']", "社区微基金").await?;
    put(&b, "#new-fund input[name='purpose']", "困难群众临时救助").await?;
    b.click("#new-fund button[type='submit']").await?;
    b.wait_text("main h1", "社区微基金").await?;
    let fund_page = b.path().await?;
    // The matcher's rule: 1:1 from a pool of 500.
    b.click("details:has(#add-rule) summary").await?;
    put(&b, "#add-rule input[name='matcher']", "区慈善会").await?;
    put(&b, "#add-rule input[name='ratio']", "1:1").await?;
    put(&b, "#add-rule input[name='pool']", "500").await?;
    set(&b, "#add-rule input[name='ends_on']", "2099-12-31").await?;
    b.click("#add-rule button[type='submit']").await?;
    b.wait_text("ul.rules", "区慈善会 按 1:1 配捐").await?;
    // A named gift of 200, matched 200.
    put(&b, "#donate input[name='amount']", "200").await?;
    b.choose("donor", &fx.donors[0].id.to_string()).await?;
    b.click("#donate button[type='submit']").await?;
    b.wait_text("ul.donations", "万州爱心企业FX").await?;
    assert_eq!(b.text("ul.donations .matched").await?, "200.00");
    assert_eq!(b.text("#balance").await?, "400.00");
    b.shot("fund-gift-matched").await?;
    let receipt = b.wait("ul.donations a[href$='/receipt.pdf']").await?.attr("href").await?.expect("the receipt");
    let centre = app.login("wz.center", PASSWORD).await;
    let pdf = app.api(axum::http::Method::GET, &receipt, Some(&centre), None).await;
    let text = pdf_text(&pdf.body)?;
    assert!(text.contains("捐赠收据") && text.contains("人民币贰佰元整") && text.contains("万州爱心企业FX"), "{text}");

    // The social worker assesses the need and asks the fund for 300.
    let need: String = sqlx::query_scalar("SELECT need_id FROM grants WHERE id = $1")
        .bind(&fx.grants[0].id)
        .fetch_one(&app.db.pool)
        .await?;
    b.c.delete_all_cookies().await?;
    b.sign_in("wz.room").await?;
    b.goto(&format!("/needs/{need}")).await?;
    b.choose("to", "assessed").await?;
    b.wait("form.move textarea[name='note']").await?.send_keys("入户核实，确需助行器").await?;
    b.click("form.move button").await?;
    b.wait_text("main h1", "已评估").await?;
    let fund_id = fund_page.trim_start_matches("/funds/").to_owned();
    b.click("details:has(#ask-grant) summary").await?;
    b.choose("fund", &fund_id).await?;
    put(&b, "#ask-grant input[name='amount']", "300").await?;
    put(&b, "#ask-grant input[name='purpose']", "购买助行器").await?;
    b.click("#ask-grant button[type='submit']").await?;
    b.wait_text("section.charity ul.grants", "待审批").await?;

    // The centre approves: the grant is paid from the fund.
    b.c.delete_all_cookies().await?;
    b.sign_in("wz.center").await?;
    b.goto(&fund_page).await?;
    b.wait_text("ul.grants", "购买助行器").await?;
    b.click("ul.grants form[action$='/approve'] button").await?;
    b.wait_text("ul.grants", "已批准并拨付").await?;
    assert_eq!(b.text("#balance").await?, "100.00");
    b.c.set_window_size(390, 844).await?;
    b.goto(&fund_page).await?;
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: the fund page is wider than a 390px phone");
    b.c.set_window_size(1280, 900).await?;

    // The need is linked by the grant and closes.
    b.c.delete_all_cookies().await?;
    b.sign_in("wz.room").await?;
    b.goto(&format!("/needs/{need}")).await?;
    b.wait_text("main h1", "已联动").await?;
    assert!(b.text("section.charity").await?.contains("已批准并拨付"));
    assert!(b.text("ol.timeline").await?.contains("社区微基金资助已拨付 300.00 元"));
    b.choose("to", "closed").await?;
    b.choose("outcome", "solved").await?;
    b.click("form.move button").await?;
    b.wait_text("main h1", "已结案").await?;
    b.shot("need-closed-with-grant").await?;

    // Anyone, on a phone: the disclosure page.
    b.c.delete_all_cookies().await?;
    b.c.set_window_size(390, 844).await?;
    b.goto(&format!("/public/funds/{fund_id}")).await?;
    b.wait_text("#donated", "200.00").await?;
    assert_eq!(
        (b.text("#matched").await?, b.text("#granted").await?, b.text("#balance").await?),
        ("200.00".to_owned(), "300.00".to_owned(), "100.00".to_owned())
    );
    // The fixture need is a hardship case: its category, not its text, is what is disclosed.
    let categories = b.rows("table.categories").await?;
    assert_eq!(categories, [["困难救助", "1", "300.00"]], "grants by category");
    let page = b.text("main").await?;
    for private in ["资助需求FX", "万州爱心企业FX", "购买助行器"] {
        assert!(!page.contains(private), "the disclosure shows {private}");
    }
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: the disclosure page is wider than a 390px phone");
    b.shot("fund-disclosure-phone").await?;
    b.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_care_fund_application_is_approved_by_two_keepers() -> TestResult {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let fx = fixture::load(&app).await;
    let fund = crate::relief::care_fund(&app, "20000").await;
    crate::relief::worker_for(&app, &fx, "wz.room", "intermediate", "711").await;
    let base = app.serve().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    // The worker, on their phone.
    b.c.set_window_size(390, 844).await?;
    b.sign_in("wz.room").await?;
    b.goto("/relief").await?;
    b.choose("fund", &fund).await?;
    b.choose("reason", "accident").await?;
    set(&b, "#apply input[name='event_on']", "2026-11-10").await?;
    b.wait("#apply textarea[name='event']").await?.send_keys("入户服务途中摔伤骨折").await?;
    put(&b, "#apply input[name='amount']", "3000").await?;
    b.click("#apply button[type='submit']").await?;
    b.wait_text("#relief-status", "待初审").await?;
    let page = b.path().await?;
    let dir = std::env::temp_dir().join(format!("wushe-relief-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("诊断证明.pdf");
    std::fs::write(&file, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")?;
    b.wait("#add-document input[type='file']").await?.send_keys(&file.to_string_lossy()).await?;
    b.click("#add-document button[type='submit']").await?;
    b.wait_text("ul.documents", "诊断证明.pdf").await?;
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: the application is wider than a 390px phone");
    b.shot("relief-applied-phone").await?;

    // The first keeper approves; they cannot approve again.
    b.c.delete_all_cookies().await?;
    b.c.set_window_size(1280, 900).await?;
    b.sign_in("wz.center").await?;
    b.goto("/relief").await?;
    b.click("ul.area-applications a").await?;
    b.click("#approve button[type='submit']").await?;
    b.wait_text("#relief-status", "已初审，待复审").await?;
    assert!(b.c.find(Locator::Css("#approve")).await.is_err(), "no second approval by the same keeper");
    // The second, different keeper approves: paid.
    b.c.delete_all_cookies().await?;
    b.sign_in("cq.admin").await?;
    b.goto(&page).await?;
    b.click("#approve button[type='submit']").await?;
    b.wait_text("#relief-status", "已批准并拨付").await?;
    b.shot("relief-paid").await?;

    // The worker sees it paid.
    b.c.delete_all_cookies().await?;
    b.c.set_window_size(390, 844).await?;
    b.sign_in("wz.room").await?;
    b.goto(&page).await?;
    b.wait_text("#relief-status", "已批准并拨付").await?;
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: the paid application is wider than a 390px phone");
    std::fs::remove_dir_all(&dir)?;
    b.quit().await
}

/// A visitor offers to take a micro-wish up on a phone; the wish stays open until the room's
/// social worker, also on a phone, has called and confirmed the offer on the need's page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_offers_on_a_phone_and_the_room_confirms_after_a_call() -> TestResult {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let fx = fixture::load(&app).await;
    let base = app.serve().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.c.set_window_size(390, 844).await?;
    let room = fx.account("wz.room").path.clone();
    let wish = fx.wishes.iter().find(|w| room.contains(&w.path)).ok_or("a wish in the room's village")?;
    b.goto("/public/wishes").await?;
    b.click(&format!("a[href='/public/wishes/{}']", wish.id)).await?;
    put(&b, "#take-wish input[name='name']", "陈先生").await?;
    put(&b, "#take-wish input[name='phone']", "13812340000").await?;
    b.click("#take-wish button[type='submit']").await?;
    b.wait_text("p.notice", "认领申请已收到").await?;
    assert_eq!(b.text("#wish-status").await?, "待认领", "still open to others until confirmed");
    assert!(b.overflow().await?.is_none(), "fits a phone");
    b.shot("wish-offer-phone").await?;

    let need = wushe_store::wishes::get(&app.db, &wish.id).await?.ok_or("the wish")?.need_id;
    b.c.delete_all_cookies().await?;
    b.sign_in("wz.room").await?;
    b.goto(&format!("/needs/{need}")).await?;
    b.wait_text("#wish-offers", "陈先生").await?;
    let offers = b.text("#wish-offers").await?;
    assert!(offers.contains("1******0000") && !offers.contains("13812340000"), "masked: {offers}");
    b.click("#wish-offers button[type='submit']").await?;
    b.wait_text("#wish-offers", "已确认").await?;
    b.shot("wish-offer-confirmed-phone").await?;
    b.goto(&format!("/public/wishes/{}", wish.id)).await?;
    b.wait_text("#wish-status", "已认领").await?;
    b.quit().await
}
