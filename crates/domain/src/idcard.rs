//! Identity documents. The mainland resident ID (GB 11643-1999): 17 digits and a check character
//! over ISO 7064 MOD 11-2, with the holder's birth date inside. Written here rather than taken
//! from a crate: both crates on the registry panic on non-ASCII input.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::{Field, FieldError, Reason};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

/// What a valid mainland ID number says about its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentId {
    /// Normalised: 18 characters, a final `x` written `X`.
    pub number: String,
    pub birth_date: Date,
    pub gender: Gender,
    /// The six-digit division code of the issuing county.
    pub county: String,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character of the first 17 digits.
pub fn check_char(first17: &[u8]) -> Option<char> {
    if first17.len() != 17 || !first17.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    CHECK.get((sum % 11) as usize).copied()
}

/// Parses a mainland resident ID; `today` bounds the birth date.
pub fn parse_resident_id(field: Field, raw: &str, today: Date) -> Result<ResidentId, FieldError> {
    let s: String = raw.trim().to_ascii_uppercase();
    if s.is_empty() {
        return Err(FieldError::new(field, Reason::Required));
    }
    let b = s.as_bytes();
    let shape_ok = b.len() == 18 && b[..17].iter().all(u8::is_ascii_digit) && (b[17].is_ascii_digit() || b[17] == b'X');
    if !shape_ok {
        return Err(FieldError::new(field, Reason::IdShape));
    }
    let digits = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    let (Some(year), Some(month), Some(day)) = (digits(6..10), digits(10..12), digits(12..14)) else {
        return Err(FieldError::new(field, Reason::IdShape));
    };
    let birth = Month::try_from(u8::try_from(month).unwrap_or(0))
        .ok()
        .and_then(|m| Date::from_calendar_date(i32::try_from(year).ok()?, m, u8::try_from(day).ok()?).ok())
        .filter(|d| d.year() >= 1900 && *d <= today)
        .ok_or(FieldError::new(field, Reason::IdBirthDate))?;
    if check_char(&b[..17]) != Some(char::from(b[17])) {
        return Err(FieldError::new(field, Reason::IdCheckDigit));
    }
    let gender = if (b[16] - b'0') % 2 == 1 { Gender::Male } else { Gender::Female };
    Ok(ResidentId { county: s[..6].to_owned(), number: s, birth_date: birth, gender })
}

/// Masks an ID number for every view and export: `1****************X`, the first and the last
/// character kept. More would rebuild the number: the area is the registration's region, the
/// birth date is often shown beside it, and the check digit narrows the rest, so the area, birth
/// date and last four of `110101********1234` leave a few dozen candidates. Views beside a
/// masked number show the birth year at most.
pub fn mask(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    format!("{}{}{}", chars[0], "*".repeat(chars.len() - 2), chars[chars.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 29);

    #[test]
    fn the_standards_example_passes() {
        // GB 11643-1999 appendix example.
        let id = parse_resident_id(Field::Body, "11010519491231002x", TODAY).expect("valid");
        assert_eq!(id.number, "11010519491231002X");
        assert_eq!(id.birth_date, date!(1949 - 12 - 31));
        assert_eq!(id.gender, Gender::Female);
        assert_eq!(id.county, "110105");
        assert_eq!(mask(&id.number), "1****************X");
    }

    #[test]
    fn each_fault_has_its_reason() {
        let reason = |s: &str| parse_resident_id(Field::Body, s, TODAY).expect_err(s).reason;
        assert_eq!(reason(""), Reason::Required);
        assert_eq!(reason("1101051949123100"), Reason::IdShape);
        assert_eq!(reason("11010519491231002Y"), Reason::IdShape);
        assert_eq!(reason("１１０１０５１９４９１２３１００２X"), Reason::IdShape);
        assert_eq!(reason("110105194902300021"), Reason::IdBirthDate);
        assert_eq!(reason("110105203001010021"), Reason::IdBirthDate);
        assert_eq!(reason("110105194912310021"), Reason::IdCheckDigit);
    }

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_char(first17.as_bytes()).expect("digits"))
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = parse_resident_id(Field::Body, &s, TODAY);
            let _ = mask(&s);
        }

        /// A mask keeps at most the first and the last character of a number.
        #[test]
        fn a_mask_keeps_two_characters_at_most(s in "[0-9X]{5,20}") {
            let m = mask(&s);
            prop_assert_eq!(m.chars().count(), s.chars().count());
            prop_assert!(m.chars().filter(|c| *c != '*').count() <= 2);
        }

        /// Any well-formed number with its computed check character parses, and changing the
        /// check character makes it fail.
        #[test]
        fn check_character_is_decisive(area in 110000u32..660000, days in 0i64..36_000, seq in 0u32..1000) {
            let birth = date!(1920 - 01 - 01) + time::Duration::days(days);
            prop_assume!(birth <= TODAY);
            let first17 = format!("{area:06}{:04}{:02}{:02}{seq:03}", birth.year(), u8::from(birth.month()), birth.day());
            let good = with_check(&first17);
            let id = parse_resident_id(Field::Body, &good, TODAY).expect("valid");
            prop_assert_eq!(id.birth_date, birth);
            let last = good.chars().last().expect("char");
            for wrong in CHECK.iter().filter(|c| **c != last) {
                let bad = format!("{first17}{wrong}");
                prop_assert_eq!(parse_resident_id(Field::Body, &bad, TODAY).expect_err("bad").reason, Reason::IdCheckDigit);
            }
        }
    }
}
