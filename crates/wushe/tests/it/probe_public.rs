//! The public routes that name a record, walked with the fixture's real records: published
//! activities, funds, open wishes, issued certificates and a need's tracking code answer anyone
//! with only what is public — no resident's name, phone, address or need, no donor, no ID
//! number in full — and a record not (or no longer) public answers 404. Every public route of
//! the table with a path parameter must be known here.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_domain::activity::ActivityStatus;
use wushe_domain::need::{NeedInput, NeedStatus, NewNeed};
use wushe_domain::{NeedId, RegionCode, ServicePointLevel};
use wushe_store::{Scope, activities, donations, needs, now_ms, wishes};
use wushe_testkit::fixture::{self, Fixture, PASSWORD};
use wushe_testkit::{Session, TestApp, TestResponse, dual_test};
use wushe_web::routes::table;

/// The resident's need behind a wish: what the public must never see of it.
const DESCRIPTION: &str = "独居行动不便私密描述FX";
const CONTACT: &str = "联系人秘FX";
const CONTACT_PHONE: &str = "13598765432";
const SUBMITTER_PHONE: &str = "13598760001";

/// A need for a resident of 万州 with a contact, assessed, published as a wish.
async fn resident_wish(app: &TestApp, fx: &Fixture, wish: &str) -> (NeedId, String) {
    let all = Scope::all();
    let r = fx.residents.iter().find(|r| r.name == "万州居民甲FX").expect("resident");
    let input = NeedInput {
        resident: r.id.to_string(),
        region: "500101001001".into(),
        category: "elderly_care".into(),
        description: DESCRIPTION.into(),
        contact_name: CONTACT.into(),
        contact_phone: CONTACT_PHONE.into(),
        ..Default::default()
    };
    let new = NewNeed::parse(&input).expect("need");
    let at = needs::Placement {
        region: RegionCode::parse("500101001001").expect("village"),
        resident: Some(r.id),
        level: ServicePointLevel::Room,
        due_at: now_ms() + 72 * 3_600_000,
        tracking: None,
    };
    let need = needs::create(&app.db, &new, &at, None, now_ms()).await.expect("need");
    needs::transition(&app.db, &all, need, NeedStatus::Assessed, None, None, None).await.expect("assess");
    let root = fx.account("root").id;
    let id = wishes::publish(&app.db, &all, need, wish, 5_000, root).await.expect("wish").expect("in scope");
    (need, id)
}

/// What no public answer may hold.
fn private_texts(fx: &Fixture) -> Vec<String> {
    let mut out: Vec<String> = [DESCRIPTION, CONTACT, CONTACT_PHONE, SUBMITTER_PHONE].map(str::to_owned).to_vec();
    for r in &fx.residents {
        out.extend([r.name.clone(), r.id_number.clone(), format!("{}家", r.name)]);
    }
    for (i, v) in fx.volunteers.iter().enumerate() {
        out.extend([v.id_number.clone(), format!("1580000000{i}")]);
    }
    out.extend(fx.workers.iter().map(|w| w.name.clone()));
    out.extend(fx.donors.iter().map(|d| d.name.clone()));
    out.extend(fx.needs.iter().map(|n| n.description.clone()));
    out.extend(fx.accounts.iter().map(|a| format!("{}名", a.username)));
    out.extend(fx.referrals.iter().chain(&fx.services).chain(&fx.relief).map(|m| m.marker.clone()));
    out.push("资助需求FX".into());
    out
}

/// A record behind a public route: its path value, whether the public may see it, and the
/// volunteer's name it may show (a certificate's).
struct Shown {
    value: String,
    public: bool,
    own_name: Option<String>,
    /// A text of the record itself, which a 404 must not show.
    text: String,
}

