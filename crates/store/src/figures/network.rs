//! The service network and the organizations, counted straight from their tables as of a day:
//! a few thousand rows, so a count is as fast as a rollup and needs none. Each definition is
//! the one SQL for both the figure and its drill-down.

use wushe_domain::figures::Metric;

/// One directly counted figure: the rows `from` joins (record `x`, its region `r`), what a row
/// shows, and the condition, where `$3` is the as-of day (`YYYY-MM-DD`).
#[derive(Debug, Clone, Copy)]
pub struct Direct {
    pub metric: Metric,
    pub from: &'static str,
    pub id: &'static str,
    pub label: &'static str,
    /// The day the row counts from, shown in the drill-down.
    pub since: &'static str,
    pub when: &'static str,
}

const POINTS: &str = "service_points x JOIN regions r ON r.code = x.region_code";
const REGIONS: &str = "regions x JOIN regions r ON r.code = x.code";
const ORGS: &str = "organizations x JOIN regions r ON r.code = x.region_code";

/// A point open on day `$3`.
macro_rules! open {
    ($p:literal) => {
        concat!(
            $p,
            ".opened_on <= $3 AND (",
            $p,
            ".closed_on > $3 OR (",
            $p,
            ".closed_on IS NULL AND ",
            $p,
            ".status <> 'closed'))"
        )
    };
}

macro_rules! covered {
    ($level:literal, $point:literal) => {
        concat!(
            "x.level = ",
            $level,
            " AND EXISTS (SELECT 1 FROM service_points p WHERE p.region_code = x.code AND p.level = '",
            $point,
            "' AND ",
            open!("p"),
            ")"
        )
    };
}

const fn point(metric: Metric, when: &'static str) -> Direct {
    Direct { metric, from: POINTS, id: "x.id", label: "x.name", since: "x.opened_on", when }
}

const fn region(metric: Metric, when: &'static str) -> Direct {
    Direct { metric, from: REGIONS, id: "x.code", label: "x.name", since: "''", when }
}

const fn org(metric: Metric, when: &'static str) -> Direct {
    Direct { metric, from: ORGS, id: "x.id", label: "x.name", since: "x.registered_on", when }
}

pub const DIRECT: &[Direct] = &[
    point(Metric::PointsCenter, concat!("x.level = 'center' AND ", open!("x"))),
    point(Metric::PointsStation, concat!("x.level = 'station' AND ", open!("x"))),
    point(Metric::PointsRoom, concat!("x.level = 'room' AND ", open!("x"))),
    region(Metric::Counties, "x.level = 3 AND $3 = $3"),
    region(Metric::Townships, "x.level = 4 AND $3 = $3"),
    region(Metric::Villages, "x.level = 5 AND $3 = $3"),
    region(Metric::CoveredCounties, covered!("3", "center")),
    region(Metric::CoveredTownships, covered!("4", "station")),
    region(Metric::CoveredVillages, covered!("5", "room")),
    org(Metric::OrgsIndustry, "x.kind = 'industry_association' AND x.registered_on <= $3 AND x.status = 'active'"),
    org(Metric::OrgsAgency, "x.kind = 'social_work_agency' AND x.registered_on <= $3 AND x.status = 'active'"),
    org(Metric::OrgsFoundation, "x.kind = 'foundation' AND x.registered_on <= $3 AND x.status = 'active'"),
    org(Metric::OrgsCommunity, "x.kind = 'community_organization' AND x.registered_on <= $3 AND x.status = 'active'"),
    org(Metric::OrgsOther, "x.kind = 'other' AND x.registered_on <= $3 AND x.status = 'active'"),
];

pub fn of(metric: Metric) -> Option<&'static Direct> {
    DIRECT.iter().find(|d| d.metric == metric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_direct_metric_has_one_definition() {
        for m in Metric::ALL.iter().filter(|m| m.is_direct()) {
            assert_eq!(DIRECT.iter().filter(|d| d.metric == *m).count(), 1, "{m:?}");
        }
    }
}
