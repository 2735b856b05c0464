//! Encryption of personal numbers at rest, and keyed hashes for exact lookup.
//!
//! The data key comes from configuration and never enters the database. Two sub-keys are derived
//! from it (HMAC-SHA256 with fixed labels): one seals values with AES-256-GCM, one makes the
//! lookup index. A sealed value is `v2:` + base64(nonce ‖ ciphertext), bound to its place: the
//! table, column and row id are the cipher's associated data, so a value moved to another row
//! or column no longer opens. `v1:` values (no place) come from earlier releases; the upgrade
//! after the migrations (`rekey::upgrade`) seals them again as `v2`, and only it and key
//! rotation read them.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::StoreError;

type HmacSha256 = Hmac<Sha256>;

/// Where a sealed value lives: its table, column and row id, bound into the seal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    pub table: &'static str,
    pub column: &'static str,
    pub id: &'a str,
}

impl Place<'_> {
    fn aad(&self) -> Vec<u8> {
        format!("wushe:{}.{}:{}", self.table, self.column, self.id).into_bytes()
    }
}

/// Shorthand for a [`Place`]. A place outside the declared sealed columns is a programming error
/// that key rotation and `verify` would silently miss; every debug build's test that seals
/// there stops on it.
pub fn at<'a>(table: &'static str, column: &'static str, id: &'a str) -> Place<'a> {
    debug_assert!(crate::sealed::is_sealed(table, column), "{table}.{column} is sealed but not declared in sealed.rs");
    Place { table, column, id }
}

fn not_open(place: Place<'_>) -> StoreError {
    StoreError::corrupt(format!(
        "a sealed value ({}.{} of row {}) does not open with the configured data key, or was moved from another row",
        place.table, place.column, place.id
    ))
}

#[derive(Clone)]
pub struct Crypto {
    seal_key: [u8; 32],
    index_key: [u8; 32],
}

impl std::fmt::Debug for Crypto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Crypto([redacted])")
    }
}

fn derive(master: &[u8; 32], label: &[u8]) -> [u8; 32] {
    // A 32-byte key is always a valid HMAC key.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(master).unwrap_or_else(|_| unreachable!());
    mac.update(label);
    mac.finalize().into_bytes().into()
}

impl Crypto {
    pub fn new(master: [u8; 32]) -> Crypto {
        Crypto { seal_key: derive(&master, b"wushe seal v1"), index_key: derive(&master, b"wushe index v1") }
    }

    /// Reads a key written as 64 hex digits or as base64 of 32 bytes.
    pub fn from_text(text: &str) -> Option<Crypto> {
        let t = text.trim();
        let bytes = if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
            (0..32).map(|i| u8::from_str_radix(&t[2 * i..2 * i + 2], 16).ok()).collect::<Option<Vec<u8>>>()?
        } else {
            B64.decode(t).ok()?
        };
        Some(Crypto::new(bytes.try_into().ok()?))
    }

    /// `N` random bytes from the operating system.
    pub fn random<const N: usize>() -> Result<[u8; N], getrandom::Error> {
        let mut bytes = [0u8; N];
        getrandom::getrandom(&mut bytes)?;
        Ok(bytes)
    }

    /// A fresh random key, as 64 hex digits.
    pub fn generate_key_text() -> Result<String, getrandom::Error> {
        let mut key = [0u8; 32];
        getrandom::getrandom(&mut key)?;
        Ok(key.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Seals a value for its place: `table`.`column` of row `id`.
    pub fn seal_in(&self, place: Place<'_>, plain: &str) -> Result<String, StoreError> {
        Ok(format!("v2:{}", B64.encode(self.encrypt(plain, &place.aad())?)))
    }

    /// Opens a value sealed for this place; a value from another place does not open.
    pub fn open_in(&self, place: Place<'_>, sealed: &str) -> Result<String, StoreError> {
        let raw = sealed.strip_prefix("v2:").ok_or_else(|| not_open(place))?;
        self.decrypt(raw, &place.aad()).ok_or_else(|| not_open(place))
    }

    /// Opens a value of either version: for the upgrade and key rotation only.
    pub fn open_any(&self, place: Place<'_>, sealed: &str) -> Result<String, StoreError> {
        match sealed.strip_prefix("v1:") {
            Some(raw) => self.decrypt(raw, b"").ok_or_else(|| not_open(place)),
            None => self.open_in(place, sealed),
        }
    }

    fn encrypt(&self, plain: &str, aad: &[u8]) -> Result<Vec<u8>, StoreError> {
        let cipher = Aes256Gcm::new((&self.seal_key).into());
        let mut nonce = [0u8; 12];
        getrandom::getrandom(&mut nonce).map_err(|e| StoreError::corrupt(format!("no randomness: {e}")))?;
        let ct = cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain.as_bytes(), aad })
            .map_err(|_| StoreError::corrupt("encryption failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        Ok(out)
    }

    fn decrypt(&self, raw: &str, aad: &[u8]) -> Option<String> {
        let bytes = B64.decode(raw).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, ct) = bytes.split_at(12);
        let cipher = Aes256Gcm::new((&self.seal_key).into());
        let plain = cipher.decrypt(Nonce::from_slice(nonce), Payload { msg: ct, aad }).ok()?;
        String::from_utf8(plain).ok()
    }

    /// A keyed hash of a normalised value: equal inputs give equal indexes, and without the key
    /// the index reveals nothing (a phone number's space is small enough to brute-force a plain hash).
    pub fn index(&self, kind: &str, normalised: &str) -> String {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.index_key).unwrap_or_else(|_| unreachable!());
        mac.update(kind.as_bytes());
        mac.update(b":");
        mac.update(normalised.as_bytes());
        B64.encode(mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_and_tamper() {
        let c = Crypto::new([7; 32]);
        let here = at("persons", "phone", "a");
        let s = c.seal_in(here, "13800138000").expect("seal");
        assert!(!s.contains("13800138000") && s.starts_with("v2:"));
        assert_eq!(c.open_in(here, &s).expect("open"), "13800138000");
        assert_ne!(c.seal_in(here, "13800138000").expect("seal"), s, "nonces differ");
        let other = Crypto::new([8; 32]);
        assert!(other.open_in(here, &s).is_err());
        assert!(c.open_in(here, "v2:AAAA").is_err());
        assert_eq!(c.index("phone", "1"), c.index("phone", "1"));
        assert_ne!(c.index("phone", "1"), other.index("phone", "1"));
    }

    #[test]
    fn a_value_moved_to_another_place_does_not_open() {
        let c = Crypto::new([7; 32]);
        let s = c.seal_in(at("persons", "phone", "a"), "13800138000").expect("seal");
        let err = c.open_in(at("persons", "phone", "b"), &s).expect_err("another row");
        assert!(err.to_string().contains("persons.phone of row b"), "{err}");
        assert!(c.open_in(at("persons", "id_number", "a"), &s).is_err(), "another column");
        assert!(c.open_in(at("donors", "phone", "a"), &s).is_err(), "another table");
    }

    #[test]
    fn an_old_value_opens_only_for_the_upgrade() {
        let c = Crypto::new([7; 32]);
        let old = format!("v1:{}", B64.encode(c.encrypt("13800138000", b"").expect("seal")));
        let here = at("persons", "phone", "a");
        assert!(c.open_in(here, &old).is_err(), "not in everyday reads");
        assert_eq!(c.open_any(here, &old).expect("upgrade"), "13800138000");
    }
}
