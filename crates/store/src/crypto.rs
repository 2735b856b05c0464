//! Encryption of personal numbers at rest, and keyed hashes for exact lookup.
//!
//! The data key comes from configuration and never enters the database. Two sub-keys are derived
//! from it (HMAC-SHA256 with fixed labels): one seals values with AES-256-GCM, one makes the
//! lookup index. A sealed value is `v1:` + base64(nonce ‖ ciphertext); the version prefix lets a
//! later key rotation re-seal rows without guessing which key sealed them.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::StoreError;

type HmacSha256 = Hmac<Sha256>;

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

    pub fn seal(&self, plain: &str) -> Result<String, StoreError> {
        let cipher = Aes256Gcm::new((&self.seal_key).into());
        let mut nonce = [0u8; 12];
        getrandom::getrandom(&mut nonce).map_err(|e| StoreError::corrupt(format!("no randomness: {e}")))?;
        let ct = cipher
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .map_err(|_| StoreError::corrupt("encryption failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        Ok(format!("v1:{}", B64.encode(out)))
    }

    pub fn open(&self, sealed: &str) -> Result<String, StoreError> {
        let bad = || StoreError::corrupt("a sealed value does not open with the configured data key");
        let raw = sealed.strip_prefix("v1:").ok_or_else(bad)?;
        let bytes = B64.decode(raw).map_err(|_| bad())?;
        if bytes.len() < 12 {
            return Err(bad());
        }
        let (nonce, ct) = bytes.split_at(12);
        let cipher = Aes256Gcm::new((&self.seal_key).into());
        let plain = cipher.decrypt(Nonce::from_slice(nonce), ct).map_err(|_| bad())?;
        String::from_utf8(plain).map_err(|_| bad())
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
        let s = c.seal("13800138000").expect("seal");
        assert!(!s.contains("13800138000"));
        assert_eq!(c.open(&s).expect("open"), "13800138000");
        assert_ne!(c.seal("13800138000").expect("seal"), s, "nonces differ");
        let other = Crypto::new([8; 32]);
        assert!(other.open(&s).is_err());
        assert!(c.open("v1:AAAA").is_err());
        assert_eq!(c.index("phone", "1"), c.index("phone", "1"));
        assert_ne!(c.index("phone", "1"), other.index("phone", "1"));
    }

    #[test]
    fn key_text_forms() {
        let hex = Crypto::generate_key_text().expect("random");
        assert!(Crypto::from_text(&hex).is_some());
        assert!(Crypto::from_text("short").is_none());
    }
}
