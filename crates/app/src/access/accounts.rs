use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use wushe_domain::account::{AccountInput, AccountStatus, NewAccount};
use wushe_domain::authz::{Action, Actor, Decision, decide};
use wushe_domain::validate::{new_password, required_text};
use wushe_domain::{AccountId, Conflict, Field, FieldError, Reason, RegionCode, Role};
use wushe_store::accounts::{self as store, Account, Filter};
use wushe_store::audit::{self, Event, Outcome};
use wushe_store::regions;

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::steps::{authorize, blank, hash_password, not_found, page_bounds, region_field_not_found};
use crate::views::{AccountView, Page, Revealed};

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Role key, e.g. station_staff.
    pub role: Option<String>,
    /// active | disabled
    pub status: Option<String>,
    /// Part of the user name or name.
    pub name: Option<String>,
    pub offset: Option<i64>,
    pub limit: Option<i64>,
}

pub async fn list(state: &AppState, auth: &Auth, q: &ListQuery) -> AppResult<Page<AccountView>> {
    let filter = Filter {
        role: blank(&q.role).map(Role::parse).transpose()?,
        status: match blank(&q.status) {
            None => None,
            Some(s) => Some(AccountStatus::parse(s).ok_or(FieldError::new(Field::Status, Reason::UnknownChoice))?),
        },
        name: blank(&q.name).map(str::to_owned),
    };
    let (offset, limit) = page_bounds(q.offset, q.limit);
    let (items, total) = store::list(&state.db, &auth.scope(), &filter, offset, limit).await?;
    Ok(Page { items: items.iter().map(AccountView::from).collect(), total, offset, limit })
}

pub async fn get(state: &AppState, auth: &Auth, id: AccountId) -> AppResult<Account> {
    let found = store::get(&state.db, &auth.scope(), id).await?;
    let actor = auth.actor();
    let a = match found {
        Some(a) => a,
        None => {
            let elsewhere = store::region_of(&state.db, id).await?;
            return Err(not_found(state, &actor, "account", &id, elsewhere).await);
        }
    };
    authorize(state, &actor, Action::ViewAccounts, "account", &id, (&a.region_code, &a.region_path)).await?;
    Ok(a)
}

pub(crate) async fn get_to_manage(state: &AppState, auth: &Auth, id: AccountId) -> AppResult<(Actor, Account)> {
    let a = get(state, auth, id).await?;
    let actor = auth.actor();
    authorize(state, &actor, Action::ManageAccount(a.role), "account", &id, (&a.region_code, &a.region_path)).await?;
    Ok((actor, a))
}

pub async fn create(state: &AppState, auth: &Auth, input: &AccountInput) -> AppResult<Account> {
    let new = NewAccount::parse(input)?;
    let actor = auth.actor();
    let scope = auth.scope();
    let Some(region) = regions::get(&state.db, &scope, &new.region).await? else {
        return Err(region_field_not_found(state, &actor, &new.region, Field::Region).await);
    };
    if decide(&actor, Action::ManageAccount(new.role), Some(&region.path)) != Decision::Allow {
        let event = Event::new(Some(actor.id), "account.create", "account")
            .region(&region.code)
            .outcome(Outcome::Forbidden)
            .detail(serde_json::json!({ "role": new.role.key() }));
        audit::record(&state.db, &event).await?;
        return Err(FieldError::new(Field::Role, Reason::UnknownChoice).into());
    }
    let hash = hash_password(new.password.clone()).await?;
    Ok(store::create(&state.db, &scope, &new, &hash, true, Some(actor.id)).await?)
}

pub async fn set_status(state: &AppState, auth: &Auth, id: AccountId, status: AccountStatus) -> AppResult<Account> {
    let (actor, _) = get_to_manage(state, auth, id).await?;
    if id == actor.id {
        return Err(Conflict::OwnAccount.into());
    }
    store::set_status(&state.db, &auth.scope(), id, status, actor.id).await?.ok_or(AppError::NotFound)
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ResetInput {
    /// The new first password; the holder must change it at next sign-in.
    pub password: String,
}

pub async fn reset_password(state: &AppState, auth: &Auth, id: AccountId, input: &ResetInput) -> AppResult<Account> {
    let (actor, _) = get_to_manage(state, auth, id).await?;
    let password = new_password(Field::Password, &input.password)?;
    let hash = hash_password(password).await?;
    store::reset_password(&state.db, &auth.scope(), id, &hash, actor.id).await?.ok_or(AppError::NotFound)
}

pub async fn reveal(state: &AppState, auth: &Auth, id: AccountId, reason: &str) -> AppResult<Revealed> {
    let (actor, a) = get_to_manage(state, auth, id).await?;
    let reason = required_text(Field::Reason, reason, 200)?;
    let event = Event::new(Some(actor.id), "account.reveal_phone", "account")
        .id(id)
        .region(&a.region_code)
        .detail(serde_json::json!({ "reason": reason }));
    audit::record(&state.db, &event).await?;
    Ok(Revealed { value: a.phone })
}

/// Roles the caller may create accounts for, for the form's choices.
pub fn creatable_roles(auth: &Auth) -> Vec<Role> {
    Role::ALL.into_iter().filter(|r| wushe_domain::authz::may_manage_account(auth.account.role, *r)).collect()
}

/// The default home region offered on the new-account form.
pub fn default_region(auth: &Auth) -> RegionCode {
    auth.account.region_code.clone()
}
