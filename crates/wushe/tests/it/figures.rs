//! The figures against their records. Random records are written through the store's own
//! functions (needs received and closed on random days, service records, hours entries and
//! amendments, gifts and reversals, a township moved under a functional zone), then for random
//! regions and periods every figure of the summary must equal the records its drill-down lists:
//! their number for counts, their amounts for sums. `figures check` must agree, and must find a
//! record changed behind the application's back; `figures rebuild` must mend it.
//! `WUSHE_FIGURES_SEED` replays a run; failures name the seed.

use std::process::Command;

use axum::http::Method;
use wushe_domain::figures::{Metric, Span, date_of, day_of};
use wushe_domain::hours::{HoursSource, Span as Worked};
use wushe_domain::need::{NeedCategory, NeedStatus, NewNeed, Outcome, Urgency};
use wushe_domain::service::{NewServiceRecord, ServiceKind};
use wushe_domain::{FundId, RegionCode, RegionLevel, ServicePointLevel};
use wushe_store::donations::{self, NewDonation};
use wushe_store::hours::{self, NewEntry};
use wushe_store::{Db, Scope, figures, ledger, needs, now_ms, regions, service_records};
use wushe_testkit::fixture::{self, Fixture, PASSWORD};
use wushe_testkit::rng::{Rng, env_or};
use wushe_testkit::{TestApp, dual_test};

const DAY: i64 = 86_400_000;

fn code(c: &str) -> RegionCode {
    RegionCode::parse(c).expect("code")
}

/// Writes random records of every kind the figures count, at random times in the last two years.
pub(crate) async fn generate(app: &TestApp, fx: &Fixture, rng: &mut Rng) {
    let (db, all, now) = (&app.db, Scope::all(), now_ms());
    let villages: Vec<RegionCode> =
        fx.regions.iter().filter(|r| r.level == RegionLevel::Village).map(|r| r.code.clone()).collect();
    let outcomes = [Outcome::Solved, Outcome::PartlySolved, Outcome::Unsolved, Outcome::Referred, Outcome::Declined];
    for i in 0..40 {
        let region = rng.pick(&villages).clone();
        let new = NewNeed {
            resident: None,
            region: Some(region.clone()),
            category: *rng.pick(&[NeedCategory::ElderlyCare, NeedCategory::HardshipRelief, NeedCategory::Employment]),
            urgency: Urgency::Normal,
            description: format!("统计测试需求{i}"),
            contact_name: None,
            contact_phone: None,
            address: None,
        };
        let created = now - rng.below(700) as i64 * DAY - rng.below(DAY as u64) as i64;
        let due_at = now + (rng.below(3) as i64 - 1) * DAY;
        let at = needs::Placement { region, resident: None, level: ServicePointLevel::Room, due_at, tracking: None };
        let id = needs::create(db, &new, &at, None, created).await.expect("need");
        let steps: &[NeedStatus] = match rng.below(4) {
            0 => &[],
            1 => &[NeedStatus::Rejected],
            _ => &[NeedStatus::Assessed, NeedStatus::Linked, NeedStatus::Closed],
        };
        for &to in steps {
            let outcome = (to == NeedStatus::Closed).then(|| *rng.pick(&outcomes));
            needs::transition(db, &all, id, to, None, outcome, None).await.expect("move").expect("in scope");
        }
        if steps.last() == Some(&NeedStatus::Closed) && rng.below(3) > 0 {
            needs::follow_up(db, &all, id, 1 + rng.below(5) as i64, "回访", None).await.expect("follow-up");
        }
    }
    for _ in 0..60 {
        let resident = rng.pick(&fx.residents);
        let region = code(resident.path.as_str().trim_end_matches('/').rsplit('/').next().expect("village"));
        let new = NewServiceRecord {
            kind: *rng.pick(&[ServiceKind::Visit, ServiceKind::Session, ServiceKind::Phone]),
            region,
            need: None,
            social_worker: None,
            served_at: now - rng.below(360) as i64 * DAY - rng.below(DAY as u64) as i64,
            minutes: 10 + rng.below(120) as i64,
            place: None,
            residents: vec![resident.id],
            note: Some("入户走访".into()),
        };
        let checked = service_records::check(db, &all, new, None, "统计测试").await.expect("check");
        app.state.recorder.write(checked).await.expect("record");
    }
    let mut written = Vec::new();
    for (i, v) in fx.volunteers.iter().cycle().take(30).enumerate() {
        let starts_at = now - (20 + i as i64 * 23) * DAY + rng.below(8) as i64 * 3_600_000;
        let minutes = 30 + rng.below(180) as i64;
        let amends = (!written.is_empty() && rng.below(4) == 0).then(|| *rng.pick(&written));
        let entry = NewEntry {
            volunteer: v.id,
            region: v.region.clone(),
            organization: None,
            recorder: "统计测试站".into(),
            content: "陪伴老人".into(),
            place: "社区".into(),
            span: Worked { starts_at, ends_at: starts_at + minutes * 60_000, minutes },
            source: if amends.is_some() { HoursSource::Amendment } else { HoursSource::BackEntry },
            source_ref: None,
            amends,
            reason: amends.map(|_| "更正时长".to_owned()),
        };
        let mut tx = db.begin_write().await.expect("tx");
        if let Ok(seq) = hours::append(&mut tx, &entry, None).await.expect("append") {
            written.push(seq);
        }
        tx.commit().await.expect("commit");
    }
    // The network changes: a room closes a month ago (its community is no longer covered).
    let room = fx.points.iter().find(|p| p.level == ServicePointLevel::Room).expect("a room");
    let closed_on = date_of(day_of(now)).expect("today") - time::Duration::days(30);
    wushe_store::service_points::close(db, &all, room.id, closed_on, None).await.expect("close").expect("in scope");
    for f in &fx.funds {
        let fund: FundId = f.id.parse().expect("fund id");
        for _ in 0..3 {
            let gift = NewDonation::money(fund, None, 100 + rng.below(50_000) as i64);
            let d = donations::donate(db, &all, &gift, "2026-11-30", None).await.expect("gift").expect("in scope");
            if rng.below(3) == 0 {
                ledger::reverse(db, &all, d.txn_seq, "录入错误", None).await.expect("reverse").expect("in scope");
            }
        }
    }
}

