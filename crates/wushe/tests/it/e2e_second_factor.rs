//! End to end on a phone-sized window, with the second factor required: an administrator signs
//! in, is made to enrol, reads the key off the page, confirms with a code computed here, sees
//! the recovery codes, signs out, and signs in again with password and code (in English).

use serde_json::json;
use wushe_app::settings::SecondFactor;
use wushe_testkit::fixture::{self, PASSWORD};
use wushe_testkit::{Engine, TestApp};

use crate::browser::{Browser, TestResult};
use crate::second_factor::next_code;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrator_enrols_on_a_phone_and_signs_in_with_a_code() -> TestResult {
    let app = TestApp::spawn_with(Engine::Sqlite, |s| s.second_factor = SecondFactor::Required).await;
    fixture::load(&app).await;
    let base = app.serve().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.c.set_window_size(390, 844).await?;
    assert_eq!(b.c.execute("return window.innerWidth", vec![]).await?, json!(390), "a phone-wide viewport");

    b.goto("/login").await?;
    b.log_in("root", PASSWORD).await?;
    b.wait_text("main .notice", "等级保护三级").await?;
    assert_eq!(b.path().await?, "/me/second-factor", "made to enrol before anything else");
    b.goto("/regions").await?;
    assert_eq!(b.path().await?, "/me/second-factor", "nothing else opens first");
    b.submit().await?;

    let key = b.text(".totp-secret").await?;
    let secret = wushe_domain::second_factor::TotpSecret::from_base32(&key).ok_or("the key on the page is base32")?;
    assert!(b.text(".totp-uri").await?.contains(&format!("secret={}", secret.base32())));
    b.wait(".qr svg").await?;
    b.shot("second-factor-enrol-phone").await?;
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: the enrolment page is wider than a 390px phone");
    let mut used = 0;
    b.fill("code", &next_code(&secret, &mut used).await).await?;
    b.submit().await?;

    b.wait(".recovery-codes li").await?;
    let codes = b.c.find_all(fantoccini::Locator::Css(".recovery-codes li")).await?;
    assert_eq!(codes.len(), 10, "ten recovery codes");
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: the recovery codes are wider than a phone");
    b.shot("second-factor-codes-phone").await?;
    b.click("main .actions a.button").await?;
    b.wait("header a.me").await?;

    b.goto("/me").await?;
    b.click("main form[action='/logout'] button").await?;
    b.wait("input[name='login']").await?;

    b.log_in("root", PASSWORD).await?;
    b.wait("input[name='code']").await?;
    assert_eq!(b.path().await?, "/login/code", "the password alone opens the code page only");
    assert_eq!(b.overflow().await?, None, "PRODUCT LAYOUT BUG: the code page is wider than a 390px phone");
    b.shot("second-factor-sign-in-phone").await?;
    // The page is in Chinese first; the switch gives English and keeps the half-open session.
    assert_eq!(b.text("main h1").await?, "输入验证码");
    b.click("header a.lang").await?;
    b.wait_text("main h1", "Enter your code").await?;
    assert_eq!(b.path().await?, "/login/code");
    b.fill("code", &next_code(&secret, &mut used).await).await?;
    b.submit().await?;
    b.wait("header a.me").await?;
    assert_eq!(b.path().await?, "/", "signed in, at the administrator's workbench");
    b.wait("ul.todo").await?;
    b.quit().await
}
