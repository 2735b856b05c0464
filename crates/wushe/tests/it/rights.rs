//! The data subject's rights on every people registry: a copy of their data (audited with the
//! reason), correction (fields named in the audit, values not), and erasure that keeps the
//! pseudonymous ids ledgers refer to.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::Row;
use wushe_testkit::fixture::{self, PASSWORD};
use wushe_testkit::{TestApp, dual_test};

/// The value of one field in a personal-data answer.
pub fn item(data: &Value, field: &str) -> String {
    data["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["field"] == field)
        .unwrap_or_else(|| panic!("no {field} in {data}"))["value"]
        .as_str()
        .expect("value")
        .to_owned()
}

async fn actions(app: &TestApp, entity: &str, id: &str) -> Vec<String> {
    let trail = wushe_store::audit::for_entity(&app.db, entity, id).await.expect("audit");
    trail.into_iter().map(|e| e.action).collect()
}

dual_test!(residents_get_a_copy_a_correction_and_erasure, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let r = &fx.residents[0];
    let path = format!("/api/v1/residents/{}", r.id);
    let no_reason = app.api(Method::POST, &format!("{path}/personal-data"), Some(&s), Some(json!({}))).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_reason.message(), "原因不能为空");
    let data =
        app.api(Method::POST, &format!("{path}/personal-data"), Some(&s), Some(json!({"reason": "本人申请"}))).await;
    assert_eq!(data.status, StatusCode::OK, "{}", data.text());
    let data = data.json();
    assert_eq!(item(&data, "id_number"), r.id_number);
    assert_eq!(item(&data, "address"), "万州居民甲FX家");
    assert_eq!(item(&data, "categories"), "独居老人、低保");
    let en = app
        .api_lang(Method::POST, &format!("{path}/personal-data"), Some(&s), Some(json!({"reason": "copy"})), "en")
        .await
        .json();
    assert!(en["items"].as_array().expect("items").iter().any(|i| i["label"] == "ID number"), "labels in English");

    let fixed = json!({"name": "万州居民甲FX", "id_number": r.id_number, "phone": "13700001111",
        "address": "重庆市万州区新城路1号", "region": "500101001001", "categories": "独居老人、失能老人"});
    let res = app.api(Method::PUT, &path, Some(&s), Some(fixed.clone())).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["categories"], json!(["独居老人", "失能老人"]));
    let frail = app.api(Method::GET, "/api/v1/residents?category=失能老人", Some(&s), None).await.json();
    assert_eq!(frail["total"], 1, "the search tags follow the corrected categories");
    let poor = app.api(Method::GET, "/api/v1/residents?category=低保", Some(&s), None).await.json();
    assert_eq!(poor["total"], 0, "and the old tag is gone");
    let trail = wushe_store::audit::for_entity(&app.db, "resident", &r.id.to_string()).await.expect("audit");
    let correction = trail.iter().find(|e| e.action == "resident.correct").expect("audited");
    assert!(correction.detail.contains("categories") && correction.detail.contains("address"));
    assert!(!correction.detail.contains("新城路") && !correction.detail.contains("13700001111"), "no values");
    let bad = json!({"name": "", "id_number": r.id_number, "region": "500101001001"});
    let res = app.api(Method::PUT, &path, Some(&s), Some(bad)).await;
    assert_eq!(res.message(), "姓名不能为空");

    // Erasure: the person keeps its id, the personal fields and search tags go.
    let res = app.api(Method::DELETE, &format!("{path}?reason="), Some(&s), None).await;
    assert_eq!(res.message(), "原因不能为空", "erasure needs a reason");
    let res = app.api(Method::DELETE, &format!("{path}?reason=本人申请删除"), Some(&s), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["name"], "已删除");
    assert_eq!(res.json()["categories"], json!([]));
    let tags: i64 = sqlx::query("SELECT COUNT(*) AS n FROM resident_tags WHERE resident_id = $1")
        .bind(r.id.to_string())
        .fetch_one(&app.db.pool)
        .await
        .expect("tags")
        .try_get("n")
        .expect("n");
    assert_eq!(tags, 0);
    let list = app.api(Method::GET, "/api/v1/residents", Some(&s), None).await.json();
    assert!(list["items"].as_array().expect("items").iter().all(|i| i["id"] != r.id.to_string().as_str()));
    let again = app.api(Method::PUT, &path, Some(&s), Some(fixed)).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "an erased person cannot be corrected back into being");
    let trail = actions(&app, "resident", &r.id.to_string()).await;
    assert!(trail.contains(&"resident.personal_data".to_owned()) && trail.contains(&"resident.erase".to_owned()));
});

