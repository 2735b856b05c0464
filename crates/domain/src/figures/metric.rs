//! What is counted. Each metric is a number of records or a sum over them, kept per region and
//! day; a stock (volunteers, social workers) is read as everything up to the period's end, a flow
//! (visits, needs, money) as what falls inside the period.

use crate::Lang;
use crate::figures::Unit;

macro_rules! metrics {
    ($($v:ident = $key:literal, $zh:literal, $en:literal, $unit:ident, $stock:literal;)*) => {
        /// A figure kept in the rollups.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Metric { $($v,)* }

        impl Metric {
            pub const ALL: &'static [Metric] = &[$(Metric::$v,)*];

            /// The stored name, also the drill-down's path segment.
            pub fn key(self) -> &'static str {
                match self { $(Metric::$v => $key,)* }
            }

            pub fn label(self, lang: Lang) -> &'static str {
                match self { $(Metric::$v => $crate::text::Text::new($zh, $en).get(lang),)* }
            }

            pub fn unit(self) -> Unit {
                match self { $(Metric::$v => Unit::$unit,)* }
            }

            /// Counted up to the period's end rather than within it.
            pub fn is_stock(self) -> bool {
                match self { $(Metric::$v => $stock,)* }
            }
        }
    };
}

metrics! {
    Volunteers = "volunteers", "注册志愿者", "registered volunteers", Count, true;
    Workers = "workers", "社会工作者", "social workers", Count, true;
    WorkersAssistant = "workers_assistant", "助理社会工作师", "assistant social workers", Count, true;
    WorkersIntermediate = "workers_intermediate", "社会工作师", "social workers (intermediate)", Count, true;
    WorkersSenior = "workers_senior", "高级社会工作师", "senior social workers", Count, true;
    VolunteersNew = "volunteers_new", "新注册志愿者", "new volunteers", Count, false;
    HoursEntries = "hours_entries", "志愿服务记录", "volunteer hours entries", Count, false;
    Hours = "hours", "志愿服务时长", "volunteer hours", Minutes, false;
    Activities = "activities", "社区活动", "community activities", Sessions, false;
    Attendances = "attendances", "活动参与", "activity attendance", PersonTimes, false;
    Visits = "visits", "服务记录", "service records", Count, false;
    VisitPeople = "visit_people", "服务人次", "people served by visits", PersonTimes, false;
    VisitMinutes = "visit_minutes", "服务时长", "service time", Minutes, false;
    NeedsReceived = "needs_received", "受理需求", "needs received", Count, false;
    NeedsClosed = "needs_closed", "办结需求", "needs closed", Count, false;
    NeedsClosedInTime = "needs_in_time", "按时响应并办结", "closed, taken up in time", Count, false;
    NeedsSolved = "needs_solved", "已解决", "solved", Count, false;
    NeedsPartlySolved = "needs_partly_solved", "部分解决", "partly solved", Count, false;
    NeedsUnsolved = "needs_unsolved", "未解决", "unsolved", Count, false;
    NeedsReferred = "needs_referred", "已转介他处", "referred elsewhere", Count, false;
    NeedsDeclined = "needs_declined", "服务对象拒绝", "declined by the resident", Count, false;
    Ratings = "ratings", "回访评价", "follow-up ratings", Count, false;
    RatingPoints = "rating_points", "满意度评分合计", "rating points", Count, false;
    Gifts = "gifts", "捐赠笔数", "gifts", Count, false;
    GiftsMoney = "gifts_money", "资金捐赠", "money given", Fen, false;
    GiftsGoods = "gifts_goods", "物资捐赠（折价）", "goods given (value)", Fen, false;
    Matching = "matching", "配捐", "matching", Fen, false;
    Grants = "grants", "资助笔数", "grants paid", Count, false;
    GrantsPaid = "grants_paid", "资助金额", "grant amounts", Fen, false;
    ReliefPaid = "relief_paid", "关爱救助金额", "care-fund relief", Fen, false;
    Wishes = "wishes", "实现微心愿", "wishes fulfilled", Count, false;
    WishesValue = "wishes_value", "微心愿价值", "value of wishes", Fen, false;
    NeedElderlyCare = "needs_elderly_care", "养老照护", "elderly care", Count, false;
    NeedDisabilitySupport = "needs_disability_support", "助残服务", "disability support", Count, false;
    NeedChildrenYouth = "needs_children_youth", "儿童青少年", "children and youth", Count, false;
    NeedHardshipRelief = "needs_hardship_relief", "困难救助", "hardship relief", Count, false;
    NeedMentalHealth = "needs_mental_health", "心理健康", "mental health", Count, false;
    NeedDisputeMediation = "needs_dispute_mediation", "矛盾调解", "dispute mediation", Count, false;
    NeedEmployment = "needs_employment", "就业帮扶", "employment", Count, false;
    NeedMedicalEscort = "needs_medical_escort", "就医陪护", "medical escort", Count, false;
    NeedHomeRepair = "needs_home_repair", "居家维修", "home repair", Count, false;
    NeedOther = "needs_other", "其他", "other", Count, false;
    HoursTask = "hours_task", "时长·志愿任务", "hours: volunteer tasks", Minutes, false;
    HoursActivity = "hours_activity", "时长·社区活动", "hours: community activities", Minutes, false;
    HoursBackEntry = "hours_back_entry", "时长·补录", "hours: back-entries", Minutes, false;
    HoursAmendment = "hours_amendment", "时长·更正", "hours: amendments", Minutes, false;
    // The service network and organizations, as of the period's last day.
    PointsCenter = "points_center", "社会工作指导中心", "guidance centres", Count, true;
    PointsStation = "points_station", "社会工作站", "township stations", Count, true;
    PointsRoom = "points_room", "社会工作室", "community rooms", Count, true;
    Counties = "counties", "县级区域", "county-level units", Count, true;
    Townships = "townships", "乡镇（街道）", "townships", Count, true;
    Villages = "villages", "村（社区）", "communities", Count, true;
    CoveredCounties = "covered_counties", "已建中心的县级区域", "county-level units with a centre", Count, true;
    CoveredTownships = "covered_townships", "已建站的乡镇（街道）", "townships with a station", Count, true;
    CoveredVillages = "covered_villages", "已建室的村（社区）", "communities with a room", Count, true;
    OrgsIndustry = "orgs_industry", "行业组织", "industry associations", Count, true;
    OrgsAgency = "orgs_agency", "民办社会工作服务机构", "social-work agencies", Count, true;
    OrgsFoundation = "orgs_foundation", "基金会", "foundations", Count, true;
    OrgsCommunity = "orgs_community", "社区社会组织", "community organizations", Count, true;
    OrgsOther = "orgs_other", "其他社会组织", "other organizations", Count, true;
}

impl Metric {
    pub fn parse(key: &str) -> Option<Metric> {
        Metric::ALL.iter().copied().find(|m| m.key() == key)
    }

    /// A sum of amounts rather than a number of records: its drill-down's amounts add up to it.
    pub fn is_sum(self) -> bool {
        matches!(self.unit(), Unit::Minutes | Unit::Fen) || self == Metric::RatingPoints
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_parse_back() {
        let mut keys: Vec<_> = Metric::ALL.iter().map(|m| m.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Metric::ALL.len());
        for m in Metric::ALL {
            assert_eq!(Metric::parse(m.key()), Some(*m));
        }
        assert_eq!(Metric::parse("nope"), None);
    }
}
