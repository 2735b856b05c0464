use serde::Deserialize;
use utoipa::ToSchema;
use wushe_domain::account::AccountStatus;
use wushe_domain::validate::new_password;
use wushe_domain::{Field, FieldError, Lang, Reason};
use wushe_store::accounts::{self, Account};
use wushe_store::audit::{self, Event, Outcome};
use wushe_store::login_guard::{self, Attempt};
use wushe_store::{now_ms, sessions};

use crate::access::session::NewSession;
use crate::access::session::{Auth, random_token, token_hash};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::steps::{hash_password, verify_password};

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct LoginInput {
    /// User name or phone number.
    pub login: String,
    pub password: String,
    /// For an account with a second factor: the 6-digit code of its authenticator app, or one
    /// of its recovery codes. Without it such an account is answered 401 `second_factor_required`
    /// (field `code`); a wrong code counts as a wrong password.
    pub code: Option<String>,
}

/// How long a half-open sign-in waits for its code.
pub const PENDING_MS: i64 = 5 * 60 * 1000;

/// Sign-in attempts one network address may make in [`ADDRESS_WINDOW_MS`]: enough for a
/// office behind one address, too few to walk a list of names.
pub const ADDRESS_LIMIT: u64 = 30;
pub const ADDRESS_WINDOW_MS: i64 = 10 * 60 * 1000;

/// Checks a login. Unknown names, wrong passwords and disabled accounts get the same answer, in
/// the same time; five failures in a row lock a name for a while, whether or not it is an
/// account's. Each attempt is taken before the password is checked, so guesses sent at once are
/// no more than guesses sent in turn; one address may try [`ADDRESS_LIMIT`] times a window.
pub async fn login(state: &AppState, input: &LoginInput, address: &str) -> AppResult<NewSession> {
    let (account, n) = check_password(state, input, address).await?;
    if account.second_factor {
        let Some(code) = input.code.as_deref().filter(|c| !c.trim().is_empty()) else {
            login_guard::give_back(&state.db, account.id).await?;
            return Err(AppError::SecondFactorRequired);
        };
        crate::access::second_factor::check_sign_in(state, &account, code, n).await?;
    } else {
        accounts::record_login(&state.db, &account).await?;
    }
    open(state, account, None).await
}

/// The password step of a sign-in on the pages. An account with a second factor gets a
/// half-open session, which reaches only the code page for [`PENDING_MS`].
pub async fn login_half(state: &AppState, input: &LoginInput, address: &str) -> AppResult<NewSession> {
    let (account, _) = check_password(state, input, address).await?;
    if account.second_factor {
        login_guard::give_back(&state.db, account.id).await?;
        return open(state, account, Some(now_ms() + PENDING_MS)).await;
    }
    accounts::record_login(&state.db, &account).await?;
    open(state, account, None).await
}

pub(crate) async fn open(state: &AppState, account: Account, pending_until: Option<i64>) -> AppResult<NewSession> {
    let token = random_token()?;
    let csrf_token = random_token()?;
    match pending_until {
        Some(until) => sessions::create_pending(&state.db, &token_hash(&token), account.id, &csrf_token, until).await?,
        None => sessions::create(&state.db, &token_hash(&token), account.id, &csrf_token).await?,
    }
    Ok(NewSession { account, token, csrf_token, pending: pending_until.is_some() })
}

/// The account a login names if its password is right, and the number of the attempt taken for
/// it (which a wrong second-factor code then fails).
async fn check_password(state: &AppState, input: &LoginInput, address: &str) -> AppResult<(Account, i64)> {
    if input.login.trim().is_empty() {
        return Err(FieldError::new(Field::Login, Reason::Required).into());
    }
    if input.password.is_empty() {
        return Err(FieldError::new(Field::Password, Reason::Required).into());
    }
    crate::needs::need::throttled(state, &format!("login:{address}"), ADDRESS_WINDOW_MS, ADDRESS_LIMIT)
        .await
        .map_err(|e| if matches!(e, AppError::Throttled) { AppError::TooManyLogins } else { e })?;
    let db = &state.db;
    let now = now_ms();
    // A lock set by a guess sent at the same moment may end a little after `now` + the lockout:
    // the answer never says more than the lockout's length.
    let most = wushe_domain::account::LOCKOUT_MS / 60_000;
    let locked = |until: i64| AppError::Locked { minutes: ((until - now + 59_999) / 60_000).min(most) };
    let Some((account, hash)) = accounts::find_for_login(db, &input.login).await? else {
        let key = db.crypto.index("login", &input.login.trim().to_lowercase());
        let n = match login_guard::take_for_unknown(db, &key, now).await? {
            Attempt::Check { n } => n,
            Attempt::Locked { until } => return Err(locked(until)),
        };
        verify_password(input.password.clone(), wushe_domain::password::DUMMY_HASH.to_owned()).await?;
        let event = Event::new(None, "account.login", "account")
            .outcome(Outcome::Failed)
            .detail(serde_json::json!({ "reason": "unknown login name", "failures": n }));
        audit::record(db, &event).await?;
        if login_guard::failed_unknown(db, &key, n, now).await? {
            return Err(AppError::Locked { minutes: wushe_domain::account::LOCKOUT_MS / 60_000 });
        }
        return Err(AppError::BadLogin);
    };
    let n = match login_guard::take_for_account(db, account.id, now).await? {
        Attempt::Check { n } => n,
        Attempt::Locked { until } => {
            let event = Event::new(None, "account.login", "account")
                .id(account.id)
                .region(&account.region_code)
                .outcome(Outcome::Failed)
                .detail(serde_json::json!({ "reason": "locked" }));
            audit::record(db, &event).await?;
            return Err(locked(until));
        }
    };
    if !verify_password(input.password.clone(), hash).await? {
        if accounts::record_failed_login(db, &account, n).await? {
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
    Ok((account, n))
}

pub async fn logout(state: &AppState, auth: &Auth) -> AppResult<()> {
    sessions::delete(&state.db, &auth.session.token_hash).await?;
    Ok(())
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PasswordInput {
    pub current_password: String,
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
