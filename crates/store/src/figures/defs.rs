//! What each rolled-up metric counts, written once: the record's table, the moment that places it
//! in a period, its amount and the condition. The rollups are kept from these facts, the rebuild
//! and check recompute from them, and the drill-down lists the records they match.

use wushe_domain::figures::Metric;

/// A kind of record the figures count. Every table has an `id` and a `region_code`; the record is
/// aliased `x` in the definitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Volunteer,
    SocialWorker,
    HoursEntry,
    Activity,
    Signup,
    ServiceRecord,
    Need,
    Donation,
    Grant,
    Relief,
    Wish,
    ServicePoint,
    Organization,
    /// The regions themselves: how many there are below, and how many have a point.
    Region,
}

impl Source {
    pub(crate) fn table(self) -> &'static str {
        match self {
            Source::Volunteer => "volunteers",
            Source::SocialWorker => "social_workers",
            Source::HoursEntry => "hours_entries",
            Source::Activity => "activities",
            Source::Signup => "activity_signups",
            Source::ServiceRecord => "service_records",
            Source::Need => "needs",
            Source::Donation => "donations",
            Source::Grant => "grants",
            Source::Relief => "relief_applications",
            Source::Wish => "wishes",
            Source::ServicePoint => "service_points",
            Source::Organization => "organizations",
            Source::Region => "regions",
        }
    }

    /// The record's id.
    pub(crate) fn id(self) -> &'static str {
        if self == Source::Region { "x.code" } else { "x.id" }
    }

    /// The region the record counts in. A region counts in the one above it: the figures say
    /// how many units there are below a region, and how many of them have a point.
    pub(crate) fn region(self) -> &'static str {
        if self == Source::Region { "x.parent_code" } else { "x.region_code" }
    }

    /// Placed by a day (`YYYY-MM-DD`) rather than a moment in epoch milliseconds.
    pub(crate) fn dated(self) -> bool {
        matches!(self, Source::ServicePoint | Source::Organization | Source::Region)
    }

    /// What a drill-down row shows of the record: never a sealed column.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Source::Volunteer => "x.volunteer_no",
            Source::SocialWorker => "x.licence",
            Source::HoursEntry => "x.recorder",
            Source::Activity => "x.title",
            Source::Signup => "x.role",
            Source::ServiceRecord => "x.kind",
            Source::Need => "x.category",
            Source::Donation => "x.kind",
            Source::Grant => "x.purpose",
            Source::Relief => "x.reason",
            Source::Wish => "x.wish",
            Source::ServicePoint | Source::Organization | Source::Region => "x.name",
        }
    }
}

/// One metric's definition: SQL fragments over the record `x`.
#[derive(Debug, Clone, Copy)]
pub struct Def {
    pub metric: Metric,
    pub source: Source,
    /// The moment (epoch ms) that places the record in a period.
    pub at: &'static str,
    /// What it adds: 1 for a count, else an amount.
    pub value: &'static str,
    pub when: &'static str,
    /// For a stock that can end (a point closed): when it stops counting, or NULL while it counts.
    pub until: Option<&'static str>,
}

/// A gift whose transaction was not reversed.
macro_rules! in_force {
    () => {
        "NOT EXISTS (SELECT 1 FROM money_transactions t WHERE t.reverses = x.txn_seq)"
    };
}

const fn def(metric: Metric, source: Source, at: &'static str, value: &'static str, when: &'static str) -> Def {
    Def { metric, source, at, value, when, until: None }
}

/// A service point of a level: counts from the day it opened until the day it closed.
const fn point(metric: Metric, when: &'static str) -> Def {
    Def { metric, source: Source::ServicePoint, at: "x.opened_on", value: "1", when, until: Some("x.closed_on") }
}

const fn organization(metric: Metric, when: &'static str) -> Def {
    Def { metric, source: Source::Organization, at: "x.registered_on", value: "1", when, until: None }
}

/// Regions of a level: there from the start.
const fn units(metric: Metric, when: &'static str) -> Def {
    Def { metric, source: Source::Region, at: "'1970-01-01'", value: "1", when, until: None }
}

/// A region of `$level` is covered from the day its first point of `$point` opened, and stops
/// being covered when its last one closed (none open). A gap between two points is not counted.
macro_rules! covered {
    ($metric:expr, $level:literal, $point:literal) => {
        Def {
            metric: $metric,
            source: Source::Region,
            at: concat!(
                "(SELECT MIN(p.opened_on) FROM service_points p WHERE p.region_code = x.code AND p.level = '",
                $point,
                "')"
            ),
            value: "1",
            // The set of regions with such a point is found once, not asked for every region.
            when: concat!(
                "x.level = ",
                $level,
                " AND x.code IN (SELECT p.region_code FROM service_points p WHERE p.level = '",
                $point,
                "')"
            ),
            until: Some(concat!(
                "(SELECT MAX(p.closed_on) FROM service_points p WHERE p.region_code = x.code AND p.level = '",
                $point,
                "' AND NOT EXISTS (SELECT 1 FROM service_points q WHERE q.region_code = x.code AND q.level = '",
                $point,
                "' AND q.closed_on IS NULL))"
            )),
        }
    };
}

