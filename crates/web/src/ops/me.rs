use serde::Deserialize;
use utoipa::ToSchema;
use wushe_domain::account::AccountStatus;
use wushe_domain::validate::new_password;
use wushe_domain::{Field, FieldError, Lang, Reason};
use wushe_store::accounts::{self, Account};
use wushe_store::audit::{self, Event, Outcome};
use wushe_store::{now_ms, sessions};

use super::{hash_password, verify_password};
use crate::auth::{Auth, random_token, token_hash};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct LoginInput {
    /// User name or phone number.
    #[serde(default)]
    pub login: String,
    #[serde(default)]
    pub password: String,
}

/// A new session: the token goes in a cookie or an `Authorization: Bearer` header.
pub struct NewSession {
    pub account: Account,
    pub token: String,
    pub csrf_token: String,
}

/// Checks a login. Unknown names, wrong passwords and disabled accounts get the same answer, in
/// the same time; five failures in a row lock the account for a while.
pub async fn login(state: &AppState, input: &LoginInput) -> AppResult<NewSession> {
    if input.login.trim().is_empty() {
        return Err(FieldError::new(Field::Username, Reason::Required).into());
    }
    if input.password.is_empty() {
        return Err(FieldError::new(Field::Password, Reason::Required).into());
    }
    let db = &state.db;
    let Some((account, hash)) = accounts::find_for_login(db, &input.login).await? else {
        verify_password(input.password.clone(), wushe_domain::password::DUMMY_HASH.to_owned()).await?;
        let event = Event::new(None, "account.login", "account")
            .outcome(Outcome::Failed)
            .detail(serde_json::json!({ "reason": "unknown login name" }));
        audit::record(db, &event).await?;
        return Err(AppError::BadLogin);
    };
    let now = now_ms();
    if account.is_locked(now) {
        let event = Event::new(None, "account.login", "account")
            .id(account.id)
            .region(&account.region_code)
            .outcome(Outcome::Failed)
            .detail(serde_json::json!({ "reason": "locked" }));
        audit::record(db, &event).await?;
        let minutes = (account.locked_until.unwrap_or(now) - now + 59_999) / 60_000;
        return Err(AppError::Locked { minutes });
    }
    if !verify_password(input.password.clone(), hash).await? {
        if accounts::record_failed_login(db, &account).await? {
            return Err(AppError::Locked { minutes: wushe_domain::account::LOCKOUT_MS / 60_000 });
        }
        return Err(AppError::BadLogin);
    }
    if account.status != AccountStatus::Active {
        let event = Event::new(None, "account.login", "account")
            .id(account.id)
            .region(&account.region_code)
            .outcome(Outcome::Failed)
            .detail(serde_json::json!({ "reason": "disabled" }));
        audit::record(db, &event).await?;
        return Err(AppError::BadLogin);
    }
    accounts::record_login(db, &account).await?;
    let token = random_token()?;
    let csrf_token = random_token()?;
    sessions::create(db, &token_hash(&token), account.id, &csrf_token).await?;
    Ok(NewSession { account, token, csrf_token })
}

pub async fn logout(state: &AppState, auth: &Auth) -> AppResult<()> {
    sessions::delete(&state.db, &auth.session.token_hash).await?;
    Ok(())
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PasswordInput {
    #[serde(default)]
    pub current_password: String,
    #[serde(default)]
    pub new_password: String,
}

pub async fn change_password(state: &AppState, auth: &Auth, input: &PasswordInput) -> AppResult<()> {
    let Some((account, hash)) = accounts::get_self(&state.db, auth.account.id).await? else {
        return Err(AppError::Unauthenticated);
    };
    if !verify_password(input.current_password.clone(), hash).await? {
        return Err(FieldError::new(Field::CurrentPassword, Reason::Incorrect).into());
    }
    let new = new_password(Field::NewPassword, &input.new_password)?;
    if new == input.current_password {
        return Err(FieldError::new(Field::NewPassword, Reason::SameAsOld).into());
    }
    let hash = hash_password(new).await?;
    accounts::change_own_password(&state.db, &account, &hash, &auth.session.token_hash).await?;
    Ok(())
}

pub async fn set_lang(state: &AppState, auth: &Auth, lang: Lang) -> AppResult<()> {
    accounts::set_locale(&state.db, auth.account.id, lang).await?;
    Ok(())
}
