//! Social workers (社会工作者): the professionals of the network, with their licence and posting.

use crate::choices::choices;
use serde::Deserialize;
use time::Date;

use crate::person::{Identity, identity, name};
use crate::validate::{optional_text, parse_date, phone};
use crate::{Field, FieldError, Reason};

choices!(
    /// A social worker's licence level (职业水平证书).
    Licence, Field::Licence, {
        Assistant = "assistant", "助理社会工作师", "assistant social worker";
        Intermediate = "intermediate", "社会工作师", "social worker";
        Senior = "senior", "高级社会工作师", "senior social worker";
        Unlicensed = "unlicensed", "未持证", "unlicensed";
    }
);

impl Licence {
    pub fn is_licensed(self) -> bool {
        self != Self::Unlicensed
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SocialWorkerInput {
    pub name: String,
    pub id_kind: String,
    pub id_number: String,
    pub phone: String,
    /// assistant | intermediate | senior | unlicensed (or the Chinese title).
    pub licence: String,
    /// Certificate number; required when licensed.
    pub licence_no: String,
    /// Year the licence was obtained.
    pub licence_year: String,
    /// Id of the employing organization (optional).
    pub employer: String,
    /// Id of the service point where the worker is posted.
    pub posting: String,
    /// Date the posting starts, YYYY-MM-DD; today when empty.
    pub posted_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSocialWorker {
    pub name: String,
    pub identity: Identity,
    pub phone: String,
    pub licence: Licence,
    pub licence_no: Option<String>,
    pub licence_year: Option<i32>,
    pub employer: Option<String>,
    pub posting: String,
    pub posted_on: Date,
}

impl NewSocialWorker {
    pub fn parse(input: &SocialWorkerInput, today: Date) -> Result<NewSocialWorker, FieldError> {
        let name = name(&input.name)?;
        let identity = identity(&input.id_kind, &input.id_number, "", "", today)?;
        let phone = phone(Field::Phone, &input.phone)?;
        let licence = Licence::parse(&input.licence)?;
        let licence_no = optional_text(Field::LicenceNo, Some(&input.licence_no), 40)?;
        if licence.is_licensed() && licence_no.is_none() {
            return Err(FieldError::new(Field::LicenceNo, Reason::Required));
        }
        let licence_year = match input.licence_year.trim() {
            "" => None,
            y => Some(
                y.parse::<i32>()
                    .ok()
                    .filter(|y| (2008..=today.year()).contains(y))
                    .ok_or(FieldError::new(Field::LicenceYear, Reason::BadYear))?,
            ),
        };
        let employer = optional_text(Field::Employer, Some(&input.employer), 64)?;
        let posting = crate::validate::required_text(Field::Posting, &input.posting, 64)?;
        let posted_on = match input.posted_on.trim() {
            "" => today,
            d => parse_date(Field::PostedOn, d)?,
        };
        if posted_on > today {
            return Err(FieldError::new(Field::PostedOn, Reason::DateInFuture));
        }
        Ok(NewSocialWorker { name, identity, phone, licence, licence_no, licence_year, employer, posting, posted_on })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn licensed_workers_need_a_certificate_number() {
        let today = date!(2026 - 11 - 29);
        let mut input = SocialWorkerInput {
            name: "周敏".into(),
            id_number: "11010519491231002X".into(),
            phone: "13800138000".into(),
            licence: "社会工作师".into(),
            licence_no: "S2019500101".into(),
            licence_year: "2019".into(),
            posting: "x".into(),
            ..Default::default()
        };
        let w = NewSocialWorker::parse(&input, today).expect("valid");
        assert_eq!(w.licence, Licence::Intermediate);
        input.licence_no.clear();
        assert_eq!(NewSocialWorker::parse(&input, today).expect_err("no number").field, Field::LicenceNo);
        input.licence = "unlicensed".into();
        assert!(NewSocialWorker::parse(&input, today).is_ok());
        input.licence_year = "2007".into();
        assert_eq!(NewSocialWorker::parse(&input, today).expect_err("year").reason, Reason::BadYear);
    }
}
