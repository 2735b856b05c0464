//! Donors of money and goods: persons or organizations, named or anonymous.

use serde::{Deserialize, Serialize};

use crate::text::Text;
use crate::validate::{optional_text, phone};
use crate::{Field, FieldError, Lang, Reason, RegionCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DonorKind {
    Person,
    Organization,
}

impl DonorKind {
    pub fn key(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Organization => "organization",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Person => Text::new("个人", "person").get(lang),
            Self::Organization => Text::new("单位", "organization").get(lang),
        }
    }

    pub fn parse(raw: &str) -> Result<DonorKind, FieldError> {
        match raw.trim() {
            "person" | "个人" => Ok(Self::Person),
            "organization" | "单位" | "企业" => Ok(Self::Organization),
            _ => Err(FieldError::new(Field::DonorKind, Reason::UnknownChoice)),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DonorInput {
    /// person | organization
    pub kind: String,
    /// Required unless anonymous.
    pub name: String,
    /// Shown everywhere as 匿名 / anonymous; the name, if given, is kept for receipts only.
    pub anonymous: bool,
    pub phone: String,
    /// For organizations: the unified social credit code, if known.
    pub credit_code: String,
    /// The region the donor is registered in.
    pub region: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDonor {
    pub kind: DonorKind,
    pub name: Option<String>,
    pub anonymous: bool,
    pub phone: Option<String>,
    pub credit_code: Option<String>,
    pub region: RegionCode,
}

impl NewDonor {
    pub fn parse(input: &DonorInput) -> Result<NewDonor, FieldError> {
        let kind = DonorKind::parse(&input.kind)?;
        let name = optional_text(Field::Name, Some(&input.name), 100)?;
        if name.is_none() && !input.anonymous {
            return Err(FieldError::new(Field::Name, Reason::Required));
        }
        let phone = match input.phone.trim() {
            "" => None,
            p => Some(phone(Field::Phone, p)?),
        };
        let credit_code = match input.credit_code.trim() {
            "" => None,
            c if kind == DonorKind::Organization => Some(crate::uscc::parse(Field::CreditCode, c)?),
            _ => return Err(FieldError::new(Field::CreditCode, Reason::OnlyForOrganizations)),
        };
        let region = RegionCode::parse(&input.region)?;
        Ok(NewDonor { kind, name, anonymous: input.anonymous, phone, credit_code, region })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymous_donors_need_no_name() {
        let input =
            DonorInput { kind: "个人".into(), anonymous: true, region: "500101".into(), ..Default::default() };
        assert!(NewDonor::parse(&input).is_ok());
        let named = DonorInput { anonymous: false, ..input.clone() };
        assert_eq!(NewDonor::parse(&named).expect_err("name").field, Field::Name);
        let code = DonorInput { credit_code: "53100000500021676K".into(), ..input };
        assert_eq!(NewDonor::parse(&code).expect_err("person with code").reason, Reason::OnlyForOrganizations);
    }
}
