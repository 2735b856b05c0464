//! Recommendations: the volunteer index ranks near, skilled, free volunteers first and says why,
//! keeps to the caller's scope and follows the database on refresh; organizations are ranked by
//! category, the region they serve and the capacity they have left.

use wushe_domain::matching::{MatchReason, Wanted};
use wushe_domain::need::{NeedCategory, NeedStatus};
use wushe_domain::organization::{NewOrganization, OrganizationInput};
use wushe_domain::task::{NewTask, parse_time};
use wushe_domain::volunteer::{NewVolunteer, VolunteerInput};
use wushe_domain::{Field, RegionCode, RegionPath, VolunteerId};
use wushe_store::matching::{Candidate, VolunteerIndex, recommend_organizations};
use wushe_store::{Db, Scope, needs, organizations, regions, tasks, volunteers};
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, credit_code, resident_id};

/// (name, village, skills, weekly availability); the names are unique markers.
const PEOPLE: [(&str, &str, &str, &str); 6] = [
    ("近全FX", "500101001001", "心理疏导、法律咨询", "周一 08:00-12:00"),
    ("近半FX", "500101001001", "心理疏导", ""),
    ("同街FX", "500101001002", "心理疏导、法律咨询", "周一 08:00-12:00"),
    ("同区FX", "500101017001", "心理疏导、法律咨询", "周一 08:00-12:00"),
    ("涪陵FX", "500102006001", "法律咨询、心理疏导", "周一 08:00-10:00；周一 10:00-12:00"),
    ("东城FX", "110101001001", "心理疏导、法律咨询", "周一 08:00-12:00"),
];

/// The `i`-th of [`PEOPLE`], living in `village` (their ID number keeps their first home).
fn input(i: usize, village: &str) -> VolunteerInput {
    let (name, first_home, skills, availability) = PEOPLE[i];
    VolunteerInput {
        name: name.into(),
        id_number: resident_id(&first_home[..6], "19900101", &format!("{}", 700 + i)),
        phone: format!("1360000070{i}"),
        region: village.into(),
        skills: skills.into(),
        availability: availability.into(),
        ..Default::default()
    }
}

async fn add(db: &Db, input: &VolunteerInput) -> VolunteerId {
    let new = NewVolunteer::parse(input, time::macros::date!(2026 - 11 - 29)).expect("volunteer");
    volunteers::insert(db, &Scope::all(), &[new], None, "volunteer.create").await.expect("insert")[0]
}

async fn path(db: &Db, code: &str) -> RegionPath {
    let code = RegionCode::parse(code).expect("code");
    regions::get(db, &Scope::all(), &code).await.expect("read").expect("fixture region").path
}

/// A Monday 09:00–11:00 (China time) at least three days ahead.
fn monday_morning() -> (i64, i64) {
    let week = 7 * 86_400_000;
    let mut start = parse_time(Field::StartsAt, "2026-11-30 09:00").expect("a Monday");
    while start < wushe_store::now_ms() + 3 * 86_400_000 {
        start += week;
    }
    (start, start + 2 * 3_600_000)
}

fn wanted(community: &RegionPath) -> Wanted {
    let (starts_at, ends_at) = monday_morning();
    Wanted {
        skills: vec!["心理疏导".into(), "法律咨询".into()],
        community: community.clone(),
        starts_at,
        ends_at,
        category: None,
        task: None,
    }
}

/// The candidates that are this test's volunteers, by index into [`PEOPLE`].
fn ours(found: &[Candidate], ids: &[VolunteerId]) -> Vec<usize> {
    found.iter().filter_map(|c| ids.iter().position(|id| *id == c.volunteer_id)).collect()
}

fn reasons_of(found: &[Candidate], id: VolunteerId) -> Vec<MatchReason> {
    found.iter().find(|c| c.volunteer_id == id).map(|c| c.reasons.clone()).unwrap_or_default()
}

