//! Regions and their codes. Statistical codes nest by prefix; the *service path* nests the same way
//! but also lets an administrator place a township under a functional zone. Every scope check and
//! every "under this region" query is a range on the service path.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::Text;
use crate::{Field, FieldError, Lang, Reason};

/// A division code: 2/4/6/9/12 digits for the national list, `CN` for the whole country,
/// or `<parent>F<nn>` for a functional zone an administrator added.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

impl RegionCode {
    pub const ROOT: &'static str = "CN";

    pub fn root() -> Self {
        Self(Self::ROOT.to_owned())
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_ascii_uppercase();
        let ok = (2..=16).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
        if ok { Ok(Self(s)) } else { Err(FieldError::new(Field::Region, Reason::BadCode)) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The level a national code's length implies; `None` for the root and for functional zones.
    pub fn national_level(&self) -> Option<RegionLevel> {
        if !self.0.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match self.0.len() {
            2 => Some(RegionLevel::Province),
            4 => Some(RegionLevel::City),
            6 => Some(RegionLevel::County),
            9 => Some(RegionLevel::Township),
            12 => Some(RegionLevel::Village),
            _ => None,
        }
    }

    /// The code of the `seq`-th functional zone added under `parent`.
    pub fn functional_zone(parent: &RegionCode, seq: u32) -> Self {
        Self(format!("{}F{seq:02}", parent.0))
    }
}

impl TryFrom<String> for RegionCode {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<RegionCode> for String {
    fn from(c: RegionCode) -> String {
        c.0
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The five statistical levels, below the whole country.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    Nation = 0,
    Province = 1,
    City = 2,
    County = 3,
    Township = 4,
    Village = 5,
}

impl RegionLevel {
    pub const ALL: [RegionLevel; 6] = [
        RegionLevel::Nation,
        RegionLevel::Province,
        RegionLevel::City,
        RegionLevel::County,
        RegionLevel::Township,
        RegionLevel::Village,
    ];

    pub fn from_i64(n: i64) -> Option<Self> {
        Self::ALL.get(usize::try_from(n).ok()?).copied()
    }

    pub fn as_i64(self) -> i64 {
        self as i64
    }

    pub fn child(self) -> Option<Self> {
        Self::from_i64(self.as_i64() + 1)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RegionLevel::Nation => Text::new("全国", "nation").get(lang),
            RegionLevel::Province => Text::new("省级", "province").get(lang),
            RegionLevel::City => Text::new("地级", "prefecture").get(lang),
            RegionLevel::County => Text::new("县级", "district / county").get(lang),
            RegionLevel::Township => Text::new("乡级", "township / street").get(lang),
            RegionLevel::Village => Text::new("村级", "village / community").get(lang),
        }
    }
}

/// A region's place in the service tree: `/50/5001/500101/`. A region is inside another exactly
/// when its path starts with the other's, so a subtree is the half-open range `[path, upper)`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RegionPath(String);

impl RegionPath {
    pub fn root() -> Self {
        Self("/".to_owned())
    }

    /// Rebuilds a path read from the store; refuses anything that is not `/seg/seg/`.
    pub fn from_stored(s: String) -> Option<Self> {
        let well_formed = s.starts_with('/')
            && s.ends_with('/')
            && (s == "/" || s[1..s.len() - 1].split('/').all(|seg| RegionCode::parse(seg).is_ok()));
        well_formed.then_some(Self(s))
    }

    pub fn child(&self, code: &RegionCode) -> Self {
        Self(format!("{}{}/", self.0, code.as_str()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn contains(&self, other: &RegionPath) -> bool {
        other.0.starts_with(&self.0)
    }

    /// The exclusive upper bound of this subtree: the path with its final `/` replaced by the
    /// next ASCII character, `0`. Every descendant sorts in `[self, upper)`.
    pub fn upper(&self) -> String {
        let mut s = self.0.clone();
        s.pop();
        s.push('0');
        s
    }

    /// Codes on the way down from the root, this region last.
    pub fn codes(&self) -> Vec<RegionCode> {
        self.0.split('/').filter(|s| !s.is_empty()).filter_map(|s| RegionCode::parse(s).ok()).collect()
    }

    pub fn depth(&self) -> usize {
        self.0.matches('/').count() - 1
    }
}

impl fmt::Display for RegionPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).expect("valid code")
    }

    #[test]
    fn national_levels_follow_code_length() {
        assert_eq!(code("50").national_level(), Some(RegionLevel::Province));
        assert_eq!(code("500101001001").national_level(), Some(RegionLevel::Village));
        assert_eq!(code("5001F01").national_level(), None);
        assert_eq!(RegionCode::root().national_level(), None);
    }

    #[test]
    fn codes_are_refused_with_the_field_named() {
        for bad in ["", "5", "50-01", "５０", "12345678901234567", "50 01"] {
            let err = RegionCode::parse(bad).expect_err(bad);
            assert_eq!(err.field, Field::Region);
        }
    }

    #[test]
    fn subtree_bounds_exclude_siblings_with_longer_codes() {
        let a = RegionPath::root().child(&code("50")).child(&code("5001"));
        let sibling = RegionPath::root().child(&code("50")).child(&code("50010"));
        assert!(!a.contains(&sibling));
        assert!(!(sibling.as_str() >= a.as_str() && sibling.as_str() < a.upper().as_str()));
        assert_eq!(a.codes(), vec![code("50"), code("5001")]);
        assert_eq!(a.depth(), 2);
    }

    proptest! {
        /// The range `[path, upper)` holds exactly the paths that `contains` says are inside.
        #[test]
        fn range_matches_prefix(a in proptest::collection::vec("[0-9A-Z]{2,6}", 0..4),
                                b in proptest::collection::vec("[0-9A-Z]{2,6}", 0..5)) {
            let build = |segs: &[String]| segs.iter().fold(RegionPath::root(), |p, s| p.child(&code(s)));
            let pa = build(&a);
            let pb = build(&b);
            let in_range = pb.as_str() >= pa.as_str() && pb.as_str() < pa.upper().as_str();
            prop_assert_eq!(in_range, pa.contains(&pb));
            prop_assert_eq!(RegionPath::from_stored(pb.as_str().to_owned()), Some(pb.clone()));
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,40}") {
            let _ = RegionCode::parse(&s);
            let _ = RegionPath::from_stored(s);
        }
    }
}
