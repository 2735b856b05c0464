//! A real day, role by role, driven only from the pages each person lands on and the messages
//! that reach them: a resident asks for help on a phone; the room assesses it on the desk, takes
//! it as a case, dispatches a task and, from the recommendations, invites a volunteer and refers
//! an organization; each of them is told by a message, opens it and acts on a phone; the station
//! closes the need and the worker on the case is told; the resident sees the outcome and who
//! handles it. Then: a resident signs up for an activity after signing in from its page, and the
//! desk sees the hours a certificate will state before issuing it.

use serde_json::json;
use wushe_testkit::fixture::{self, PASSWORD};
use wushe_testkit::{Engine, TestApp};

use crate::browser::{Browser, TestResult};

/// `minutes` from now in China time, as a datetime-local input holds it.
fn soon(minutes: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(wushe_store::now_ms() / 1000 + minutes * 60 + 8 * 3600)
        .expect("time");
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

const PHONE: (u32, u32) = (390, 844);
const DESK: (u32, u32) = (1366, 900);

/// Signs `who` in at the given size, fresh.
async fn as_(b: &Browser, who: &str, (w, h): (u32, u32)) -> TestResult {
    b.c.delete_all_cookies().await?;
    b.c.set_window_size(w, h).await?;
    b.sign_in(who).await
}

/// From the header's unread badge to the newest unread message saying `expect`, opened: where
/// it leads.
async fn open_newest_message(b: &Browser, expect: &str) -> Result<String, crate::browser::BoxError> {
    let badge = b.text("header a.inbox-link .badge").await?;
    assert!(badge.parse::<u32>().is_ok_and(|n| n > 0), "the header shows unread messages: {badge}");
    b.click("header a.inbox-link").await?;
    b.wait_text("ul.inbox li.unread", expect).await?;
    let unread =
        format!("//ul[contains(@class, 'inbox')]/li[contains(@class, 'unread')][contains(., '{expect}')]//button");
    b.c.find(fantoccini::Locator::XPath(&unread)).await?.click().await?;
    b.wait("main").await?;
    b.path().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_need_goes_round_every_role_by_the_messages_they_get() -> TestResult {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let fx = fixture::load(&app).await;
    // The room worker is also the social worker, posted at the room, who takes the case.
    crate::relief::worker_at(&app, &fx, ("wz.room", "万州一室FX"), "intermediate", "731").await;
    let org = fx.organizations.iter().find(|o| o.name == "万州阳光社工FX").ok_or("organization")?.id.to_string();
    let volunteer = fx.volunteers.iter().find(|v| v.name == "万州志愿甲FX").ok_or("volunteer")?.id.to_string();
    // Everyone starts with nothing unread, so the badge counts only what this walk sends.
    sqlx::query("UPDATE messages SET read_at = 1").execute(&app.db.pool).await?;
    let base = app.serve().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };

    // 1. The resident, on a phone, picks their community (district, then its pinyin initials)
    // and asks, after reading how their data is used.
    b.c.set_window_size(PHONE.0, PHONE.1).await?;
    b.goto("/").await?;
    b.shot("day-00-portal-phone").await?;
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: the portal is wider than a 390px phone");
    b.click("nav.portal a[href='/help']").await?;
    b.click("ul.picker a[href='/help?in=50']").await?;
    b.click("ul.picker a[href='/help?in=500101']").await?;
    b.fill("q", "dfgc").await?;
    b.click("form.search button").await?;
    b.wait("ul.picker a.pick-community").await?;
    b.shot("day-00-resident-picks-community-phone").await?;
    b.click("ul.picker a[href='/help?c=500101001001']").await?;
    b.choose("category", "elderly_care").await?;
    b.wait("textarea[name='description']").await?.send_keys("独居老人腿脚不便，需要每周送餐两次").await?;
    b.fill("address", "5栋2单元301").await?;
    b.fill("contact_phone", "13912340001").await?;
    assert!(b.text("details.privacy").await?.contains("加密保存"), "the notice says how the data is kept");
    b.click("input[name='consent']").await?;
    b.click("form[action='/help'] button[type='submit']").await?;
    let code = b.text("b.tracking").await?;
    b.shot("day-01-resident-help-phone").await?;

    // 2. The room worker lands on the workbench: a need to assess, and the message of it,
    // which leads to the need.
    as_(&b, "wz.room", DESK).await?;
    b.goto("/").await?;
    let to_assess: u32 = b.text("a[data-todo='to_assess'] .count").await?.parse()?;
    assert!(to_assess >= 1, "the workbench counts the need to assess");
    b.shot("day-02-room-workbench-desktop").await?;
    let need_page = open_newest_message(&b, "养老照护").await?;
    assert!(need_page.starts_with("/needs/"), "the message opens the need: {need_page}");
    b.shot("day-02-room-need-desktop").await?;
    b.choose("to", "assessed").await?;
    b.wait("form.move textarea[name='note']").await?.send_keys("电话核实，情况属实").await?;
    b.click("form.move button").await?;
    b.wait_text("main h1", "已评估").await?;
    b.wait("form[action$='/case'] textarea[name='plan']").await?.send_keys("链接志愿者送餐，社会组织评估照护").await?;
    b.click("form[action$='/case'] button").await?;
    b.wait_text("main h1", "已联动").await?;
    b.fill("title", "每周送餐").await?;
    b.fill("place", "东方广场社区5栋").await?;
    b.set_value("starts_at", &soon(20)).await?;
    b.set_value("ends_at", &soon(140)).await?;
    b.fill("places", "2").await?;
    b.click("form[action$='/tasks'] button").await?;
    b.wait_text("section.tasks", "每周送餐").await?;
    // From the recommendations: invite the volunteer, refer the organization, one click each.
    b.click(&format!("form[action$='/invitations']:has(input[value='{volunteer}']) button")).await?;
    b.wait_text("ol.timeline", "邀请志愿者").await?;
    b.click(&format!("section.recommend form[action$='/referrals']:has(input[value='{org}']) button")).await?;
    b.wait_text("section.referrals", "待答复").await?;
    b.shot("day-03-room-linked-desktop").await?;

    // 3. The organization's staff, on a phone: the message leads to the referrals to answer.
    as_(&b, "wz.org", PHONE).await?;
    assert_eq!(open_newest_message(&b, "转介").await?, "/referrals");
    b.wait_text("ul.referrals", "每周送餐两次").await?;
    b.click("ul.referrals li:has(form) form[action$='/accept'] button").await?;
    b.wait_text("ul.referrals", "已接受").await?;
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: /referrals is wider than a 390px phone");
    b.shot("day-04-organization-accepts-phone").await?;

    // 4. The volunteer, on a phone: the workbench lists the task offered; the invitation leads
    // to the tasks; the place shows once accepted; checking out at once credits nothing, and the
    // page says so.
    as_(&b, "wz.volunteer", PHONE).await?;
    b.goto("/").await?;
    b.wait_text("ul.offered", "每周送餐").await?;
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: the workbench is wider than a 390px phone");
    b.shot("day-05-volunteer-workbench-phone").await?;
    assert_eq!(open_newest_message(&b, "每周送餐").await?, "/tasks");
    let offered = b.text("ul.tasks li:has(form[action$='/accept'])").await?;
    assert!(offered.contains("接受任务后可见详细地点") && !offered.contains("5栋"), "{offered}");
    b.click("ul.tasks li:has(form[action$='/accept']) form[action$='/accept'] button").await?;
    b.wait_text("ul.tasks", "东方广场社区5栋").await?;
    b.click("ul.tasks form[action$='/check-in'] button").await?;
    b.wait_text("ul.tasks", "已签到").await?;
    b.click("ul.tasks form[action$='/check-out'] button").await?;
    b.wait_text("ul.tasks", "已签退").await?;
    b.wait_text("p.short-credit", "不到 2 分钟").await?;
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: /tasks is wider than a 390px phone");
    b.shot("day-05-volunteer-checked-out-phone").await?;

    // 5. The station closes it with an outcome and the follow-up call.
    as_(&b, "wz.station", DESK).await?;
    b.goto(&need_page).await?;
    // Every step is on the timeline, in one language.
    let timeline = b.text("ol.timeline").await?;
    for step in ["邀请志愿者", "接受任务", "签到", "签退", "接受转介", "社工接案"] {
        assert!(timeline.contains(step), "the timeline shows {step}: {timeline}");
    }
    assert!(!timeline.contains(" / ") && !timeline.contains("accepted"), "one language at a time: {timeline}");
    b.choose("to", "in_service").await?;
    b.click("form.move button").await?;
    b.wait_text("main h1", "服务中").await?;
    b.choose("to", "closed").await?;
    b.choose("outcome", "solved").await?;
    b.click("form.move button").await?;
    b.wait_text("main h1", "已结案").await?;
    b.choose("satisfaction", "5").await?;
    b.click("form.follow-up button").await?;
    b.wait_text("dl.facts", "5/5").await?;
    b.shot("day-06-station-closed-desktop").await?;

    // 6. The social worker on the case is told it is closed.
    as_(&b, "wz.room", PHONE).await?;
    assert_eq!(open_newest_message(&b, "已结案").await?, need_page);
    b.shot("day-07-worker-told-closed-phone").await?;

    // 7. The resident sees the outcome, the handling unit with its own phone, and the follow-up.
    b.c.delete_all_cookies().await?;
    b.goto(&format!("/help/track?code={code}")).await?;
    b.wait("dl.facts").await?;
    assert_eq!(b.text("dd.outcome").await?, "已解决");
    let handler = b.text("dd.handler").await?;
    assert!(
        handler.contains("万州一室FX") && handler.contains("13700000000"),
        "the room and its duty phone: {handler}"
    );
    assert_eq!(b.text("dd.followed-up").await?, "已回访");
    let page = b.text("main").await?;
    assert!(!page.contains("电话核实") && !page.contains("13912340001"), "nothing of staff notes: {page}");
    b.shot("day-08-resident-outcome-phone").await?;
    b.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_signs_up_from_the_activity_page_and_the_desk_sees_a_certificates_hours() -> TestResult {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let fx = fixture::load(&app).await;
    let activity = fx.activities.iter().find(|a| a.marker.starts_with("万州")).ok_or("a 万州 activity")?.id.clone();
    // The resident account's person is registered in the community (matched by phone).
    let input = wushe_domain::resident::ResidentInput {
        name: "报名居民FX".into(),
        id_number: fixture::resident_id("500101", "19500101", "778"),
        phone: "13900000013".into(),
        region: "500101001001".into(),
        ..Default::default()
    };
    let new = wushe_domain::resident::NewResident::parse(&input, time::macros::date!(2026 - 11 - 29))?;
    wushe_store::residents::insert(&app.db, &wushe_store::Scope::all(), &[new], None, "resident.create", &mut |_| {})
        .await?;
    let base = app.serve().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.c.set_window_size(PHONE.0, PHONE.1).await?;

    // A staff account says plainly why it cannot sign up.
    b.sign_in("wz.room").await?;
    b.goto(&format!("/public/activities/{activity}")).await?;
    b.wait_text("p.why-not", "工作人员账号不能报名").await?;

    // The resident, signed out, follows 登录后可报名 and comes back to the activity to sign up.
    b.c.delete_all_cookies().await?;
    b.goto(&format!("/public/activities/{activity}")).await?;
    b.click("main a.button[href^='/login']").await?;
    b.log_in("wz.resident", PASSWORD).await?;
    b.wait("form[action$='/sign-up']").await?;
    assert_eq!(b.path().await?, format!("/public/activities/{activity}"), "back to the activity after sign-in");
    b.click("form[action$='/sign-up'] button").await?;
    b.wait_text("p.notice", "已报名").await?;
    b.shot("day-09-resident-signed-up-phone").await?;

    // The volunteer asks for a certificate; the desk sees the hours it will state first.
    as_(&b, "wz.volunteer", PHONE).await?;
    b.goto("/me/hours").await?;
    let total = b.text("#total-hours").await?;
    b.c.execute(
        "document.querySelector(\"#request-certificate input[name='from']\").value = arguments[0];",
        vec![json!("2020-01-01")],
    )
    .await?;
    b.click("#request-certificate button[type='submit']").await?;
    b.wait_text("ul.certificates", "待出具").await?;
    as_(&b, "wz.station", DESK).await?;
    b.goto("/hours/desk").await?;
    b.wait_text("ul.certificate-requests", "证明将载明").await?;
    let will = b.text("ul.certificate-requests .will-state b").await?;
    assert_eq!(will, total, "the desk sees the hours the volunteer's record holds");
    b.shot("day-10-desk-certificate-hours-desktop").await?;
    b.quit().await
}

/// The care fund, by a worker for themself: nothing to pick, and the paid application names
/// both approvals.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_applies_to_the_care_fund_for_themself_without_picking_anyone() -> TestResult {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let fx = fixture::load(&app).await;
    let fund = crate::relief::care_fund(&app, "20000").await;
    crate::relief::worker_for(&app, &fx, "wz.room", "intermediate", "741").await;
    let base = app.serve().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    as_(&b, "wz.room", PHONE).await?;
    b.goto("/relief").await?;
    let who = b.text("#apply p.applicant").await?;
    assert!(who.contains("本人") && who.contains("wz.room社工"), "{who}");
    assert!(b.text("#apply").await?.find("社工编号").is_none(), "no internal number is asked for");
    b.choose("fund", &fund).await?;
    b.choose("reason", "illness").await?;
    // A refused form keeps what was typed.
    b.wait("#apply textarea[name='event']").await?.send_keys("住院治疗").await?;
    b.fill("amount", "99999").await?;
    b.c.execute("document.querySelector(\"#apply input[name='event_on']\").value = '2026-11-20';", vec![]).await?;
    b.click("#apply button[type='submit']").await?;
    b.wait("p.error").await?;
    assert_eq!(b.wait("#apply textarea[name='event']").await?.prop("value").await?.as_deref(), Some("住院治疗"));
    b.fill("amount", "2000").await?;
    b.click("#apply button[type='submit']").await?;
    b.wait_text("#relief-status", "待初审").await?;
    let page = b.path().await?;
    b.shot("day-11-worker-applied-phone").await?;
    let centre = app.login("wz.center", PASSWORD).await;
    let admin = app.login("cq.admin", PASSWORD).await;
    let id = page.trim_start_matches("/relief/");
    for who in [&centre, &admin] {
        let res = app
            .api(axum::http::Method::POST, &format!("/api/v1/relief/{id}/approve"), Some(who), Some(json!({})))
            .await;
        assert!(res.status.is_success(), "{}", res.text());
    }
    b.goto(&page).await?;
    b.wait_text("#relief-status", "已批准并拨付").await?;
    assert!(b.text("dd.first-approval").await?.contains("wz.center名"));
    assert!(b.text("dd.decision").await?.contains("cq.admin名"));
    b.shot("day-12-worker-paid-phone").await?;
    b.quit().await
}
