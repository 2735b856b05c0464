//! A person's data belongs to the region that entered it. A hostile worker who knows another
//! region's person's ID number or phone gets nothing of theirs: not by registering the number in
//! their own community, not by correcting or erasing that registration, and not by tying an
//! account to the phone.

use axum::http::{Method, StatusCode};
use serde_json::json;
use sqlx::Row;
use wushe_testkit::fixture::{self, PASSWORD};
use wushe_testkit::{TestApp, dual_test};

async fn person_of(app: &TestApp, table: &str, id: &str) -> (String, String) {
    let row = sqlx::query(&format!(
        "SELECT p.id, p.name FROM {table} x JOIN persons p ON p.id = x.person_id WHERE x.id = $1"
    ))
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .expect("person");
    (row.try_get("id").expect("id"), row.try_get("name").expect("name"))
}

dual_test!(a_registration_never_reaches_a_person_entered_in_another_region, |app| {
    let fx = fixture::load(&app).await;
    // 涪陵居民乙FX lives in 涪陵 (500102006001); the attacker is a room worker of 万州二室.
    let victim = fx.residents.iter().find(|r| r.name == "涪陵居民乙FX").expect("victim");
    let (victim_person, _) = person_of(&app, "residents", &victim.id.to_string()).await;
    let attacker = app.login("wz2.room", PASSWORD).await;
    let body = json!({"name": "冒名者", "id_number": victim.id_number, "phone": "13611112222",
        "address": "攻击者填写的地址", "region": "500101017001", "categories": "独居老人"});
    let res = app.api(Method::POST, "/api/v1/residents", Some(&attacker), Some(body)).await;
    assert_eq!(res.status, StatusCode::CREATED, "a registration of its own: {}", res.text());
    let mine = res.json();
    let mine_id = mine["id"].as_str().expect("id").to_owned();
    assert_eq!(mine["known_elsewhere"], true, "staff learn the number is known elsewhere");
    assert!(!res.text().contains("涪陵"), "and nothing of the other region: {}", res.text());
    let (mine_person, _) = person_of(&app, "residents", &mine_id).await;
    assert_ne!(mine_person, victim_person, "a person of its own");

    // Reveal shows what the attacker typed, not the victim's phone or address.
    let path = format!("/api/v1/residents/{mine_id}");
    let revealed =
        app.api(Method::POST, &format!("{path}/reveal"), Some(&attacker), Some(json!({"reason": "核对"}))).await;
    assert_eq!(revealed.status, StatusCode::OK, "{}", revealed.text());
    assert!(revealed.text().contains("13611112222") && !revealed.text().contains("涪陵"), "{}", revealed.text());
    let copy = app
        .api(Method::POST, &format!("{path}/personal-data"), Some(&attacker), Some(json!({"reason": "本人申请"})))
        .await;
    assert!(!copy.text().contains("涪陵居民乙FX"), "{}", copy.text());

    // Correcting and erasing through that registration leave the victim whole.
    let renamed = json!({"name": "改名者", "id_number": victim.id_number, "phone": "13611112222",
        "region": "500101017001", "categories": "独居老人"});
    let res = app.api(Method::PUT, &path, Some(&attacker), Some(renamed)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let fl = app.login("fl.center", PASSWORD).await;
    let theirs_path = format!("/api/v1/residents/{}", victim.id);
    let theirs = app.api(Method::GET, &theirs_path, Some(&fl), None).await;
    assert_eq!(theirs.json()["name"], "涪陵居民乙FX", "not renamed");
    assert_eq!(theirs.json()["known_elsewhere"], true, "the other side learns the same, and no more");
    assert!(!theirs.text().contains("改名者") && !theirs.text().contains("冒名者"));
    let res = app.api(Method::DELETE, &format!("{path}?reason=本人申请删除"), Some(&attacker), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let theirs = app.api(Method::GET, &theirs_path, Some(&fl), None).await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert_eq!(
        (theirs.json()["name"].as_str(), theirs.json()["status"].as_str()),
        (Some("涪陵居民乙FX"), Some("active"))
    );
    assert_eq!(theirs.json()["known_elsewhere"], false, "the erased number is known nowhere else");
});

dual_test!(a_volunteer_number_known_elsewhere_names_nobody, |app| {
    let fx = fixture::load(&app).await;
    let victim = fx.volunteers.iter().find(|v| v.name == "涪陵志愿丙FX").expect("victim");
    let attacker = app.login("wz2.room", PASSWORD).await;
    let body = json!({"name": "冒名者", "id_number": victim.id_number, "phone": "13622223333",
        "region": "500101017001", "skills": "陪伴探访", "availability": "周六 09:00-12:00"});
    let res = app.api(Method::POST, "/api/v1/volunteers", Some(&attacker), Some(body.clone())).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    assert!(!res.text().contains("涪") && !res.text().contains("丙"), "{}", res.text());
    let (mine, _) = person_of(&app, "volunteers", res.json()["id"].as_str().expect("id")).await;
    let (theirs, name) = person_of(&app, "volunteers", &victim.id.to_string()).await;
    assert_ne!(mine, theirs);
    assert_eq!(name, "涪陵志愿丙FX");
    // In the attacker's own area the same number again is a duplicate, named as they entered it.
    let again = app.api(Method::POST, "/api/v1/volunteers", Some(&attacker), Some(body)).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.message().ends_with("冒**"), "{}", again.message());
});

dual_test!(an_account_reaches_only_registrations_in_its_own_region, |app| {
    let fx = fixture::load(&app).await;
    let victim = fx.volunteers.iter().find(|v| v.name == "涪陵志愿丙FX").expect("victim");
    // A centre in 万州 makes a volunteer account with the 涪陵 volunteer's phone.
    let center = app.login("wz.center", PASSWORD).await;
    let phone: String = {
        let fl = app.login("fl.center", PASSWORD).await;
        let res = app
            .api(
                Method::POST,
                &format!("/api/v1/volunteers/{}/reveal", victim.id),
                Some(&fl),
                Some(json!({"reason": "测试"})),
            )
            .await;
        let text = res.json()["value"].as_str().expect("value").to_owned();
        text.split(" / ").find(|p| p.starts_with('1') && p.len() == 11).expect("phone").to_owned()
    };
    let body = json!({"username": "taker", "display_name": "张敏", "phone": phone, "role": "volunteer",
        "region": "500101017001", "password": "first-pass-2026"});
    let res = app.api(Method::POST, "/api/v1/accounts", Some(&center), Some(body)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let account: wushe_domain::AccountId = res.json()["id"].as_str().expect("id").parse().expect("account id");
    let s = app.first_login("taker", "first-pass-2026").await;
    let hours = app.api(Method::GET, "/api/v1/me/hours", Some(&s), None).await;
    assert_eq!(hours.status, StatusCode::FORBIDDEN, "no volunteer of 涪陵 is this account's: {}", hours.text());
    assert!(!hours.text().contains("涪陵志愿丙FX"));
    let found = wushe_store::tasks::volunteer_of_account(&app.db, account).await.expect("lookup");
    assert_eq!(found, None);
});

dual_test!(persons_shared_across_regions_by_an_earlier_release_are_separated, |app| {
    let fx = fixture::load(&app).await;
    // As earlier releases linked them: 万州's resident on the person 涪陵 entered.
    let wz = fx.residents.iter().find(|r| r.name == "万州居民甲FX").expect("resident");
    let fl = fx.volunteers.iter().find(|v| v.name == "涪陵志愿丙FX").expect("volunteer");
    let (fl_person, _) = person_of(&app, "volunteers", &fl.id.to_string()).await;
    let (wz_person, _) = person_of(&app, "residents", &wz.id.to_string()).await;
    sqlx::query("UPDATE residents SET person_id = $1 WHERE id = $2")
        .bind(&fl_person)
        .bind(wz.id.to_string())
        .execute(&app.db.pool)
        .await
        .expect("link");
    assert_eq!(wushe_store::persons::separate_regions(&app.db).await.expect("separate"), 1);
    let (now, name) = person_of(&app, "residents", &wz.id.to_string()).await;
    assert!(now != fl_person && now != wz_person, "a copy of its own");
    assert_eq!(name, "涪陵志愿丙FX", "with the data it showed");
    let region: String = sqlx::query("SELECT region_code FROM persons WHERE id = $1")
        .bind(&now)
        .fetch_one(&app.db.pool)
        .await
        .expect("copy")
        .try_get("region_code")
        .expect("region");
    assert_eq!(region, "500101001001");
    // Erasing through 万州 now leaves 涪陵's volunteer alone.
    let s = app.login("wz.station", PASSWORD).await;
    let res =
        app.api(Method::DELETE, &format!("/api/v1/residents/{}?reason=本人申请删除", wz.id), Some(&s), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(person_of(&app, "volunteers", &fl.id.to_string()).await.1, "涪陵志愿丙FX");
    assert_eq!(wushe_store::persons::separate_regions(&app.db).await.expect("again"), 0, "once done, nothing to do");
});
