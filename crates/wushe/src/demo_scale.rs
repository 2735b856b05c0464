//! `wushe demo --scale N`: a whole municipality's worth of records for benchmarks, written through
//! the store's own functions (never into the rollups), reproducible from a seed. At scale 1:
//! the service network of every district, township and community, the seed's organizations,
//! 679 social workers, 10,000 volunteers, 2,000 residents, 1,000 needs (most closed), 100,000
//! service records and 5,000 hours entries; everything but the network and the organizations grows
//! with N (scale 100: 10 million service records, 1 million volunteers). No activities or gifts:
//! the product only creates activities ahead of time and records gifts as of now, so they would
//! add no history.
//!
//! Every phase draws from its own stream of the seed, and the phases finished are written to
//! `scale-demo.txt` in the data folder: a run stopped part-way is started again with the same
//! arguments and goes on where it stopped. The service records, hours of writing at scale 100,
//! go on from the number already written; an earlier phase stopped part-way cannot be resumed
//! (its people are there already) and wants a fresh database.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use wushe_domain::hours::{HoursSource, Span as Worked};
use wushe_domain::need::{NeedCategory, NeedStatus, NewNeed, Outcome, Urgency};
use wushe_domain::organization::{NewOrganization, OrgKind};
use wushe_domain::person::identity;
use wushe_domain::resident::NewResident;
use wushe_domain::service::{NewServiceRecord, ServiceKind};
use wushe_domain::service_point::ServicePointDetails;
use wushe_domain::social_worker::{Licence, NewSocialWorker};
use wushe_domain::volunteer::NewVolunteer;
use wushe_domain::{RegionCode, RegionLevel, ResidentId, ServicePointLevel};
use wushe_store::hours::NewEntry;
use wushe_store::recorder::Recorder;

use crate::demo_progress::{Phase, Progress, Tally, bar, join, stream};
use crate::rng::Rng;
use wushe_store::{Db, Scope, national, needs, organizations, residents, service_points, social_workers, volunteers};

const DAY: i64 = 86_400_000;
/// Records spread over the last three years.
const HISTORY_DAYS: u64 = 3 * 365;
/// Concurrent writers of service records, as many clients would be: twice the recorder's batch,
/// so one batch is prepared while the other commits.
const WRITERS: usize = 1024;
/// Concurrent writers of needs: PostgreSQL commits several at once; SQLite takes them in turn.
const NEED_WRITERS: u64 = 16;

/// A moment in the history, China daytime.
fn moment(rng: &mut Rng, now: i64) -> i64 {
    now - (1 + rng.below(HISTORY_DAYS)) as i64 * DAY + rng.below(10 * 3_600_000) as i64
}

/// A valid resident ID number, unique for `n`, in `county`.
fn id_number(county: &str, n: u64) -> Result<String, String> {
    let day = time::macros::date!(1950 - 01 - 01) + time::Duration::days((n / 1000) as i64 % 20_000);
    let first17 = format!("{county}{:04}{:02}{:02}{:03}", day.year(), u8::from(day.month()), day.day(), n % 1000);
    let check = wushe_domain::idcard::check_char(first17.as_bytes()).ok_or("bad generated number")?;
    Ok(format!("{first17}{check}"))
}

