use proptest::prelude::*;

use super::*;

fn path(s: &str) -> RegionPath {
    RegionPath::from_stored(s.to_owned()).expect("path")
}

fn facts(ring: Ring, matched: u32, wanted: u32) -> VolunteerFacts {
    VolunteerFacts { ring, matched, wanted, available: true, busy: false, load: 0, feedback: Feedback::default() }
}

#[test]
fn rings_follow_the_region_tree() {
    let need = path("/50/5001/500101/500101001/500101001001/");
    let ring = |p: &str| Ring::between(&need, &path(p));
    assert_eq!(ring("/50/5001/500101/500101001/500101001001/"), Ring::Community);
    assert_eq!(ring("/50/5001/500101/500101001/500101001002/"), Ring::Township);
    assert_eq!(ring("/50/5001/500101/500101017/500101017001/"), Ring::County);
    assert_eq!(ring("/50/5001/500102/500102006/500102006001/"), Ring::Further);
    assert_eq!(ring("/11/1101/110101/110101001/110101001001/"), Ring::Further);
    // A township placed under a functional zone of the district is still in the district.
    let zoned = path("/50/5001/500101/500101F01/500101017/500101017001/");
    assert_eq!(Ring::between(&need, &zoned), Ring::County);
    assert_eq!(Ring::between(&zoned, &need), Ring::County);
    assert_eq!(county_of(zoned.as_str()), "/50/5001/500101/");
    assert_eq!(parent_of(zoned.as_str()), "/50/5001/500101/500101F01/500101017/");
    // Served regions above the community.
    let above = |p: &str| Ring::above(&need, &path(p));
    assert_eq!(above("/50/5001/500101/500101001/500101001001/"), Some(Ring::Community));
    assert_eq!(above("/50/5001/500101/500101001/"), Some(Ring::Township));
    assert_eq!(above("/50/5001/500101/"), Some(Ring::County));
    assert_eq!(above("/50/"), Some(Ring::Further));
    assert_eq!(above("/"), Some(Ring::Further));
    assert_eq!(above("/50/5001/500102/"), None);
    assert_eq!(Ring::above(&zoned, &path("/50/5001/500101/500101F01/")), Some(Ring::County));
}

#[test]
fn a_skilled_free_neighbour_ranks_first_and_says_why() {
    let best = facts(Ring::Community, 2, 2);
    assert_eq!(best.score(), 90);
    assert_eq!(
        best.reasons(),
        [MatchReason::SkillsMatched { matched: 2, wanted: 2 }, MatchReason::SameCommunity, MatchReason::Available]
    );
    // Skills outweigh one ring of distance; being taken at that time outweighs everything.
    assert!(facts(Ring::Township, 2, 2).score() > facts(Ring::Community, 1, 2).score());
    let busy = VolunteerFacts { busy: true, load: 1, ..best };
    assert!(busy.score() < VolunteerFacts { available: false, ..facts(Ring::Further, 0, 2) }.score());
    assert!(busy.reasons().contains(&MatchReason::Busy) && busy.reasons().contains(&MatchReason::Load { tasks: 1 }));
    // No skills asked: no skills reason.
    assert_eq!(facts(Ring::County, 0, 0).reasons()[0], MatchReason::SameCounty);
}

#[test]
fn feedback_counts_service_and_weighs_satisfaction_by_how_much_is_known() {
    let one = Feedback { served: 1, rated: 1, satisfaction_sum: 5 };
    let many = Feedback { served: 8, rated: 4, satisfaction_sum: 20 };
    let poor = Feedback { served: 8, rated: 4, satisfaction_sum: 4 };
    assert_eq!((one.points(), many.points(), poor.points()), (2 + 1, 10 + 5, 10 - 5));
    assert_eq!(one.satisfaction_tenths(), Some(50));
    assert_eq!(Feedback { served: 3, rated: 3, satisfaction_sum: 13 }.satisfaction_tenths(), Some(43));
    assert_eq!(Feedback::default().reason(), None);
}

