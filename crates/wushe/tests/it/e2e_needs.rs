//! End to end for the closed loop: a resident asks for help on the public phone page; the station
//! assesses it, a social worker takes it as a case, a volunteer task and a referral to an
//! organization link it; the volunteer accepts, checks in and out on their phone; the
//! organization accepts on its phone; a visit is recorded; the need closes with a follow-up call,
//! and the resident follows it by code.

use crate::browser::{Browser, TestResult, app_with_fixture};

/// `minutes` from now in China time, as a datetime-local input holds it.
fn soon(minutes: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(wushe_store::now_ms() / 1000 + minutes * 60 + 8 * 3600)
        .expect("time");
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_need_is_taken_through_the_loop_to_closure() -> TestResult {
    let (app, base) = app_with_fixture().await;
    let sunshine: String = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM organizations WHERE name = '万州阳光社工FX'")
            .fetch_one(&app.db.pool)
            .await?
            .try_get("id")?
    };
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.c.set_window_size(390, 844).await?;

    // The resident, on their phone, from the community's link.
    b.goto("/help?c=500101001001").await?;
    assert!(b.text("main").await?.contains("东方广场"), "the community is named from its link");
    b.choose("category", "home_repair").await?;
    b.wait("textarea[name='description']").await?.send_keys("楼道灯坏了一个月，老人晚上出门不便").await?;
    b.fill("contact_phone", "13912344321").await?;
    b.click("input[name='consent']").await?;
    b.submit().await?;
    let code = b.text("b.tracking").await?;
    assert_eq!(code.len(), 10, "a tracking code: {code}");
    b.shot("needs-help-phone").await?;
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: /help is wider than a 390px phone");
    b.click("main a.button").await?;
    b.wait("dl.facts").await?;
    assert!(b.text("dl.facts").await?.contains("待评估"));

    // The station takes it through the loop.
    b.c.set_window_size(1280, 900).await?;
    b.sign_in("wz.station").await?;
    b.click("header nav a[href='/needs']").await?;
    b.wait("table.needs").await?;
    assert!(b.text("table.needs").await?.contains("群众自助提交"));
    b.click("table.needs tbody tr:has(small) a").await?;
    b.wait_text("main h1", "待评估").await?;
    b.choose("to", "assessed").await?;
    b.wait("form.move textarea[name='note']").await?.send_keys("已电话联系，确认属实").await?;
    b.click("form.move button").await?;
    b.wait_text("main h1", "已评估").await?;
    // A social worker takes it as a case: the need is linked.
    b.wait("form[action$='/case'] textarea[name='plan']").await?.send_keys("联系物业三日内修复，社工跟进回访").await?;
    b.click("form[action$='/case'] button").await?;
    b.wait_text("main h1", "已联动").await?;
    assert!(b.text("section.case").await?.contains("万州社工FX"));
    // A volunteer task for it.
    let need_page = b.path().await?;
    b.fill("title", "上门检修楼道灯").await?;
    b.fill("place", "东方广场社区3栋").await?;
    b.set_value("starts_at", &soon(20)).await?;
    b.set_value("ends_at", &soon(140)).await?;
    b.fill("places", "1").await?;
    b.click("form[action$='/tasks'] button").await?;
    b.wait_text("section.tasks", "上门检修楼道灯").await?;
    // And a referral to an organization serving the community.
    b.choose("organization", &sunshine).await?;
    b.wait("section.referrals form[action$='/referrals'] input[name='note']")
        .await?
        .send_keys("请协助安全巡查")
        .await?;
    b.click("section.referrals form[action$='/referrals'] button").await?;
    b.wait_text("section.referrals", "待答复").await?;

    // The organization, on its phone, accepts the referral.
    b.c.delete_all_cookies().await?;
    b.c.set_window_size(390, 844).await?;
    b.sign_in("wz.org").await?;
    b.click("header nav a[href='/referrals']").await?;
    b.wait_text("ul.referrals", "楼道灯坏了一个月").await?;
    assert!(b.text("ul.referrals").await?.contains("请协助安全巡查"), "the organization reads the staff's note");
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: /referrals is wider than a 390px phone");
    b.shot("needs-referral-phone").await?;
    b.click("ul.referrals li:has(form) form[action$='/accept'] button").await?;
    b.wait_text("ul.referrals", "已接受").await?;

    // The volunteer, on their phone, accepts it; the task is then full.
    b.c.delete_all_cookies().await?;
    b.c.set_window_size(390, 844).await?;
    b.sign_in("wz.volunteer").await?;
    b.goto("/tasks").await?;
    b.wait_text("ul.tasks", "上门检修楼道灯").await?;
    b.click("ul.tasks li:first-child form[action$='/accept'] button").await?;
    b.wait_text("ul.tasks", "我已报名").await?;
    let mine = b.text("ul.tasks").await?;
    assert!(
        mine.contains("上门检修楼道灯") && mine.contains("名额 1/1"),
        "their own task stays listed when full: {mine}"
    );
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: /tasks is wider than a 390px phone");
    b.shot("needs-volunteer-task-phone").await?;
    // Within the hour before it starts, they check in, and out after serving.
    b.click("ul.tasks li:first-child form[action$='/check-in'] button").await?;
    b.wait_text("ul.tasks", "已签到").await?;
    b.click("ul.tasks li:first-child form[action$='/check-out'] button").await?;
    b.wait_text("ul.tasks", "已签退").await?;

    // Back to the station.
    b.c.delete_all_cookies().await?;
    b.c.set_window_size(1280, 900).await?;
    b.sign_in("wz.station").await?;
    b.goto(&need_page).await?;
    b.wait_text("section.tasks", "1/1").await?;
    assert!(b.text("section.referrals").await?.contains("已接受"), "the need shows the accepted referral");
    // A home visit for it, with the resident ticked from the community's register.
    b.click("section.services a").await?;
    b.wait("form[action='/service-records'] input[name='residents']").await?;
    b.click("form[action='/service-records'] label.check input").await?;
    b.set_value("served_at", &soon(-60)).await?;
    b.fill("minutes", "45").await?;
    b.wait("form[action='/service-records'] textarea[name='note']").await?.send_keys("上门查看楼道灯已修复").await?;
    b.click("form[action='/service-records'] button[type='submit']").await?;
    b.wait_text("dl.facts", "万州居民甲FX").await?;
    assert!(b.text("main h1").await?.contains("走访"), "a visit");
    b.goto(&need_page).await?;
    b.wait_text("section.services", "人次").await?;
    b.choose("to", "in_service").await?;
    b.click("form.move button").await?;
    b.wait_text("main h1", "服务中").await?;
    // Closing without an outcome is refused with a sentence; with one it closes.
    b.choose("to", "closed").await?;
    b.click("form.move button").await?;
    b.wait_text("main p.error", "结案结果不能为空").await?;
    b.choose("to", "closed").await?;
    b.choose("outcome", "solved").await?;
    b.click("form.move button").await?;
    b.wait_text("main h1", "已结案").await?;
    let timeline = b.text("ol.timeline").await?;
    for step in [
        "待评估",
        "已评估",
        "已联动",
        "服务中",
        "已结案",
        "已电话联系，确认属实",
        "社工接案",
        "接受转介",
        "wz.station名",
    ] {
        assert!(timeline.contains(step), "the timeline shows {step}: {timeline}");
    }
    // The follow-up call, then the closed need's page shows the satisfaction.
    b.choose("satisfaction", "5").await?;
    b.click("form.follow-up button").await?;
    b.wait_text("dl.facts", "5/5").await?;
    b.shot("needs-closed").await?;

    // The resident sees the closure by code, and nothing of the staff's notes.
    b.goto(&format!("/help/track?code={code}")).await?;
    b.wait("dl.facts").await?;
    let page = b.text("main").await?;
    assert!(page.contains("已结案") && !page.contains("确认属实") && !page.contains("13912344321"), "{page}");
    b.quit().await
}