/// An hours entry no later entry amends: the amendment counts in its place.
macro_rules! standing {
    () => {
        "NOT EXISTS (SELECT 1 FROM hours_entries a WHERE a.amends = x.seq)"
    };
}
const STANDING: &str = standing!();

const CLOSED: &str = "x.status = 'closed'";

pub const DEFS: &[Def] = &[
    def(Metric::Volunteers, Source::Volunteer, "x.created_at", "1", "1 = 1"),
    def(Metric::VolunteersNew, Source::Volunteer, "x.created_at", "1", "1 = 1"),
    def(Metric::Workers, Source::SocialWorker, "x.created_at", "1", "1 = 1"),
    def(Metric::WorkersAssistant, Source::SocialWorker, "x.created_at", "1", "x.licence = 'assistant'"),
    def(Metric::WorkersIntermediate, Source::SocialWorker, "x.created_at", "1", "x.licence = 'intermediate'"),
    def(Metric::WorkersSenior, Source::SocialWorker, "x.created_at", "1", "x.licence = 'senior'"),
    def(Metric::HoursEntries, Source::HoursEntry, "x.starts_at", "1", STANDING),
    def(Metric::Hours, Source::HoursEntry, "x.starts_at", "x.minutes", STANDING),
    def(Metric::Activities, Source::Activity, "x.starts_at", "1", "x.status = 'published'"),
    def(Metric::Attendances, Source::Signup, "x.check_in_at", "1", "x.status = 'signed' AND x.check_in_at IS NOT NULL"),
    def(Metric::Visits, Source::ServiceRecord, "x.served_at", "1", "1 = 1"),
    def(Metric::VisitPeople, Source::ServiceRecord, "x.served_at", "x.person_times", "1 = 1"),
    def(Metric::VisitMinutes, Source::ServiceRecord, "x.served_at", "x.minutes", "1 = 1"),
    def(Metric::NeedsReceived, Source::Need, "x.created_at", "1", "1 = 1"),
    def(Metric::NeedsClosed, Source::Need, "x.closed_at", "1", CLOSED),
    def(
        Metric::NeedsClosedInTime,
        Source::Need,
        "x.closed_at",
        "1",
        "x.status = 'closed' AND x.taken_at IS NOT NULL AND x.taken_at <= x.due_at",
    ),
    def(Metric::NeedsSolved, Source::Need, "x.closed_at", "1", "x.status = 'closed' AND x.outcome = 'solved'"),
    def(
        Metric::NeedsPartlySolved,
        Source::Need,
        "x.closed_at",
        "1",
        "x.status = 'closed' AND x.outcome = 'partly_solved'",
    ),
    def(Metric::NeedsUnsolved, Source::Need, "x.closed_at", "1", "x.status = 'closed' AND x.outcome = 'unsolved'"),
    def(Metric::NeedsReferred, Source::Need, "x.closed_at", "1", "x.status = 'closed' AND x.outcome = 'referred'"),
    def(Metric::NeedsDeclined, Source::Need, "x.closed_at", "1", "x.status = 'closed' AND x.outcome = 'declined'"),
    def(Metric::Ratings, Source::Need, "x.closed_at", "1", "x.status = 'closed' AND x.satisfaction IS NOT NULL"),
    def(
        Metric::RatingPoints,
        Source::Need,
        "x.closed_at",
        "x.satisfaction",
        "x.status = 'closed' AND x.satisfaction IS NOT NULL",
    ),
    def(Metric::Gifts, Source::Donation, "x.created_at", "1", in_force!()),
    def(
        Metric::GiftsMoney,
        Source::Donation,
        "x.created_at",
        "x.amount",
        concat!("x.kind = 'money' AND ", in_force!()),
    ),
    def(
        Metric::GiftsGoods,
        Source::Donation,
        "x.created_at",
        "x.amount",
        concat!("x.kind = 'goods' AND ", in_force!()),
    ),
    def(Metric::Matching, Source::Donation, "x.created_at", "x.matched", concat!("x.matched > 0 AND ", in_force!())),
    def(Metric::Grants, Source::Grant, "x.decided_at", "1", "x.status = 'paid'"),
    def(Metric::GrantsPaid, Source::Grant, "x.decided_at", "x.amount", "x.status = 'paid'"),
    def(Metric::ReliefPaid, Source::Relief, "x.decided_at", "x.amount", "x.status = 'paid'"),
    def(Metric::Wishes, Source::Wish, "x.fulfilled_at", "1", "x.status = 'fulfilled'"),
    def(Metric::WishesValue, Source::Wish, "x.fulfilled_at", "x.value", "x.status = 'fulfilled'"),
    def(Metric::NeedElderlyCare, Source::Need, "x.created_at", "1", "x.category = 'elderly_care'"),
    def(Metric::NeedDisabilitySupport, Source::Need, "x.created_at", "1", "x.category = 'disability_support'"),
    def(Metric::NeedChildrenYouth, Source::Need, "x.created_at", "1", "x.category = 'children_youth'"),
    def(Metric::NeedHardshipRelief, Source::Need, "x.created_at", "1", "x.category = 'hardship_relief'"),
    def(Metric::NeedMentalHealth, Source::Need, "x.created_at", "1", "x.category = 'mental_health'"),
    def(Metric::NeedDisputeMediation, Source::Need, "x.created_at", "1", "x.category = 'dispute_mediation'"),
    def(Metric::NeedEmployment, Source::Need, "x.created_at", "1", "x.category = 'employment'"),
    def(Metric::NeedMedicalEscort, Source::Need, "x.created_at", "1", "x.category = 'medical_escort'"),
    def(Metric::NeedHomeRepair, Source::Need, "x.created_at", "1", "x.category = 'home_repair'"),
    def(Metric::NeedOther, Source::Need, "x.created_at", "1", "x.category = 'other'"),
    def(
        Metric::HoursTask,
        Source::HoursEntry,
        "x.starts_at",
        "x.minutes",
        concat!("x.source = 'task' AND ", standing!()),
    ),
    def(
        Metric::HoursActivity,
        Source::HoursEntry,
        "x.starts_at",
        "x.minutes",
        concat!("x.source = 'activity' AND ", standing!()),
    ),
    def(
        Metric::HoursBackEntry,
        Source::HoursEntry,
        "x.starts_at",
        "x.minutes",
        concat!("x.source = 'back_entry' AND ", standing!()),
    ),
    def(
        Metric::HoursAmendment,
        Source::HoursEntry,
        "x.starts_at",
        "x.minutes",
        concat!("x.source = 'amendment' AND ", standing!()),
    ),
    point(Metric::PointsCenter, "x.level = 'center'"),
    point(Metric::PointsStation, "x.level = 'station'"),
    point(Metric::PointsRoom, "x.level = 'room'"),
    units(Metric::Counties, "x.level = 3"),
    units(Metric::Townships, "x.level = 4"),
    units(Metric::Villages, "x.level = 5"),
    covered!(Metric::CoveredCounties, "3", "center"),
    covered!(Metric::CoveredTownships, "4", "station"),
    covered!(Metric::CoveredVillages, "5", "room"),
    organization(Metric::OrgsIndustry, "x.kind = 'industry_association' AND x.status = 'active'"),
    organization(Metric::OrgsAgency, "x.kind = 'social_work_agency' AND x.status = 'active'"),
    organization(Metric::OrgsFoundation, "x.kind = 'foundation' AND x.status = 'active'"),
    organization(Metric::OrgsCommunity, "x.kind = 'community_organization' AND x.status = 'active'"),
    organization(Metric::OrgsOther, "x.kind = 'other' AND x.status = 'active'"),
];

