//! Key rotation: after it, every sealed value opens with the new key only, and every keyed
//! lookup (ID, phone, category) still finds its record.

use wushe_store::crypto::Crypto;
use wushe_store::{Db, Scope, residents, volunteers};
use wushe_testkit::dual_test;
use wushe_testkit::fixture;

dual_test!(rotation_moves_every_sealed_value_and_index_to_the_new_key, |app| {
    let fx = fixture::load(&app).await;
    let body = serde_json::json!({"region": "500101001002", "category": "elderly_care", "description": "老伴住院",
        "contact_name": "王阿姨", "contact_phone": "13900009999", "consent": "1"});
    let res = app.api(axum::http::Method::POST, "/api/v1/public/needs", None, Some(body)).await;
    let code = res.json()["tracking_code"].as_str().expect("code").to_owned();
    let lonely = residents::Filter { category: Some("独居老人".into()), ..Default::default() };
    let (before, _) = residents::list(&app.db, &Scope::all(), &lonely, 0, 10).await.expect("list");
    let new = Crypto::new([42; 32]);
    let done = wushe_store::rekey::rotate(&app.db, &new, &mut |_, _| {}).await.expect("rotate");
    assert!(done.sealed >= 10 && done.indexes >= 8, "{done:?}");
    let moved = Db { crypto: new, ..app.db.clone() };
    let v = &fx.volunteers[0];
    let by_id = volunteers::Filter { query: Some(v.id_number.clone()), ..Default::default() };
    let (found, _) = volunteers::list(&moved, &Scope::all(), &by_id, 0, 10).await.expect("list");
    assert_eq!(found.len(), 1, "the ID lookup works under the new key");
    assert_eq!(found[0].id_number.as_deref(), Some(v.id_number.as_str()));
    let phone = found[0].phone.clone().expect("phone");
    let by_phone = volunteers::Filter { query: Some(phone), ..Default::default() };
    assert_eq!(volunteers::list(&moved, &Scope::all(), &by_phone, 0, 10).await.expect("list").0.len(), 1);
    let (found, _) = residents::list(&moved, &Scope::all(), &lonely, 0, 10).await.expect("list");
    assert!(!before.is_empty());
    assert_eq!(found, before, "category tags were recomputed, addresses open");
    // An outstanding tracking code still finds its need: its hash was computed again.
    let tracked = wushe_store::needs::by_tracking(&moved, &moved.crypto.index("tracking", &code)).await.expect("track");
    assert!(tracked.is_some(), "the tracking code survives the rotation");
    // The old key opens nothing any more.
    let stale = volunteers::get(&app.db, &Scope::all(), v.id).await.expect("read").expect("volunteer");
    assert_eq!((stale.id_number, stale.phone), (None, None), "the old key no longer opens the data");
    assert_eq!(wushe_store::rekey::unreadable(&app.db).await.expect("check").len() as u64, done.sealed, "all reported");
});

dual_test!(a_sealed_value_moved_to_another_row_is_reported_not_shown, |app| {
    use sqlx::Row;
    let fx = fixture::load(&app).await;
    let person = |v: wushe_domain::VolunteerId| {
        let pool = app.db.pool.clone();
        async move {
            let r = sqlx::query(
                "SELECT p.id, p.phone FROM volunteers v JOIN persons p ON p.id = v.person_id WHERE v.id = $1",
            )
            .bind(v.to_string())
            .fetch_one(&pool)
            .await
            .expect("person");
            (r.try_get::<String, _>("id").expect("id"), r.try_get::<String, _>("phone").expect("phone"))
        }
    };
    let (a, b) = (person(fx.volunteers[0].id).await, person(fx.volunteers[1].id).await);
    // Someone with the database but not the key swaps two people's sealed phones.
    for (id, phone) in [(&a.0, &b.1), (&b.0, &a.1)] {
        sqlx::query("UPDATE persons SET phone = $1 WHERE id = $2")
            .bind(phone)
            .bind(id)
            .execute(&app.db.pool)
            .await
            .expect("swap");
    }
    let s = app.login("wz.center", wushe_testkit::fixture::PASSWORD).await;
    let list = app.api(axum::http::Method::GET, "/api/v1/volunteers", Some(&s), None).await;
    assert_eq!(list.status, axum::http::StatusCode::OK, "one bad row does not take the list down: {}", list.text());
    let items = list.json()["items"].as_array().expect("items").clone();
    let shown = |name: &str| items.iter().find(|v| v["name"] == name).expect(name)["phone"].clone();
    assert!(shown(&fx.volunteers[0].name).is_null() && shown(&fx.volunteers[1].name).is_null(), "{items:?}");
    let bad = wushe_store::rekey::unreadable(&app.db).await.expect("check");
    assert!(
        bad.contains(&format!("persons.phone {}", a.0)) && bad.contains(&format!("persons.phone {}", b.0)),
        "{bad:?}"
    );
    assert_eq!(bad.len(), 2, "nothing else: {bad:?}");
});