dual_test!(the_index_ranks_near_skilled_free_volunteers_first_within_scope, |app| {
    let db = &app.db;
    fixture::load(&app).await;
    let mut ids = Vec::new();
    for (i, (_, village, _, _)) in PEOPLE.iter().enumerate() {
        ids.push(add(db, &input(i, village)).await);
    }
    let index = VolunteerIndex::build(db).await.expect("build");
    assert!(index.len() >= PEOPLE.len() && index.heap_bytes() > 0);
    let home = path(db, "500101001001").await;
    let want = wanted(&home);
    let found = index.top(&Scope::all(), &want, 20);
    assert_eq!(ours(&found, &ids), [0, 2, 3, 4, 5, 1], "{found:#?}");
    let scores: Vec<i32> = found.iter().map(|c| c.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
    assert_eq!(found[0].score, 90);
    assert_eq!(found[0].community.as_str(), "500101001001");
    assert_eq!(
        found[0].reasons,
        [MatchReason::SkillsMatched { matched: 2, wanted: 2 }, MatchReason::SameCommunity, MatchReason::Available]
    );
    assert!(reasons_of(&found, ids[1]).contains(&MatchReason::NotAvailable));
    assert!(reasons_of(&found, ids[1]).contains(&MatchReason::SkillsMatched { matched: 1, wanted: 2 }));
    assert!(reasons_of(&found, ids[3]).contains(&MatchReason::SameCounty));
    assert!(reasons_of(&found, ids[4]).contains(&MatchReason::Available), "two touching windows cover the task");
    assert!(reasons_of(&found, ids[4]).contains(&MatchReason::Farther));
    // A short list is the head of the long one: pruning never drops a better candidate.
    let three = index.top(&Scope::all(), &want, 3);
    assert_eq!(three, found[..3].to_vec());

    // Scope: Chongqing leaves out Beijing; the district leaves out Fuling; the township keeps
    // only its own villages.
    let in_scope = |p: RegionPath| index.top(&Scope::under(p), &want, 20);
    assert_eq!(ours(&in_scope(path(db, "50").await), &ids), [0, 2, 3, 4, 1]);
    assert_eq!(ours(&in_scope(path(db, "500101").await), &ids), [0, 2, 3, 1]);
    let township = in_scope(path(db, "500101001").await);
    assert_eq!(ours(&township, &ids), [0, 2, 1]);
    assert!(township.iter().all(|c| c.community.as_str().starts_with("500101001")));
});

dual_test!(a_refreshed_index_follows_tasks_moves_and_erasures, |app| {
    let db = &app.db;
    let all = Scope::all();
    let fx = fixture::load(&app).await;
    let mut ids = Vec::new();
    for (i, (_, village, _, _)) in PEOPLE.iter().enumerate().take(5) {
        ids.push(add(db, &input(i, village)).await);
    }
    let index = VolunteerIndex::build(db).await.expect("build");
    let home = path(db, "500101001001").await;
    let want = wanted(&home);
    assert_eq!(ours(&index.top(&all, &want, 20), &ids)[0], 0);

    // The best volunteer accepts a task that overlaps the window: after a refresh they are busy.
    let need = fx.needs[0].id;
    needs::transition(db, &all, need, NeedStatus::Assessed, None, None, None).await.expect("assess");
    let task = NewTask {
        title: "心理疏导FX".into(),
        place: "社区服务站".into(),
        starts_at: want.starts_at + 30 * 60_000,
        ends_at: want.ends_at + 30 * 60_000,
        skills: vec!["心理疏导".into()],
        places: 2,
    };
    let task = tasks::create(db, &all, need, &task, None).await.expect("task").expect("in scope");
    tasks::accept(db, &all, task.id, ids[0], None).await.expect("accept").expect("in scope");
    assert!(!reasons_of(&index.top(&all, &want, 20), ids[0]).contains(&MatchReason::Busy), "not yet refreshed");
    let done = index.refresh(db).await.expect("refresh");
    assert!(done.activity >= 1 && !done.superseded, "{done:?}");
    let found = index.top(&all, &want, 20);
    let busy = reasons_of(&found, ids[0]);
    assert!(busy.contains(&MatchReason::Busy) && busy.contains(&MatchReason::Load { tasks: 1 }), "{busy:?}");
    assert_eq!(*ours(&found, &ids).last().expect("listed"), 0, "busy ranks below everybody free");
    assert_eq!(ours(&found, &ids)[0], 2);
    // Filling that very task, those who took it are not candidates at all.
    let for_task = index.top(&all, &Wanted { task: Some(task.id), ..want.clone() }, 20);
    assert!(!ours(&for_task, &ids).contains(&0));
    // Once the task is over it is no longer load; served it is only once checked out of.
    let later = reasons_of(&index.top_at(&all, &want, 20, task.ends_at + 1), ids[0]);
    assert!(later.contains(&MatchReason::Busy) && !later.iter().any(|r| matches!(r, MatchReason::Load { .. })));
    assert!(!later.iter().any(|r| matches!(r, MatchReason::Feedback { .. })), "{later:?}");

    // Withdrawing frees them again.
    tasks::withdraw(db, &all, task.id, ids[0], None).await.expect("withdraw").expect("in scope");
    index.refresh(db).await.expect("refresh");
    assert_eq!(ours(&index.top(&all, &want, 20), &ids)[0], 0);

    // A volunteer moving into the need's township, a new one, and an erased one.
    let moved = NewVolunteer::parse(&input(4, "500101001003"), time::macros::date!(2026 - 11 - 29)).expect("moved");
    volunteers::correct(db, &all, ids[4], &moved, None).await.expect("correct").expect("in scope");
    let newcomer = add(db, &input(5, "500101001001")).await;
    volunteers::erase(db, &all, ids[2], "本人申请", None).await.expect("erase").expect("in scope");
    let done = index.refresh(db).await.expect("refresh");
    assert!(done.volunteers >= 3, "{done:?}");
    let found = index.top(&all, &want, 20);
    let mut with_new = ids.clone();
    with_new.push(newcomer);
    assert_eq!(ours(&found, &with_new), [0, 5, 4, 3, 1], "{found:#?}");
    let mover = found.iter().find(|c| c.volunteer_id == ids[4]).expect("moved volunteer");
    assert_eq!(mover.community.as_str(), "500101001003");
    assert!(mover.reasons.contains(&MatchReason::SameTownship));
});

dual_test!(service_and_follow_up_satisfaction_count_as_feedback, |app| {
    let db = &app.db;
    let all = Scope::all();
    let fx = fixture::load(&app).await;
    let id = add(db, &input(0, "500101001001")).await;
    let need = fx.needs[0].id;
    needs::transition(db, &all, need, NeedStatus::Assessed, None, None, None).await.expect("assess");
    let (starts_at, ends_at) = monday_morning();
    let task =
        NewTask { title: "探访FX".into(), place: "居民家".into(), starts_at, ends_at, skills: vec![], places: 1 };
    let task = tasks::create(db, &all, need, &task, None).await.expect("task").expect("in scope");
    tasks::accept(db, &all, task.id, id, None).await.expect("accept").expect("in scope");
    let index = VolunteerIndex::build(db).await.expect("build");
    let want = wanted(&path(db, "500101001001").await);
    assert!(reasons_of(&index.top(&all, &want, 5), id).contains(&MatchReason::Load { tasks: 1 }));
    // Time passes: the volunteer served the task, checking in and out, and the need's follow-up
    // call gave 5 of 5.
    let now = wushe_store::now_ms();
    let writes = [
        ("UPDATE tasks SET starts_at = $1 - 10800000, ends_at = $1 - 3600000 WHERE id = $2", task.id.to_string()),
        (
            "UPDATE task_volunteers SET check_in_at = $1 - 10800000, check_out_at = $1 WHERE task_id = $2",
            task.id.to_string(),
        ),
        ("UPDATE needs SET satisfaction = 5, updated_at = $1 WHERE id = $2", need.to_string()),
    ];
    for (sql, key) in writes {
        sqlx::query(sql).bind(now).bind(key).execute(&db.pool).await.expect("simulated service");
    }
    let fb = MatchReason::Feedback { served: 1, rated: 1, satisfaction_tenths: Some(50) };
    index.refresh(db).await.expect("refresh");
    let rebuilt = VolunteerIndex::build(db).await.expect("build");
    for found in [index.top(&all, &want, 5), rebuilt.top(&all, &want, 5)] {
        assert_eq!(found[0].volunteer_id, id);
        assert_eq!(found[0].reasons.last(), Some(&fb), "{found:#?}");
        assert_eq!(found[0].score, 90 + fb.points());
    }
});

/// (name, served region, categories, capacity, credit-code body).
const ORGS: [(&str, &str, &str, &str, &str); 3] = [
    ("心理街道FX", "500101001", "心理健康", "3", "52500101MJP10001"),
    ("心理区县FX", "500101", "心理健康、养老服务", "5", "52500101MJP10002"),
    ("涪陵心理FX", "500102", "心理健康", "9", "52500102MJP10003"),
];

dual_test!(organizations_rank_by_category_reach_and_capacity_left, |app| {
    let db = &app.db;
    let all = Scope::all();
    let fx = fixture::load(&app).await;
    let mut ids = Vec::new();
    for (name, serves, categories, capacity, body) in ORGS {
        let input = OrganizationInput {
            name: name.into(),
            credit_code: credit_code(body),
            kind: "social_work_agency".into(),
            authority: "民政局".into(),
            registered_on: "2019-01-01".into(),
            legal_rep: "负责人".into(),
            categories: categories.into(),
            serves: serves.into(),
            region: serves[..6].into(),
            capacity: capacity.into(),
            ..Default::default()
        };
        let new = NewOrganization::parse(&input, time::macros::date!(2026 - 11 - 29)).expect("organization");
        ids.push(organizations::create(db, &all, &new, None).await.expect("create").id);
    }
    let home = path(db, "500101001001").await;
    let mental = Some(NeedCategory::MentalHealth);
    let found = recommend_organizations(db, &all, &home, mental).await.expect("recommend");
    let mine: Vec<usize> = found.iter().filter_map(|c| ids.iter().position(|id| *id == c.organization_id)).collect();
    assert_eq!(mine, [0, 1], "the Fuling organization does not serve the community: {found:#?}");
    assert_eq!(
        found[0].reasons,
        [
            MatchReason::CategoryFits { category: NeedCategory::MentalHealth },
            MatchReason::ServesTownship,
            MatchReason::Headroom { free: 3, capacity: 3 },
        ]
    );
    let sunshine = found.iter().find(|c| c.name == "万州阳光社工FX").expect("the fixture's district organization");
    assert!(sunshine.reasons.contains(&MatchReason::CategoryOutside { category: NeedCategory::MentalHealth }));
    assert!(found.windows(2).all(|w| w[0].score >= w[1].score));

    // Three accepted referrals of an open need fill the township's organization; a declined one
    // does not count.
    for status in ["accepted", "accepted", "accepted", "declined"] {
        sqlx::query(
            "INSERT INTO referrals (id, need_id, region_code, organization_id, status, sent_at) \
             VALUES ($1, $2, '500101001001', $3, $4, $5)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(fx.needs[0].id.to_string())
        .bind(ids[0].to_string())
        .bind(status)
        .bind(wushe_store::now_ms())
        .execute(&db.pool)
        .await
        .expect("referral");
    }
    let found = recommend_organizations(db, &all, &home, mental).await.expect("recommend");
    assert_eq!(found[0].organization_id, ids[1]);
    let full = found.iter().find(|c| c.organization_id == ids[0]).expect("still listed");
    assert!(full.reasons.contains(&MatchReason::Full { capacity: 3, open: 3 }), "{full:?}");

    // Outside the caller's scope, nothing.
    let fuling = Scope::under(path(db, "500102").await);
    assert!(recommend_organizations(db, &fuling, &home, mental).await.expect("recommend").is_empty());
});
