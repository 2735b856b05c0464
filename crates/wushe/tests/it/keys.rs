//! Key rotation: after it, every sealed value opens with the new key only, and every keyed
//! lookup (ID, phone, category) still finds its record.

use wushe_store::crypto::Crypto;
use wushe_store::{Db, Scope, residents, volunteers};
use wushe_testkit::dual_test;
use wushe_testkit::fixture;

dual_test!(rotation_moves_every_sealed_value_and_index_to_the_new_key, |app| {
    let fx = fixture::load(&app).await;
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
    // The old key opens nothing any more.
    assert!(volunteers::get(&app.db, &Scope::all(), v.id).await.is_err(), "old key no longer opens the data");
});
