//! On a phone, in a real headless Chromium: a station worker registers a resident whose ID
//! number another region has registered, and is told only that the number is known elsewhere;
//! and the sign-in page locks a known and an unknown user name after the same number of wrong
//! passwords, with the same sentence (PNGs land as `e2e-identity-*.png`).

use wushe_domain::idcard;
use wushe_testkit::fixture::resident_id;

use crate::browser::{Browser, TestResult, app_with_fixture};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_number_registered_elsewhere_is_told_without_anything_of_the_other_region() -> TestResult {
    let (_app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.c.set_window_size(390, 844).await?;
    b.sign_in("wz.station").await?;
    // 涪陵居民乙FX's number: registered in 涪陵 (500102006001), not in 万州.
    let id_number = resident_id("500102", "19450606", "622");
    b.goto("/residents/new").await?;
    b.fill("name", "王大爷").await?;
    b.fill("id_number", &id_number).await?;
    b.fill("phone", "13800005678").await?;
    b.fill("address", "重庆市万州区高笋塘路1号").await?;
    b.fill("region", "500101001002").await?;
    b.fill("categories", "独居老人").await?;
    b.submit().await?;
    b.wait("dl.facts").await?;
    let notice = b.text("main p.notice").await?;
    assert!(notice.contains("其他地区也有登记") && notice.contains("不显示"), "{notice}");
    let page = b.c.source().await?;
    assert!(page.contains("王大爷") && b.text("dl.facts").await?.contains(&idcard::mask(&id_number)));
    for theirs in ["涪陵居民乙FX", "涪陵", &id_number] {
        assert!(!page.contains(theirs), "nothing of the other region's registration: {theirs}");
    }
    assert_eq!(b.overflow().await?, None, "the page fits the phone");
    b.shot("identity-known-elsewhere").await?;
    b.quit().await
}

/// Wrong passwords until the page says the account is locked; how many it took.
async fn attempts_until_locked(b: &Browser, login: &str) -> Result<usize, crate::browser::BoxError> {
    for n in 1..=8 {
        b.goto("/login").await?;
        b.log_in(login, "wrong-password-1").await?;
        let said = b.text("main p.error").await?;
        if said.contains("锁定") {
            return Ok(n);
        }
        assert!(said.contains("用户名或密码"), "a wrong password is said so, nothing more: {said}");
    }
    Err(format!("{login} never locked").into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn known_and_unknown_names_lock_alike_on_the_sign_in_page() -> TestResult {
    let (_app, base) = app_with_fixture().await;
    let Some(b) = Browser::start(&base).await? else { return Ok(()) };
    b.c.set_window_size(390, 844).await?;
    let known = attempts_until_locked(&b, "wz.room").await?;
    let unknown = attempts_until_locked(&b, "no.such.user").await?;
    assert_eq!(known, unknown, "an unknown name answers exactly like a known one");
    let locked = b.text("main p.error").await?;
    b.shot("identity-locked").await?;
    // Locked means locked: the right password is refused too, with the same sentence.
    b.goto("/login").await?;
    b.log_in("wz.room", wushe_testkit::fixture::PASSWORD).await?;
    assert_eq!(b.text("main p.error").await?, locked);
    b.quit().await
}