async fn ask(app: &TestApp, method: &Method, path: &str, s: Option<&Session>, n: usize) -> TestResponse {
    let api = path.starts_with("/api/");
    if *method == Method::GET {
        return if api { app.api(Method::GET, path, s, None).await } else { app.get(path, s).await };
    }
    let phone = format!("1360000{n:04}");
    if path.ends_with("/take") {
        let fields = [("name", "一位热心人"), ("phone", phone.as_str())];
        return match (api, s) {
            (true, _) => app.api(Method::POST, path, s, Some(json!({"name": "一位热心人", "phone": phone}))).await,
            (false, Some(_)) => app.post_form(path, s, &fields).await,
            (false, None) => crate::probe_anon::anonymous_form(app, method, path, &fields).await,
        };
    }
    match (api, s) {
        (true, _) => app.api(method.clone(), path, s, Some(json!({}))).await,
        (false, Some(_)) => app.post_form(path, s, &[]).await,
        (false, None) => crate::probe_anon::anonymous_form(app, method, path, &[]).await,
    }
}

dual_test!(public_routes_show_only_what_is_public, |app| {
    let fx = fixture::load(&app).await;
    let all = Scope::all();
    let root = fx.account("root").id;
    // A named donor's gift: the disclosure shows sums, never the donor.
    let fund: wushe_domain::FundId = fx.funds[0].id.parse().expect("fund id");
    let gift = donations::NewDonation::money(fund, Some(fx.donors[0].id), 20_000);
    donations::donate(&app.db, &all, &gift, "2026-11-30", None).await.expect("gift").expect("in scope");
    let (_, open_wish) = resident_wish(&app, &fx, "一个暖水袋FX").await;
    let (_, withdrawn) = resident_wish(&app, &fx, "一副老花镜FX").await;
    wishes::close(&app.db, &all, &withdrawn, false, Some("不再需要"), root).await.expect("withdraw").expect("scope");
    // A draft and a cancelled activity.
    let mut hidden_activities = Vec::new();
    for (title, cancel) in [("草稿活动FX", false), ("取消活动FX", true)] {
        let new = wushe_testkit::fixture::new_activity(title, "500101001001");
        let a = activities::create(&app.db, &all, &new, None, None).await.expect("activity");
        if cancel {
            activities::set_status(&app.db, &all, a.id, ActivityStatus::Published, None).await.expect("publish");
            activities::set_status(&app.db, &all, a.id, ActivityStatus::Cancelled, None).await.expect("cancel");
        }
        hidden_activities.push(Shown { value: a.id.to_string(), public: false, own_name: None, text: title.into() });
    }
    let submitted = json!({"region": "500101001001", "category": "elderly_care", "description": DESCRIPTION,
        "contact_name": CONTACT, "contact_phone": SUBMITTER_PHONE, "consent": "1"});
    let res = app.api(Method::POST, "/api/v1/public/needs", None, Some(submitted)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let code = res.json()["tracking_code"].as_str().expect("code").to_owned();

    let mut certificates = Vec::new();
    for m in &fx.certificates {
        let number: String = sqlx::query_scalar("SELECT number FROM certificates WHERE id = $1")
            .bind(&m.id)
            .fetch_one(&app.db.pool)
            .await
            .expect("number");
        certificates.push(Shown { value: number, public: true, own_name: Some(m.marker.clone()), text: String::new() });
    }
    let shown = |records: &[wushe_testkit::fixture::FxMarked]| -> Vec<Shown> {
        records
            .iter()
            .map(|m| Shown { value: m.id.clone(), public: true, own_name: None, text: String::new() })
            .collect()
    };
    let mut activity_targets = shown(&fx.activities);
    activity_targets.extend(hidden_activities);
    let mut wish_targets = shown(&fx.wishes);
    wish_targets.push(Shown { value: open_wish, public: true, own_name: None, text: String::new() });
    wish_targets.push(Shown { value: withdrawn, public: false, own_name: None, text: "一副老花镜FX".into() });
    let mut fund_targets = shown(&fx.funds);
    let nowhere = uuid::Uuid::now_v7().to_string();
    fund_targets.push(Shown { value: nowhere, public: false, own_name: None, text: String::new() });
    let need_targets = vec![
        Shown { value: code, public: true, own_name: None, text: String::new() },
        Shown { value: "ABCDEFGHJK".into(), public: false, own_name: None, text: String::new() },
    ];
    certificates.push(Shown { value: "ZM2026-ABCDEFGH".into(), public: false, own_name: None, text: String::new() });

    let private = private_texts(&fx);
    let volunteer = app.login("wz.volunteer", PASSWORD).await;
    let stranger = app.login("fl.center", PASSWORD).await;
    let reader_name = |s: Option<&Session>| match s {
        Some(s) if s.token == volunteer.token => Some("wz.volunteer名"),
        Some(_) => Some("fl.center名"),
        None => None,
    };
    let mut failures = Vec::new();
    let mut offers = 0;
    let routes: Vec<_> = table().into_iter().filter(|d| d.path.contains("/public/") && d.path.contains('{')).collect();
    for def in &routes {
        let (records, param) = match def.path {
            p if p.contains("/activities/{id}") => (&activity_targets, "{id}"),
            p if p.contains("/funds/{id}") => (&fund_targets, "{id}"),
            p if p.contains("/wishes/{id}") => (&wish_targets, "{id}"),
            p if p.contains("/certificates/{number}") => (&certificates, "{number}"),
            p if p.contains("/needs/{code}") => (&need_targets, "{code}"),
            p => panic!("probe_public does not know the public route {} {p}: teach it", def.method),
        };
        let signed = def.guard != wushe_web::routes::Guard::Public;
        for r in records.iter() {
            let path = def.path.replace(param, &r.value);
            // Offers are limited per address: one per wish, anonymously.
            let who: Vec<(&str, Option<&Session>)> = if path.ends_with("/take") {
                vec![("signed out", None)]
            } else {
                vec![
                    ("signed out", None),
                    ("a volunteer", Some(&volunteer)),
                    ("another region's staff", Some(&stranger)),
                ]
            };
            for (label, s) in who {
                offers += 1;
                let res = ask(&app, &def.method, &path, s, offers).await;
                let body = crate::bodies::readable(&res.body);
                let label = format!("{} {path} as {label}: {}", def.method, res.status);
                if res.status.is_server_error() {
                    failures.push(format!("{label} (server error: {body})"));
                }
                for text in private.iter().filter(|t| body.contains(t.as_str())) {
                    // A signed-in page names its reader; a certificate its volunteer.
                    let own = r.own_name.as_deref() == Some(text.as_str()) || reader_name(s) == Some(text.as_str());
                    if !own {
                        failures.push(format!("{label}: shows {text}"));
                    }
                }
                for v in fx.volunteers.iter().filter(|v| body.contains(&v.name)) {
                    if r.own_name.as_deref() != Some(v.name.as_str()) {
                        failures.push(format!("{label}: shows the volunteer {}", v.name));
                    }
                }
                if signed && s.is_none() {
                    let refused = res.status == StatusCode::UNAUTHORIZED
                        || (res.status.is_redirection() && res.location().is_some_and(|l| l.starts_with("/login")));
                    if !refused {
                        failures.push(format!("{label}: needs a session"));
                    }
                    continue;
                }
                if signed {
                    continue;
                }
                let unknown = body.contains("\"unknown\"") || body.contains("verdict unknown");
                match (r.public, param) {
                    (false, "{number}") => {
                        if !(res.status == StatusCode::OK && unknown) && res.status != StatusCode::NOT_FOUND {
                            failures.push(format!("{label}: an unknown number must say unknown: {body}"));
                        }
                    }
                    (false, _) => {
                        if res.status != StatusCode::NOT_FOUND {
                            failures.push(format!("{label}: not public, must answer 404"));
                        }
                        if !r.text.is_empty() && body.contains(&r.text) {
                            failures.push(format!("{label}: the 404 shows the record"));
                        }
                    }
                    (true, _) => {
                        if !res.status.is_success() && !res.status.is_redirection() {
                            failures.push(format!("{label}: a public record must answer: {body}"));
                        }
                    }
                }
            }
        }
    }
    assert!(routes.len() >= 10, "the public routes are enumerated: {}", routes.len());
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
});
