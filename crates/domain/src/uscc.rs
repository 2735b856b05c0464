//! The unified social credit code of organizations (GB 32100-2015): 18 characters from a
//! 31-character alphabet (digits and capitals without I, O, S, V, Z); the last is a check
//! character over the first 17, weights 3^i mod 31.

use crate::{Field, FieldError, Reason};

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).and_then(|p| u32::try_from(p).ok())
}

/// The check character of the first 17 characters, if they are all in the alphabet.
pub fn check_char(first17: &[u8]) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.iter().zip(WEIGHTS) {
        sum += value(*c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    ALPHABET.get(check as usize).map(|&b| char::from(b))
}

/// Parses a unified social credit code, returning it upper-cased.
pub fn parse(field: Field, raw: &str) -> Result<String, FieldError> {
    let s = raw.trim().to_ascii_uppercase();
    if s.is_empty() {
        return Err(FieldError::new(field, Reason::Required));
    }
    let b = s.as_bytes();
    if b.len() != 18 || !b.iter().all(|c| value(*c).is_some()) {
        return Err(FieldError::new(field, Reason::CreditCodeShape));
    }
    if check_char(&b[..17]) != Some(char::from(b[17])) {
        return Err(FieldError::new(field, Reason::IdCheckDigit));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn real_codes_pass_and_faults_are_named() {
        // Published codes of a foundation and a company.
        for code in ["53100000500021676K", "91350100M000100Y43"] {
            assert_eq!(parse(Field::Body, code).as_deref(), Ok(code), "{code}");
        }
        assert_eq!(parse(Field::Body, "53100000500021676k").as_deref(), Ok("53100000500021676K"));
        assert_eq!(parse(Field::Body, "53100000500021676A").expect_err("bad").reason, Reason::IdCheckDigit);
        assert_eq!(parse(Field::Body, "5310000050002167").expect_err("bad").reason, Reason::CreditCodeShape);
        assert_eq!(parse(Field::Body, "53100000500021676I").expect_err("bad").reason, Reason::CreditCodeShape);
        assert_eq!(parse(Field::Body, " ").expect_err("bad").reason, Reason::Required);
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = parse(Field::Body, &s);
        }

        #[test]
        fn computed_check_characters_validate(body in "[0-9A-HJ-NPQRTUWXY]{17}") {
            let c = check_char(body.as_bytes()).expect("alphabet");
            let code = format!("{body}{c}");
            prop_assert_eq!(parse(Field::Body, &code), Ok(code.clone()));
        }
    }
}
