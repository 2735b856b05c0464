//! End to end for the closed loop so far: a resident asks for help on the public phone page, the
//! station takes the need through the loop to closure, and the resident follows it by code.

use crate::browser::{Browser, TestResult, app_with_fixture};

/// `hours` from now in China time, as a datetime-local input holds it.
fn soon(hours: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(wushe_store::now_ms() / 1000 + hours * 3600 + 8 * 3600)
        .expect("time");
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_need_is_taken_through_the_loop_to_closure() -> TestResult {
    let (_app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.c.set_window_size(390, 844).await?;

    // The resident, on their phone, from the community's link.
    b.goto("/help?c=500101001001").await?;
    assert!(b.text("main").await?.contains("东方广场"), "the community is named from its link");
    b.choose("category", "home_repair").await?;
    b.wait("textarea[name='description']").await?.send_keys("楼道灯坏了一个月，老人晚上出门不便").await?;
    b.fill("contact_phone", "13912344321").await?;
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
    b.set_value("starts_at", &soon(30)).await?;
    b.set_value("ends_at", &soon(32)).await?;
    b.fill("places", "1").await?;
    b.click("form[action$='/tasks'] button").await?;
    b.wait_text("section.tasks", "上门检修楼道灯").await?;

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

    // Back to the station.
    b.c.delete_all_cookies().await?;
    b.c.set_window_size(1280, 900).await?;
    b.sign_in("wz.station").await?;
    b.goto(&need_page).await?;
    b.wait_text("section.tasks", "1/1").await?;
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
    for step in ["待评估", "已评估", "已联动", "服务中", "已结案", "已电话联系，确认属实", "社工接案", "wz.station名"]
    {
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
