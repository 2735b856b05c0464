//! How the summary is laid out and read: its sections, how each unit is written, and the rates
//! made of two figures (each of which drills down on its own).

use crate::Lang;
use crate::figures::{Metric, Unit};
use crate::money::yuan;
use crate::text::Text;

pub struct Section {
    pub key: &'static str,
    zh: &'static str,
    en: &'static str,
    pub metrics: &'static [Metric],
}

impl Section {
    pub fn title(&self, lang: Lang) -> &'static str {
        Text::new(self.zh, self.en).get(lang)
    }
}

use Metric as M;

pub const SECTIONS: &[Section] = &[
    Section {
        key: "network",
        zh: "三级服务网络",
        en: "The service network",
        metrics: &[
            M::PointsCenter,
            M::PointsStation,
            M::PointsRoom,
            M::Counties,
            M::CoveredCounties,
            M::Townships,
            M::CoveredTownships,
            M::Villages,
            M::CoveredVillages,
        ],
    },
    Section {
        key: "organizations",
        zh: "社会组织",
        en: "Social organizations",
        metrics: &[M::OrgsIndustry, M::OrgsAgency, M::OrgsFoundation, M::OrgsCommunity, M::OrgsOther],
    },
    Section {
        key: "people",
        zh: "社会工作者与志愿者",
        en: "Social workers and volunteers",
        metrics: &[
            M::Workers,
            M::WorkersAssistant,
            M::WorkersIntermediate,
            M::WorkersSenior,
            M::Volunteers,
            M::VolunteersNew,
            M::HoursEntries,
            M::Hours,
        ],
    },
    Section {
        key: "services",
        zh: "服务与活动",
        en: "Services and activities",
        metrics: &[M::Visits, M::VisitPeople, M::VisitMinutes, M::Activities, M::Attendances],
    },
    Section {
        key: "needs",
        zh: "需求办理（急难愁盼）",
        en: "Needs answered",
        metrics: &[
            M::NeedsReceived,
            M::NeedsClosed,
            M::NeedsClosedInTime,
            M::NeedsSolved,
            M::NeedsPartlySolved,
            M::NeedsUnsolved,
            M::NeedsReferred,
            M::NeedsDeclined,
            M::Ratings,
            M::RatingPoints,
        ],
    },
    Section {
        key: "categories",
        zh: "需求类别（受理）",
        en: "Needs received by category",
        metrics: &[
            M::NeedElderlyCare,
            M::NeedDisabilitySupport,
            M::NeedChildrenYouth,
            M::NeedHardshipRelief,
            M::NeedMentalHealth,
            M::NeedDisputeMediation,
            M::NeedEmployment,
            M::NeedMedicalEscort,
            M::NeedHomeRepair,
            M::NeedOther,
        ],
    },
    Section {
        key: "hours_sources",
        zh: "志愿服务时长来源",
        en: "Volunteer hours by source",
        metrics: &[M::HoursTask, M::HoursActivity, M::HoursBackEntry, M::HoursAmendment],
    },
    Section {
        key: "charity",
        zh: "慈善资源",
        en: "Charity resources",
        metrics: &[
            M::Gifts,
            M::GiftsMoney,
            M::GiftsGoods,
            M::Matching,
            M::Grants,
            M::GrantsPaid,
            M::ReliefPaid,
            M::Wishes,
            M::WishesValue,
        ],
    },
];

/// What "charity resources linked" adds up: money and goods given, matching, wishes fulfilled.
pub const LINKED: [Metric; 4] = [M::GiftsMoney, M::GiftsGoods, M::Matching, M::WishesValue];

/// The metrics of the section with this key (none for an unknown key).
pub fn section(key: &str) -> &'static [Metric] {
    SECTIONS.iter().find(|s| s.key == key).map_or(&[], |s| s.metrics)
}

/// A value as people read it: hours with one decimal, yuan with two, counts as they are.
pub fn shown(unit: Unit, value: i64) -> String {
    match unit {
        Unit::Minutes => {
            let tenths = (i128::from(value) * 10 / 60) as i64;
            let sign = if tenths < 0 { "-" } else { "" };
            format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10)
        }
        Unit::Fen => yuan(value),
        _ => value.to_string(),
    }
}

/// `part / whole` in per mille, rounded half up; none when there is no whole.
pub fn per_mille(part: i64, whole: i64) -> Option<i64> {
    if whole <= 0 {
        return None;
    }
    let pm = (i128::from(part) * 2000 + i128::from(whole)) / (i128::from(whole) * 2);
    i64::try_from(pm).ok()
}

pub fn percent_text(pm: Option<i64>) -> String {
    match pm {
        Some(pm) => format!("{}.{}%", pm / 10, pm % 10),
        None => "—".to_owned(),
    }
}

/// A figure made of two others.
pub struct Rate {
    pub key: &'static str,
    pub label: &'static str,
    pub text: String,
}

/// The rates of a summary: coverage per level, needs closed in time, satisfaction, money linked.
pub fn rates(get: impl Fn(Metric) -> i64, lang: Lang) -> Vec<Rate> {
    let rate = |key, zh, en, part: Metric, whole: Metric| Rate {
        key,
        label: Text::new(zh, en).get(lang),
        text: percent_text(per_mille(get(part), get(whole))),
    };
    let satisfaction = match get(M::Ratings) {
        0 => "—".to_owned(),
        n => {
            let tenths = (get(M::RatingPoints) * 10 + n / 2) / n;
            format!("{}.{} / 5", tenths / 10, tenths % 10)
        }
    };
    let linked: i64 = LINKED.iter().map(|&m| get(m)).sum();
    vec![
        rate("county_coverage", "县级中心覆盖率", "county-level coverage", M::CoveredCounties, M::Counties),
        rate("township_coverage", "乡镇（街道）社工站覆盖率", "township coverage", M::CoveredTownships, M::Townships),
        rate("village_coverage", "村（社区）社工室覆盖率", "community coverage", M::CoveredVillages, M::Villages),
        rate("closed_share", "需求办结率", "needs closed / received", M::NeedsClosed, M::NeedsReceived),
        rate(
            "in_time_share",
            "按时响应率（已办结）",
            "closed needs taken up in time",
            M::NeedsClosedInTime,
            M::NeedsClosed,
        ),
        rate("solved_share", "解决率（已办结）", "closed needs solved", M::NeedsSolved, M::NeedsClosed),
        Rate {
            key: "satisfaction",
            label: Text::new("平均满意度", "average satisfaction").get(lang),
            text: satisfaction,
        },
        Rate {
            key: "linked",
            label: Text::new("链接慈善资源（元）", "charity resources linked (yuan)").get(lang),
            text: yuan(linked),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_is_in_one_section() {
        for m in Metric::ALL {
            assert_eq!(SECTIONS.iter().filter(|s| s.metrics.contains(m)).count(), 1, "{m:?}");
        }
    }

    #[test]
    fn values_read_as_people_write_them() {
        assert_eq!(shown(Unit::Minutes, 90), "1.5");
        assert_eq!(shown(Unit::Minutes, -30), "-0.5");
        assert_eq!(shown(Unit::Fen, 12_345), "123.45");
        assert_eq!(per_mille(1, 3), Some(333));
        assert_eq!(per_mille(2, 3), Some(667));
        assert_eq!(per_mille(1, 0), None);
        assert_eq!(percent_text(Some(1000)), "100.0%");
    }
}
