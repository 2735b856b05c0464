//! Organizations for a referral, straight from SQL: only those serving the need's community or a
//! region above it are read, and there are few of those.

use std::collections::HashMap;

use sqlx::Row;
use wushe_domain::matching::{CategoryFit, MatchReason, OrganizationFacts, Ring};
use wushe_domain::need::{NeedCategory, NeedStatus};
use wushe_domain::{OrganizationId, RegionCode, RegionPath};

use crate::{Db, Result, Scope, StoreError};

/// One recommended organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationCandidate {
    pub organization_id: OrganizationId,
    pub name: String,
    pub score: i32,
    pub reasons: Vec<MatchReason>,
}

/// Active organizations serving `community` (the need's community, in `scope`), best first: by
/// category fit, by how near the region they serve is, by capacity left (capacity less accepted
/// referrals of needs still open). Organizations registered outside the scope count when they
/// serve the community, as a station links its district's organizations. Empty when the
/// community lies outside the scope.
pub async fn recommend_organizations(
    db: &Db,
    scope: &Scope,
    community: &RegionPath,
    category: Option<NeedCategory>,
) -> Result<Vec<OrganizationCandidate>> {
    if !scope.contains(community) || community.depth() == 0 {
        return Ok(Vec::new());
    }
    // The regions holding the community, with their paths; the whole country's code is not on it.
    let mut above = vec![(RegionCode::root(), RegionPath::root())];
    for code in community.codes() {
        let path = above.last().map_or_else(RegionPath::root, |(_, p)| p.child(&code));
        above.push((code, path));
    }
    // Statuses are the domain's own keys, not input.
    let open: Vec<String> = NeedStatus::ALL.iter().filter(|s| s.is_open()).map(|s| format!("'{}'", s.key())).collect();
    let marks: Vec<String> = (1..=above.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT o.id, o.name, o.categories, o.capacity, orr.region_code AS served, \
         (SELECT COUNT(*) FROM referrals rf JOIN needs n ON n.id = rf.need_id WHERE rf.organization_id = o.id \
         AND rf.status = 'accepted' AND n.status IN ({})) AS open_referrals \
         FROM organization_regions orr JOIN organizations o ON o.id = orr.organization_id \
         WHERE o.status = 'active' AND orr.region_code IN ({})",
        open.join(", "),
        marks.join(", ")
    );
    let rows = above.iter().fold(sqlx::query(&sql), |q, (c, _)| q.bind(c.as_str())).fetch_all(&db.pool).await?;
    // An organization serving several regions above the community is as near as the nearest.
    let mut best: HashMap<String, (OrganizationCandidate, OrganizationFacts)> = HashMap::new();
    for r in rows {
        let id: String = r.try_get("id")?;
        let bad = |what: &str| StoreError::corrupt(format!("organization {id}: bad {what}"));
        let served: String = r.try_get("served")?;
        let (_, served) = above.iter().find(|(c, _)| c.as_str() == served).ok_or_else(|| bad("served region"))?;
        let categories: Vec<String> =
            serde_json::from_str(&r.try_get::<String, _>("categories")?).map_err(|_| bad("categories"))?;
        let facts = OrganizationFacts {
            category: CategoryFit::of(&categories, category),
            serves: Ring::above(community, served).ok_or_else(|| bad("served region"))?,
            capacity: r.try_get("capacity")?,
            open_referrals: r.try_get("open_referrals")?,
        };
        if best.get(&id).is_some_and(|(_, f)| f.serves <= facts.serves) {
            continue;
        }
        let candidate = OrganizationCandidate {
            organization_id: id.parse().map_err(|_| bad("id"))?,
            name: r.try_get("name")?,
            score: facts.score(),
            reasons: facts.reasons(),
        };
        best.insert(id, (candidate, facts));
    }
    let mut out: Vec<OrganizationCandidate> = best.into_values().map(|(c, _)| c).collect();
    out.sort_by(|a, b| {
        b.score.cmp(&a.score).then_with(|| a.name.cmp(&b.name)).then(a.organization_id.cmp(&b.organization_id))
    });
    Ok(out)
}