const SURNAMES: &[char] =
    &['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN: &[char] =
    &['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明'];

fn name(rng: &mut Rng) -> String {
    [*rng.pick(SURNAMES), *rng.pick(GIVEN), *rng.pick(GIVEN)].iter().collect()
}

struct Network {
    villages: Vec<RegionCode>,
    /// Stations and rooms, where social workers are posted.
    postings: Vec<String>,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// A point for every county-level unit, township and community under `prefix` that has none.
async fn network(db: &Db, prefix: &str) -> Result<Network, String> {
    let all = Scope::all();
    let units = national::units(&[prefix]).map_err(err)?;
    let (existing, _) =
        service_points::list(db, &all, &service_points::Filter::default(), 0, 1_000_000).await.map_err(err)?;
    let mut have: HashSet<(String, ServicePointLevel)> =
        existing.iter().map(|p| (p.region_code.to_string(), p.level)).collect();
    let mut postings: Vec<String> =
        existing.iter().filter(|p| p.level != ServicePointLevel::Center).map(|p| p.id.to_string()).collect();
    let opened = time::macros::date!(2021 - 06 - 01);
    let started = Instant::now();
    let total = units.len() as u64;
    for (i, u) in units.iter().enumerate() {
        let Some(level) = ServicePointLevel::for_region_level(u.level) else { continue };
        if have.insert((u.code.to_string(), level)) {
            let details = ServicePointDetails {
                name: format!("{}{}", u.name, level.label(wushe_domain::Lang::Zh)),
                address: format!("{}便民服务中心", u.name),
                contact_name: Some("值班社工".into()),
                contact_phone: Some("023-60000000".into()),
                opened_on: opened,
            };
            let p = service_points::create(db, &all, &u.code, level, &details, None).await.map_err(err)?;
            if level != ServicePointLevel::Center {
                postings.push(p.id.to_string());
            }
        }
        if i % 200 == 0 || i + 1 == units.len() {
            bar("服务网络 network", i as u64 + 1, total, started);
        }
    }
    let villages = units.iter().filter(|u| u.level == RegionLevel::Village).map(|u| u.code.clone()).collect();
    Ok(Network { villages, postings })
}

/// The seed's organizations: 13 industry associations and 446 social-work agencies, with some
/// foundations and community organizations.
async fn organizations(db: &Db, rng: &mut Rng, net: &Network) -> Result<(), String> {
    let mut batch = Vec::new();
    for (kind, count, tag) in [
        (OrgKind::IndustryAssociation, 13, "1"),
        (OrgKind::SocialWorkAgency, 446, "2"),
        (OrgKind::Foundation, 20, "3"),
        (OrgKind::CommunityOrganization, 300, "4"),
    ] {
        for i in 0..count {
            let village = rng.pick(&net.villages).clone();
            let first17 = format!("5250{}{:0>5}{tag}{:06}", &village.as_str()[2..6], i, i);
            let first17: String = first17.chars().take(17).collect();
            let check = wushe_domain::uscc::check_char(first17.as_bytes()).ok_or("credit code")?;
            let county = RegionCode::parse(&village.as_str()[..6]).map_err(err)?;
            batch.push(NewOrganization {
                name: format!("{}{}{i}号", county.as_str(), kind.label(wushe_domain::Lang::Zh)),
                credit_code: format!("{first17}{check}"),
                kind,
                authority: "民政局".into(),
                registered_on: time::macros::date!(2018 - 01 - 01) + time::Duration::days(rng.below(2000) as i64),
                legal_rep: name(rng),
                contact_phone: None,
                categories: vec!["养老服务".into()],
                serves: vec![county.clone()],
                region: county,
                capacity: 50,
            });
        }
    }
    let problems = organizations::check(db, &Scope::all(), &batch).await.map_err(err)?;
    if !problems.is_empty() {
        eprintln!("社会组织已存在，跳过 / organizations already there, skipped");
        return Ok(());
    }
    organizations::insert_many(db, &Scope::all(), &batch, None, &mut |_| {}).await.map_err(err)?;
    Ok(())
}

/// People are numbered apart: volunteers, then social workers, then residents.
async fn people(
    db: &Db,
    rng: &mut Rng,
    net: &Network,
    n: u64,
    today: time::Date,
) -> Result<Vec<(RegionCode, ResidentId)>, String> {
    let all = Scope::all();
    let (volunteers_n, workers_n, residents_n) = (10_000 * n, 679 * n, 2_000 * n);
    let started = Instant::now();
    const BATCH: u64 = 5_000;
    for from in (0..volunteers_n).step_by(BATCH as usize) {
        let mut batch = Vec::new();
        for i in from..(from + BATCH).min(volunteers_n) {
            let village = rng.pick(&net.villages).clone();
            batch.push(NewVolunteer {
                name: name(rng),
                identity: identity("居民身份证", &id_number(&village.as_str()[..6], i)?, "", "", today).map_err(err)?,
                phone: format!("13{:09}", i),
                region: village,
                skills: vec![],
                availability: vec![],
                volunteer_no: Some(format!("S{i:09}")),
            });
        }
        volunteers::insert(db, &all, &batch, None, "volunteer.import").await.map_err(err)?;
        bar("志愿者 volunteers", (from + BATCH).min(volunteers_n), volunteers_n, started);
    }
    let started = Instant::now();
    let licences =
        [Licence::Assistant, Licence::Assistant, Licence::Intermediate, Licence::Senior, Licence::Unlicensed];
    for from in (0..workers_n).step_by(BATCH as usize) {
        let mut batch = Vec::new();
        for i in from..(from + BATCH).min(workers_n) {
            let licence = *rng.pick(&licences);
            batch.push(NewSocialWorker {
                name: name(rng),
                identity: identity("居民身份证", &id_number("500101", volunteers_n + i)?, "", "", today)
                    .map_err(err)?,
                phone: format!("15{:09}", i),
                licence,
                licence_no: (licence != Licence::Unlicensed).then(|| format!("Z{i:08}")),
                licence_year: (licence != Licence::Unlicensed).then_some(2015 + rng.below(10) as i32),
                employer: None,
                posting: rng.pick(&net.postings).clone(),
                posted_on: today - time::Duration::days(rng.below(HISTORY_DAYS) as i64),
            });
        }
        social_workers::insert(db, &all, &batch, None, "social_worker.import", &mut |_| {}).await.map_err(err)?;
        bar("社会工作者 social workers", (from + BATCH).min(workers_n), workers_n, started);
    }
    let started = Instant::now();
    let mut served = Vec::new();
    for from in (0..residents_n).step_by(BATCH as usize) {
        let mut batch = Vec::new();
        for i in from..(from + BATCH).min(residents_n) {
            let village = rng.pick(&net.villages).clone();
            batch.push(NewResident {
                name: name(rng),
                identity: identity(
                    "居民身份证",
                    &id_number(&village.as_str()[..6], volunteers_n + workers_n + i)?,
                    "",
                    "",
                    today,
                )
                .map_err(err)?,
                phone: None,
                address: None,
                region: village,
                household: None,
                categories: vec!["独居老人".into()],
            });
        }
        let ids = residents::insert(db, &all, &batch, None, "resident.import", &mut |_| {}).await.map_err(err)?;
        served.extend(batch.into_iter().map(|r| r.region).zip(ids));
        bar("居民 residents", (from + BATCH).min(residents_n), residents_n, started);
    }
    Ok(served)
}

/// Needs from several writers at once, each with its own stream of the seed.
async fn needs_history(db: &Db, seed: u64, net: Arc<Network>, n: u64, now: i64) -> Result<(), String> {
    let total = 1_000 * n;
    let tally = Tally::new("需求 needs", 0, total, 100);
    let mut tasks = Vec::new();
    for t in 0..NEED_WRITERS {
        let (db, net, tally) = (db.clone(), net.clone(), tally.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = stream(seed, Phase::Needs, t);
            for _ in (t..total).step_by(NEED_WRITERS as usize) {
                one_need(&db, &mut rng, &net, now).await?;
                tally.tick();
            }
            Ok(())
        }));
    }
    join(tasks).await
}

