//! The steps every use case shares: the permission decision and the audit of a refusal, the
//! "not found" that audits a probe into another region, the caller's scope narrowed to a region,
//! paging bounds, blank fields, password hashing off the async workers.

use wushe_domain::authz::{Action, Actor, Decision, decide};
use wushe_domain::{Field, FieldError, Reason, RegionCode, RegionPath};
use wushe_store::Scope;
use wushe_store::audit::{self, Event, Outcome};

use crate::error::AppError;
use crate::state::AppState;

/// Answers a lookup that found nothing in scope. If the record exists in another region the
/// attempt is audited there as a hidden access; either way the caller sees "not found".
pub async fn not_found(
    state: &AppState,
    actor: &Actor,
    entity: &'static str,
    id: &(dyn std::fmt::Display + Sync),
    elsewhere: Option<RegionCode>,
) -> AppError {
    let Some(region) = elsewhere else { return AppError::NotFound };
    let event = Event::new(Some(actor.id), format!("{entity}.access"), entity)
        .id(id)
        .region(&region)
        .outcome(Outcome::Hidden)
        .detail(serde_json::json!({ "actor_region": actor.region.as_str() }));
    match audit::record(&state.db, &event).await {
        Ok(_) => AppError::NotFound,
        Err(e) => e.into(),
    }
}

/// A region named in a form that is not in the caller's area: a field error for the form, and,
/// when the region exists elsewhere, an audited hidden access like any other probe.
pub async fn region_field_not_found(state: &AppState, actor: &Actor, code: &RegionCode, field: Field) -> AppError {
    let elsewhere = match wushe_store::regions::path_of(&state.db, code).await {
        Ok(p) => p.map(|_| code.clone()),
        Err(e) => return e.into(),
    };
    match not_found(state, actor, "region", code, elsewhere).await {
        AppError::NotFound => FieldError::new(field, Reason::NotFound).into(),
        other => other,
    }
}

/// Applies the decision rule to a record already read in scope; refusals are audited.
pub async fn authorize(
    state: &AppState,
    actor: &Actor,
    action: Action,
    entity: &'static str,
    id: &(dyn std::fmt::Display + Sync),
    region: (&RegionCode, &RegionPath),
) -> Result<(), AppError> {
    let outcome = match decide(actor, action, Some(region.1)) {
        Decision::Allow => return Ok(()),
        Decision::Forbidden => Outcome::Forbidden,
        Decision::Hidden => Outcome::Hidden,
    };
    let event = Event::new(Some(actor.id), format!("{entity}.{action:?}"), entity)
        .id(id)
        .region(region.0)
        .outcome(outcome)
        .detail(serde_json::json!({ "actor_region": actor.region.as_str() }));
    audit::record(&state.db, &event).await?;
    Err(match outcome {
        Outcome::Hidden => AppError::NotFound,
        _ => AppError::Forbidden,
    })
}

/// Applies the decision rule to an action on something that belongs to no region (the platform's
/// managed lists); a refusal is audited at the actor's own region.
pub async fn authorize_role(
    state: &AppState,
    actor: &Actor,
    action: Action,
    entity: &'static str,
) -> Result<(), AppError> {
    if decide(actor, action, None) == Decision::Allow {
        return Ok(());
    }
    let event = Event::new(Some(actor.id), format!("{entity}.{action:?}"), entity)
        .region(&actor.region)
        .outcome(Outcome::Forbidden)
        .detail(serde_json::json!({ "actor_region": actor.region.as_str() }));
    audit::record(&state.db, &event).await?;
    Err(AppError::Forbidden)
}

/// The caller's scope, narrowed to a region in it when a list asks for one (`?region=`); a region
/// outside it is a field error, like any unknown region.
pub async fn narrowed(
    state: &AppState,
    auth: &crate::access::session::Auth,
    region: &Option<String>,
) -> Result<Scope, AppError> {
    let scope = auth.scope();
    let Some(code) = blank(region) else { return Ok(scope) };
    let code = RegionCode::parse(code)?;
    let found = wushe_store::regions::get(&state.db, &scope, &code).await?;
    Ok(Scope::under(found.ok_or(FieldError::new(Field::Region, Reason::NotFound))?.path))
}

/// An optional text field, with blank meaning absent.
pub fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Paging bounds for every list.
pub fn page_bounds(offset: Option<i64>, limit: Option<i64>) -> (i64, i64) {
    (offset.unwrap_or(0).max(0), limit.unwrap_or(50).clamp(1, 200))
}

/// Argon2 is deliberately slow: keep it off the async workers.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || wushe_domain::password::hash(&password))
        .await
        .map_err(|e| AppError::Internal(format!("hashing task: {e}")))?
        .map_err(|e| AppError::Internal(format!("hashing: {e}")))
}

pub async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || wushe_domain::password::verify(&password, &hash))
        .await
        .map_err(|e| AppError::Internal(format!("hashing task: {e}")))
}
