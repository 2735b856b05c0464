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
    assert_eq!(v["birth_date"], "1990-02-15", "taken from the ID number");
    assert_eq!(v["gender"], "male");
    assert_eq!(v["id_number"], format!("500101********{}", &id[14..]));
    assert_eq!(v["phone"], "139****5678");
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
        ("name", json!(""), "名称不能为空"),
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