dual_test!(erasing_a_person_erases_them_in_every_registry, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let v = &fx.volunteers[0];
    // The volunteer becomes a resident too: one person, two registrations.
    let body = json!({"name": v.name, "id_number": v.id_number, "region": "500101001001", "categories": "空巢老人"});
    let res = app.api(Method::POST, "/api/v1/residents", Some(&s), Some(body)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let resident = res.json()["id"].as_str().expect("id").to_owned();
    let res =
        app.api(Method::DELETE, &format!("/api/v1/residents/{resident}?reason=本人申请删除"), Some(&s), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let vol = app.api(Method::GET, &format!("/api/v1/volunteers/{}", v.id), Some(&s), None).await.json();
    assert_eq!(vol["name"], "已删除");
    assert_eq!(vol["status"], "erased");
    assert_eq!(vol["skills"], json!([]));
});

dual_test!(social_workers_and_donors_get_the_same_rights, |app| {
    let fx = fixture::load(&app).await;
    let centre = app.login("wz.center", PASSWORD).await;
    let w = &fx.workers[0];
    let path = format!("/api/v1/social-workers/{}", w.id);
    let data = app
        .api(Method::POST, &format!("{path}/personal-data"), Some(&centre), Some(json!({"reason": "本人申请"})))
        .await;
    assert_eq!(data.status, StatusCode::OK, "{}", data.text());
    let data = data.json();
    assert!(item(&data, "posting").contains("高笋塘站FX"), "postings are part of the copy");
    let id_number = item(&data, "id_number");
    let shown = app.api(Method::POST, &format!("{path}/reveal"), Some(&centre), Some(json!({}))).await;
    assert_eq!(shown.message(), "原因不能为空", "a reveal needs a reason");
    let shown =
        app.api(Method::POST, &format!("{path}/reveal"), Some(&centre), Some(json!({"reason": "核对资质"}))).await;
    assert!(shown.json()["value"].as_str().expect("value").contains(&id_number));
    assert!(actions(&app, "social_worker", &w.id.to_string()).await.contains(&"social_worker.reveal".to_owned()));
    let fixed = json!({"name": "万州社工FX", "id_number": id_number, "phone": "13700003333",
        "licence": "社会工作师", "licence_no": "S2020009", "licence_year": "2020"});
    let res = app.api(Method::PUT, &path, Some(&centre), Some(fixed)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["licence"], "intermediate");
    assert_eq!(res.json()["service_point_id"], fx.point("高笋塘站FX").id.to_string().as_str(), "posting unchanged");
    let room = app.login("wz.room", PASSWORD).await;
    let res = app.api(Method::DELETE, &format!("{path}?reason=x"), Some(&room), None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "room workers do not manage social workers");
    let res = app.api(Method::DELETE, &format!("{path}?reason=离职后本人申请删除"), Some(&centre), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["name"], "已删除");
    assert_eq!(res.json()["licence_no"], Value::Null);
    let postings = app.api(Method::GET, &format!("{path}/postings"), Some(&centre), None).await.json();
    assert_eq!(postings.as_array().expect("postings").len(), 1, "the posting history stays for the counts");

    let station = app.login("wz.station", PASSWORD).await;
    let made = app
        .api(
            Method::POST,
            "/api/v1/donors",
            Some(&station),
            Some(json!({"kind": "个人", "name": "刘女士", "phone": "13611113333", "region": "500101001"})),
        )
        .await
        .json();
    let donor = format!("/api/v1/donors/{}", made["id"].as_str().expect("id"));
    let data = app
        .api(Method::POST, &format!("{donor}/personal-data"), Some(&station), Some(json!({"reason": "本人申请"})))
        .await
        .json();
    assert_eq!(item(&data, "phone"), "13611113333");
    let shown =
        app.api(Method::POST, &format!("{donor}/reveal"), Some(&station), Some(json!({"reason": "开具票据"}))).await;
    assert_eq!(shown.json()["value"], "刘女士 / 13611113333");
    let fixed =
        json!({"kind": "个人", "name": "刘女士", "anonymous": true, "phone": "13611114444", "region": "500101001"});
    let res = app.api(Method::PUT, &donor, Some(&station), Some(fixed)).await;
    assert_eq!(res.json()["name"], "匿名");
    let res = app.api(Method::DELETE, &format!("{donor}?reason=本人申请删除"), Some(&station), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["name"], "已删除");
    assert_eq!(res.json()["erased"], true);
    use sqlx::Row;
    let row = sqlx::query("SELECT name, phone, phone_index FROM donors WHERE id = $1")
        .bind(made["id"].as_str().expect("id"))
        .fetch_one(&app.db.pool)
        .await
        .expect("row");
    assert!(row.try_get::<Option<String>, _>("name").expect("name").is_none());
    assert!(row.try_get::<Option<String>, _>("phone").expect("phone").is_none());
    let again = app.api(Method::DELETE, &format!("{donor}?reason=x"), Some(&station), None).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
});

/// No ID number, phone number, address or resident category of any registry in the SQLite file
/// or its WAL; the keyed lookups still find them.
#[tokio::test]
async fn personal_data_is_sealed_at_rest_in_every_registry() {
    let app = TestApp::spawn(wushe_testkit::Engine::Sqlite).await;
    let fx = fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    let worker_id = wushe_testkit::fixture::resident_id("500101", "19870707", "971");
    let station = fx.point("高笋塘站FX").id.to_string();
    let body = json!({"name": "封存测试", "id_number": worker_id, "phone": "13755551234", "licence": "unlicensed",
        "posting": station});
    assert_eq!(app.api(Method::POST, "/api/v1/social-workers", Some(&s), Some(body)).await.status, StatusCode::CREATED);
    let donor = json!({"kind": "个人", "name": "封存捐赠", "phone": "13655554321", "region": "500101"});
    assert_eq!(app.api(Method::POST, "/api/v1/donors", Some(&s), Some(donor)).await.status, StatusCode::CREATED);
    let resident = json!({"name": "封存居民", "id_number": wushe_testkit::fixture::resident_id("500101", "19300303", "972"),
        "phone": "13555556789", "address": "封存路九十九号", "region": "500101001001", "categories": "计生特殊家庭"});
    assert_eq!(app.api(Method::POST, "/api/v1/residents", Some(&s), Some(resident)).await.status, StatusCode::CREATED);
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&app.db.pool).await.expect("checkpoint");
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(app.dir.path().join("data")).expect("data dir") {
        bytes.extend(std::fs::read(entry.expect("entry").path()).expect("read"));
    }
    let haystack = String::from_utf8_lossy(&bytes);
    let mut secrets: Vec<String> = fx.volunteers.iter().map(|v| v.id_number.clone()).collect();
    secrets.extend(fx.residents.iter().map(|r| r.id_number.clone()));
    secrets.extend(
        [worker_id.as_str(), "13755551234", "13655554321", "13555556789", "封存路九十九号", "计生特殊家庭"]
            .map(str::to_owned),
    );
    for secret in &secrets {
        assert!(!haystack.contains(secret.as_str()), "{secret} is stored in clear");
    }
    let found = app.api(Method::GET, "/api/v1/residents?category=计生特殊家庭", Some(&s), None).await.json();
    assert_eq!(found["total"], 1);
    let found = app.api(Method::GET, "/api/v1/social-workers?q=13755551234", Some(&s), None).await.json();
    assert_eq!(found["total"], 1, "a full phone number finds its holder through the keyed index");
}
