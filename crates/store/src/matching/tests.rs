//! The pruned walk must return exactly what scoring everybody and sorting would.

use std::cmp::Reverse;
use std::sync::RwLock;

use proptest::prelude::*;
use wushe_domain::matching::{Feedback, Ring, Wanted};
use wushe_domain::volunteer::Window;
use wushe_domain::{RegionCode, RegionPath, TaskId, VolunteerId};

use super::index::{Inner, VolunteerIndex};
use super::load::{Commitment, VolunteerRow};
use crate::Scope;

const HOUR: i64 = 3_600_000;
/// 2026-11-30 00:00 China time, a Monday.
const MONDAY: i64 = 1_796_400_000_000 - 8 * HOUR;
const SKILLS: [&str; 6] = ["陪伴探访", "助餐送餐", "心理疏导", "法律咨询", "医疗护理", "康复训练"];

/// `/50/5001/5001cc/5001cc00t/5001cc00t00v/` for county c, township t, village v; township 2
/// sits under a functional zone of its county, one level deeper.
fn village(c: u8, t: u8, v: u8) -> (RegionCode, String) {
    let county = format!("5001{c:02}");
    let township = format!("{county}00{t}");
    let code = format!("{township}00{v}");
    let zone = if t == 2 { format!("{county}F01/") } else { String::new() };
    (RegionCode::parse(&code).expect("code"), format!("/50/5001/{county}/{zone}{township}/{code}/"))
}

#[derive(Debug, Clone)]
struct Person {
    home: (u8, u8, u8),
    skills: Vec<usize>,
    window: Option<(u8, u16, u16)>,
    task: Option<(u8, u8)>,
    served: u32,
    rated: u32,
}

fn person() -> impl Strategy<Value = Person> {
    (
        (0u8..3, 0u8..3, 0u8..3),
        proptest::collection::vec(0usize..SKILLS.len(), 0..3),
        proptest::option::of((1u8..=7, 0u16..20, 1u16..10)),
        proptest::option::of((0u8..7, 0u8..12)),
        0u32..8,
        0u32..4,
    )
        .prop_map(|(home, skills, window, task, served, rated)| Person {
            home,
            skills,
            window: window.map(|(d, h, l)| (d, h * 60, ((h + l) * 60).min(1440))),
            task,
            served,
            rated: rated.min(served),
        })
}

/// An index of these people; with `crowded`, 62 other skills are interned first so that some
/// of theirs fall past the 64 fast bits.
fn index_of(people: &[Person], crowded: bool) -> (VolunteerIndex, Vec<VolunteerId>) {
    let mut inner = Inner::default();
    if crowded {
        (0..62).for_each(|i| _ = inner.skill_id(&format!("filler{i}")));
    }
    let mut ids = Vec::new();
    for p in people {
        let (community, path) = village(p.home.0, p.home.1, p.home.2);
        let row = VolunteerRow {
            id: VolunteerId::new(),
            community,
            path,
            skills: p.skills.iter().map(|&s| SKILLS[s].to_owned()).collect(),
            availability: p.window.map(|(weekday, start, end)| Window { weekday, start, end }).into_iter().collect(),
            active: true,
        };
        inner.upsert(&row);
        let commitments = p.task.map(|(day, hour)| {
            let starts_at = MONDAY + i64::from(day) * 24 * HOUR + i64::from(hour + 6) * HOUR;
            Commitment { task: TaskId::new(), starts_at, ends_at: starts_at + 2 * HOUR }
        });
        let feedback = Feedback { served: p.served, rated: p.rated, satisfaction_sum: p.rated * 4 };
        inner.set_activity(row.id, commitments.into_iter().collect(), feedback);
        ids.push(row.id);
    }
    (VolunteerIndex { inner: RwLock::new(inner) }, ids)
}

/// Every volunteer in scope scored, sorted by the index's own order.
fn brute_force(index: &VolunteerIndex, scope: &Scope, wanted: &Wanted, k: usize, now: i64) -> Vec<(VolunteerId, i32)> {
    let inner = index.read();
    let mut all = Vec::new();
    for g in inner.groups.iter().filter(|g| g.path.starts_with(scope.lo())) {
        let path = RegionPath::from_stored(g.path.to_string()).expect("path");
        let ring = Ring::between(&wanted.community, &path);
        for m in &g.members {
            if let Some(score) = super::query::score_one(&inner, wanted, now, m, ring) {
                all.push(((score, Reverse(ring), Reverse(m.id)), m.id));
            }
        }
    }
    all.sort_by_key(|e| Reverse(e.0));
    all.into_iter().take(k).map(|((score, ..), id)| (id, score)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_walk_finds_what_scoring_everybody_finds(
        people in proptest::collection::vec(person(), 0..80),
        crowded: bool,
        need in (0u8..3, 0u8..3, 0u8..4),
        skills in proptest::collection::vec(0usize..SKILLS.len(), 0..4),
        (day, hour, hours) in (0i64..7, 6i64..20, 1i64..4),
        k in 1usize..8,
        scope_depth in 0usize..4,
        elapsed in 0i64..(8 * 24),
    ) {
        let (index, _) = index_of(&people, crowded);
        let (_, need_path) = village(need.0, need.1, need.2);
        let community = RegionPath::from_stored(need_path.clone()).expect("path");
        let starts_at = MONDAY + (day * 24 + hour) * HOUR;
        let wanted = Wanted {
            skills: skills.iter().map(|&s| SKILLS[s].to_owned()).collect(),
            community: community.clone(),
            starts_at,
            ends_at: starts_at + hours * HOUR,
            category: None,
            task: None,
        };
        // The scope: the whole country, Chongqing's city, the need's county or its township.
        let scope_path: String = need_path.split_inclusive('/').take([1, 3, 4, 5][scope_depth]).collect();
        let scope = Scope::under(RegionPath::from_stored(scope_path).expect("scope path"));
        let now = MONDAY + elapsed * HOUR;
        let got: Vec<(VolunteerId, i32)> =
            index.top_at(&scope, &wanted, k, now).into_iter().map(|c| (c.volunteer_id, c.score)).collect();
        prop_assert_eq!(got, brute_force(&index, &scope, &wanted, k, now));
    }
}
