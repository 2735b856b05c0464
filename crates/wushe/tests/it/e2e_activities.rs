//! End to end for activities: a station plans and publishes one, a volunteer signs up on the
//! public phone page, checks in by the code the station shows, checks out and finds the hours on
//! their service record; the station sees the times on its list; the volunteer asks for a
//! certificate, the station issues it, and its PDF's link opens the public verification page.

use crate::browser::{Browser, TestResult, app_with_fixture};

/// `minutes` from now in China time, as a datetime-local input holds it.
fn soon(minutes: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(wushe_store::now_ms() / 1000 + minutes * 60 + 8 * 3600)
        .expect("time");
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_activity_is_published_signed_up_for_and_checked_into_by_code() -> TestResult {
    let (app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.c.set_window_size(1280, 900).await?;
    b.sign_in("wz.station").await?;
    b.click("header nav a[href='/activities']").await?;
    b.click("main a[href='/activities/new']").await?;
    b.fill("title", "社区健康义诊").await?;
    b.choose("category", "health").await?;
    b.fill("region", "500101001001").await?;
    b.fill("place", "东方广场社区卫生室").await?;
    b.set_value("starts_at", &soon(15)).await?;
    b.set_value("ends_at", &soon(135)).await?;
    b.fill("volunteer_places", "2").await?;
    b.fill("target_groups", "老年人").await?;
    b.submit().await?;
    b.wait_text("main h1", "草稿").await?;
    let page = b.path().await?;
    b.click("form[action$='/publish'] button").await?;
    b.wait_text("main h1", "已发布").await?;
    b.click("a[href$='/code']").await?;
    b.wait(".qr svg").await?;
    let url = b.text("main a[href*='/check-in']").await?;
    assert!(url.contains("/check-in?a=") && url.contains("&t="), "the code opens the check-in page: {url}");
    let id: wushe_domain::ActivityId =
        url.split("a=").nth(1).and_then(|r| r.split('&').next()).and_then(|a| a.parse().ok()).expect("the activity");
    b.shot("activity-code").await?;
    // A code lives two minutes; a slow machine may take longer to reach the scan, so the scan
    // uses the code of its own minute, as the page would be showing by then.
    let path =
        || format!("/check-in?a={id}&t={}", wushe_app::activities::activity::code(&app.db, id, wushe_store::now_ms()));

    // The volunteer, on their phone, finds it on the public page and signs up.
    b.c.delete_all_cookies().await?;
    b.c.set_window_size(390, 844).await?;
    b.sign_in("wz.volunteer").await?;
    b.goto("/public/activities?region=500101").await?;
    b.wait_text("ul.activities", "社区健康义诊").await?;
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: /public/activities is wider than a 390px phone");
    b.click("ul.activities li:has(b) a").await?;
    b.wait_text("main h1", "社区健康义诊").await?;
    b.click("form[action$='/sign-up'] button").await?;
    b.wait_text("main p.notice", "我已报名").await?;
    // The code they scan opens the check-in page.
    b.goto(&path()).await?;
    b.click("form[action='/check-in'] button").await?;
    b.wait_text("main p.notice", "已签到").await?;
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: /check-in is wider than a 390px phone");
    b.shot("activity-checked-in-phone").await?;
    // Eighty minutes into the activity, the next scan checks out.
    let now = wushe_store::now_ms();
    sqlx::query("UPDATE activities SET starts_at = $1, ends_at = $2")
        .bind(now - 90 * 60_000)
        .bind(now + 30 * 60_000)
        .execute(&app.db.pool)
        .await?;
    sqlx::query("UPDATE activity_signups SET check_in_at = $1").bind(now - 80 * 60_000).execute(&app.db.pool).await?;
    b.goto(&path()).await?;
    b.click("form[action='/check-in'] button").await?;
    b.wait_text("main", "谢谢参与").await?;
    // The hours are on their record.
    b.click("header nav a[href='/me/hours']").await?;
    // The fixture's two hours before, and eighty minutes now.
    b.wait_text("#total-hours", "3.3").await?;
    assert!(b.text("ul.hours").await?.contains("社区健康义诊"), "the entry names the activity");
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: /me/hours is wider than a 390px phone");
    b.shot("volunteer-hours-phone").await?;
    // They ask the station for a certificate of the last month.
    let month_ago = (time::OffsetDateTime::now_utc() + time::Duration::hours(8) - time::Duration::days(30)).date();
    b.set_value("from", &format!("{:04}-{:02}-{:02}", month_ago.year(), u8::from(month_ago.month()), month_ago.day()))
        .await?;
    b.click("#request-certificate button").await?;
    b.wait_text("ul.certificates", "待出具").await?;

    // The station sees the times, and issues the certificate at its desk.
    b.c.delete_all_cookies().await?;
    b.c.set_window_size(1280, 900).await?;
    b.sign_in("wz.station").await?;
    b.goto(&page).await?;
    let list = b.text("section.signups").await?;
    assert!(list.contains("万州志愿甲FX") && list.contains("已签到") && list.contains("已签退"), "{list}");
    b.click("header nav a[href='/hours/desk']").await?;
    b.wait_text("ul.certificate-requests", "万州志愿甲FX").await?;
    b.click("ul.certificate-requests form[action$='/issue'] button").await?;
    b.wait_text("ul.certificates", "有效").await?;
    b.shot("hours-desk").await?;
    b.c.set_window_size(390, 844).await?;
    b.goto("/hours/desk").await?;
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: /hours/desk is wider than a 390px phone");

    // The volunteer finds it on their phone; the PDF reads back; its link opens the verification page.
    b.c.delete_all_cookies().await?;
    b.c.set_window_size(390, 844).await?;
    b.sign_in("wz.volunteer").await?;
    b.goto("/me/hours").await?;
    b.wait_text("ul.certificates", "有效").await?;
    let number = b.text("ul.certificates .cert-no").await?;
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: /me/hours with a certificate is wider than a phone");
    let href = b.wait("ul.certificates a[href$='/pdf']").await?.attr("href").await?.expect("the PDF link");
    let volunteer = app.login("wz.volunteer", wushe_testkit::fixture::PASSWORD).await;
    let pdf = app.api(axum::http::Method::GET, &href, Some(&volunteer), None).await;
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    let text: String = pdf_extract::extract_text_from_mem(&pdf.body)?.chars().filter(|c| !c.is_whitespace()).collect();
    let link = format!("/public/certificates/{number}");
    for expected in ["志愿服务证明", "万州志愿甲FX", "3.3", number.as_str(), link.as_str()] {
        assert!(text.contains(expected), "the certificate lacks {expected}: {text}");
    }
    b.c.delete_all_cookies().await?;
    b.goto(&link).await?;
    b.wait_text("#verdict", "该证明真实有效").await?;
    assert!(b.text("dl.facts").await?.contains("万州志愿甲FX"));
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: the verification page is wider than a 390px phone");
    b.shot("certificate-verified-phone").await?;
    b.quit().await
}
