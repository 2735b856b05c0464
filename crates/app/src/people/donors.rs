use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use wushe_domain::authz::Action;
use wushe_domain::donor::{DonorInput, NewDonor};
use wushe_domain::validate::required_text;
use wushe_domain::{DonorId, Field, Lang};
use wushe_store::donors::{self as store, Donor};
use wushe_store::regions;

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::people::rights::{self, PersonalData};
use crate::state::AppState;
use crate::steps::{authorize, blank, not_found, page_bounds, region_field_not_found};
use crate::views::{DonorView, Page, Revealed};

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

async fn get_to_manage(state: &AppState, auth: &Auth, id: DonorId) -> AppResult<Donor> {
    let d = get(state, auth, id).await?;
    authorize(state, &auth.actor(), Action::ManagePeople, "donor", &id, (&d.region_code, &d.region_path)).await?;
    Ok(d)
}

/// Corrects a donor's data on request.
pub async fn correct(state: &AppState, auth: &Auth, id: DonorId, input: &DonorInput) -> AppResult<Donor> {
    get_to_manage(state, auth, id).await?;
    let new = NewDonor::parse(input)?;
    store::correct(&state.db, &auth.scope(), id, &new, Some(auth.actor().id)).await?.ok_or(AppError::NotFound)
}

/// Erases a donor's data on request; the reason is kept in the audit log.
pub async fn erase(state: &AppState, auth: &Auth, id: DonorId, reason: &str) -> AppResult<Donor> {
    get_to_manage(state, auth, id).await?;
    let reason = required_text(Field::Reason, reason, 200)?;
    store::erase(&state.db, &auth.scope(), id, &reason, Some(auth.actor().id)).await?.ok_or(AppError::NotFound)
}

/// The donor's phone number in full (and an anonymous donor's name), for someone who gives a
/// reason (audited).
pub async fn reveal(state: &AppState, auth: &Auth, id: DonorId, reason: &str) -> AppResult<Revealed> {
    let d = get_to_manage(state, auth, id).await?;
    rights::audit_access(state, auth, "donor", "reveal", &id, &d.region_code, reason).await?;
    let parts = [d.name, d.phone].into_iter().map(Option::unwrap_or_default).collect::<Vec<_>>();
    Ok(Revealed { value: Some(parts.join(" / ")) })
}

/// Everything held about a donor, the name of an anonymous one included (it is theirs).
pub async fn personal_data(
    state: &AppState,
    auth: &Auth,
    id: DonorId,
    reason: &str,
    lang: Lang,
) -> AppResult<PersonalData> {
    let d = get_to_manage(state, auth, id).await?;
    rights::audit_access(state, auth, "donor", "personal_data", &id, &d.region_code, reason).await?;
    Ok(rights::personal_data(
        "donor",
        lang,
        vec![
            (Field::DonorKind, Some(d.kind.label(lang).to_owned())),
            (Field::Name, d.name),
            (Field::Phone, d.phone),
            (Field::CreditCode, d.credit_code),
            (Field::Region, Some(d.region_code.to_string())),
        ],
    ))
}
