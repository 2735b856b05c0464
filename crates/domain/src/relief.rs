//! The social workers' care fund (社会工作者关爱基金): relief for a licensed social worker hit by
//! serious illness, an accident or other hardship, asked for by the worker or their employer and
//! approved by two different keepers of the fund. The fund's eligibility rules are data; checking
//! an application against them is here.

use crate::choices::choices;
use serde::Deserialize;

use crate::text::Text;
use crate::validate::{format_date, parse_date, required_text};
use crate::{Field, FieldError, Lang, Reason};

choices!(
    /// Why relief is asked for.
    ReliefReason, Field::Reason, {
        Illness = "illness", "重大疾病", "serious illness";
        Accident = "accident", "意外事故", "accident";
        Hardship = "hardship", "其他困难", "other hardship";
    }
);

/// A care fund's eligibility rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Eligibility {
    /// Only licensed social workers (持证社工).
    pub needs_licence: bool,
    /// Only workers whose posting is in the fund's region.
    pub needs_region: bool,
    /// One grant per event: the same worker, reason and day ask once while an application stands.
    pub one_per_event: bool,
    /// The most one application may ask, in fen.
    pub cap: Option<i64>,
}

/// What is known of the worker when they apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applicant {
    pub licensed: bool,
    pub in_region: bool,
}

/// Why a fund's rules refuse an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Unlicensed,
    OutsideRegion,
    OverCap(i64),
    SameEvent,
}

impl Refusal {
    pub fn message(self, lang: Lang) -> String {
        match self {
            Refusal::Unlicensed => {
                Text::new("该基金只资助持证社会工作者", "The fund helps licensed social workers only").get(lang).into()
            }
            Refusal::OutsideRegion => {
                Text::new("该社工不在本基金服务的地区工作", "The worker is not posted in the fund's region")
                    .get(lang)
                    .into()
            }
            Refusal::OverCap(cap) => Text::new(
                "申请金额超过本基金单次资助上限 {cap} 元",
                "The amount is over the fund's limit of {cap} yuan",
            )
            .fill(lang, &[("cap", &crate::money::yuan(cap))]),
            Refusal::SameEvent => Text::new(
                "同一事件只能申请一次：该社工已有同一原因、同一日期的申请",
                "One grant per event: the worker already applied for this reason and day",
            )
            .get(lang)
            .into(),
        }
    }
}

/// Checks an application's facts against the rules; the store checks [`Refusal::SameEvent`]
/// itself, under a unique index, so that two at once cannot both pass.
pub fn check(rules: &Eligibility, who: Applicant, amount: i64) -> Result<(), Refusal> {
    if rules.needs_licence && !who.licensed {
        return Err(Refusal::Unlicensed);
    }
    if rules.needs_region && !who.in_region {
        return Err(Refusal::OutsideRegion);
    }
    match rules.cap {
        Some(cap) if amount > cap => Err(Refusal::OverCap(cap)),
        _ => Ok(()),
    }
}

/// What makes two applications the same event: the worker, the reason and the day it happened.
pub fn event_key(worker: &str, reason: ReliefReason, on: &str) -> String {
    format!("{worker}:{}:{on}", reason.key())
}

/// An application as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ReliefInput {
    /// Whom it is for: blank for the caller themself (a registered social worker); else the id,
    /// name, licence number or phone of a worker the caller's organization employs.
    pub worker: String,
    /// illness | accident | hardship
    pub reason: String,
    /// The day it happened, YYYY-MM-DD.
    pub event_on: String,
    /// What happened and what the money is for.
    pub event: String,
    /// Yuan, at most two decimals.
    pub amount: String,
}

/// A checked application, the worker still to be found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRelief {
    pub reason: ReliefReason,
    pub event_on: String,
    pub event: String,
    pub amount: i64,
}

impl NewRelief {
    /// Checks what was typed; `today` bounds the event's day.
    pub fn parse(input: &ReliefInput, today: time::Date) -> Result<Self, FieldError> {
        let reason = ReliefReason::parse(&input.reason)?;
        let on = parse_date(Field::EventOn, &input.event_on)?;
        if on > today {
            return Err(FieldError::new(Field::EventOn, Reason::DateInFuture));
        }
        Ok(NewRelief {
            reason,
            event_on: format_date(on),
            event: required_text(Field::Description, &input.event, 1000)?,
            amount: crate::money::parse_yuan(Field::Amount, &input.amount)?,
        })
    }
}

/// Most documents one application takes, and the largest.
pub const MAX_DOCUMENTS: i64 = 5;

/// A document's type, read from its bytes: PDF, or a photo as activity reports take them.
pub fn document_kind(bytes: &[u8]) -> Result<&'static str, FieldError> {
    if bytes.starts_with(b"%PDF-") {
        if bytes.len() > crate::activity::MAX_PHOTO_MIB * 1024 * 1024 {
            return Err(FieldError::new(Field::File, Reason::FileTooLarge { max_mib: crate::activity::MAX_PHOTO_MIB }));
        }
        return Ok("application/pdf");
    }
    crate::activity::photo_kind(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> time::Date {
        time::macros::date!(2026 - 11 - 30)
    }

    #[test]
    fn applications_name_the_field_they_fail_on() {
        let ok = ReliefInput {
            worker: "w".into(),
            reason: "illness".into(),
            event_on: "2026-11-01".into(),
            event: "住院治疗".into(),
            amount: "5000".into(),
        };
        assert_eq!(NewRelief::parse(&ok, today()).map(|n| n.amount), Ok(500_000));
        let field = |input: ReliefInput| NewRelief::parse(&input, today()).unwrap_err().field;
        assert_eq!(field(ReliefInput { reason: "lottery".into(), ..ok.clone() }), Field::Reason);
        assert_eq!(field(ReliefInput { event_on: "2026-12-01".into(), ..ok.clone() }), Field::EventOn);
        assert_eq!(field(ReliefInput { event: " ".into(), ..ok.clone() }), Field::Description);
        assert_eq!(field(ReliefInput { amount: "0.001".into(), ..ok.clone() }), Field::Amount);
        assert_eq!(field(ReliefInput { amount: "-5".into(), ..ok }), Field::Amount);
    }

    #[test]
    fn documents_are_known_by_their_bytes() {
        assert_eq!(document_kind(b"%PDF-1.7\n..."), Ok("application/pdf"));
        assert_eq!(document_kind(b"\x89PNG\r\n\x1a\n...."), Ok("image/png"));
        assert_eq!(document_kind(b"MZ\x90\0").unwrap_err().reason, Reason::NotAnImage);
    }

    proptest! {
        /// The rules refuse exactly what they say, in the order a reader checks them.
        #[test]
        fn rules_refuse_only_what_they_forbid(
            needs_licence: bool, needs_region: bool, licensed: bool, in_region: bool,
            cap in proptest::option::of(1i64..1_000_000), amount in 1i64..2_000_000,
        ) {
            let rules = Eligibility { needs_licence, needs_region, one_per_event: true, cap };
            let got = check(&rules, Applicant { licensed, in_region }, amount);
            let want = if needs_licence && !licensed {
                Err(Refusal::Unlicensed)
            } else if needs_region && !in_region {
                Err(Refusal::OutsideRegion)
            } else if cap.is_some_and(|c| amount > c) {
                Err(Refusal::OverCap(cap.unwrap_or_default()))
            } else {
                Ok(())
            };
            prop_assert_eq!(got, want);
        }
    }
}
