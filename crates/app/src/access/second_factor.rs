//! The second factor: enrolment from the account's own page, the code step of a sign-in, the
//! holder's own changes, and an administrator's reset. Every code checked against a factor in
//! force takes a sign-in attempt first, so codes cannot be guessed faster than passwords.

use wushe_domain::second_factor::{
    RECOVERY_BYTES, RECOVERY_CODES, SECRET_BYTES, TotpSecret, normalise_code, normalise_recovery, recovery_code,
};
use wushe_domain::{AccountId, Conflict, Field, FieldError, Reason};
use wushe_store::accounts::{self, Account};
use wushe_store::audit::{self, Event, Outcome};
use wushe_store::crypto::Crypto;
use wushe_store::login_guard::{self, Attempt};
use wushe_store::second_factors::{self as store, recovery_hash};
use wushe_store::{now_ms, sessions};

use crate::access::session::NewSession;
use crate::access::session::{Auth, random_token, token_hash};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The issuer authenticator apps show beside the account's name.
pub const ISSUER: &str = "五社联动";

/// Which kind of code opened the door.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Used {
    Totp,
    Recovery,
}

impl Used {
    fn key(self) -> &'static str {
        match self {
            Used::Totp => "totp",
            Used::Recovery => "recovery",
        }
    }
}

fn no_randomness(e: getrandom::Error) -> AppError {
    AppError::Internal(format!("no randomness: {e}"))
}

fn unix_seconds() -> u64 {
    u64::try_from(now_ms() / 1000).unwrap_or(0)
}

/// Whether `code` opens the account's factor in force: a TOTP code of a step not used before, or
/// an unused recovery code. Either is used up by the conditional update that accepts it.
async fn matches(state: &AppState, account: &Account, code: &str) -> AppResult<Option<Used>> {
    let Some(f) = store::get(&state.db, account.id).await?.filter(|f| f.confirmed_at.is_some()) else {
        return Ok(None);
    };
    if normalise_code(code).is_some() {
        let step = f.secret.accept(code, unix_seconds(), f.last_step);
        return match step {
            Some(step) if store::take_step(&state.db, account.id, step).await? => Ok(Some(Used::Totp)),
            _ => Ok(None),
        };
    }
    match normalise_recovery(code) {
        Some(r) if store::use_recovery(&state.db, account, &recovery_hash(&r)).await? => Ok(Some(Used::Recovery)),
        _ => Ok(None),
    }
}

/// Records a wrong code as failed attempt `n`: the fifth in a row locks the account.
async fn failed(state: &AppState, account: &Account, n: i64) -> AppResult<AppError> {
    let detail = serde_json::json!({ "failures": n, "reason": "wrong second factor code" });
    if accounts::record_failure(&state.db, account, n, detail).await? {
        return Ok(AppError::Locked { minutes: wushe_domain::account::LOCKOUT_MS / 60_000 });
    }
    Ok(AppError::BadSecondFactorCode)
}

/// Takes a sign-in attempt on the account before a code is checked.
async fn take_attempt(state: &AppState, account: &Account) -> AppResult<i64> {
    let now = now_ms();
    match login_guard::take_for_account(&state.db, account.id, now).await? {
        Attempt::Check { n } => Ok(n),
        Attempt::Locked { until } => {
            let event = Event::new(None, "account.login", "account")
                .id(account.id)
                .region(&account.region_code)
                .outcome(Outcome::Failed)
                .detail(serde_json::json!({ "reason": "locked" }));
            audit::record(&state.db, &event).await?;
            Err(AppError::Locked { minutes: (until - now + 59_999) / 60_000 })
        }
    }
}

fn required(code: &str) -> AppResult<&str> {
    let code = code.trim();
    if code.is_empty() {
        return Err(FieldError::new(Field::SecondFactorCode, Reason::Required).into());
    }
    Ok(code)
}

/// The code of a sign-in whose password was attempt `n`: right, the sign-in is recorded (and the
/// failures cleared); wrong, it is failure `n`.
pub async fn check_sign_in(state: &AppState, account: &Account, code: &str, n: i64) -> AppResult<Used> {
    match matches(state, account, code).await? {
        Some(used) => {
            let detail = serde_json::json!({ "second_factor": used.key() });
            accounts::record_login_with(&state.db, account, detail).await?;
            Ok(used)
        }
        None => Err(failed(state, account, n).await?),
    }
}

/// The code step of a page sign-in: the half-open session opens fully under a new token. A lock
/// ends the half-open session, so the password must be given again afterwards.
pub async fn complete(state: &AppState, pending: &Auth, code: &str) -> AppResult<NewSession> {
    let code = required(code)?;
    let account = &pending.account;
    let checked = match take_attempt(state, account).await {
        Ok(n) => check_sign_in(state, account, code, n).await,
        Err(e) => Err(e),
    };
    if let Err(e) = checked {
        if matches!(e, AppError::Locked { .. }) {
            sessions::delete(&state.db, &pending.session.token_hash).await?;
        }
        return Err(e);
    }
    let token = random_token()?;
    let csrf_token = random_token()?;
    if !sessions::complete(&state.db, &pending.session.token_hash, &token_hash(&token), &csrf_token).await? {
        return Err(AppError::Unauthenticated);
    }
    Ok(NewSession { account: account.clone(), token, csrf_token, pending: false })
}

