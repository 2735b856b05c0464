//! The second factor: time-based one-time codes (TOTP, RFC 6238) from an authenticator app, and
//! one-time recovery codes for a lost phone. The arithmetic is `totp-rs`'s; this module fixes the
//! parameters every authenticator app understands and adds what the crate leaves to its caller:
//! which step a code belongs to, so that a code once accepted is never accepted again.

use totp_rs::{Algorithm, Secret, TOTP};

use crate::Role;

/// 160 bits, the HMAC-SHA-1 block the RFC recommends.
pub const SECRET_BYTES: usize = 20;
pub const DIGITS: usize = 6;
pub const STEP_SECONDS: u64 = 30;
/// Codes one step old or one step ahead are taken too: phones' clocks drift.
pub const SKEW_STEPS: u64 = 1;
/// How many recovery codes an enrolment hands out.
pub const RECOVERY_CODES: usize = 10;
/// Random bytes behind one recovery code: 80 bits, far beyond guessing even from its hash.
pub const RECOVERY_BYTES: usize = 10;

/// Whether a role must hold a second factor when the installation requires one (GB/T 22239-2019
/// level 3 asks it of administrators): platform administrators and district centre staff.
pub fn required_for(role: Role) -> bool {
    matches!(role, Role::PlatformAdmin | Role::CenterStaff)
}

/// An account's TOTP secret. Its `Debug` never shows the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret([u8; SECRET_BYTES]);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret([redacted])")
    }
}

impl TotpSecret {
    pub fn from_bytes(bytes: [u8; SECRET_BYTES]) -> TotpSecret {
        TotpSecret(bytes)
    }

    /// Reads the base32 text [`TotpSecret::base32`] writes (spaces and case ignored).
    pub fn from_base32(text: &str) -> Option<TotpSecret> {
        let clean: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let bytes = Secret::Encoded(clean).to_bytes().ok()?;
        Some(TotpSecret(bytes.try_into().ok()?))
    }

    /// RFC 4648 base32 without padding: what authenticator apps take when typed in.
    pub fn base32(&self) -> String {
        match Secret::Raw(self.0.to_vec()).to_encoded() {
            Secret::Encoded(s) => s,
            Secret::Raw(_) => unreachable!("to_encoded gives the encoded form"),
        }
    }

    /// The base32 text in groups of four, easier to read off a screen and type.
    pub fn grouped(&self) -> String {
        let s = self.base32();
        s.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
    }

    /// The `otpauth://` address a QR code carries (Google Authenticator's key URI format).
    pub fn uri(&self, issuer: &str, account: &str) -> String {
        let (issuer, account) = (percent(issuer), percent(account));
        format!(
            "otpauth://totp/{issuer}:{account}?secret={}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
            self.base32()
        )
    }

    fn totp(&self) -> TOTP {
        // The parameters are fixed and valid: 6 digits, a 160-bit secret.
        TOTP::new_unchecked(Algorithm::SHA1, DIGITS, 0, STEP_SECONDS, self.0.to_vec())
    }

    /// The code for the step that holds `unix_seconds`.
    pub fn code_at(&self, unix_seconds: u64) -> String {
        self.totp().generate(unix_seconds)
    }

