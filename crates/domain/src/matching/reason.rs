//! Why a candidate was ranked where it is: each reason carries the points it added, so a score is
//! always the sum of the reasons shown beside it.

use serde::Serialize;

use super::points;
use crate::Lang;
use crate::need::NeedCategory;
use crate::text::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MatchReason {
    /// How many of the task's skills the volunteer holds (only when the task asks for skills).
    SkillsMatched {
        matched: u32,
        wanted: u32,
    },
    SameCommunity,
    SameTownship,
    SameCounty,
    /// Outside the need's district or county.
    Farther,
    /// Their weekly availability covers the whole task window.
    Available,
    NotAvailable,
    /// An accepted task of theirs overlaps the window.
    Busy,
    /// Accepted tasks not yet over.
    Load {
        tasks: u32,
    },
    /// Tasks they checked out of, and the mean follow-up satisfaction (in tenths, 10–50) of the
    /// needs behind them, over `rated` needs.
    Feedback {
        served: u32,
        rated: u32,
        satisfaction_tenths: Option<u32>,
    },
    /// The organization lists the need's category among its services.
    CategoryFits {
        category: NeedCategory,
    },
    CategoryOutside {
        category: NeedCategory,
    },
    /// The nearest region the organization serves that holds the need's community.
    ServesCommunity,
    ServesTownship,
    ServesCounty,
    /// A city, a province or the whole country.
    ServesWider,
    /// Capacity left: cases it can take at once minus accepted referrals of needs still open.
    Headroom {
        free: i64,
        capacity: i64,
    },
    Full {
        capacity: i64,
        open: i64,
    },
    /// The organization gave no capacity.
    CapacityUnstated,
}

impl MatchReason {
    /// What this reason added to the score (negative when it held the candidate back).
    pub fn points(&self) -> i32 {
        use MatchReason::*;
        match *self {
            SkillsMatched { matched, wanted } => points::skills(matched, wanted),
            SameCommunity => points::RING[0],
            SameTownship => points::RING[1],
            SameCounty => points::RING[2],
            Farther => points::RING[3],
            Available => points::AVAILABLE,
            NotAvailable => 0,
            Busy => points::BUSY,
            Load { tasks } => points::load(tasks),
            Feedback { served, rated, satisfaction_tenths } => {
                points::experience(served) + satisfaction_tenths.map_or(0, |t| points::satisfaction(t, rated))
            }
            CategoryFits { .. } => points::CATEGORY,
            CategoryOutside { .. } => 0,
            ServesCommunity => points::SERVES[0],
            ServesTownship => points::SERVES[1],
            ServesCounty => points::SERVES[2],
            ServesWider => points::SERVES[3],
            Headroom { free, .. } => points::headroom(free),
            Full { .. } => points::FULL,
            CapacityUnstated => 0,
        }
    }

    pub fn zh(&self) -> String {
        self.text(Lang::Zh)
    }

    pub fn en(&self) -> String {
        self.text(Lang::En)
    }

    /// The reason as a user reads it.
    pub fn text(&self, lang: Lang) -> String {
        use MatchReason::*;
        let zh = lang == Lang::Zh;
        match *self {
            SkillsMatched { matched, wanted } if zh => format!("技能匹配 {matched}/{wanted}"),
            SkillsMatched { matched, wanted } => format!("has {matched} of {wanted} skills wanted"),
            Load { tasks } if zh => format!("手头有 {tasks} 项未结束的任务"),
            Load { tasks } => format!("{tasks} accepted task(s) not yet over"),
            Feedback { served, rated, satisfaction_tenths } => feedback(lang, served, rated, satisfaction_tenths),
            CategoryFits { category } if zh => format!("服务领域含「{}」", category.label(lang)),
            CategoryFits { category } => format!("serves {}", category.label(lang)),
            CategoryOutside { category } if zh => format!("服务领域不含「{}」", category.label(lang)),
            CategoryOutside { category } => format!("does not list {}", category.label(lang)),
            Headroom { free, capacity } if zh => format!("尚可承接 {free} 件（容量 {capacity}）"),
            Headroom { free, capacity } => format!("can take {free} more (capacity {capacity})"),
            Full { capacity, open } if zh => format!("承接已满（容量 {capacity}，在办 {open}）"),
            Full { capacity, open } => format!("at capacity ({open} open of {capacity})"),
            _ => self.fixed(lang).to_owned(),
        }
    }

    fn fixed(&self, lang: Lang) -> &'static str {
        use MatchReason::*;
        match self {
            SameCommunity => Text::new("同一社区（村）", "same community").get(lang),
            SameTownship => Text::new("同一街道（乡镇）", "same township / street").get(lang),
            SameCounty => Text::new("同一区县", "same district / county").get(lang),
            Farther => Text::new("不在本区县", "outside the district / county").get(lang),
            Available => Text::new("该时段在其可服务时间内", "free then (weekly availability)").get(lang),
            NotAvailable => Text::new("该时段不在其可服务时间内", "not within their weekly availability").get(lang),
            Busy => Text::new("该时段已有任务", "already has a task then").get(lang),
            ServesCommunity => Text::new("服务本社区（村）", "serves this community").get(lang),
            ServesTownship => Text::new("服务本街道（乡镇）", "serves this township / street").get(lang),
            ServesCounty => Text::new("服务本区县", "serves this district / county").get(lang),
            ServesWider => Text::new("服务范围覆盖全市或更大", "serves the city or a wider area").get(lang),
            CapacityUnstated => Text::new("未填写承接容量", "capacity not stated").get(lang),
            // Texts with numbers are written by `text`.
            SkillsMatched { .. }
            | Load { .. }
            | Feedback { .. }
            | CategoryFits { .. }
            | CategoryOutside { .. }
            | Headroom { .. }
            | Full { .. } => "",
        }
    }
}

fn feedback(lang: Lang, served: u32, rated: u32, tenths: Option<u32>) -> String {
    let mean = tenths.map(|t| format!("{}.{}", t / 10, t % 10));
    match (lang, mean) {
        (Lang::Zh, None) => format!("已服务 {served} 次"),
        (Lang::Zh, Some(m)) => format!("已服务 {served} 次，{rated} 个需求回访满意度平均 {m}/5"),
        (Lang::En, None) => format!("served {served} task(s)"),
        (Lang::En, Some(m)) => {
            format!("served {served} task(s); mean follow-up satisfaction {m}/5 over {rated} need(s)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_in_both_languages() {
        let r = MatchReason::SkillsMatched { matched: 2, wanted: 3 };
        assert_eq!((r.zh(), r.en()), ("技能匹配 2/3".to_owned(), "has 2 of 3 skills wanted".to_owned()));
        let f = MatchReason::Feedback { served: 4, rated: 2, satisfaction_tenths: Some(45) };
        assert_eq!(f.zh(), "已服务 4 次，2 个需求回访满意度平均 4.5/5");
        let c = MatchReason::CategoryFits { category: NeedCategory::MentalHealth };
        assert_eq!((c.zh(), c.en()), ("服务领域含「心理健康」".to_owned(), "serves mental health".to_owned()));
        for r in
            [MatchReason::SameTownship, MatchReason::Busy, MatchReason::ServesWider, MatchReason::Load { tasks: 2 }]
        {
            assert!(!r.zh().is_empty() && !r.en().is_empty() && r.zh() != r.en(), "{r:?}");
        }
    }
}
