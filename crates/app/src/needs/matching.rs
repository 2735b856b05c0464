//! Recommendations with their reasons: volunteers for a task (skills, distance from the need's
//! community, free in the window, current load, past service) and organizations for a need
//! (category, the region they serve, capacity left). Each score is the sum of its reasons'
//! points, so a social worker can see why.

use serde::Serialize;
use utoipa::ToSchema;
use wushe_domain::matching::Wanted;
use wushe_domain::{Lang, NeedId, OrganizationId, TaskId, VolunteerId};
use wushe_store::matching::recommend_organizations;
use wushe_store::volunteers;

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::needs::need::get as get_need;
use crate::needs::tasks::get as get_task;
use crate::state::AppState;

/// How many candidates a recommendation lists.
pub const TOP: usize = 10;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VolunteerCandidateView {
    pub volunteer_id: VolunteerId,
    pub name: String,
    /// The volunteer's community.
    pub community: String,
    pub score: i32,
    /// Why, in the caller's language, e.g. "同社区（+30）".
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganizationCandidateView {
    pub organization_id: OrganizationId,
    pub name: String,
    pub score: i32,
    pub reasons: Vec<String>,
}

/// Volunteers for a task in the caller's area, best first; those who accepted it already are left out.
pub async fn volunteers_for_task(
    state: &AppState,
    auth: &Auth,
    id: TaskId,
    lang: Lang,
) -> AppResult<Vec<VolunteerCandidateView>> {
    let task = get_task(state, auth, id).await?;
    let need = get_need(state, auth, task.need_id).await?;
    let wanted = Wanted {
        skills: task.skills.clone(),
        community: task.region_path.clone(),
        starts_at: task.starts_at,
        ends_at: task.ends_at,
        category: Some(need.category),
        task: Some(task.id),
    };
    let scope = auth.scope();
    let index = state.matcher.index(&state.db).await?;
    let mut out = Vec::new();
    for c in index.top(&scope, &wanted, TOP) {
        // The index may trail the registry by a moment: a volunteer gone since is skipped.
        let Some(v) = volunteers::get(&state.db, &scope, c.volunteer_id).await? else { continue };
        out.push(VolunteerCandidateView {
            volunteer_id: v.id,
            name: v.name,
            community: v.region_name,
            score: c.score,
            reasons: c.reasons.iter().map(|r| r.text(lang)).collect(),
        });
    }
    Ok(out)
}

/// Organizations that could take a referral of the need, best first.
pub async fn organizations_for_need(
    state: &AppState,
    auth: &Auth,
    id: NeedId,
    lang: Lang,
) -> AppResult<Vec<OrganizationCandidateView>> {
    let need = get_need(state, auth, id).await?;
    let found = recommend_organizations(&state.db, &auth.scope(), &need.region_path, Some(need.category)).await?;
    Ok(found
        .into_iter()
        .take(TOP)
        .map(|o| OrganizationCandidateView {
            organization_id: o.organization_id,
            name: o.name,
            score: o.score,
            reasons: o.reasons.iter().map(|r| r.text(lang)).collect(),
        })
        .collect())
}
