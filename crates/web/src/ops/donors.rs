use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use wushe_domain::DonorId;
use wushe_domain::authz::Action;
use wushe_domain::donor::{DonorInput, NewDonor};
use wushe_store::donors::{self as store, Donor};
use wushe_store::regions;

use super::{authorize, blank, not_found, page_bounds, region_field_not_found};
use crate::auth::Auth;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::{DonorView, Page};

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
pub struct ListQuery {
    /// Part of a named donor's name.
    pub q: Option<String>,
    pub offset: Option<i64>,
    pub limit: Option<i64>,
}

pub async fn list(state: &AppState, auth: &Auth, q: &ListQuery) -> AppResult<Page<DonorView>> {
    let (offset, limit) = page_bounds(q.offset, q.limit);
    let (items, total) = store::list(&state.db, &auth.scope(), blank(&q.q).unwrap_or(""), offset, limit).await?;
    Ok(Page { items: items.iter().map(DonorView::from).collect(), total, offset, limit })
}

pub async fn get(state: &AppState, auth: &Auth, id: DonorId) -> AppResult<Donor> {
    match store::get(&state.db, &auth.scope(), id).await? {
        Some(d) => Ok(d),
        None => {
            let elsewhere = store::region_of(&state.db, id).await?;
            Err(not_found(state, &auth.actor(), "donor", &id, elsewhere).await)
        }
    }
}

pub async fn create(state: &AppState, auth: &Auth, input: &DonorInput) -> AppResult<Donor> {
    let new = NewDonor::parse(input)?;
    let actor = auth.actor();
    let scope = auth.scope();
    let Some(region) = regions::get(&state.db, &scope, &new.region).await? else {
        return Err(region_field_not_found(state, &actor, &new.region, wushe_domain::Field::Region).await);
    };
    authorize(state, &actor, Action::ManagePeople, "donor", &new.region, (&region.code, &region.path)).await?;
    Ok(store::create(&state.db, &scope, &new, Some(actor.id)).await?)
}
