//! Field validators shared by every form and API body. Each returns the normalised value or a
//! [`FieldError`] naming the field.

use time::Date;
use time::macros::format_description;

use crate::{Field, FieldError, Reason};

fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control())
}

/// Trimmed text of 1..=max characters with no control characters.
pub fn required_text(field: Field, raw: &str, max: usize) -> Result<String, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, Reason::Required));
    }
    if s.chars().count() > max {
        return Err(FieldError::new(field, Reason::TooLong { max }));
    }
    if has_control(s) {
        return Err(FieldError::new(field, Reason::InvalidChars));
    }
    Ok(s.to_owned())
}

/// Like [`required_text`], but blank means absent.
pub fn optional_text(field: Field, raw: Option<&str>, max: usize) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => required_text(field, s, max).map(Some),
    }
}

/// A yes/no cell as spreadsheets write it: 是/否, Y/N, yes/no, true/false, 1/0; blank is no.
pub fn yes_no(field: Field, raw: &str) -> Result<bool, FieldError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "是" | "y" | "yes" | "true" | "1" => Ok(true),
        "" | "否" | "n" | "no" | "false" | "0" => Ok(false),
        _ => Err(FieldError::new(field, Reason::UnknownChoice)),
    }
}

/// A mainland mobile number (1[3-9] and nine digits, optionally +86) or a landline with area code
/// (0 + 2–3 digits + 7–8 digits). Spaces and hyphens are dropped; the digits are returned.
pub fn phone(field: Field, raw: &str) -> Result<String, FieldError> {
    let bad = || FieldError::new(field, Reason::BadPhone);
    let mut s: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if let Some(rest) = s.strip_prefix("+86") {
        s = rest.to_owned();
    }
    if s.is_empty() {
        return Err(FieldError::new(field, Reason::Required));
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let b = s.as_bytes();
    let mobile = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    let landline = b[0] == b'0' && b.get(1).is_some_and(|&d| d != b'0') && (10..=12).contains(&b.len());
    if mobile || landline { Ok(s) } else { Err(bad()) }
}

/// A login name: 3–32 characters, lower-case ASCII letters, digits, `_`, `.` or `-`, starting
/// with a letter. Stored lower-case so that logins are case-insensitive.
pub fn username(raw: &str) -> Result<String, FieldError> {
    let s = raw.trim().to_ascii_lowercase();
    if s.is_empty() {
        return Err(FieldError::new(Field::Username, Reason::Required));
    }
    if s.len() < 3 {
        return Err(FieldError::new(Field::Username, Reason::TooShort { min: 3 }));
    }
    if s.len() > 32 {
        return Err(FieldError::new(Field::Username, Reason::TooLong { max: 32 }));
    }
    let ok = s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b));
    if ok { Ok(s) } else { Err(FieldError::new(Field::Username, Reason::InvalidChars)) }
}

/// A new password: 10–128 characters with at least one letter and one digit.
pub fn new_password(field: Field, raw: &str) -> Result<String, FieldError> {
    let n = raw.chars().count();
    if n == 0 {
        return Err(FieldError::new(field, Reason::Required));
    }
    if n > 128 {
        return Err(FieldError::new(field, Reason::TooLong { max: 128 }));
    }
    let letters = raw.chars().any(char::is_alphabetic);
    let digits = raw.chars().any(|c| c.is_ascii_digit());
    if n < 10 || !letters || !digits {
        return Err(FieldError::new(field, Reason::WeakPassword));
    }
    Ok(raw.to_owned())
}

/// A calendar date written `YYYY-MM-DD`.
pub fn parse_date(field: Field, raw: &str) -> Result<Date, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, Reason::Required));
    }
    let d = Date::parse(s, format_description!("[year]-[month]-[day]"))
        .map_err(|_| FieldError::new(field, Reason::BadDate))?;
    // A typed date outside these years is a slip (0000-01-01), never a record of social work.
    if !(1900..=2100).contains(&d.year()) {
        return Err(FieldError::new(field, Reason::DateOutOfRange));
    }
    Ok(d)
}

