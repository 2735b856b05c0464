use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use wushe_domain::OrganizationId;
use wushe_domain::authz::Action;
use wushe_domain::organization::{NewOrganization, OrgKind, OrganizationInput};
use wushe_store::organizations::{self as store, Filter, Organization};
use wushe_store::regions;

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::network::points::today;
use crate::state::AppState;
use crate::steps::{authorize, blank, not_found, page_bounds, region_field_not_found};
use crate::views::{OrganizationView, Page};

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Part of the name, pinyin initials, or the full credit code.
    pub q: Option<String>,
    /// industry_association | social_work_agency | foundation | community_organization | other
    pub kind: Option<String>,
    /// One service category, e.g. 养老服务.
    pub category: Option<String>,
    /// Region code: only records under it.
    pub region: Option<String>,
    pub offset: Option<i64>,
    pub limit: Option<i64>,
}

pub fn filter(q: &ListQuery) -> AppResult<Filter> {
    Ok(Filter {
        query: blank(&q.q).map(str::to_owned),
        kind: blank(&q.kind).map(OrgKind::parse).transpose()?,
        category: blank(&q.category).map(str::to_owned),
    })
}

pub async fn list(state: &AppState, auth: &Auth, q: &ListQuery) -> AppResult<Page<OrganizationView>> {
    let filter = filter(q)?;
    let (offset, limit) = page_bounds(q.offset, q.limit);
    let scope = crate::steps::narrowed(state, auth, &q.region).await?;
    let (items, total) = store::list(&state.db, &scope, &filter, offset, limit).await?;
    Ok(Page { items: items.iter().map(OrganizationView::from).collect(), total, offset, limit })
}

pub async fn get(state: &AppState, auth: &Auth, id: OrganizationId) -> AppResult<Organization> {
    match store::get(&state.db, &auth.scope(), id).await? {
        Some(o) => Ok(o),
        None => {
            let elsewhere = store::region_of(&state.db, id).await?;
            Err(not_found(state, &auth.actor(), "organization", &id, elsewhere).await)
        }
    }
}

pub async fn create(state: &AppState, auth: &Auth, input: &OrganizationInput) -> AppResult<Organization> {
    let new = NewOrganization::parse(input, today())?;
    let actor = auth.actor();
    let scope = auth.scope();
    let Some(region) = regions::get(&state.db, &scope, &new.region).await? else {
        return Err(region_field_not_found(state, &actor, &new.region, wushe_domain::Field::Region).await);
    };
    authorize(state, &actor, Action::ManageOrganizations, "organization", &new.region, (&region.code, &region.path))
        .await?;
    Ok(store::create(&state.db, &scope, &new, Some(actor.id)).await?)
}
