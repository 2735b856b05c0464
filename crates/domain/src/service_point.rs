//! Service points of the three-level network: 指导中心 / 社工站 / 社会工作室.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::text::Text;
use crate::validate::{optional_text, parse_date, phone, required_text};
use crate::{Field, FieldError, Lang, Reason, RegionLevel};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServicePointLevel {
    Center,
    Station,
    Room,
}

impl ServicePointLevel {
    pub const ALL: [ServicePointLevel; 3] = [Self::Center, Self::Station, Self::Room];

    /// The region level a point of this kind sits on.
    pub fn region_level(self) -> RegionLevel {
        match self {
            Self::Center => RegionLevel::County,
            Self::Station => RegionLevel::Township,
            Self::Room => RegionLevel::Village,
        }
    }

    pub fn for_region_level(level: RegionLevel) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.region_level() == level)
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Center => "center",
            Self::Station => "station",
            Self::Room => "room",
        }
    }

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|l| l.key() == s.trim()).ok_or(FieldError::new(Field::Level, Reason::UnknownChoice))
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Center => Text::new("社会工作指导中心", "guidance centre").get(lang),
            Self::Station => Text::new("社会工作服务站", "service station").get(lang),
            Self::Room => Text::new("社会工作室", "social-work room").get(lang),
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServicePointStatus {
    Open,
    Suspended,
    Closed,
}

impl ServicePointStatus {
    pub const ALL: [ServicePointStatus; 3] = [Self::Open, Self::Suspended, Self::Closed];

    pub fn key(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Suspended => "suspended",
            Self::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|l| l.key() == s.trim()).ok_or(FieldError::new(Field::Status, Reason::UnknownChoice))
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Open => Text::new("运营中", "open").get(lang),
            Self::Suspended => Text::new("暂停", "suspended").get(lang),
            Self::Closed => Text::new("已关闭", "closed").get(lang),
        }
    }
}

/// The details of a service point a user can edit, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePointDetails {
    pub name: String,
    pub address: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub opened_on: Date,
}

/// The raw text of a service-point form or JSON body.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ServicePointInput {
    pub name: String,
    pub address: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub opened_on: String,
}

impl ServicePointDetails {
    /// Validates every field; `today` bounds the opening date.
    pub fn parse(input: &ServicePointInput, today: Date) -> Result<Self, FieldError> {
        let name = required_text(Field::Name, &input.name, 100)?;
        let address = required_text(Field::Address, &input.address, 200)?;
        let contact_name = optional_text(Field::ContactName, input.contact_name.as_deref(), 50)?;
        let contact_phone = match input.contact_phone.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) => Some(phone(Field::ContactPhone, p)?),
        };
        let opened_on = parse_date(Field::OpenedOn, &input.opened_on)?;
        if opened_on > today {
            return Err(FieldError::new(Field::OpenedOn, Reason::DateInFuture));
        }
        Ok(Self { name, address, contact_name, contact_phone, opened_on })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn input() -> ServicePointInput {
        ServicePointInput {
            name: "万州区社会工作指导中心".into(),
            address: "万州区白岩路 1 号".into(),
            contact_name: Some("张敏".into()),
            contact_phone: Some("023-5821 3344".into()),
            opened_on: "2022-03-17".into(),
        }
    }

    #[test]
    fn valid_details_are_normalised() {
        let d = ServicePointDetails::parse(&input(), date!(2026 - 11 - 29)).expect("valid");
        assert_eq!(d.contact_phone.as_deref(), Some("02358213344"));
        assert_eq!(d.opened_on, date!(2022 - 03 - 17));
    }

    #[test]
    fn each_bad_field_is_named() {
        let today = date!(2026 - 11 - 29);
        type Mutation = Box<dyn Fn(&mut ServicePointInput)>;
        let cases: Vec<(Mutation, Field)> = vec![
            (Box::new(|i| i.name = "  ".into()), Field::Name),
            (Box::new(|i| i.address = "路".repeat(201)), Field::Address),
            (Box::new(|i| i.contact_phone = Some("12345".into())), Field::ContactPhone),
            (Box::new(|i| i.opened_on = "2022-02-30".into()), Field::OpenedOn),
            (Box::new(|i| i.opened_on = "2027-01-01".into()), Field::OpenedOn),
        ];
        for (mutate, field) in cases {
            let mut i = input();
            mutate(&mut i);
            assert_eq!(ServicePointDetails::parse(&i, today).expect_err("invalid").field, field);
        }
    }

    #[test]
    fn levels_sit_on_their_region_levels() {
        assert_eq!(ServicePointLevel::for_region_level(RegionLevel::Township), Some(ServicePointLevel::Station));
        assert_eq!(ServicePointLevel::for_region_level(RegionLevel::City), None);
        assert_eq!(ServicePointLevel::parse("room"), Ok(ServicePointLevel::Room));
        assert!(ServicePointLevel::parse("hall").is_err());
    }
}