    /// The step `code` is valid for at `unix_seconds` (this one, or one either side) if that step
    /// is later than `last_step`, the last one this secret had accepted: a code is used once.
    pub fn accept(&self, code: &str, unix_seconds: u64, last_step: i64) -> Option<i64> {
        let code = normalise_code(code)?;
        let totp = self.totp();
        let now = unix_seconds / STEP_SECONDS;
        let mut found = None;
        // Every candidate is compared, so the time taken does not say which one matched.
        for step in now.saturating_sub(SKEW_STEPS)..=now + SKEW_STEPS {
            let expected = totp.generate(step * STEP_SECONDS);
            let same = expected.len() == code.len()
                && expected.bytes().zip(code.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
            let step = i64::try_from(step).ok()?;
            if same && step > last_step {
                found = Some(step);
            }
        }
        found
    }
}

/// A TOTP code as typed: six digits, spaces allowed.
pub fn normalise_code(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// Crockford's base32: no I, L, O or U, so nothing is read wrong off paper.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A recovery code from random bytes: sixteen characters in four groups, `7KQ2-M9XD-3HPA-W0RT`.
pub fn recovery_code(bytes: [u8; RECOVERY_BYTES]) -> String {
    let mut bits: u128 = 0;
    for b in bytes {
        bits = (bits << 8) | u128::from(b);
    }
    let chars: Vec<u8> = (0..16).rev().map(|i| CROCKFORD[((bits >> (i * 5)) & 31) as usize]).collect();
    chars.chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

/// A recovery code as typed, in the one form that is hashed: upper case, no dashes or spaces,
/// and the letters Crockford reads as digits (O as 0, I and L as 1). `None` when it cannot be one.
pub fn normalise_recovery(typed: &str) -> Option<String> {
    let mut out = String::with_capacity(16);
    for c in typed.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !CROCKFORD.contains(&(c as u8)) {
            return None;
        }
        out.push(c);
    }
    (out.len() == 16).then_some(out)
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, the SHA-1 rows: the 20-byte ASCII secret "12345678901234567890",
    /// eight digits, 30-second steps.
    #[test]
    fn rfc_6238_sha1_vectors() {
        let totp = TOTP::new(Algorithm::SHA1, 8, 0, 30, b"12345678901234567890".to_vec()).expect("valid");
        for (t, code) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(totp.generate(t), code, "T = {t}");
        }
        // Our six digits are the last six of the RFC's eight (the same truncation, mod 10^6).
        let ours = TotpSecret::from_bytes(*b"12345678901234567890");
        assert_eq!(ours.code_at(59), "287082");
        assert_eq!(ours.code_at(1_111_111_109), "081804");
        assert_eq!(ours.code_at(20_000_000_000), "353130");
    }

    #[test]
    fn a_code_is_taken_one_step_either_side_and_not_further() {
        let s = TotpSecret::from_bytes(*b"12345678901234567890");
        let t = 1_111_111_111; // step 37037037
        let now = i64::try_from(t / STEP_SECONDS).expect("fits");
        assert_eq!(s.accept(&s.code_at(t), t, 0), Some(now));
        assert_eq!(s.accept(&s.code_at(t - 30), t, 0), Some(now - 1), "a slow phone");
        assert_eq!(s.accept(&s.code_at(t + 30), t, 0), Some(now + 1), "a fast phone");
        assert_eq!(s.accept(&s.code_at(t - 60), t, 0), None, "two steps old");
        assert_eq!(s.accept(&s.code_at(t + 60), t, 0), None, "two steps ahead");
        assert_eq!(s.accept("12345", t, 0), None);
        assert_eq!(s.accept("abcdef", t, 0), None);
        let spaced = s.code_at(t);
        assert_eq!(s.accept(&format!("{} {}", &spaced[..3], &spaced[3..]), t, 0), Some(now));
    }

    #[test]
    fn a_code_once_accepted_is_refused_again() {
        let s = TotpSecret::from_bytes(*b"12345678901234567890");
        let t = 1_234_567_890;
        let code = s.code_at(t);
        let step = s.accept(&code, t, 0).expect("first use");
        assert_eq!(s.accept(&code, t, step), None, "the same code again");
        assert_eq!(s.accept(&code, t + 20, step), None, "still in its window, but used");
        assert_eq!(s.accept(&s.code_at(t - 30), t, step), None, "an older step after a newer one");
        assert!(s.accept(&s.code_at(t + 30), t + 30, step).is_some(), "the next step's code");
    }

    #[test]
    fn base32_and_uri_round_trip() {
        let s = TotpSecret::from_bytes([7; SECRET_BYTES]);
        assert_eq!(s.base32().len(), 32, "160 bits are 32 base32 characters");
        assert_eq!(TotpSecret::from_base32(&s.grouped().to_lowercase()), Some(s.clone()));
        let uri = s.uri("五社联动", "root");
        assert!(uri.starts_with("otpauth://totp/%E4%BA%94"), "{uri}");
        assert!(uri.contains(&format!("secret={}&", s.base32())));
        assert!(uri.ends_with("&algorithm=SHA1&digits=6&period=30"));
        assert!(!format!("{s:?}").contains(&s.base32()), "Debug hides the secret");
    }

    #[test]
    fn recovery_codes_read_back_in_any_case() {
        let code = recovery_code([0xA5; RECOVERY_BYTES]);
        assert_eq!(code.len(), 19);
        let norm = normalise_recovery(&code).expect("reads");
        assert_eq!(normalise_recovery(&code.to_lowercase().replace('-', " ")), Some(norm.clone()));
        assert_eq!(normalise_recovery("OIL0-0000-0000-0000"), Some("0110000000000000".into()));
        assert_eq!(normalise_recovery("123456"), None);
        assert_eq!(normalise_recovery("UUUU-0000-0000-0000"), None);
        assert_ne!(recovery_code([1; RECOVERY_BYTES]), recovery_code([2; RECOVERY_BYTES]));
    }

    #[test]
    fn administrators_and_centre_staff_must_hold_one() {
        let must: Vec<Role> = Role::ALL.into_iter().filter(|r| required_for(*r)).collect();
        assert_eq!(must, vec![Role::PlatformAdmin, Role::CenterStaff]);
    }
}