#[test]
fn organizations_rank_by_fit_reach_and_headroom() {
    let cats = vec!["养老服务".to_owned(), "心理健康".to_owned()];
    assert_eq!(CategoryFit::of(&cats, Some(NeedCategory::ElderlyCare)), CategoryFit::Fits(NeedCategory::ElderlyCare));
    assert_eq!(CategoryFit::of(&cats, Some(NeedCategory::Employment)), CategoryFit::Outside(NeedCategory::Employment));
    let near = OrganizationFacts {
        category: CategoryFit::Fits(NeedCategory::ElderlyCare),
        serves: Ring::Township,
        capacity: 10,
        open_referrals: 7,
    };
    assert_eq!(
        near.reasons(),
        [
            MatchReason::CategoryFits { category: NeedCategory::ElderlyCare },
            MatchReason::ServesTownship,
            MatchReason::Headroom { free: 3, capacity: 10 },
        ]
    );
    assert_eq!(near.score(), 40 + 25 + 6);
    let full = OrganizationFacts { open_referrals: 10, ..near };
    assert_eq!(full.reasons()[2], MatchReason::Full { capacity: 10, open: 10 });
    let unfit = OrganizationFacts { category: CategoryFit::Outside(NeedCategory::ElderlyCare), ..near };
    assert!(full.score() < unfit.score() && unfit.score() < near.score());
    assert_eq!(OrganizationFacts { capacity: 0, ..near }.reasons()[2], MatchReason::CapacityUnstated);
}

fn any_ring() -> impl Strategy<Value = Ring> {
    (0usize..4).prop_map(|i| Ring::ALL[i])
}

prop_compose! {
    fn any_facts()(ring in any_ring(), wanted in 0u32..6, extra in 0u32..6, available: bool, busy: bool,
                   load in 0u32..10, served in 0u32..20, rated in 0u32..10, marks in 0u32..5)
                   -> VolunteerFacts {
        let feedback = Feedback { served, rated, satisfaction_sum: rated * (marks + 1) };
        VolunteerFacts { ring, matched: extra.min(wanted), wanted, available, busy, load, feedback }
    }
}

proptest! {
    #[test]
    fn the_score_is_the_sum_of_the_reasons(f in any_facts()) {
        prop_assert_eq!(f.score(), f.reasons().iter().map(MatchReason::points).sum::<i32>());
    }

    #[test]
    fn more_skills_nearer_and_free_never_lower_a_score(f in any_facts()) {
        let score = f.score();
        if f.matched < f.wanted {
            let more = VolunteerFacts { matched: f.matched + 1, ..f };
            prop_assert!(more.score() >= score);
        }
        if f.ring > Ring::Community {
            let nearer = VolunteerFacts { ring: Ring::ALL[f.ring.index() - 1], ..f };
            prop_assert!(nearer.score() > score);
        }
        let (free, idle, loaded) =
            (VolunteerFacts { available: true, ..f }, VolunteerFacts { busy: false, ..f }, VolunteerFacts { load: f.load + 1, ..f });
        prop_assert!(free.score() >= score && idle.score() >= score && loaded.score() <= score);
    }

    #[test]
    fn anybody_busy_ranks_below_everybody_not(a in any_facts(), b in any_facts()) {
        let (busy, free) = (VolunteerFacts { busy: true, ..a }, VolunteerFacts { busy: false, ..b });
        prop_assert!(busy.score() < free.score());
    }

    /// The bound the index prunes with is never below a real score it covers.
    #[test]
    fn the_bound_covers_every_score(f in any_facts(), more in 0u32..3) {
        let bound = volunteer_bound(f.ring, (f.matched + more).min(f.wanted), f.wanted, f.available, f.feedback.points());
        prop_assert!(bound >= f.score());
        prop_assert!(volunteer_bound(f.ring, f.wanted, f.wanted, true, points::FEEDBACK_MAX) >= f.score());
    }

    #[test]
    fn organization_scores_sum_their_reasons(serves in any_ring(), capacity in 0i64..50, open in 0i64..60, fit in 0u8..3) {
        let category = [CategoryFit::NotAsked, CategoryFit::Fits(NeedCategory::Employment),
            CategoryFit::Outside(NeedCategory::Employment)][usize::from(fit)];
        let o = OrganizationFacts { category, serves, capacity, open_referrals: open };
        prop_assert_eq!(o.score(), o.reasons().iter().map(MatchReason::points).sum::<i32>());
        let busier = OrganizationFacts { open_referrals: open + 1, ..o };
        prop_assert!(busier.score() <= o.score());
    }
}
