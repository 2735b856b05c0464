//! `identity` for the other registries and the paths it leaves out: a social worker or a
//! volunteer registered in one's own area with another region's person's ID number, then
//! corrected and erased, and a resident entered through the page form; a donor with another
//! region's donor's phone; and an account with another region's volunteer's phone reading every
//! `/me` answer, and a volunteer registered with their phone. None of them links, reveals, renames
//! or erases what the other region entered.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::Row;
use wushe_testkit::fixture::{self, PASSWORD, resident_id};
use wushe_testkit::{Session, TestApp, dual_test};

async fn person_of(app: &TestApp, table: &str, id: &str) -> String {
    sqlx::query(&format!("SELECT person_id FROM {table} WHERE id = $1"))
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect("registration")
        .get("person_id")
}

async fn reveal(app: &TestApp, path: &str, s: &Session) -> String {
    let res = app.api(Method::POST, &format!("{path}/reveal"), Some(s), Some(json!({"reason": "核对"}))).await;
    assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.text());
    res.json()["value"].as_str().unwrap_or_default().to_owned()
}

/// Registers `body` at `list` as `attacker`, then reveals, copies, renames and erases it,
/// and checks that `victim` (read by `owner`) keeps its name, status and numbers throughout.
async fn register_correct_erase(
    app: &TestApp,
    list: &str,
    body: Value,
    renamed: Value,
    victim: (&str, &str),
    attacker: &Session,
    owner: &Session,
) {
    let (victim_id, victim_name) = victim;
    let theirs = format!("{list}/{victim_id}");
    let before = reveal(app, &theirs, owner).await;
    let table = list.trim_start_matches("/api/v1/").replace('-', "_");
    let res = app.api(Method::POST, list, Some(attacker), Some(body.clone())).await;
    assert_eq!(res.status, StatusCode::CREATED, "{list}: a registration of its own: {}", res.text());
    assert!(!res.text().contains(victim_name), "{}", res.text());
    let mine = res.json()["id"].as_str().expect("id").to_owned();
    // Donors are not persons: their rows are their own.
    if table != "donors" {
        assert_ne!(person_of(app, &table, &mine).await, person_of(app, &table, victim_id).await, "a person of its own");
    }
    let path = format!("{list}/{mine}");
    let shown = reveal(app, &path, attacker).await;
    assert!(!shown.contains(victim_name), "their data: {shown}");
    let typed = body.to_string();
    let theirs_only = before.split(" / ").filter(|v| v.len() >= 11 && !typed.contains(*v));
    assert!(!theirs_only.clone().any(|v| shown.contains(v)), "their numbers: {shown} / {before}");
    let copy_path = format!("{path}/personal-data");
    let copy = app.api(Method::POST, &copy_path, Some(attacker), Some(json!({"reason": "本人申请"}))).await;
    assert_eq!(copy.status, StatusCode::OK, "{}", copy.text());
    assert!(!copy.text().contains(victim_name), "{}", copy.text());
    let res = app.api(Method::PUT, &path, Some(attacker), Some(renamed)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let res = app.api(Method::DELETE, &format!("{path}?reason=本人申请删除"), Some(attacker), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let now = app.api(Method::GET, &theirs, Some(owner), None).await;
    assert_eq!(now.status, StatusCode::OK, "{}", now.text());
    assert_eq!(now.json()["name"], victim_name, "not renamed: {}", now.text());
    let v = now.json();
    assert!(v["status"] == "active" || v["erased"] == false, "not erased: {}", now.text());
    assert!(!now.text().contains("冒名者") && !now.text().contains("改名者"), "{}", now.text());
    assert_eq!(reveal(app, &theirs, owner).await, before, "their numbers are as they were");
}

dual_test!(a_social_worker_registered_with_another_regions_number_reaches_nothing, |app| {
    let fx = fixture::load(&app).await;
    let victim = fx.workers.iter().find(|w| w.name == "涪陵社工FX").expect("victim");
    let number = resident_id("500102", "19880808", "901");
    let station = fx.point("高笋塘站FX").id.to_string();
    let attacker = app.login("wz.center", PASSWORD).await;
    let owner = app.login("fl.center", PASSWORD).await;
    let body = json!({"name": "冒名者", "id_number": number, "phone": "13633334444", "licence": "unlicensed",
        "posting": station, "posted_on": "2024-01-01"});
    let renamed = json!({"name": "改名者", "id_number": number, "phone": "13633334444", "licence": "unlicensed"});
    let victim = (victim.id.to_string(), victim.name.clone());
    let list = "/api/v1/social-workers";
    register_correct_erase(&app, list, body, renamed, (&victim.0, &victim.1), &attacker, &owner).await;
});

dual_test!(a_volunteer_registered_with_another_regions_number_is_corrected_and_erased_alone, |app| {
    let fx = fixture::load(&app).await;
    let victim = fx.volunteers.iter().find(|v| v.name == "涪陵志愿丙FX").expect("victim");
    let attacker = app.login("wz2.room", PASSWORD).await;
    let owner = app.login("fl.center", PASSWORD).await;
    let body = json!({"name": "冒名者", "id_number": victim.id_number, "phone": "13622225555",
        "region": "500101017001", "skills": "陪伴探访", "availability": "周六 09:00-12:00"});
    let renamed = json!({"name": "改名者", "id_number": victim.id_number, "phone": "13622225555",
        "region": "500101017001", "skills": "陪伴探访", "availability": "周六 09:00-12:00"});
    let list = "/api/v1/volunteers";
    register_correct_erase(&app, list, body, renamed, (&victim.id.to_string(), &victim.name), &attacker, &owner).await;
});

dual_test!(a_resident_entered_by_the_page_form_with_another_regions_number_is_its_own, |app| {
    let fx = fixture::load(&app).await;
    let victim = fx.residents.iter().find(|r| r.name == "涪陵居民乙FX").expect("victim");
    let attacker = app.login("wz2.room", PASSWORD).await;
    let fields = [
        ("name", "冒名者"),
        ("id_number", victim.id_number.as_str()),
        ("phone", "13644445555"),
        ("address", "攻击者填写的地址"),
        ("region", "500101017001"),
        ("categories", "独居老人"),
    ];
    let res = app.post_form("/residents", Some(&attacker), &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let mine = res.location().expect("location").trim_start_matches("/residents/").to_owned();
    let page = app.get(&format!("/residents/{mine}"), Some(&attacker)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert!(!page.text().contains("涪陵居民乙FX") && !page.text().contains("涪陵居民乙FX家"), "{}", page.text());
    assert_ne!(person_of(&app, "residents", &mine).await, person_of(&app, "residents", &victim.id.to_string()).await);
});

dual_test!(a_donor_with_another_regions_donors_phone_is_its_own, |app| {
    fixture::load(&app).await;
    let owner = app.login("fl.center", PASSWORD).await;
    let attacker = app.login("wz.center", PASSWORD).await;
    let theirs = json!({"kind": "person", "name": "涪陵捐赠人FX", "phone": "13655550000", "region": "500102"});
    let res = app.api(Method::POST, "/api/v1/donors", Some(&owner), Some(theirs)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let victim = res.json()["id"].as_str().expect("id").to_owned();
    let body = json!({"kind": "person", "name": "冒名者", "phone": "13655550000", "region": "500101"});
    let renamed = json!({"kind": "person", "name": "改名者", "phone": "13655550000", "region": "500101"});
    let res = app.api(Method::GET, "/api/v1/donors?q=13655550000", Some(&attacker), None).await;
    assert!(!res.text().contains("涪陵捐赠人FX"), "a search by phone finds nothing of theirs: {}", res.text());
    let list = "/api/v1/donors";
    register_correct_erase(&app, list, body, renamed, (&victim, "涪陵捐赠人FX"), &attacker, &owner).await;
});

dual_test!(an_account_with_another_regions_phone_sees_nothing_of_theirs_under_me, |app| {
    let fx = fixture::load(&app).await;
    let victim = fx.volunteers.iter().find(|v| v.name == "涪陵志愿丙FX").expect("victim");
    let certificate = fx.certificates.iter().find(|c| c.marker == victim.name).expect("their certificate");
    let number: String = sqlx::query_scalar("SELECT number FROM certificates WHERE id = $1")
        .bind(&certificate.id)
        .fetch_one(&app.db.pool)
        .await
        .expect("number");
    let centre = app.login("wz.center", PASSWORD).await;
    // 涪陵志愿丙FX's phone is the fixture's third volunteer phone.
    let body = json!({"username": "taker", "display_name": "张敏", "phone": "15800000002", "role": "volunteer",
        "region": "500101017001", "password": "first-pass-2026"});
    let res = app.api(Method::POST, "/api/v1/accounts", Some(&centre), Some(body)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let s = app.first_login("taker", "first-pass-2026").await;
    let secrets = [victim.name.as_str(), number.as_str(), victim.id_number.as_str(), "涪陵", "入户探访"];
    for path in [
        "/api/v1/me",
        "/api/v1/me/hours",
        "/api/v1/me/hours/corrections",
        "/api/v1/me/certificates",
        "/api/v1/me/messages",
        "/api/v1/tasks",
    ] {
        let res = app.api(Method::GET, path, Some(&s), None).await;
        assert!(res.status.as_u16() < 500, "{path}: {}", res.text());
        for secret in secrets {
            assert!(!res.text().contains(secret), "{path} shows {secret}: {}", res.text());
        }
    }
    for path in ["/me", "/me/hours", "/tasks", "/inbox"] {
        let res = app.get(path, Some(&s)).await;
        assert!(res.status.as_u16() < 500, "{path}: {}", res.text());
        for secret in secrets {
            assert!(!res.text().contains(secret), "{path} shows {secret}: {}", res.text());
        }
    }
    let asked = app
        .api(Method::POST, "/api/v1/me/certificates", Some(&s), Some(json!({"from": "2026-01-01", "to": "2026-12-31"})))
        .await;
    assert!(!asked.status.is_success(), "no certificate of theirs can be asked for: {}", asked.text());
});

dual_test!(a_volunteer_registered_with_another_regions_phone_reaches_nothing_of_theirs, |app| {
    let fx = fixture::load(&app).await;
    let victim = fx.volunteers.iter().find(|v| v.name == "涪陵志愿丙FX").expect("victim");
    let their_hours = fx.hours.iter().find(|h| h.path == victim.path).expect("their entry").marker.clone();
    let phone = "15800000002";
    let attacker = app.login("wz2.room", PASSWORD).await;
    let number = resident_id("500101", "19900909", "777");
    let body = json!({"name": "冒名者", "id_number": number, "phone": phone, "region": "500101017001",
        "skills": "陪伴探访", "availability": "周六 09:00-12:00"});
    let res = app.api(Method::POST, "/api/v1/volunteers", Some(&attacker), Some(body)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let mine = res.json()["id"].as_str().expect("id").to_owned();
    assert_ne!(person_of(&app, "volunteers", &mine).await, person_of(&app, "volunteers", &victim.id.to_string()).await);
    let found = app.api(Method::GET, &format!("/api/v1/volunteers?q={phone}"), Some(&attacker), None).await;
    assert!(!found.text().contains(&victim.name), "a search by the phone finds only their own: {}", found.text());
    let shown = reveal(&app, &format!("/api/v1/volunteers/{mine}"), &attacker).await;
    assert!(!shown.contains(&victim.id_number), "{shown}");
    // An account with the phone in the attacker's village reaches the attacker's registration only.
    let centre = app.login("wz.center", PASSWORD).await;
    let body = json!({"username": "taker", "display_name": "张敏", "phone": phone, "role": "volunteer",
        "region": "500101017001", "password": "first-pass-2026"});
    let res = app.api(Method::POST, "/api/v1/accounts", Some(&centre), Some(body)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let s = app.first_login("taker", "first-pass-2026").await;
    for path in ["/api/v1/me", "/api/v1/me/hours", "/api/v1/me/certificates"] {
        let res = app.api(Method::GET, path, Some(&s), None).await;
        assert!(res.status.as_u16() < 500, "{path}: {}", res.text());
        for secret in [victim.name.as_str(), victim.id_number.as_str(), their_hours.as_str()] {
            assert!(!res.text().contains(secret), "{path} shows {secret}: {}", res.text());
        }
    }
    let hours = app.api(Method::GET, "/api/v1/me/hours", Some(&s), None).await;
    assert_eq!(hours.status, StatusCode::OK, "their own registration is reached: {}", hours.text());
});
