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
        }
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
}

/// A gift whose transaction was not reversed.
macro_rules! in_force {
    () => {
        "NOT EXISTS (SELECT 1 FROM money_transactions t WHERE t.reverses = x.txn_seq)"
    };
}

const fn def(metric: Metric, source: Source, at: &'static str, value: &'static str, when: &'static str) -> Def {
    Def { metric, source, at, value, when }
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
];

impl Def {
    /// The condition, and a moment to place the record by.
    pub(crate) fn condition(&self) -> String {
        format!("({}) AND {} IS NOT NULL", self.when, self.at)
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
    fn every_rolled_metric_has_one_definition() {
        for m in Metric::ALL.iter().filter(|m| !m.is_direct()) {
            assert_eq!(DEFS.iter().filter(|d| d.metric == *m).count(), 1, "{m:?}");
        }
        assert!(DEFS.iter().all(|d| !d.metric.is_direct()));
    }
}