/// One need through its life: received, taken up, closed with an outcome, most of them rated.
async fn one_need(db: &Db, rng: &mut Rng, net: &Network, now: i64) -> Result<(), String> {
    const CATEGORIES: [NeedCategory; 4] = [
        NeedCategory::ElderlyCare,
        NeedCategory::HardshipRelief,
        NeedCategory::ChildrenYouth,
        NeedCategory::MedicalEscort,
    ];
    const OUTCOMES: [Outcome; 6] = [
        Outcome::Solved,
        Outcome::Solved,
        Outcome::Solved,
        Outcome::PartlySolved,
        Outcome::Referred,
        Outcome::Unsolved,
    ];
    let all = Scope::all();
    let region = rng.pick(&net.villages).clone();
    let new = NewNeed {
        resident: None,
        region: Some(region.clone()),
        category: *rng.pick(&CATEGORIES),
        urgency: Urgency::Normal,
        description: "行动不便，需要上门照护".into(),
        contact_name: None,
        contact_phone: None,
        address: None,
    };
    let created = moment(rng, now);
    let taken = created + rng.below(3 * DAY as u64) as i64;
    let at = needs::Placement {
        region,
        resident: None,
        level: ServicePointLevel::Room,
        due_at: created + 2 * DAY,
        tracking: None,
    };
    let id = needs::create(db, &new, &at, None, created).await.map_err(err)?;
    if rng.below(10) < 8 {
        let closed = (taken + rng.below(20 * DAY as u64) as i64).min(now);
        needs::transition_at(db, &all, id, (NeedStatus::Assessed, None, None), None, taken).await.map_err(err)?;
        needs::transition_at(db, &all, id, (NeedStatus::Linked, None, None), None, taken).await.map_err(err)?;
        let outcome = Some(*rng.pick(&OUTCOMES));
        needs::transition_at(db, &all, id, (NeedStatus::Closed, None, outcome), None, closed).await.map_err(err)?;
        if rng.below(3) > 0 {
            needs::follow_up(db, &all, id, 3 + rng.below(3) as i64, "电话回访", None).await.map_err(err)?;
        }
    }
    Ok(())
}

