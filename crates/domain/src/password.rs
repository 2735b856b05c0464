//! Password hashing with Argon2id (OWASP's recommended parameters: 19 MiB, 2 passes).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand_core::OsRng;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A PHC string such as `$argon2id$v=19$m=19456,t=2,p=1$…`.
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(hasher().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// False for a wrong password and for an unreadable stored hash alike.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).map(|h| hasher().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false)
}

/// Verifying against this keeps a login for an unknown name as slow as one for a known name.
pub const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0qjAcn0wTeDC6vQlqBPl5fTS3sFYjtOJg2kU0IAjxrQ";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_then_verify() {
        let h = hash("wushe-2026-pass").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("wushe-2026-pass", &h));
        assert!(!verify("wrong-2026-pass", &h));
        assert!(!verify("x", "not a hash"));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
