//! Who is asking: a signed-in account and its session, and the tokens that name a session.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use wushe_domain::authz::Actor;
use wushe_store::Scope;
use wushe_store::accounts::Account;
use wushe_store::sessions::Session;

use crate::error::AppError;

/// A signed-in request.
#[derive(Debug, Clone)]
pub struct Auth {
    pub account: Account,
    pub session: Session,
    /// Bearer tokens are not sent by browsers on their own, so they need no CSRF token.
    pub bearer: bool,
    /// The installation requires a second factor of this role and the account has none yet: it
    /// must enrol before anything else.
    pub must_enrol: bool,
}

impl Auth {
    pub fn actor(&self) -> Actor {
        self.account.actor()
    }
    pub fn scope(&self) -> Scope {
        Scope::of(&self.actor())
    }
}

pub fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A new session: the token goes in a cookie or an `Authorization: Bearer` header.
pub struct NewSession {
    pub account: Account,
    pub token: String,
    pub csrf_token: String,
    /// Half-open: the password was right and the second factor's code is still wanted.
    pub pending: bool,
}
