//! Matching (推荐): who fits a need — volunteers for a task, organizations for a referral — and
//! why. A score is a sum of integer points, one share per [`MatchReason`], so whatever ranks a
//! candidate is exactly what the page shows beside them. The store gathers the facts; the rules
//! are here, without I/O.

mod reason;
mod top;
pub mod week;

pub use reason::MatchReason;
pub use top::TopK;

use serde::Serialize;

use crate::need::NeedCategory;
use crate::{RegionPath, TaskId};

/// The points each reason is worth. Distance is worth less than skills so that a skilled
/// volunteer one township away ranks above an unskilled neighbour.
pub mod points {
    pub const SKILLS: i32 = 40;
    /// Same community, township, district or county, farther.
    pub const RING: [i32; 4] = [30, 20, 10, 0];
    pub const AVAILABLE: i32 = 20;
    /// More than every other reason can add or take away together: anybody already taken at that
    /// time ranks below everybody who is not.
    pub const BUSY: i32 = -150;
    const LOAD_EACH: i32 = -4;
    const LOAD_FLOOR: i32 = -20;
    const EXPERIENCE_EACH: i32 = 2;
    const EXPERIENCE_MAX: i32 = 10;
    /// Satisfaction moves a score by at most this much either way, and only with four or more
    /// rated needs: one follow-up call says little about a volunteer.
    const SATISFACTION_MAX: i32 = 5;
    const SATISFACTION_FULL_AFTER: u32 = 4;
    /// The most feedback can add.
    pub const FEEDBACK_MAX: i32 = EXPERIENCE_MAX + SATISFACTION_MAX;
    pub const CATEGORY: i32 = 40;
    /// Serving the community itself, its township, its district or county, a wider area.
    pub const SERVES: [i32; 4] = [30, 25, 20, 15];
    const HEADROOM_EACH: i64 = 2;
    const HEADROOM_MAX: i64 = 20;
    pub const FULL: i32 = -50;

    /// A share of [`SKILLS`] in proportion to the skills held; nothing when none are asked for.
    pub fn skills(matched: u32, wanted: u32) -> i32 {
        if wanted == 0 {
            return 0;
        }
        let share = i64::from(SKILLS) * i64::from(matched.min(wanted)) / i64::from(wanted);
        i32::try_from(share).unwrap_or(SKILLS)
    }

    pub fn load(tasks: u32) -> i32 {
        i32::try_from(tasks).map_or(LOAD_FLOOR, |n| n.saturating_mul(LOAD_EACH).max(LOAD_FLOOR))
    }

    pub fn experience(served: u32) -> i32 {
        i32::try_from(served).map_or(EXPERIENCE_MAX, |n| n.saturating_mul(EXPERIENCE_EACH).min(EXPERIENCE_MAX))
    }

    /// From the mean satisfaction in tenths (10–50, 30 neutral) over `rated` needs.
    pub fn satisfaction(tenths: u32, rated: u32) -> i32 {
        let off = i64::from(tenths.clamp(10, 50)) - 30;
        let weight = i64::from(rated.min(SATISFACTION_FULL_AFTER));
        let full = i64::from(SATISFACTION_FULL_AFTER) * 20 / i64::from(SATISFACTION_MAX);
        i32::try_from(off * weight / full).unwrap_or(0)
    }

    pub fn headroom(free: i64) -> i32 {
        i32::try_from(free.clamp(0, HEADROOM_MAX / HEADROOM_EACH) * HEADROOM_EACH).unwrap_or(0)
    }
}

/// How far a candidate is from the need's community in the region tree. The district or county
/// is the ancestor with a six-digit national code, so a township an administrator placed under
/// a functional zone is still in its county's ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ring {
    Community = 0,
    Township = 1,
    County = 2,
    /// The same city, or farther.
    Further = 3,
}

impl Ring {
    pub const ALL: [Ring; 4] = [Ring::Community, Ring::Township, Ring::County, Ring::Further];