/// Every figure of `code` for `span` and the year before it, against its records.
async fn mismatches(db: &Db, code: &RegionCode, span: Span) -> Vec<String> {
    let path = regions::path_of(db, code).await.expect("path").expect("region");
    let summary = figures::summary(db, code, span).await.expect("summary");
    let mut out = Vec::new();
    for (span, values) in [(span, &summary.now), (span.year_before(), &summary.before)] {
        for &m in Metric::ALL {
            let d = figures::drill(db, &path, m, span, 0, 0).await.expect("drill");
            let listed = if m.is_sum() { d.sum } else { d.count };
            let figure = values.get(&m).copied().unwrap_or(0);
            if figure != listed {
                out.push(format!("{code} {} {}: figure {figure}, records {listed}", span.label(), m.key()));
            }
        }
    }
    out
}

fn random_span(rng: &mut Rng) -> Span {
    let today = date_of(day_of(now_ms())).expect("today");
    match rng.below(4) {
        0 => {
            let shorthands: [&str; 6] = ["2026", "2025", "2026-H2", "2026-Q4", "2026-11", "2025-12"];
            let chosen: &&str = rng.pick(&shorthands);
            Span::shorthand(chosen).expect("shorthand")
        }
        // Up to today: what was closed and rated today falls inside.
        1 => Span { from: today - time::Duration::days(rng.below(400) as i64), to: today },
        _ => {
            let from = today - time::Duration::days(rng.below(760) as i64);
            let to = (from + time::Duration::days(rng.below(420) as i64)).min(today + time::Duration::days(3));
            Span { from, to }
        }
    }
}

pub(crate) fn wushe(app: &TestApp, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wushe"))
        .args(["--data-dir", &app.settings.data_dir.to_string_lossy()])
        .args(
            app.settings
                .database_url
                .as_ref()
                .map(|u| ["--database-url".to_owned(), u.expose().to_owned()])
                .into_iter()
                .flatten(),
        )
        .args(args)
        .env("WUSHE_DATA_KEY", app.settings.data_key.as_ref().map(|k| k.expose().to_owned()).unwrap_or_default())
        .env("WUSHE_LOG", "warn")
        .output()
        .expect("run wushe")
}

dual_test!(every_figure_equals_the_records_it_drills_down_to, |app| {
    let fx = fixture::load(&app).await;
    let seed = env_or("WUSHE_FIGURES_SEED", 20_261_130);
    let mut rng = Rng::new(seed);
    generate(&app, &fx, &mut rng).await;
    // A township moved under a new functional zone: the district stops counting it, the zone starts.
    let all = Scope::all();
    let zone = regions::add_zone(&app.db, &all, &code("5001"), "统计测试功能区", None).await.expect("zone");
    regions::place_township(&app.db, &all, &code("500101017"), &zone.code, None).await.expect("placed");
    let mut codes: Vec<RegionCode> = fx.regions.iter().map(|r| r.code.clone()).collect();
    codes.push(zone.code.clone());
    let mut failures = Vec::new();
    for _ in 0..24 {
        let region = rng.pick(&codes).clone();
        failures.extend(mismatches(&app.db, &region, random_span(&mut rng)).await);
    }
    failures.extend(mismatches(&app.db, &code("50"), random_span(&mut rng)).await);
    assert!(failures.is_empty(), "seed {seed}:\n{}", failures.join("\n"));
    assert_eq!(figures::check(&app.db, &mut |_| {}).await.expect("check"), Vec::new(), "seed {seed}");

    // Through HTTP, as the city's administrator: the page's number is the records page's count.
    let admin = app.login("cq.admin", PASSWORD).await;
    let summary = app.api(Method::GET, "/api/v1/figures/50?period=2026", Some(&admin), None).await.json();
    let needs = summary["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .flat_map(|s| s["figures"].as_array().expect("figures").clone())
        .find(|f| f["metric"] == "needs_received")
        .expect("needs received");
    let listed = app
        .api(Method::GET, "/api/v1/figures/50/records?period=2026&metric=needs_received", Some(&admin), None)
        .await
        .json();
    assert_eq!(needs["value"], listed["count"], "{listed}");
    assert!(needs["value"].as_i64().expect("value") > 0);

    // A record changed behind the application's back: the figures no longer match it, the check
    // says where, and a rebuild makes them agree again.
    sqlx::query("UPDATE service_records SET minutes = minutes + 7 WHERE id = (SELECT MIN(id) FROM service_records)")
        .execute(&app.db.pool)
        .await
        .expect("tamper");
    let year = Span::shorthand("2026").expect("year");
    let wide = Span { from: year.from - time::Duration::days(400), to: year.to };
    assert!(!mismatches(&app.db, &code("50"), wide).await.is_empty(), "the comparison sees the change");
    let out = wushe(&app, &["figures", "check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "check must fail: {err}");
    assert!(err.contains("visit_minutes") && err.contains("处不一致"), "{err}");
    let out = wushe(&app, &["figures", "rebuild"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = wushe(&app, &["figures", "check"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(mismatches(&app.db, &code("50"), wide).await.is_empty());
});