pub fn format_date(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]")).unwrap_or_else(|_| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dates_are_plain_and_in_range() {
        assert!(parse_date(Field::OpenedOn, "2022-03-17").is_ok());
        assert_eq!(parse_date(Field::OpenedOn, "0000-01-01").unwrap_err().reason, Reason::DateOutOfRange);
        assert_eq!(parse_date(Field::OpenedOn, "2101-01-01").unwrap_err().reason, Reason::DateOutOfRange);
        assert_eq!(parse_date(Field::OpenedOn, "2022-02-30").unwrap_err().reason, Reason::BadDate);
        assert_eq!(parse_date(Field::OpenedOn, "").unwrap_err().reason, Reason::Required);
    }

    #[test]
    fn phones() {
        assert_eq!(phone(Field::Phone, "+86 138-0013-8000").as_deref(), Ok("13800138000"));
        assert_eq!(phone(Field::Phone, "023-63862000").as_deref(), Ok("02363862000"));
        assert_eq!(phone(Field::Phone, "").unwrap_err().reason, Reason::Required);
        for bad in ["12800138000", "1380013800", "00012345678", "138001380001", "１３８００１３８０００"] {
            assert_eq!(phone(Field::Phone, bad).unwrap_err().reason, Reason::BadPhone, "{bad}");
        }
    }

    #[test]
    fn usernames() {
        assert_eq!(username(" Zhang.Min ").as_deref(), Ok("zhang.min"));
        assert_eq!(username("ab").unwrap_err().reason, Reason::TooShort { min: 3 });
        assert_eq!(username("1abc").unwrap_err().reason, Reason::InvalidChars);
        assert_eq!(username("张敏abc").unwrap_err().reason, Reason::InvalidChars);
    }

    #[test]
    fn passwords() {
        assert!(new_password(Field::Password, "wushe-2026-pass").is_ok());
        assert_eq!(new_password(Field::Password, "short1").unwrap_err().reason, Reason::WeakPassword);
        assert_eq!(new_password(Field::Password, "onlyletterslong").unwrap_err().reason, Reason::WeakPassword);
    }

    #[test]
    fn yes_no_reads_what_sheets_write() {
        assert_eq!(yes_no(Field::Anonymous, " 是 "), Ok(true));
        assert_eq!(yes_no(Field::Anonymous, "YES"), Ok(true));
        assert_eq!(yes_no(Field::Anonymous, ""), Ok(false));
        assert_eq!(yes_no(Field::Anonymous, "也许").unwrap_err().reason, Reason::UnknownChoice);
    }

    #[test]
    fn text_limits_count_characters_not_bytes() {
        assert!(required_text(Field::Name, &"社".repeat(100), 100).is_ok());
        assert!(required_text(Field::Name, &"社".repeat(101), 100).is_err());
        assert_eq!(required_text(Field::Name, "a\u{0}b", 100).unwrap_err().reason, Reason::InvalidChars);
        assert_eq!(optional_text(Field::Name, Some("  "), 10), Ok(None));
    }

    proptest! {
        #[test]
        fn validators_never_panic(s in "\\PC{0,64}") {
            let _ = phone(Field::Phone, &s);
            let _ = username(&s);
            let _ = new_password(Field::Password, &s);
            let _ = parse_date(Field::OpenedOn, &s);
            let _ = required_text(Field::Name, &s, 10);
            let _ = yes_no(Field::Anonymous, &s);
        }

        #[test]
        fn yes_no_accepts_only_what_it_names(s in "\\PC{0,8}") {
            let known = ["是", "y", "yes", "true", "1", "", "否", "n", "no", "false", "0"];
            let plain = s.trim().to_ascii_lowercase();
            prop_assert_eq!(yes_no(Field::Anonymous, &s).is_ok(), known.contains(&plain.as_str()));
        }

        #[test]
        fn accepted_phones_are_digits_only(s in "[0-9 +-]{0,16}") {
            if let Ok(p) = phone(Field::Phone, &s) {
                prop_assert!(p.bytes().all(|b| b.is_ascii_digit()));
                prop_assert_eq!(phone(Field::Phone, &p), Ok(p.clone()));
            }
        }
    }
}
