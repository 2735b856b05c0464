//! The volunteer registry: validation, duplicates, search, masking, sealed numbers.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD, resident_id};

fn volunteer(name: &str, id: &str, phone: &str) -> Value {
    json!({"name": name, "id_number": id, "phone": phone, "region": "500101001002",
        "skills": "陪伴探访、心理疏导", "availability": "周六 09:00-12:00；周日 14:00-17:00"})
}

dual_test!(a_volunteer_is_registered_with_derived_and_masked_fields, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.room", PASSWORD).await;
    let station = app.login("wz.station", PASSWORD).await;
    let id = resident_id("500101", "19900215", "031");
    let res = app
        .api(Method::POST, "/api/v1/volunteers", Some(&station), Some(volunteer("张三丰", &id, "13912345678")))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let v = res.json();
    assert_eq!(v["birth_year"], 1990, "taken from the ID number, the year only beside the mask");
    assert!(v.get("birth_date").is_none());
    assert_eq!(v["gender"], "male");
    assert_eq!(v["id_number"], format!("5{}{}", "*".repeat(16), &id[17..]));
    assert_eq!(v["phone"], "1******5678");
    assert_eq!(v["skills"], json!(["陪伴探访", "心理疏导"]));
    assert!(v["volunteer_no"].as_str().is_some_and(|n| n.starts_with("V500101")));
    // A room worker of another village does not see it; search finds it by initials, phone, ID.
    assert_eq!(
        app.api(Method::GET, &format!("/api/v1/volunteers/{}", v["id"].as_str().expect("id")), Some(&s), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    for q in ["zsf", "张三", "13912345678", id.as_str()] {
        let found = app.api(Method::GET, &format!("/api/v1/volunteers?q={q}"), Some(&station), None).await.json();
        assert_eq!(found["total"], 1, "search {q}");
        assert_eq!(found["items"][0]["name"], "张三丰");
    }
    let by_skill = app.api(Method::GET, "/api/v1/volunteers?skill=心理疏导", Some(&station), None).await.json();
    assert_eq!(by_skill["total"], 1);
    // The same ID number again is refused, naming the record that has it, masked.
    let again =
        app.api(Method::POST, "/api/v1/volunteers", Some(&station), Some(volunteer("张三", &id, "13912345679"))).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.json()["error"]["field"], "id_number");
    let message = again.message();
    assert!(message.starts_with("证件号码已登记在 V500101") && message.ends_with("张**"), "{message}");
    // Revealing needs a reason and is audited.
    let path = format!("/api/v1/volunteers/{}/reveal", v["id"].as_str().expect("id"));
    let shown = app.api(Method::POST, &path, Some(&station), Some(json!({"reason": "核对身份"}))).await.json();
    assert_eq!(shown["value"], format!("{id} / 13912345678"));
});

dual_test!(bad_volunteer_input_names_the_field_and_writes_nothing, |app| {
    fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let good = resident_id("500101", "19900215", "031");
    let mut wrong_check = good.clone();
    wrong_check.replace_range(17.., if good.ends_with('1') { "2" } else { "1" });
    let cases = [
        ("id_number", json!(wrong_check), "证件号码校验位不正确"),
        ("id_number", json!("500101199002300311"), "证件号码中的出生日期不存在或晚于今天"),
        ("id_number", json!("12345"), "证件号码应为 18 位，前 17 位为数字，末位为数字或 X"),
        ("phone", json!("1234"), "手机号不是有效的手机号或座机号"),
        ("name", json!(""), "姓名不能为空"),
        ("skills", json!("飞行"), "技能中的“飞行”不在可选列表中"),
        ("availability", json!("随时"), "可服务时间应写成“周一 09:00-12:00”，多个时段用分号隔开"),
        ("region", json!("500101001"), "所属区域不存在或不在您的管辖范围内"),
        ("region", json!("500102006001"), "所属区域不存在或不在您的管辖范围内"),
    ];
    let before = (app.count("persons").await, app.count("volunteers").await);
    for (field, value, message) in cases {
        let mut body = volunteer("李四", &good, "13912345670");
        body[field] = value;
        let res = app.api(Method::POST, "/api/v1/volunteers", Some(&s), Some(body)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", res.text());
        assert_eq!(res.json()["error"]["field"], field);
        assert_eq!(res.message(), message);
    }
    assert_eq!((app.count("persons").await, app.count("volunteers").await), before, "nothing written");
    let org = app.login("wz.org", PASSWORD).await;
    let res =
        app.api(Method::POST, "/api/v1/volunteers", Some(&org), Some(volunteer("李四", &good, "13912345670"))).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "organization staff see volunteers but do not register them");
});

dual_test!(a_person_can_have_their_data_exported_corrected_and_erased, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.station", PASSWORD).await;
    let v = &fx.volunteers[0];
    let path = format!("/api/v1/volunteers/{}", v.id);
    let data = app
        .api(Method::POST, &format!("{path}/personal-data"), Some(&s), Some(json!({"reason": "本人申请查阅"})))
        .await;
    assert_eq!(data.status, StatusCode::OK, "{}", data.text());
    assert_eq!(crate::rights::item(&data.json(), "id_number"), v.id_number, "the person gets their own data in full");
    let mut fixed = volunteer("万州志愿甲FX", &v.id_number, "13912340000");
    fixed["region"] = json!("500101001001");
    let res = app.api(Method::PUT, &path, Some(&s), Some(fixed)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["phone"], "1******0000");
    let trail = wushe_store::audit::for_entity(&app.db, "volunteer", &v.id.to_string()).await.expect("audit");
    let correction = trail.iter().find(|e| e.action == "volunteer.correct").expect("audited");
    assert!(
        correction.detail.contains("phone") && !correction.detail.contains("13912340000"),
        "names fields, not values"
    );
    let person: String = {
        use sqlx::Row;
        sqlx::query("SELECT person_id FROM volunteers WHERE id = $1")
            .bind(v.id.to_string())
            .fetch_one(&app.db.pool)
            .await
            .expect("row")
            .try_get("person_id")
            .expect("id")
    };
    let res = app.api(Method::DELETE, &format!("{path}?reason=本人申请删除"), Some(&s), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["name"], "已删除");
    assert_eq!(res.json()["id_number"], serde_json::Value::Null);
    let list = app.api(Method::GET, "/api/v1/volunteers", Some(&s), None).await.json();
    assert!(
        list["items"].as_array().expect("items").iter().all(|i| i["id"] != v.id.to_string().as_str()),
        "erased people leave the lists"
    );
    let again = app.api(Method::DELETE, &format!("{path}?reason=x"), Some(&s), None).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // The pseudonymous person stays, so ledgers that point at it stay whole.
    use sqlx::Row;
    let row = sqlx::query("SELECT name, id_number, phone, erased_at FROM persons WHERE id = $1")
        .bind(&person)
        .fetch_one(&app.db.pool)
        .await
        .expect("person");
    assert_eq!(row.try_get::<String, _>("name").expect("name"), "已删除");
    assert!(row.try_get::<Option<String>, _>("id_number").expect("id").is_none());
    assert!(row.try_get::<Option<i64>, _>("erased_at").expect("at").is_some());
    // The same person can be registered again afterwards.
    let back = app
        .api(Method::POST, "/api/v1/volunteers", Some(&s), Some(volunteer("回归者", &v.id_number, "13912340001")))
        .await;
    assert_eq!(back.status, StatusCode::CREATED, "{}", back.text());
});
