//! The organization linkage: staff refer an assessed need to an organization serving its
//! community; that organization's staff accept or decline with a reason; an unanswered referral
//! shows how long it has waited and when it is overdue.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_domain::account::{AccountInput, NewAccount};
use wushe_domain::organization::{NewOrganization, OrganizationInput};
use wushe_store::{Scope, accounts, organizations};
use wushe_testkit::fixture::{self, Fixture, PASSWORD};
use wushe_testkit::{TestApp, dual_test};

fn org(fx: &Fixture, name: &str) -> String {
    fx.organizations.iter().find(|o| o.name == name).expect("fixture organization").id.to_string()
}

/// Another organization of 万州区 with its own staff account.
async fn second_organization_staff(app: &TestApp) -> wushe_testkit::Session {
    let all = Scope::all();
    let input = OrganizationInput {
        name: "万州另一社工机构".into(),
        credit_code: wushe_testkit::fixture::credit_code("52500101MJP00009"),
        kind: "social_work_agency".into(),
        authority: "民政局".into(),
        registered_on: "2020-01-01".into(),
        legal_rep: "负责人".into(),
        contact_phone: "13500000001".into(),
        categories: "养老服务".into(),
        region: "500101".into(),
        ..Default::default()
    };
    let new = NewOrganization::parse(&input, time::macros::date!(2026 - 11 - 29)).expect("organization");
    let o = organizations::create(&app.db, &all, &new, None).await.expect("create organization");
    let account = AccountInput {
        username: "wz.org2".into(),
        display_name: "另一机构".into(),
        role: "org_staff".into(),
        region: "500101".into(),
        organization: Some(o.id.to_string()),
        password: PASSWORD.into(),
        ..Default::default()
    };
    let hash = wushe_domain::password::hash(PASSWORD).expect("hash");
    let new = NewAccount::parse(&account).expect("account");
    accounts::create(&app.db, &all, &new, &hash, false, None).await.expect("account");
    app.login("wz.org2", PASSWORD).await
}

