//! Certificates of volunteer service and correction requests: a certificate holds the ledger as
//! it was at issue, its PDF reads back in Chinese with the ID number masked, the public page
//! verifies it by number; a later amendment changes nothing until the unit revokes and reissues.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use wushe_testkit::fixture::{self, PASSWORD};
use wushe_testkit::{TestApp, TestResponse, dual_test};

fn today() -> time::Date {
    (time::OffsetDateTime::now_utc() + time::Duration::hours(8)).date()
}

fn day(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn china(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(ms / 1000 + 8 * 3600).expect("time");
    format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

async fn verify(app: &TestApp, number: &str) -> Value {
    let res = app.api(Method::GET, &format!("/api/v1/public/certificates/{number}"), None, None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    res.json()
}

/// The volunteer's fixture entry in force: the network's two hours a day ago.
async fn network_entry(app: &TestApp, volunteer: &wushe_testkit::Session) -> Value {
    let mine = app.api(Method::GET, "/api/v1/me/hours", Some(volunteer), None).await.json();
    mine["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["superseded"] == false && e["recorder"] == "社工站FX")
        .expect("the fixture entry")
        .clone()
}

dual_test!(a_certificate_holds_the_ledger_at_issue_and_is_verified_by_number, |app| {
    let fx = fixture::load(&app).await;
    let v = fx.volunteers.iter().find(|v| v.name == "万州志愿甲FX").expect("volunteer").clone();
    let me = app.login("wz.volunteer", PASSWORD).await;
    let station = app.login("wz.station", PASSWORD).await;
    let org = fx.organizations.iter().find(|o| o.name == "万州阳光社工FX").expect("organization").id;
    let from = day(today() - time::Duration::days(30));
    let to = day(today());
    let ask = |body: Value| {
        let (app, me) = (&app, &me);
        async move { app.api(Method::POST, "/api/v1/me/certificates", Some(me), Some(body)).await }
    };
    for (body, field) in [
        (json!({"unit": "", "from": to, "to": from}), "to"),
        (json!({"unit": "", "from": from, "to": day(today() + time::Duration::days(1))}), "to"),
        (json!({"unit": "", "from": "2026-13-01", "to": to}), "from"),
        (json!({"unit": "not-a-unit", "from": from, "to": to}), "unit"),
    ] {
        let res = ask(body).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text());
        assert_eq!(res.json()["error"]["field"], field, "{}", res.text());
    }
    let nothing = ask(json!({"unit": org.to_string(), "from": from, "to": to})).await;
    assert_eq!(nothing.message(), "该时段内没有该单位记录的有效服务时长，无法出具证明");
    let res = ask(json!({"unit": "", "from": from, "to": to})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let id = res.json()["id"].as_str().expect("id").to_owned();
    assert_eq!(res.json()["status"], "requested");
    assert!(res.json()["number"].is_null(), "a number is given at issue");

    // Two issues at once: one certificate, one refusal.
    let issue = format!("/api/v1/certificates/{id}/issue");
    let (a, b) = tokio::join!(
        app.api(Method::POST, &issue, Some(&station), Some(json!({}))),
        app.api(Method::POST, &issue, Some(&station), Some(json!({})))
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "{} / {}", a.text(), b.text());
    let issued = if a.status == StatusCode::OK { a.json() } else { b.json() };
    let number = issued["number"].as_str().expect("number").to_owned();
    assert_eq!(issued["hours"], "2.0", "{issued}");
    assert!(issued["issuer"].as_str().is_some_and(|i| !i.is_empty()), "the issuing unit is named: {issued}");

    // The PDF, read back: Chinese, the ID number masked, the number and the verification link.
    let pdf = app.api(Method::GET, &format!("/api/v1/certificates/{id}/pdf"), Some(&me), None).await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.text());
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    let text: String = pdf_extract::extract_text_from_mem(&pdf.body)
        .expect("the PDF reads back")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let masked = format!("{}{}{}", &v.id_number[..1], "*".repeat(16), &v.id_number[17..]);
    for expected in ["志愿服务证明", "万州志愿甲FX", masked.as_str(), number.as_str(), "2.0", "/public/certificates/"]
    {
        assert!(text.contains(expected), "the PDF lacks {expected}: {text}");
    }
    assert!(!text.contains(&v.id_number), "the PDF shows the ID number in full");
    let en = app.api_lang(Method::GET, &format!("/api/v1/certificates/{id}/pdf"), Some(&me), None, "en").await;
    let text: String = pdf_extract::extract_text_from_mem(&en.body)
        .expect("the English PDF reads back")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for expected in
        ["CertificateofVolunteerService", "Thisistocertifythat", masked.as_str(), number.as_str(), "Scantoverify"]
    {
        assert!(text.contains(expected), "the English PDF lacks {expected}: {text}");
    }
    assert!(!text.contains("兹证明") && !text.contains("扫码验证"), "no Chinese sentence is left: {text}");
    let resident = app.login("wz.resident", PASSWORD).await;
    let theirs = app.api(Method::GET, &format!("/api/v1/certificates/{id}/pdf"), Some(&resident), None).await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN, "someone else's certificate is refused");
    let org_staff = app.login("wz.org", PASSWORD).await;
    let other_unit = app.api(Method::GET, &format!("/api/v1/certificates/{id}/pdf"), Some(&org_staff), None).await;
    assert_eq!(other_unit.status, StatusCode::FORBIDDEN, "an organization sees its own certificates only");

    // The public page: no sign-in; case does not matter; unknown and malformed numbers say so.
    let found = verify(&app, &number.to_lowercase()).await;
    assert_eq!((found["status"].as_str(), found["hours"].as_str()), (Some("valid"), Some("2.0")), "{found}");
    assert_eq!(found["name"], "万州志愿甲FX");
    assert_eq!(found["id_masked"], masked);
    let unknown = verify(&app, "ZM2026-00000000").await;
    assert_eq!(unknown["status"], "unknown");
    assert!(unknown["name"].is_null());
    let bad = app.api(Method::GET, "/api/v1/public/certificates/12345", None, None).await;
    assert_eq!(bad.json()["error"]["field"], "number", "{}", bad.text());
    let page = app.get(&format!("/public/certificates/{number}"), None).await;
    assert!(page.text().contains("该证明真实有效"), "{}", page.text());

    // A later amendment does not change the issued certificate.
    let seq = network_entry(&app, &me).await["seq"].as_i64().expect("seq");
    let starts = wushe_store::now_ms() - 86_400_000;
    let amend =
        json!({"starts_at": china(starts), "ends_at": china(starts + 90 * 60_000), "reason": "签到表核对为一个半小时"});
    let centre = app.login("wz.center", PASSWORD).await;
    let res = app.api(Method::POST, &format!("/api/v1/hours/{seq}/amend"), Some(&centre), Some(amend)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(verify(&app, &number).await["hours"], "2.0", "an issued certificate never changes silently");

    // Revoke and reissue: the reason is required; the old number then says revoked and names the new one.
    let reissue = format!("/api/v1/certificates/{id}/reissue");
    let res = app.api(Method::POST, &reissue, Some(&station), Some(json!({"reason": " "}))).await;
    assert_eq!(res.json()["error"]["field"], "reason", "{}", res.text());
    let res = app.api(Method::POST, &reissue, Some(&station), Some(json!({"reason": "时长已更正"}))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let new_number = res.json()["number"].as_str().expect("new number").to_owned();
    assert_ne!(new_number, number);
    assert_eq!(res.json()["hours"], "1.5");
    let old = verify(&app, &number).await;
    assert_eq!((old["status"].as_str(), old["replaced_by"].as_str()), (Some("revoked"), Some(new_number.as_str())));
    assert_eq!(verify(&app, &new_number).await["status"], "valid");
    let again = app.api(Method::POST, &reissue, Some(&station), Some(json!({"reason": "再次"}))).await;
    assert_eq!(again.message(), "该证明已撤销或尚未出具");
    let revoked_pdf = app.api(Method::GET, &format!("/api/v1/certificates/{id}/pdf"), Some(&me), None).await;
    let revoked_text: String = pdf_extract::extract_text_from_mem(&revoked_pdf.body)
        .expect("reads back")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(revoked_text.contains("已撤销"), "a revoked certificate's PDF says so: {revoked_text}");

    use sqlx::Row;
    let audited: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'certificate.pdf'")
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
        .try_get("n")
        .expect("n");
    assert_eq!(audited, 3, "every PDF handed out is audited (Chinese, English, revoked)");
    assert!(wushe_store::hours::verify(&app.db).await.expect("verify").is_ok());
});

dual_test!(a_volunteer_asks_for_a_correction_and_the_unit_answers, |app| {
    let fx = fixture::load(&app).await;
    let me = app.login("wz.volunteer", PASSWORD).await;
    let station = app.login("wz.station", PASSWORD).await;
    let centre = app.login("wz.center", PASSWORD).await;
    let entry = network_entry(&app, &me).await;
    let seq = entry["seq"].as_i64().expect("seq");
    let raise = format!("/api/v1/me/hours/{seq}/corrections");

    // The fixture's request is still open: a second waits for it.
    let twice = app.api(Method::POST, &raise, Some(&me), Some(json!({"request": "又一次"}))).await;
    assert_eq!(twice.message(), "该记录已有待处理的更正申请");
    let desk = app.api(Method::GET, "/api/v1/hours/desk", Some(&station), None).await.json();
    let open = desk["corrections"].as_array().expect("corrections");
    let k = open.iter().find(|k| k["entry"] == seq).expect("the open request on the desk")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    assert!(!desk["back_entries"].as_array().expect("back-entries").is_empty(), "{desk}");
    let reject = format!("/api/v1/hours-corrections/{k}/reject");
    let res = app.api(Method::POST, &reject, Some(&station), Some(json!({"note": ""}))).await;
    assert_eq!(res.json()["error"]["field"], "note", "{}", res.text());
    let org = app.login("wz.org", PASSWORD).await;
    let other = app.api(Method::POST, &reject, Some(&org), Some(json!({"note": "不是我们记录的"}))).await;
    assert_eq!(other.status, StatusCode::CONFLICT, "only the recording unit answers");
    let res = app.api(Method::POST, &reject, Some(&station), Some(json!({"note": "签到记录为两小时"}))).await;
    assert_eq!(res.json()["status"], "rejected", "{}", res.text());

    // A new request: empty is refused; the unit answers it by amending the entry.
    let empty = app.api(Method::POST, &raise, Some(&me), Some(json!({"request": "  "}))).await;
    assert_eq!(empty.json()["error"]["field"], "request", "{}", empty.text());
    let res = app.api(Method::POST, &raise, Some(&me), Some(json!({"request": "实际服务到 12 点，少记半小时"}))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let starts = wushe_store::now_ms() - 86_400_000;
    let amend =
        json!({"starts_at": china(starts), "ends_at": china(starts + 150 * 60_000), "reason": "按志愿者申请更正"});
    let res = app.api(Method::POST, &format!("/api/v1/hours/{seq}/amend"), Some(&centre), Some(amend)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let amendment = res.json()["entry"].as_i64().expect("amendment");
    let mine = app.api(Method::GET, "/api/v1/me/hours/corrections", Some(&me), None).await.json();
    let answered = mine
        .as_array()
        .expect("list")
        .iter()
        .find(|k| k["entry"] == seq && k["status"] != "rejected")
        .expect("mine")
        .clone();
    assert_eq!((answered["status"].as_str(), answered["amendment"].as_i64()), (Some("amended"), Some(amendment)));
    // The superseded entry is no longer the volunteer's to correct; other volunteers' never were.
    let stale = app.api(Method::POST, &raise, Some(&me), Some(json!({"request": "再改"}))).await;
    assert_eq!(stale.message(), "只能对本人有效的服务记录申请更正");
    let home = fx.account("wz.volunteer").path.clone();
    let elsewhere = fx.hours.iter().find(|h| !home.contains(&h.path)).expect("another region's entry");
    let res = app
        .api(
            Method::POST,
            &format!("/api/v1/me/hours/{}/corrections", elsewhere.id),
            Some(&me),
            Some(json!({"request": "x"})),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // Service given in another district is still the volunteer's own to have corrected.
    let v = fx.volunteers.iter().find(|v| v.name == "万州志愿甲FX").expect("volunteer").id;
    let week_ago = wushe_store::now_ms() - 7 * 86_400_000;
    let away = wushe_store::hours::NewEntry {
        volunteer: v,
        region: wushe_domain::RegionCode::parse("500102006001").expect("region"),
        organization: None,
        recorder: "涪陵社工站FX".into(),
        content: "防汛值守".into(),
        place: "江边".into(),
        span: wushe_domain::hours::Span { starts_at: week_ago, ends_at: week_ago + 3_600_000, minutes: 60 },
        source: wushe_domain::hours::HoursSource::BackEntry,
        source_ref: None,
        amends: None,
        reason: Some("补录".into()),
    };
    let mut tx = app.db.begin_write().await.expect("begin");
    let away_seq = wushe_store::hours::append(&mut tx, &away, None).await.expect("append").expect("allowed");
    tx.commit().await.expect("commit");
    let res = app
        .api(
            Method::POST,
            &format!("/api/v1/me/hours/{away_seq}/corrections"),
            Some(&me),
            Some(json!({"request": "实际是两小时"})),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    assert!(wushe_store::hours::verify(&app.db).await.expect("verify").is_ok());
});

dual_test!(the_desk_and_phone_forms_do_what_the_api_does, |app| {
    let fx = fixture::load(&app).await;
    let v = fx.volunteers.iter().find(|v| v.name == "万州志愿甲FX").expect("volunteer").id;
    let me = app.login("wz.volunteer", PASSWORD).await;
    let station = app.login("wz.station", PASSWORD).await;
    let centre = app.login("wz.center", PASSWORD).await;
    let see_other = |res: &TestResponse, to: &str| {
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(res.headers["location"], to);
    };
    let total = |j: Value| j["total_minutes"].as_i64().expect("total");
    let before = total(app.api(Method::GET, "/api/v1/me/hours", Some(&me), None).await.json());

    // A back-entry from the volunteer's record page, approved by someone else at the desk.
    let three_days = wushe_store::now_ms() - 3 * 86_400_000;
    let local = |ms: i64| china(ms).replace(' ', "T");
    let record = format!("/volunteers/{v}/hours");
    let fields = [
        ("content", "社区义诊引导"),
        ("place", "社区卫生室"),
        ("starts_at", &local(three_days)),
        ("ends_at", &local(three_days + 2 * 3_600_000)),
        ("reason", "当日纸质签到"),
        ("evidence", "签到表"),
    ];
    let bad = app.post_form(&record, Some(&station), &fields[..5]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("证明材料"), "the page names the field");
    see_other(&app.post_form(&record, Some(&station), &fields).await, &record);
    let desk = app.get("/hours/desk", Some(&centre)).await.text();
    assert!(desk.contains("社区义诊引导"), "{desk}");
    let pending = app.api(Method::GET, "/api/v1/hours/desk", Some(&centre), None).await.json();
    let request = pending["back_entries"]
        .as_array()
        .expect("list")
        .iter()
        .find(|q| q["content"] == "社区义诊引导")
        .expect("on the desk")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    see_other(&app.post_form(&format!("/hours-requests/{request}/approve"), Some(&centre), &[]).await, "/hours/desk");
    assert_eq!(total(app.api(Method::GET, "/api/v1/me/hours", Some(&me), None).await.json()), before + 120);

    // From the phone: a certificate asked for, issued and revoked at the desk; the page says so.
    let (from, to) = (day(today() - time::Duration::days(30)), day(today()));
    see_other(
        &app.post_form("/me/certificates", Some(&me), &[("unit", ""), ("from", &from), ("to", &to)]).await,
        "/me/hours",
    );
    let nothing = app
        .post_form("/me/certificates", Some(&me), &[("unit", ""), ("from", "2020-01-01"), ("to", "2020-01-31")])
        .await;
    assert!(nothing.text().contains("该时段内没有该单位记录的有效服务时长"), "{}", nothing.text());
    let mine = app.api(Method::GET, "/api/v1/me/certificates", Some(&me), None).await.json();
    let id = mine[0]["id"].as_str().expect("id").to_owned();
    assert_eq!(mine[0]["status"], "requested");
    see_other(&app.post_form(&format!("/certificates/{id}/issue"), Some(&station), &[]).await, "/hours/desk");
    let number = app.api(Method::GET, "/api/v1/me/certificates", Some(&me), None).await.json()[0]["number"]
        .as_str()
        .expect("number")
        .to_owned();
    let no_reason = app.post_form(&format!("/certificates/{id}/revoke"), Some(&station), &[("reason", "")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    see_other(
        &app.post_form(&format!("/certificates/{id}/revoke"), Some(&station), &[("reason", "出具有误")]).await,
        "/hours/desk",
    );
    let page = app.get(&format!("/public/certificates/{number}"), None).await.text();
    assert!(page.contains("该证明已被出具单位撤销"), "{page}");

    // A correction asked for on the phone page reaches the desk.
    let seq = network_entry(&app, &me).await["seq"].as_i64().expect("seq");
    let open = app.post_form(&format!("/me/hours/{seq}/correction"), Some(&me), &[("request", "再核对")]).await;
    assert!(open.text().contains("该记录已有待处理的更正申请"), "the fixture's request is still open");
    let shown = app.get("/me/hours", Some(&me)).await.text();
    assert!(shown.contains("待处理") && shown.contains(&number), "{shown}");
});
