//! Social organizations (社会组织), the carriers of service projects.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::text::Text;
use crate::validate::{optional_text, parse_date, phone, required_text};
use crate::volunteer::split_list;
use crate::{Field, FieldError, Lang, Reason, RegionCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 行业组织
    IndustryAssociation,
    /// 民办社会工作服务机构
    SocialWorkAgency,
    /// 基金会
    Foundation,
    /// 社区社会组织
    CommunityOrganization,
    /// 其他
    Other,
}

impl OrgKind {
    pub const ALL: [OrgKind; 5] =
        [Self::IndustryAssociation, Self::SocialWorkAgency, Self::Foundation, Self::CommunityOrganization, Self::Other];

    pub fn key(self) -> &'static str {
        match self {
            Self::IndustryAssociation => "industry_association",
            Self::SocialWorkAgency => "social_work_agency",
            Self::Foundation => "foundation",
            Self::CommunityOrganization => "community_organization",
            Self::Other => "other",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::IndustryAssociation => Text::new("行业组织", "industry association").get(lang),
            Self::SocialWorkAgency => Text::new("民办社会工作服务机构", "social-work service agency").get(lang),
            Self::Foundation => Text::new("基金会", "foundation").get(lang),
            Self::CommunityOrganization => Text::new("社区社会组织", "community social organization").get(lang),
            Self::Other => Text::new("其他社会组织", "other organization").get(lang),
        }
    }

    /// The key or the Chinese label, as spreadsheets carry it.
    pub fn parse(raw: &str) -> Result<OrgKind, FieldError> {
        let s = raw.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.key() == s || k.label(Lang::Zh) == s)
            .ok_or(FieldError::new(Field::OrgKind, Reason::UnknownChoice))
    }
}

/// What people's needs are about; organizations say which they serve, needs carry one.
pub const SERVICE_CATEGORIES: [&str; 10] = [
    "养老服务",
    "助残服务",
    "儿童青少年",
    "困难救助",
    "心理健康",
    "矛盾调解",
    "就业帮扶",
    "就医陪护",
    "居家维修",
    "其他",
];

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OrganizationInput {
    pub name: String,
    /// 统一社会信用代码, 18 characters with its GB 32100 check character.
    pub credit_code: String,
    /// Key or Chinese label: 行业组织, 民办社会工作服务机构, 基金会, 社区社会组织, 其他社会组织.
    pub kind: String,
    /// 登记管理机关
    pub authority: String,
    /// YYYY-MM-DD
    pub registered_on: String,
    /// 法定代表人
    pub legal_rep: String,
    pub contact_phone: String,
    /// Service categories separated by 、 or commas (养老服务、助残服务…).
    pub categories: String,
    /// Codes of the regions it serves, separated by commas; its own region when empty.
    pub serves: String,
    /// The region it is registered under (its scope owner).
    pub region: String,
    /// Cases it can take at once.
    pub capacity: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrganization {
    pub name: String,
    pub credit_code: String,
    pub kind: OrgKind,
    pub authority: String,
    pub registered_on: Date,
    pub legal_rep: String,
    pub contact_phone: Option<String>,
    pub categories: Vec<String>,
    pub serves: Vec<RegionCode>,
    pub region: RegionCode,
    pub capacity: i64,
}

impl NewOrganization {
    pub fn parse(input: &OrganizationInput, today: Date) -> Result<NewOrganization, FieldError> {
        let name = required_text(Field::Name, &input.name, 100)?;
        let credit_code = crate::uscc::parse(Field::CreditCode, &input.credit_code)?;
        let kind = OrgKind::parse(&input.kind)?;
        let authority = required_text(Field::Authority, &input.authority, 100)?;
        let registered_on = parse_date(Field::RegisteredOn, &input.registered_on)?;
        if registered_on > today {
            return Err(FieldError::new(Field::RegisteredOn, Reason::DateInFuture));
        }
        let legal_rep = required_text(Field::LegalRep, &input.legal_rep, 50)?;
        let contact_phone = match optional_text(Field::ContactPhone, Some(&input.contact_phone), 20)? {
            None => None,
            Some(p) => Some(phone(Field::ContactPhone, &p)?),
        };
        let categories = split_list(&input.categories);
        if let Some(c) = categories.iter().find(|c| !SERVICE_CATEGORIES.contains(&c.as_str())) {
            return Err(FieldError::new(Field::Categories, Reason::UnknownItem(c.clone())));
        }
        let region = RegionCode::parse(&input.region)?;
        let mut serves = Vec::new();
        for code in split_list(&input.serves) {
            serves.push(RegionCode::parse(&code).map_err(|_| FieldError::new(Field::Serves, Reason::BadCode))?);
        }
        if serves.is_empty() {
            serves.push(region.clone());
        }
        let capacity = match input.capacity.trim() {
            "" => 0,
            c => c
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=1_000_000).contains(n))
                .ok_or(FieldError::new(Field::Capacity, Reason::NotANumber))?,
        };
        Ok(NewOrganization {
            name,
            credit_code,
            kind,
            authority,
            registered_on,
            legal_rep,
            contact_phone,
            categories,
            serves,
            region,
            capacity,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn input() -> OrganizationInput {
        OrganizationInput {
            name: "万州区阳光社会工作服务中心".into(),
            credit_code: "53100000500021676K".into(),
            kind: "民办社会工作服务机构".into(),
            authority: "万州区民政局".into(),
            registered_on: "2018-06-01".into(),
            legal_rep: "陈红".into(),
            contact_phone: "023-58211234".into(),
            categories: "养老服务、心理健康".into(),
            serves: "500101001,500101017".into(),
            region: "500101".into(),
            capacity: "120".into(),
        }
    }

    #[test]
    fn parses_and_names_faults() {
        let today = date!(2026 - 11 - 29);
        let o = NewOrganization::parse(&input(), today).expect("valid");
        assert_eq!(o.kind, OrgKind::SocialWorkAgency);
        assert_eq!(o.serves.len(), 2);
        let mut bad = input();
        bad.credit_code = "53100000500021676A".into();
        assert_eq!(NewOrganization::parse(&bad, today).expect_err("check").field, Field::CreditCode);
        let mut bad = input();
        bad.categories = "炒股".into();
        assert_eq!(NewOrganization::parse(&bad, today).expect_err("category").field, Field::Categories);
        let mut bad = input();
        bad.capacity = "很多".into();
        assert_eq!(NewOrganization::parse(&bad, today).expect_err("capacity").reason, Reason::NotANumber);
    }
}