    pub fn index(self) -> usize {
        self as usize
    }

    /// Another community as seen from the need's community.
    pub fn between(need: &RegionPath, other: &RegionPath) -> Ring {
        let (need, other) = (need.as_str(), other.as_str());
        if need == other {
            Ring::Community
        } else if parent_of(need) == parent_of(other) {
            Ring::Township
        } else if county_of(need) == county_of(other) {
            Ring::County
        } else {
            Ring::Further
        }
    }

    /// A region holding the need's community (one an organization serves), as seen from it;
    /// `None` when it does not hold the community.
    pub fn above(need: &RegionPath, region: &RegionPath) -> Option<Ring> {
        let (need, region) = (need.as_str(), region.as_str());
        if !need.starts_with(region) {
            None
        } else if need == region {
            Some(Ring::Community)
        } else if parent_of(need) == region {
            Some(Ring::Township)
        } else if region.len() >= county_of(need).len() {
            Some(Ring::County)
        } else {
            Some(Ring::Further)
        }
    }

    pub fn points(self) -> i32 {
        points::RING[self.index()]
    }

    pub fn reason(self) -> MatchReason {
        [MatchReason::SameCommunity, MatchReason::SameTownship, MatchReason::SameCounty, MatchReason::Farther]
            [self.index()]
    }
}

/// The path of the region directly above a path (`/50/5001/` → `/50/`; the root stays `/`).
pub fn parent_of(path: &str) -> &str {
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    trimmed.rfind('/').map_or("/", |i| &path[..=i])
}

/// The path of the district or county holding a path: its last ancestor (or itself) with a
/// six-digit national code, functional zones below it skipped; two levels up where there is none.
pub fn county_of(path: &str) -> &str {
    let mut end = None;
    let mut at = 0;
    for segment in path.split_inclusive('/') {
        at += segment.len();
        let code = segment.trim_end_matches('/');
        if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
            end = Some(at);
        }
    }
    end.map_or_else(|| parent_of(parent_of(path)), |e| &path[..e])
}

/// What a need wants of a volunteer task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// Skill names from the managed list; may be empty.
    pub skills: Vec<String>,
    /// The need's community.
    pub community: RegionPath,
    /// The task window, epoch milliseconds.
    pub starts_at: i64,
    pub ends_at: i64,
    /// Used for organizations; volunteers hold skills, not categories.
    pub category: Option<NeedCategory>,
    /// The task being filled, once it exists: volunteers who already accepted it are not
    /// candidates for it.
    pub task: Option<TaskId>,
}

/// A volunteer's record of service, from the tables as they stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Feedback {
    /// Tasks they checked out of (still accepted, not cancelled).
    pub served: u32,
    /// Needs behind those tasks with a follow-up satisfaction, and its sum (each 1–5).
    pub rated: u32,
    pub satisfaction_sum: u32,
}

impl Feedback {
    /// The mean satisfaction in tenths, rounded.
    pub fn satisfaction_tenths(&self) -> Option<u32> {
        let tenths = u64::from(self.satisfaction_sum) * 10 + u64::from(self.rated) / 2;
        (self.rated > 0).then(|| u32::try_from(tenths / u64::from(self.rated)).unwrap_or(50))
    }

    pub fn reason(&self) -> Option<MatchReason> {
        (self.served > 0 || self.rated > 0).then_some(MatchReason::Feedback {
            served: self.served,
            rated: self.rated,
            satisfaction_tenths: self.satisfaction_tenths(),
        })
    }

    pub fn points(&self) -> i32 {
        self.reason().map_or(0, |r| r.points())
    }
}

/// What is known of one volunteer against one task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VolunteerFacts {
    pub ring: Ring,
    /// Skills of the task they hold, of `wanted`.
    pub matched: u32,
    pub wanted: u32,
    /// Their weekly availability covers the window (see [`week::covers`]).
    pub available: bool,
    /// An accepted task of theirs overlaps the window.
    pub busy: bool,
    /// Accepted tasks not yet over.
    pub load: u32,
    pub feedback: Feedback,
}

