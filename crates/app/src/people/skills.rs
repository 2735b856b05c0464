//! The managed list of volunteer skills, kept by platform administrators.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wushe_domain::authz::Action;
use wushe_domain::validate::required_text;
use wushe_domain::{Field, FieldError, Reason};
use wushe_store::skills as store;

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::state::AppState;
use crate::steps::authorize_role;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SkillView {
    pub name: String,
    pub active: bool,
    /// Volunteers on the platform who hold the skill.
    pub holders: i64,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SkillInput {
    pub name: String,
}

pub async fn list(state: &AppState) -> AppResult<Vec<SkillView>> {
    let all = store::all(&state.db).await?;
    Ok(all.into_iter().map(|s| SkillView { name: s.name, active: s.active, holders: s.holders }).collect())
}

/// A skill name: short text without the separators a skills cell uses.
fn name(raw: &str) -> AppResult<String> {
    let name = required_text(Field::Skills, raw, 20)?;
    if name.contains(['、', ',', '，', ';', '；', '"']) {
        return Err(FieldError::new(Field::Skills, Reason::InvalidChars).into());
    }
    Ok(name)
}

pub async fn add(state: &AppState, auth: &Auth, input: &SkillInput) -> AppResult<Vec<SkillView>> {
    authorize_role(state, &auth.actor(), Action::ManageLists, "skill").await?;
    store::add(&state.db, &name(&input.name)?, Some(auth.actor().id)).await?;
    list(state).await
}

pub async fn retire(state: &AppState, auth: &Auth, input: &SkillInput) -> AppResult<Vec<SkillView>> {
    authorize_role(state, &auth.actor(), Action::ManageLists, "skill").await?;
    if !store::retire(&state.db, input.name.trim(), Some(auth.actor().id)).await? {
        return Err(FieldError::new(Field::Skills, Reason::NotFound).into());
    }
    list(state).await
}