/// Service records from many writers at once, through the recorder as the web's are. They come
/// day by day, oldest first, and within a day through the residents in region order, as a real
/// back-entry of a municipality's visits would: every area gets its share of each day.
async fn service_history(
    db: &Db,
    mut served: Vec<(RegionCode, ResidentId)>,
    n: u64,
    seed: u64,
    now: i64,
) -> Result<(), String> {
    let total = 100_000 * n;
    served.sort_by(|a, b| (a.0.as_str(), a.1.to_string()).cmp(&(b.0.as_str(), b.1.to_string())));
    // Going on after a stop: the records written already are not written again.
    let filter = wushe_store::service_records::Filter::default();
    let (_, written) = wushe_store::service_records::list(db, &Scope::all(), &filter, 0, 0).await.map_err(err)?;
    let resume = u64::try_from(written.records).unwrap_or(0);
    let served = Arc::new(served);
    let recorder = Recorder::start(db.clone());
    let tally = Tally::new("服务记录 service records", resume.min(total), total, 5_000);
    let mut tasks = Vec::new();
    for w in 0..WRITERS as u64 {
        let (db, recorder, served, tally) = (db.clone(), recorder.clone(), served.clone(), tally.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = stream(seed, Phase::ServiceRecords, w);
            let kinds = [ServiceKind::Visit, ServiceKind::Visit, ServiceKind::Session, ServiceKind::Phone];
            for i in (w..total).step_by(WRITERS) {
                // Record i falls on day i·days/total; its place in that day walks the residents.
                let day = i * HISTORY_DAYS / total;
                let (first, next) = (day * total / HISTORY_DAYS, (day + 1) * total / HISTORY_DAYS);
                let at = (i - first) * served.len() as u64 / (next - first).max(1);
                let (region, resident) = served[(at as usize).min(served.len() - 1)].clone();
                let (kind, hour, minutes) = (*rng.pick(&kinds), rng.below(10 * 3_600_000), rng.below(90));
                if i < resume {
                    continue; // written before the stop; its draws keep the stream in step
                }
                let new = NewServiceRecord {
                    kind,
                    region,
                    need: None,
                    social_worker: None,
                    served_at: now - (HISTORY_DAYS - day) as i64 * DAY + hour as i64,
                    minutes: 15 + minutes as i64,
                    place: None,
                    residents: vec![resident],
                    note: Some("入户走访，了解近况".into()),
                };
                let checked = wushe_store::service_records::check(&db, &Scope::all(), new, None, "规模演示")
                    .await
                    .map_err(err)?;
                recorder.write(checked).await.map_err(err)?;
                tally.tick();
            }
            Ok(())
        }));
    }
    join(tasks).await
}