impl Def {
    /// The condition, and a moment to place the record by.
    pub(crate) fn condition(&self) -> String {
        format!("({}) AND {} IS NOT NULL", self.when, self.at)
    }

    /// The facts' SELECTs over `x` joined to its region `r`, with `filter` added: one adding the
    /// value at its moment, and for an ending stock one taking it away when it ends.
    pub(crate) fn branches(&self, filter: &str) -> Vec<String> {
        let from = format!(
            "FROM {table} x JOIN regions r ON r.code = {region} WHERE {filter} AND {cond}",
            table = self.source.table(),
            region = self.source.region(),
            cond = self.condition()
        );
        let select = |at: &str, sign: &str| {
            format!(
                "SELECT '{metric}' AS metric, r.path AS path, {at} AS at, CAST({sign}({value}) AS BIGINT) AS value {from}",
                metric = self.metric.key(),
                value = self.value,
            )
        };
        let mut out = vec![select(self.at, "")];
        if let Some(until) = self.until {
            out.push(format!("{} AND {until} IS NOT NULL", select(until, "-")));
        }
        out
    }
}

pub fn of(metric: Metric) -> Option<&'static Def> {
    DEFS.iter().find(|d| d.metric == metric)
}

pub fn of_source(source: Source) -> impl Iterator<Item = &'static Def> {
    DEFS.iter().filter(move |d| d.source == source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_has_one_definition() {
        for m in Metric::ALL {
            assert_eq!(DEFS.iter().filter(|d| d.metric == *m).count(), 1, "{m:?}");
        }
        // A closing moment only makes sense for what is counted up to a day.
        assert!(DEFS.iter().all(|d| d.until.is_none() || d.metric.is_stock()));
    }
}
