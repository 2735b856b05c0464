use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use wushe_domain::authz::Action;
use wushe_domain::donor::{DonorInput, NewDonor};
use wushe_domain::{DonorId, Field, Lang};
use wushe_store::donors::{self as store, Donor};
use wushe_store::regions;

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::steps::{authorize, blank, page_bounds, region_field_not_found};
use crate::views::{DonorView, Page};

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Part of a named donor's name, or a full phone number.
    pub q: Option<String>,
    /// Region code: only records under it.
    pub region: Option<String>,
    pub offset: Option<i64>,
    pub limit: Option<i64>,
}

pub async fn list(state: &AppState, auth: &Auth, q: &ListQuery) -> AppResult<Page<DonorView>> {
    let (offset, limit) = page_bounds(q.offset, q.limit);
    let scope = crate::steps::narrowed(state, auth, &q.region).await?;
    let (items, total) = store::list(&state.db, &scope, blank(&q.q).unwrap_or(""), offset, limit).await?;
    Ok(Page { items: items.iter().map(DonorView::from).collect(), total, offset, limit })
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

/// Corrects a donor's data on request.
pub async fn correct(state: &AppState, auth: &Auth, id: DonorId, input: &DonorInput) -> AppResult<Donor> {
    get_to_manage(state, auth, id).await?;
    let new = NewDonor::parse(input)?;
    store::correct(&state.db, &auth.scope(), id, &new, Some(auth.actor().id)).await?.ok_or(AppError::NotFound)
}

crate::people::register::register!(Donors, DonorId, Donor, "donor", ManagePeople);

/// What a reveal shows in full.
fn revealed(r: Donor) -> Vec<Option<String>> {
    vec![r.name, r.phone]
}

/// Everything held about the person, labelled by field, for their copy.
async fn held(_: &AppState, _: &Auth, r: Donor, lang: Lang) -> AppResult<Vec<(Field, Option<String>)>> {
    Ok(vec![
        (Field::DonorKind, Some(r.kind.label(lang).to_owned())),
        (Field::Name, r.name),
        (Field::Phone, r.phone),
        (Field::CreditCode, r.credit_code),
        (Field::Region, Some(r.region_code.to_string())),
    ])
}
