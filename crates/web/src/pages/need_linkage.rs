//! The need page's linkage sections beyond the case and tasks: referrals to organizations (with a
//! picker of the organizations serving the need's community), service records for the need, and
//! the charity slot.

use wushe_domain::linkage::LinkageKind;
use wushe_domain::{Lang, NeedId, OrganizationId};
use wushe_store::organizations;

use crate::auth::Auth;
use crate::error::AppResult;
use wushe_app::needs::matching::{self, OrganizationCandidateView, VolunteerCandidateView};
use wushe_app::needs::referrals::{self, ReferralView};
use wushe_app::needs::services::{self, ServiceRecordView};
use wushe_app::needs::tasks::TaskView;
use wushe_app::state::AppState;

pub struct Linkage {
    pub referrals: Vec<ReferralView>,
    /// Organizations serving the need's community that a referral may go to: id and name.
    pub organizations: Vec<(OrganizationId, String)>,
    pub services: Vec<ServiceRecordView>,
    pub person_times: i64,
    /// Every kind of linkage, with how many of each the need has.
    pub kinds: Vec<(LinkageKind, usize)>,
    /// For staff who manage it, while it is open: organizations to refer to, with reasons.
    pub recommended_organizations: Vec<OrganizationCandidateView>,
    /// Volunteers for each open task that still has places: the task's id and title, and the
    /// candidates.
    pub recommended_volunteers: Vec<(wushe_domain::TaskId, String, Vec<VolunteerCandidateView>)>,
    /// Grants and directed gifts to the need.
    pub grants: Vec<wushe_app::charity::grants::GrantView>,
    /// Funds serving the need's community that a grant may be asked of: id and name.
    pub funds: Vec<(wushe_domain::FundId, String)>,
    pub wish: Option<wushe_app::needs::wishes::WishView>,
}

/// Candidates shown on the page for each: the API gives the full list.
const SHOWN: usize = 5;

pub async fn load(
    state: &AppState,
    auth: &Auth,
    id: NeedId,
    lang: Lang,
    case: bool,
    tasks: &[TaskView],
    manage: bool,
) -> AppResult<Linkage> {
    let need = wushe_app::needs::need::get(state, auth, id).await?;
    let referrals = referrals::of_need(state, auth, id, lang).await?;
    let recommend = manage && need.status.is_open();
    let organizations = if recommend {
        organizations::serving(&state.db, &auth.scope(), &need.region_path, 200).await?
    } else {
        Vec::new()
    };
    let mut recommended_organizations = Vec::new();
    let mut recommended_volunteers = Vec::new();
    if recommend {
        recommended_organizations = matching::organizations_for_need(state, auth, id, lang).await?;
        recommended_organizations.truncate(SHOWN);
        for t in tasks.iter().filter(|t| t.status == "open" && t.taken < t.places).take(3) {
            let mut found = matching::volunteers_for_task(state, auth, t.id, lang).await?;
            found.truncate(SHOWN);
            recommended_volunteers.push((t.id, t.title.clone(), found));
        }
    }
    let q = services::ListQuery { need: Some(id.to_string()), limit: Some(50), ..Default::default() };
    let list = services::list(state, auth, &q).await?;
    let accepted = referrals.iter().filter(|r| r.status == wushe_domain::referral::ReferralStatus::Accepted).count();
    let grants = wushe_app::charity::grants::of_need(state, auth, id).await?;
    let wish = wushe_app::needs::wishes::of_need(state, auth, id).await?;
    // Charity linked: grants paid (directed gifts among them) and a wish fulfilled.
    let charity = grants.iter().filter(|g| g.status == "paid").count()
        + usize::from(wish.as_ref().is_some_and(|w| w.public.status == "fulfilled"));
    let kinds = vec![
        (LinkageKind::Case, usize::from(case)),
        (LinkageKind::Task, tasks.len()),
        (LinkageKind::Referral, accepted),
        (LinkageKind::Charity, charity),
    ];
    let funds = if manage && need.status.is_open() {
        wushe_store::funds::serving(&state.db, &need.region_path, false)
            .await?
            .into_iter()
            .map(|f| (f.id, f.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Linkage {
        referrals,
        organizations,
        services: list.page.items,
        person_times: list.person_times,
        kinds,
        recommended_organizations,
        recommended_volunteers,
        grants,
        funds,
        wish,
    })
}
