//! A person the platform holds data about (volunteer, resident, donor). Registries refer to a
//! person by a pseudonymous id, so that erasing a person's data on request leaves the ledgers
//! that mention the id intact.

use crate::choices::choices;
use pinyin::ToPinyin;
use time::Date;

use crate::idcard::{Gender, parse_resident_id};
use crate::text::Text;
use crate::validate::{parse_date, required_text};
use crate::{Field, FieldError, Lang, Reason};

choices!(
    /// Kinds of identity document; a blank cell is the resident ID card.
    IdKind, Field::IdKind, blank = ResidentId, {
        /// 居民身份证 (GB 11643)
        ResidentId = "resident_id", "居民身份证" | "身份证", "resident ID card";
        /// 港澳居民居住证 / 来往内地通行证
        HongKongMacao = "hk_macao", "港澳居民证件", "Hong Kong / Macao permit";
        /// 台湾居民居住证 / 来往大陆通行证
        Taiwan = "taiwan", "台湾居民证件", "Taiwan permit";
        /// 护照
        Passport = "passport", "护照", "passport";
    }
);

impl Gender {
    pub fn key(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Gender::Male => Text::new("男", "male").get(lang),
            Gender::Female => Text::new("女", "female").get(lang),
        }
    }

    pub fn parse(raw: &str) -> Result<Option<Gender>, FieldError> {
        match raw.trim() {
            "" => Ok(None),
            "男" | "male" | "m" | "M" => Ok(Some(Gender::Male)),
            "女" | "female" | "f" | "F" => Ok(Some(Gender::Female)),
            _ => Err(FieldError::new(Field::Gender, Reason::UnknownChoice)),
        }
    }
}

/// A validated identity document, with what it tells about its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub kind: IdKind,
    /// Normalised number (upper case, no spaces).
    pub number: String,
    pub birth_date: Option<Date>,
    pub gender: Option<Gender>,
}

impl Identity {
    /// The text the lookup index is computed over: kind and number.
    pub fn index_key(&self) -> String {
        format!("{}:{}", self.kind.key(), self.number)
    }
}

/// Parses an identity document. A resident ID's birth date and gender win over the ones given;
/// for other documents the given ones are used.
pub fn identity(kind: &str, number: &str, gender: &str, birth: &str, today: Date) -> Result<Identity, FieldError> {
    let kind = IdKind::parse(kind)?;
    let gender = Gender::parse(gender)?;
    let birth = match birth.trim() {
        "" => None,
        b => Some(parse_date(Field::BirthDate, b)?).filter(|d| *d <= today),
    };
    if kind == IdKind::ResidentId {
        let id = parse_resident_id(Field::IdNumber, number, today)?;
        return Ok(Identity { kind, number: id.number, birth_date: Some(id.birth_date), gender: Some(id.gender) });
    }
    let n: String = number.trim().chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    if n.is_empty() {
        return Err(FieldError::new(Field::IdNumber, Reason::Required));
    }
    if !(5..=20).contains(&n.len()) || !n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'(' || b == b')') {
        return Err(FieldError::new(Field::IdNumber, Reason::InvalidChars));
    }
    Ok(Identity { kind, number: n, birth_date: birth, gender })
}

/// A person's name: 1–50 characters.
pub fn name(raw: &str) -> Result<String, FieldError> {
    required_text(Field::PersonName, raw, 50)
}

/// Pinyin initials of a name for search: 张三丰 → zsf; Latin letters are kept, lower-cased.
pub fn initials(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c.to_pinyin() {
            Some(p) => p.first_letter().chars().next(),
            None if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            None => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 29);

    #[test]
    fn initials_of_chinese_names() {
        assert_eq!(initials("张三丰"), "zsf");
        assert_eq!(initials("李 Anna"), "lanna");
    }

    #[test]
    fn resident_ids_give_birth_and_gender() {
        let id = identity("", "11010519491231002X", "男", "2000-01-01", TODAY).expect("valid");
        assert_eq!(id.birth_date, Some(date!(1949 - 12 - 31)));
        assert_eq!(id.gender, Some(Gender::Female), "the ID card wins");
        assert_eq!(id.index_key(), "resident_id:11010519491231002X");
    }

    #[test]
    fn other_documents_take_what_is_given() {
        let id = identity("护照", "e 1234 5678", "女", "1990-05-06", TODAY).expect("valid");
        assert_eq!((id.kind, id.number.as_str()), (IdKind::Passport, "E12345678"));
        assert_eq!(id.birth_date, Some(date!(1990 - 05 - 06)));
        assert_eq!(identity("驾照", "1", "", "", TODAY).expect_err("kind").field, Field::IdKind);
        assert_eq!(identity("passport", "", "", "", TODAY).expect_err("number").reason, Reason::Required);
        assert_eq!(identity("passport", "E1234567", "x", "", TODAY).expect_err("gender").field, Field::Gender);
    }
}
