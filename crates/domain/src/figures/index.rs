//! The industry index (行业指数): six indicators of how well a region's social work is doing, each
//! scored 0–1000 against a stated target, combined with fixed weights into one number out of 100.
//! The method is written out in `docs/INDEX.md`; this is its only implementation.

use crate::Lang;
use crate::figures::Metric as M;
use crate::figures::sections::per_mille;
use crate::text::Text;

/// One indicator: its value as people read it, and its score in per mille of the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
    /// 0–1000; none when the figures it needs are all zero (then it scores 0).
    pub score: Option<i64>,
    /// Its weight in the index, in per cent.
    pub weight: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    pub indicators: Vec<Indicator>,
    /// 0–1000: the index out of 100 with one decimal.
    pub total: i64,
}

impl Index {
    pub fn text(&self) -> String {
        format!("{}.{}", self.total / 10, self.total % 10)
    }
}

/// Targets: what scores full marks.
pub const WORKERS_PER_POINT: i64 = 2;
pub const YUAN_PER_NEED: i64 = 1_000;
pub const HOURS_PER_VOLUNTEER_YEAR: i64 = 10;

fn capped(pm: Option<i64>) -> Option<i64> {
    pm.map(|v| v.clamp(0, 1000))
}

fn decimal(tenths: i64, unit: &str) -> String {
    format!("{}.{}{unit}", tenths / 10, tenths.abs() % 10)
}

/// The index of a summary: `get` gives its figures, `days` the period's length.
pub fn index(get: impl Fn(M) -> i64, days: i64, lang: Lang) -> Index {
    let points = get(M::PointsStation) + get(M::PointsRoom);
    let licensed = get(M::WorkersAssistant) + get(M::WorkersIntermediate) + get(M::WorkersSenior);
    let linked: i64 = crate::figures::LINKED.iter().map(|&m| get(m)).sum();
    let coverage = match (
        per_mille(get(M::CoveredTownships), get(M::Townships)),
        per_mille(get(M::CoveredVillages), get(M::Villages)),
    ) {
        (Some(t), Some(v)) => Some((t + v) / 2),
        (one, other) => one.or(other),
    };
    // Workers per point, in thousandths.
    let per_point = per_mille(licensed, points);
    let in_time = per_mille(get(M::NeedsClosedInTime), get(M::NeedsClosed));
    let satisfaction = per_mille(get(M::RatingPoints), get(M::Ratings) * 5);
    // Fen per need, and the target in fen.
    let per_need = (get(M::NeedsReceived) > 0).then(|| linked / get(M::NeedsReceived));
    let hours_target_minutes = HOURS_PER_VOLUNTEER_YEAR * 60 * days.max(1) / 365;
    let per_volunteer = (get(M::Volunteers) > 0).then(|| get(M::Hours) / get(M::Volunteers));
    let indicators = vec![
        Indicator {
            key: "coverage",
            label: Text::new("站点覆盖率（乡镇、村社平均）", "coverage (townships and communities)").get(lang),
            value: coverage.map_or("—".into(), |c| decimal(c, "%")),
            score: capped(coverage),
            weight: 20,
        },
        Indicator {
            key: "licensed_per_point",
            label: Text::new("每个站点持证社工数", "licensed social workers per station or room").get(lang),
            value: per_point.map_or("—".into(), |v| decimal(v / 100, "")),
            score: capped(per_point.map(|v| v / WORKERS_PER_POINT)),
            weight: 15,
        },
        Indicator {
            key: "in_time",
            label: Text::new("需求按时响应率（已办结）", "closed needs taken up in time").get(lang),
            value: in_time.map_or("—".into(), |v| decimal(v, "%")),
            score: capped(in_time),
            weight: 20,
        },
        Indicator {
            key: "satisfaction",
            label: Text::new("回访满意度", "follow-up satisfaction").get(lang),
            value: satisfaction.map_or("—".into(), |v| decimal(v, "%")),
            score: capped(satisfaction),
            weight: 15,
        },
        Indicator {
            key: "linked_per_need",
            label: Text::new("每件需求链接慈善资源（元）", "charity resources linked per need (yuan)").get(lang),
            value: per_need.map_or("—".into(), crate::money::yuan),
            score: capped(per_need.map(|f| f * 1000 / (YUAN_PER_NEED * 100))),
            weight: 15,
        },
        Indicator {
            key: "hours_per_volunteer",
            label: Text::new("人均志愿服务时长（小时）", "volunteer hours per volunteer").get(lang),
            value: per_volunteer.map_or("—".into(), |m| decimal(m * 10 / 60, "")),
            score: capped(per_volunteer.map(|m| m * 1000 / hours_target_minutes.max(1))),
            weight: 15,
        },
    ];
    let total = indicators.iter().map(|i| i.score.unwrap_or(0) * i.weight).sum::<i64>() / 100;
    Index { indicators, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    #[test]
    fn full_marks_on_every_target() {
        let f: HashMap<M, i64> = [
            (M::Townships, 10),
            (M::CoveredTownships, 10),
            (M::Villages, 100),
            (M::CoveredVillages, 100),
            (M::PointsStation, 10),
            (M::PointsRoom, 100),
            (M::WorkersAssistant, 220),
            (M::NeedsClosed, 50),
            (M::NeedsClosedInTime, 50),
            (M::Ratings, 10),
            (M::RatingPoints, 50),
            (M::NeedsReceived, 10),
            (M::GiftsMoney, 10 * 100_000),
            (M::Volunteers, 100),
            (M::Hours, 100 * 600),
        ]
        .into();
        let i = index(|m| f.get(&m).copied().unwrap_or(0), 365, Lang::Zh);
        assert_eq!(i.total, 1000, "{i:?}");
        assert_eq!(i.text(), "100.0");
        let none = index(|_| 0, 365, Lang::En);
        assert_eq!(none.total, 0);
        assert!(none.indicators.iter().all(|i| i.score.is_none() && i.value == "—"));
    }

    proptest! {
        /// Whatever the figures, every score and the index stay within 0–1000.
        #[test]
        fn scores_stay_in_range(values in proptest::collection::vec(0i64..1_000_000_000, 60), days in 1i64..7_000) {
            let i = index(|m| values[m as usize % values.len()], days, Lang::Zh);
            prop_assert!((0..=1000).contains(&i.total));
            for ind in &i.indicators {
                prop_assert!(ind.score.is_none_or(|s| (0..=1000).contains(&s)), "{:?}", ind);
            }
            prop_assert_eq!(i.indicators.iter().map(|i| i.weight).sum::<i64>(), 100);
        }
    }
}
