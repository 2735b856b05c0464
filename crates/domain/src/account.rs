//! Accounts: who logs in, with which role, for which region.

use serde::{Deserialize, Serialize};

use crate::text::Text;
use crate::validate::{new_password, optional_text, phone, required_text, username};
use crate::{Field, FieldError, Lang, OrganizationId, Reason, RegionCode, Role, ServicePointId};

/// Failed logins allowed before a temporary lockout.
pub const MAX_FAILED_LOGINS: i64 = 5;
/// How long a lockout lasts.
pub const LOCKOUT_MS: i64 = 15 * 60 * 1000;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    Active,
    Disabled,
}

impl AccountStatus {
    pub fn key(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(Self::Active),
            "disabled" => Some(Self::Disabled),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Active => Text::new("正常", "active").get(lang),
            Self::Disabled => Text::new("已停用", "disabled").get(lang),
        }
    }
}

/// The raw text of a new-account form or JSON body.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AccountInput {
    pub username: String,
    pub display_name: String,
    pub phone: Option<String>,
    pub role: String,
    pub region: String,
    pub service_point: Option<String>,
    /// For organization staff: the id of the organization the account speaks for.
    pub organization: Option<String>,
    /// The first password; the holder must change it at first login.
    pub password: String,
}

/// A validated new account. Whether the region exists and is in scope is the store's and the
/// permission check's business.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub phone: Option<String>,
    pub role: Role,
    pub region: RegionCode,
    pub service_point: Option<ServicePointId>,
    pub organization: Option<OrganizationId>,
    pub password: String,
}

impl NewAccount {
    pub fn parse(input: &AccountInput) -> Result<Self, FieldError> {
        let username = username(&input.username)?;
        let display_name = required_text(Field::DisplayName, &input.display_name, 50)?;
        let phone = match input.phone.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) => Some(phone(Field::Phone, p)?),
        };
        let role = Role::parse(&input.role)?;
        let region = RegionCode::parse(&input.region)?;
        let service_point = match optional_text(Field::ServicePoint, input.service_point.as_deref(), 64)? {
            None => None,
            Some(s) => Some(s.parse().map_err(|_| FieldError::new(Field::ServicePoint, Reason::NotFound))?),
        };
        let organization = match optional_text(Field::Organization, input.organization.as_deref(), 64)? {
            None if role == Role::OrgStaff => return Err(FieldError::new(Field::Organization, Reason::Required)),
            None => None,
            Some(_) if role != Role::OrgStaff => {
                return Err(FieldError::new(Field::Organization, Reason::OnlyForOrganizations));
            }
            Some(s) => Some(s.parse().map_err(|_| FieldError::new(Field::Organization, Reason::NotFound))?),
        };
        let password = new_password(Field::Password, &input.password)?;
        Ok(Self { username, display_name, phone, role, region, service_point, organization, password })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> AccountInput {
        AccountInput {
            username: "wz.station".into(),
            display_name: "李娜".into(),
            phone: Some("13800138000".into()),
            role: "station_staff".into(),
            region: "500101001".into(),
            service_point: None,
            organization: None,
            password: "first-login-2026".into(),
        }
    }

    #[test]
    fn parses_and_names_bad_fields() {
        assert!(NewAccount::parse(&input()).is_ok());
        let mut i = input();
        i.role = "boss".into();
        assert_eq!(NewAccount::parse(&i).unwrap_err().field, Field::Role);
        let mut i = input();
        i.service_point = Some("not-an-id".into());
        assert_eq!(NewAccount::parse(&i).unwrap_err().field, Field::ServicePoint);
        let mut i = input();
        i.password = "123".into();
        assert_eq!(NewAccount::parse(&i).unwrap_err().field, Field::Password);
    }
}
