//! Volunteers' memberships of organizations and their teams.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wushe_domain::authz::Action;
use wushe_domain::validate::{format_date, optional_text, parse_date};
use wushe_domain::{Field, OrganizationId, VolunteerId};
use wushe_store::memberships::{self as store, Membership};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::network::points::today;
use crate::people::volunteers::get;
use crate::state::AppState;
use crate::steps::authorize;

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct MembershipInput {
    /// Id of an organization in the caller's area.
    pub organization: String,
    /// The team within the organization, if any.
    pub team: String,
    /// YYYY-MM-DD; today when empty.
    pub on: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MembershipView {
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub team: Option<String>,
    pub joined_on: String,
    pub left_on: Option<String>,
}

impl From<&Membership> for MembershipView {
    fn from(m: &Membership) -> Self {
        MembershipView {
            organization_id: m.organization_id,
            organization_name: m.organization_name.clone(),
            team: m.team.clone(),
            joined_on: format_date(m.joined_on),
            left_on: m.left_on.map(format_date),
        }
    }
}

fn views(list: Option<Vec<Membership>>) -> AppResult<Vec<MembershipView>> {
    Ok(list.ok_or(AppError::NotFound)?.iter().map(MembershipView::from).collect())
}

pub async fn list(state: &AppState, auth: &Auth, id: VolunteerId) -> AppResult<Vec<MembershipView>> {
    get(state, auth, id).await?;
    views(store::of_volunteer(&state.db, &auth.scope(), id).await?)
}

fn date(raw: &str, field: Field) -> AppResult<time::Date> {
    Ok(match raw.trim() {
        "" => today(),
        d => parse_date(field, d)?,
    })
}

pub async fn join(
    state: &AppState,
    auth: &Auth,
    id: VolunteerId,
    input: &MembershipInput,
) -> AppResult<Vec<MembershipView>> {
    let v = get(state, auth, id).await?;
    authorize(state, &auth.actor(), Action::ManagePeople, "volunteer", &id, (&v.region_code, &v.region_path)).await?;
    let team = optional_text(Field::Team, Some(&input.team), 60)?;
    let on = date(&input.on, Field::JoinedOn)?;
    let scope = auth.scope();
    views(store::join(&state.db, &scope, id, &input.organization, team.as_deref(), on, Some(auth.actor().id)).await?)
}

pub async fn leave(
    state: &AppState,
    auth: &Auth,
    id: VolunteerId,
    input: &MembershipInput,
) -> AppResult<Vec<MembershipView>> {
    let v = get(state, auth, id).await?;
    authorize(state, &auth.actor(), Action::ManagePeople, "volunteer", &id, (&v.region_code, &v.region_path)).await?;
    let on = date(&input.on, Field::LeftOn)?;
    views(store::leave(&state.db, &auth.scope(), id, &input.organization, on, Some(auth.actor().id)).await?)
}