/// A code the holder gives to change their own factor: it takes an attempt like a sign-in, and
/// gives it back when right.
async fn check_own(state: &AppState, auth: &Auth, code: &str) -> AppResult<()> {
    let code = required(code)?;
    let account = &auth.account;
    if !account.second_factor {
        return Err(Conflict::NoSecondFactor.into());
    }
    let n = take_attempt(state, account).await?;
    if matches(state, account, code).await?.is_some() {
        login_guard::give_back(&state.db, account.id).await?;
        return Ok(());
    }
    match failed(state, account, n).await? {
        AppError::BadSecondFactorCode => Err(FieldError::new(Field::SecondFactorCode, Reason::Incorrect).into()),
        locked => Err(locked),
    }
}

/// What the enrolment page shows.
pub enum Status {
    /// In force, with the recovery codes left.
    On {
        recovery_left: i64,
    },
    /// Started: the secret waits for its first code.
    Started(TotpSecret),
    NotStarted,
}

pub async fn status(state: &AppState, auth: &Auth) -> AppResult<Status> {
    let id = auth.account.id;
    Ok(match store::get(&state.db, id).await? {
        Some(f) if f.confirmed_at.is_some() => Status::On { recovery_left: store::recovery_left(&state.db, id).await? },
        Some(f) => Status::Started(f.secret),
        None => Status::NotStarted,
    })
}

/// Starts enrolment with a fresh 160-bit secret (again, if an earlier start was not confirmed).
pub async fn begin(state: &AppState, auth: &Auth) -> AppResult<()> {
    if !state.settings.second_factor.enrolment_open() {
        return Err(Conflict::SecondFactorOff.into());
    }
    let secret = TotpSecret::from_bytes(Crypto::random::<SECRET_BYTES>().map_err(no_randomness)?);
    if !store::begin(&state.db, &auth.account, &secret).await? {
        return Err(Conflict::SecondFactorInForce.into());
    }
    Ok(())
}

fn new_recovery_codes() -> AppResult<(Vec<String>, Vec<String>)> {
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    let mut hashes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let code = recovery_code(Crypto::random::<RECOVERY_BYTES>().map_err(no_randomness)?);
        let norm = normalise_recovery(&code).ok_or_else(|| AppError::Internal("recovery code shape".into()))?;
        hashes.push(recovery_hash(&norm));
        codes.push(code);
    }
    Ok((codes, hashes))
}

/// Confirms enrolment with the first code; returns the recovery codes, shown this once.
pub async fn confirm(state: &AppState, auth: &Auth, code: &str) -> AppResult<Vec<String>> {
    let code = required(code)?;
    let Some(f) = store::get(&state.db, auth.account.id).await? else {
        return Err(Conflict::NoSecondFactor.into());
    };
    if f.confirmed_at.is_some() {
        return Err(Conflict::SecondFactorInForce.into());
    }
    let Some(step) = f.secret.accept(code, unix_seconds(), f.last_step) else {
        return Err(FieldError::new(Field::SecondFactorCode, Reason::Incorrect).into());
    };
    let (codes, hashes) = new_recovery_codes()?;
    if !store::confirm(&state.db, &auth.account, step, &hashes).await? {
        return Err(Conflict::SecondFactorInForce.into());
    }
    Ok(codes)
}

/// New recovery codes for a current code; the earlier ones stop working.
pub async fn regenerate(state: &AppState, auth: &Auth, code: &str) -> AppResult<Vec<String>> {
    check_own(state, auth, code).await?;
    let (codes, hashes) = new_recovery_codes()?;
    store::replace_recovery(&state.db, &auth.account, &hashes).await?;
    Ok(codes)
}

/// Turns the holder's factor off for a current code. Where the installation requires one, the
/// next page asks them to enrol again.
pub async fn disable(state: &AppState, auth: &Auth, code: &str) -> AppResult<()> {
    check_own(state, auth, code).await?;
    store::disable_own(&state.db, &auth.account, &auth.session.token_hash).await?;
    Ok(())
}

/// An administrator resets the factor of an account they manage (a lost phone): audited, and
/// the account's sessions end. Their own factor is changed on their own page.
pub async fn reset(state: &AppState, auth: &Auth, id: AccountId) -> AppResult<Account> {
    let (actor, a) = crate::access::accounts::get_to_manage(state, auth, id).await?;
    if a.id == actor.id {
        return Err(Conflict::OwnSecondFactor.into());
    }
    store::reset(&state.db, &auth.scope(), id, actor.id).await?.ok_or(AppError::NotFound)
}

/// The QR code of the enrolment address, as SVG (the `qrcode` crate the PDFs use too).
pub fn qr_svg(uri: &str) -> AppResult<String> {
    let svg = qrcode::QrCode::new(uri.as_bytes())
        .map_err(|e| AppError::Internal(format!("QR code: {e}")))?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(220, 220)
        .build();
    Ok(svg)
}