dual_test!(an_organization_accepts_or_declines_a_referral_and_the_need_shows_it, |app| {
    let fx = fixture::load(&app).await;
    let staff = app.login("wz.station", PASSWORD).await;
    let need = fx.needs[0].id;
    let path = format!("/api/v1/needs/{need}/referrals");
    let sunshine = org(&fx, "万州阳光社工FX");
    let body = json!({"organization": sunshine, "note": "独居老人，需要上门"});
    let early = app.api(Method::POST, &path, Some(&staff), Some(body.clone())).await;
    assert_eq!(early.message(), "需求需先评估，或已办结，不能联动");
    app.api(Method::POST, &format!("/api/v1/needs/{need}/status"), Some(&staff), Some(json!({"to": "assessed"}))).await;
    let unknown = app.api(Method::POST, &path, Some(&staff), Some(json!({"organization": "x"}))).await;
    assert_eq!(unknown.json()["error"]["field"], "organization");
    let far = json!({"organization": org(&fx, "东城互助会FX")});
    let res = app.api(Method::POST, &path, Some(&staff), Some(far)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "an organization that does not serve the community");
    let before = app.count("referrals").await;

    let sent = app.api(Method::POST, &path, Some(&staff), Some(body.clone())).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text());
    let id = sent.json()["id"].as_str().expect("id").to_owned();
    assert_eq!(sent.json()["status"], "sent");
    assert_eq!(sent.json()["waiting"], "不到 1 小时");
    let twice = app.api(Method::POST, &path, Some(&staff), Some(body.clone())).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(twice.message(), "已向该组织转介此需求，正在等待答复");
    assert_eq!(app.count("referrals").await, before + 1);

    // The organization's staff see it; staff of another organization of the district do not.
    let org_staff = app.login("wz.org", PASSWORD).await;
    let mine = app.api(Method::GET, "/api/v1/referrals", Some(&org_staff), None).await.json();
    assert!(mine.as_array().expect("list").iter().any(|f| f["id"] == id.as_str()), "{mine}");
    let other = second_organization_staff(&app).await;
    let theirs = app.api(Method::GET, "/api/v1/referrals", Some(&other), None).await.json();
    assert_eq!(theirs.as_array().expect("list").len(), 0, "{theirs}");
    let hidden = app.api(Method::POST, &format!("/api/v1/referrals/{id}/accept"), Some(&other), Some(json!({}))).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND, "another organization's referral");

    let decline = format!("/api/v1/referrals/{id}/decline");
    let bare = app.api(Method::POST, &decline, Some(&org_staff), Some(json!({}))).await;
    assert_eq!(bare.json()["error"]["field"], "reason");
    let other_reason = app.api(Method::POST, &decline, Some(&org_staff), Some(json!({"reason": "other"}))).await;
    assert_eq!(other_reason.json()["error"]["field"], "note");
    let no = app.api(Method::POST, &decline, Some(&org_staff), Some(json!({"reason": "no_capacity"}))).await;
    assert_eq!(no.status, StatusCode::OK, "{}", no.text());
    assert_eq!((no.json()["status"].clone(), no.json()["reason"].clone()), (json!("declined"), json!("no_capacity")));
    let again =
        app.api(Method::POST, &format!("/api/v1/referrals/{id}/accept"), Some(&org_staff), Some(json!({}))).await;
    assert_eq!(again.message(), "该转介已经答复");

    // Referred again after the decline, and accepted: the need is linked, both on its timeline.
    let sent = app.api(Method::POST, &path, Some(&staff), Some(body)).await;
    let id = sent.json()["id"].as_str().expect("id").to_owned();
    let yes = app.api(Method::POST, &format!("/api/v1/referrals/{id}/accept"), Some(&org_staff), Some(json!({}))).await;
    assert_eq!(yes.json()["status"], "accepted", "{}", yes.text());
    let n = app.api(Method::GET, &format!("/api/v1/needs/{need}"), Some(&staff), None).await.json();
    assert_eq!(n["status"], "linked");
    let timeline = app.api(Method::GET, &format!("/api/v1/needs/{need}/timeline"), Some(&staff), None).await.text();
    assert!(timeline.contains("婉拒转介：服务名额已满") && timeline.contains("接受转介"), "{timeline}");
});

dual_test!(an_unanswered_referral_shows_its_wait_and_goes_overdue, |app| {
    let fx = fixture::load(&app).await;
    let staff = app.login("wz.station", PASSWORD).await;
    let f = &fx.referrals[0];
    sqlx::query("UPDATE referrals SET sent_at = sent_at - $1 WHERE id = $2")
        .bind(80 * 3_600_000_i64)
        .bind(&f.id)
        .execute(&app.db.pool)
        .await
        .expect("age the referral");
    let r = app.api(Method::GET, &format!("/api/v1/referrals/{}", f.id), Some(&staff), None).await.json();
    assert_eq!((r["overdue"].clone(), r["waiting"].clone()), (json!(true), json!("3 天")), "{r}");
    let page = app.get(&format!("/needs/{}", r["need_id"].as_str().expect("need")), Some(&staff)).await.text();
    assert!(page.contains("逾期未答复"), "the need page shows the unanswered referral");
});

dual_test!(two_answers_at_once_answer_a_referral_once, |app| {
    let fx = fixture::load(&app).await;
    let org_staff = app.login("wz.org", PASSWORD).await;
    let id = &fx.referrals[0].id;
    let (accept_path, decline_path) =
        (format!("/api/v1/referrals/{id}/accept"), format!("/api/v1/referrals/{id}/decline"));
    let accept = app.api(Method::POST, &accept_path, Some(&org_staff), Some(json!({})));
    let decline = app.api(Method::POST, &decline_path, Some(&org_staff), Some(json!({"reason": "not_eligible"})));
    let (a, d) = futures_util::future::join(accept, decline).await;
    let statuses = [a.status, d.status];
    assert!(statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT), "{statuses:?}");
    use sqlx::Row;
    let answers: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'referral.answer'")
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
        .try_get("n")
        .expect("n");
    assert_eq!(answers, 1);
});