async fn hours_history(db: &Db, rng: &mut Rng, net: &Network, n: u64, now: i64) -> Result<(), String> {
    let total = 5_000 * n;
    let started = Instant::now();
    let (list, _) =
        volunteers::list(db, &Scope::all(), &volunteers::Filter::default(), 0, 20_000).await.map_err(err)?;
    // Many entries to a transaction, as an import would: one commit for each batch.
    const BATCH: u64 = 250;
    for from in (0..total).step_by(BATCH as usize) {
        let mut tx = db.begin_write().await.map_err(err)?;
        for _ in from..(from + BATCH).min(total) {
            let v = rng.pick(&list);
            let starts_at = moment(rng, now);
            let minutes = 30 + rng.below(240) as i64;
            let entry = NewEntry {
                volunteer: v.id,
                region: rng.pick(&net.villages).clone(),
                organization: None,
                recorder: "社区社工室".into(),
                content: "助老服务".into(),
                place: "社区".into(),
                span: Worked { starts_at, ends_at: starts_at + minutes * 60_000, minutes },
                source: HoursSource::BackEntry,
                source_ref: None,
                amends: None,
                reason: None,
            };
            // The ledger may refuse an overlapping span: then that entry is not written, as on the web.
            let _ = wushe_store::hours::append(&mut tx, &entry, None).await.map_err(err)?;
        }
        tx.commit().await.map_err(err)?;
        bar("志愿服务时长 hours", (from + BATCH).min(total), total, started);
    }
    Ok(())
}

/// The residents written by an earlier run, read back when their phase is done.
async fn residents_written(db: &Db) -> Result<Vec<(RegionCode, ResidentId)>, String> {
    let (list, _) =
        residents::list(db, &Scope::all(), &residents::Filter::default(), 0, 100_000_000).await.map_err(err)?;
    Ok(list.into_iter().map(|r| (r.region_code, r.id)).collect())
}

pub async fn run(db: &Db, data_dir: &Path, n: u64, seed: u64, prefix: &str) -> Result<(), String> {
    let started = Instant::now();
    let mut progress = Progress::open(data_dir, n, seed, prefix);
    let now = progress.now;
    let today = wushe_app::network::points::today();
    let net = Arc::new(network(db, prefix).await?);
    if net.villages.is_empty() || net.postings.is_empty() {
        return Err(format!("no communities under {prefix}: load the regions first"));
    }
    if !progress.has(Phase::Organizations) {
        organizations(db, &mut stream(seed, Phase::Organizations, 0), &net).await?;
        progress.finish(Phase::Organizations)?;
    }
    let served = if progress.has(Phase::People) {
        residents_written(db).await?
    } else {
        let served = people(db, &mut stream(seed, Phase::People, 0), &net, n, today).await?;
        progress.finish(Phase::People)?;
        served
    };
    if !progress.has(Phase::Needs) {
        needs_history(db, seed, net.clone(), n, now).await?;
        progress.finish(Phase::Needs)?;
    }
    if !progress.has(Phase::ServiceRecords) {
        service_history(db, served, n, seed, now).await?;
        progress.finish(Phase::ServiceRecords)?;
    }
    if !progress.has(Phase::Hours) {
        hours_history(db, &mut stream(seed, Phase::Hours, 0), &net, n, now).await?;
        progress.finish(Phase::Hours)?;
    }
    println!(
        "规模演示数据已生成，用时 {:.0} 秒 / scale demo generated in {:.0} s",
        started.elapsed().as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
