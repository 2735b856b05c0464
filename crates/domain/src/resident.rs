//! Residents served (服务对象) and the categories social workers use for them.

use crate::choices::choices;
use serde::Deserialize;
use time::Date;

use crate::person::{Identity, identity, name};
use crate::validate::{optional_text, phone};
use crate::volunteer::split_list;
use crate::{Field, FieldError, Reason, RegionCode};

/// The categories social workers actually use; a resident may be in several.
pub const CATEGORIES: [&str; 13] = [
    "低保",
    "低边",
    "特困",
    "困境儿童",
    "留守儿童",
    "独居老人",
    "空巢老人",
    "失能老人",
    "孤寡老人",
    "重度残疾",
    "支出型困难家庭",
    "事实无人抚养儿童",
    "计生特殊家庭",
];

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ResidentInput {
    pub name: String,
    pub id_kind: String,
    pub id_number: String,
    /// Optional for residents: many elderly people have none.
    pub phone: String,
    pub gender: String,
    pub birth_date: String,
    /// Home address (sealed at rest).
    pub address: String,
    /// Code of the village or community (12 digits).
    pub region: String,
    /// Household number or label (户号).
    pub household: String,
    /// Categories separated by 、 or commas, from the list (低保、独居老人…).
    pub categories: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewResident {
    pub name: String,
    pub identity: Identity,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub region: RegionCode,
    pub household: Option<String>,
    pub categories: Vec<String>,
}

impl NewResident {
    pub fn parse(input: &ResidentInput, today: Date) -> Result<NewResident, FieldError> {
        let name = name(&input.name)?;
        let identity = identity(&input.id_kind, &input.id_number, &input.gender, &input.birth_date, today)?;
        let phone = match input.phone.trim() {
            "" => None,
            p => Some(phone(Field::Phone, p)?),
        };
        let address = optional_text(Field::Address, Some(&input.address), 200)?;
        let region = RegionCode::parse(&input.region)?;
        let household = optional_text(Field::Household, Some(&input.household), 40)?;
        let categories = split_list(&input.categories);
        if let Some(c) = categories.iter().find(|c| !CATEGORIES.contains(&c.as_str())) {
            return Err(FieldError::new(Field::PersonCategories, Reason::UnknownItem(c.clone())));
        }
        Ok(NewResident { name, identity, phone, address, region, household, categories })
    }
}

choices!(
    /// What a consent is for.
    Purpose, Field::Purpose, {
        /// 提供服务：记录需求、走访、转介
        Service = "service", "提供服务", "providing services";
        /// 与联动的社会组织、慈善资源共享必要信息
        Sharing = "sharing", "与联动方共享必要信息", "sharing what partners need";
        /// 宣传报道（典型案例）
        Publicity = "publicity", "宣传报道", "publicity";
    }
);

/// A consent as recorded: for a minor, the guardian who gave it is required.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ConsentInput {
    /// service | sharing | publicity
    pub purpose: String,
    /// The guardian's name; required when the resident is under 18.
    pub guardian: String,
}

pub struct NewConsent {
    pub purpose: Purpose,
    pub guardian: Option<String>,
}

/// Whether someone born on `birth` is under 18 on `today`.
pub fn is_minor(birth: Date, today: Date) -> bool {
    let adult = Date::from_calendar_date(birth.year() + 18, birth.month(), 1)
        .ok()
        .and_then(|d| d.replace_day(birth.day().min(time::util::days_in_month(birth.month(), birth.year() + 18))).ok());
    adult.is_some_and(|a| today < a)
}

impl NewConsent {
    pub fn parse(input: &ConsentInput, birth: Option<Date>, today: Date) -> Result<NewConsent, FieldError> {
        let purpose = Purpose::parse(&input.purpose)?;
        let guardian = optional_text(Field::Guardian, Some(&input.guardian), 50)?;
        if guardian.is_none() && birth.is_some_and(|b| is_minor(b, today)) {
            return Err(FieldError::new(Field::Guardian, Reason::RequiredForMinor));
        }
        Ok(NewConsent { purpose, guardian })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn minors_need_a_guardian() {
        let today = date!(2026 - 11 - 29);
        assert!(is_minor(date!(2008 - 11 - 30), today));
        assert!(!is_minor(date!(2008 - 11 - 29), today));
        // Born on 29 February: of age on 28 February of a common year.
        assert!(is_minor(date!(2008 - 02 - 29), date!(2026 - 02 - 27)));
        assert!(!is_minor(date!(2008 - 02 - 29), date!(2026 - 02 - 28)));
        let c = ConsentInput { purpose: "service".into(), guardian: String::new() };
        let err = NewConsent::parse(&c, Some(date!(2015 - 01 - 01)), today).err().expect("minor");
        assert_eq!(err.field, Field::Guardian);
        assert!(NewConsent::parse(&c, Some(date!(1950 - 01 - 01)), today).is_ok());
    }

    #[test]
    fn categories_come_from_the_list() {
        let input = ResidentInput {
            name: "李奶奶".into(),
            id_number: "11010519491231002X".into(),
            region: "110105001001".into(),
            categories: "独居老人、低保".into(),
            ..Default::default()
        };
        let r = NewResident::parse(&input, date!(2026 - 11 - 29)).expect("valid");
        assert_eq!(r.categories, ["独居老人", "低保"]);
        let bad = ResidentInput { categories: "富豪".into(), ..input };
        assert_eq!(NewResident::parse(&bad, date!(2026 - 11 - 29)).expect_err("bad").field, Field::PersonCategories);
    }
}