impl VolunteerFacts {
    /// The sum of the points of [`Self::reasons`], computed without building them.
    pub fn score(&self) -> i32 {
        points::skills(self.matched, self.wanted)
            + self.ring.points()
            + if self.available { points::AVAILABLE } else { 0 }
            + if self.busy { points::BUSY } else { 0 }
            + points::load(self.load)
            + self.feedback.points()
    }

    pub fn reasons(&self) -> Vec<MatchReason> {
        let mut out = Vec::with_capacity(6);
        if self.wanted > 0 {
            out.push(MatchReason::SkillsMatched { matched: self.matched.min(self.wanted), wanted: self.wanted });
        }
        out.push(self.ring.reason());
        out.push(if self.available { MatchReason::Available } else { MatchReason::NotAvailable });
        if self.busy {
            out.push(MatchReason::Busy);
        }
        if self.load > 0 {
            out.push(MatchReason::Load { tasks: self.load });
        }
        out.extend(self.feedback.reason());
        out
    }
}

/// The highest score any volunteer can reach in `ring` holding at most `matched` of `wanted`
/// skills, free only if `may_be_available`, with feedback worth at most `feedback_points`. The
/// index skips whole regions whose bound cannot beat its current k-th candidate.
pub fn volunteer_bound(ring: Ring, matched: u32, wanted: u32, may_be_available: bool, feedback_points: i32) -> i32 {
    points::skills(matched, wanted)
        + ring.points()
        + if may_be_available { points::AVAILABLE } else { 0 }
        + feedback_points.min(points::FEEDBACK_MAX)
}

/// The organizations' service category for a need category (organizations say 养老服务 where
/// needs say 养老照护; the other names agree).
pub fn service_category(category: NeedCategory) -> &'static str {
    match category {
        NeedCategory::ElderlyCare => "养老服务",
        other => other.label(crate::Lang::Zh),
    }
}

/// How an organization's categories meet the need's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryFit {
    NotAsked,
    Fits(NeedCategory),
    Outside(NeedCategory),
}

impl CategoryFit {
    pub fn of(categories: &[String], wanted: Option<NeedCategory>) -> CategoryFit {
        match wanted {
            None => CategoryFit::NotAsked,
            Some(c) if categories.iter().any(|s| s == service_category(c)) => CategoryFit::Fits(c),
            Some(c) => CategoryFit::Outside(c),
        }
    }
}

/// What is known of one organization against one need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrganizationFacts {
    pub category: CategoryFit,
    /// The nearest served region that holds the need's community.
    pub serves: Ring,
    /// Cases it can take at once; 0 when not given.
    pub capacity: i64,
    /// Accepted referrals of needs still open.
    pub open_referrals: i64,
}

impl OrganizationFacts {
    pub fn reasons(&self) -> Vec<MatchReason> {
        let mut out = Vec::with_capacity(3);
        match self.category {
            CategoryFit::NotAsked => {}
            CategoryFit::Fits(category) => out.push(MatchReason::CategoryFits { category }),
            CategoryFit::Outside(category) => out.push(MatchReason::CategoryOutside { category }),
        }
        out.push(
            [
                MatchReason::ServesCommunity,
                MatchReason::ServesTownship,
                MatchReason::ServesCounty,
                MatchReason::ServesWider,
            ][self.serves.index()],
        );
        let free = self.capacity - self.open_referrals.max(0);
        out.push(match self.capacity {
            c if c <= 0 => MatchReason::CapacityUnstated,
            capacity if free > 0 => MatchReason::Headroom { free, capacity },
            capacity => MatchReason::Full { capacity, open: self.open_referrals },
        });
        out
    }

    pub fn score(&self) -> i32 {
        self.reasons().iter().map(MatchReason::points).sum()
    }
}

#[cfg(test)]
mod tests;
