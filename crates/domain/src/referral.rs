//! Referrals (the organization linkage): a need is referred to a social organization, which
//! accepts it or declines with a reason. A referral nobody answers is shown as such.

use serde::Deserialize;

use crate::choices::choices;
use crate::validate::optional_text;
use crate::{Field, FieldError, Lang, OrganizationId, Reason};

choices!(
    /// Where a referral stands.
    ReferralStatus, Field::Status, {
        Sent = "sent", "待答复", "awaiting an answer";
        Accepted = "accepted", "已接受", "accepted";
        Declined = "declined", "已婉拒", "declined";
    }
);

choices!(
    /// Why an organization declines a referral.
    DeclineReason, Field::Reason, {
        NoCapacity = "no_capacity", "服务名额已满", "no capacity";
        NotEligible = "not_eligible", "不符合服务条件", "not eligible";
        OutOfArea = "out_of_area", "不在服务范围内", "outside the service area";
        NotOurField = "not_our_field", "非本机构服务领域", "not our field of service";
        Other = "other", "其他", "other";
    }
);

/// A referral as sent by staff.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ReferralInput {
    /// Id of an organization that serves the need's community.
    pub organization: String,
    /// What the organization should know; optional.
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReferral {
    pub organization: OrganizationId,
    pub note: Option<String>,
}

impl NewReferral {
    pub fn parse(input: &ReferralInput) -> Result<NewReferral, FieldError> {
        let organization = match input.organization.trim() {
            "" => return Err(FieldError::new(Field::Organization, Reason::Required)),
            raw => raw.parse().map_err(|_| FieldError::new(Field::Organization, Reason::NotFound))?,
        };
        let note = optional_text(Field::Note, Some(&input.note), 500)?;
        Ok(NewReferral { organization, note })
    }
}

/// The organization's answer: accept, or decline with a reason.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AnswerInput {
    /// For declining: a key or Chinese label of [`DeclineReason`].
    pub reason: String,
    /// Optional with an acceptance; required when the reason is "other".
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Accept,
    Decline(DeclineReason),
}

impl Answer {
    /// Checks an answer; returns it with its note.
    pub fn parse(accept: bool, input: &AnswerInput) -> Result<(Answer, Option<String>), FieldError> {
        let note = optional_text(Field::Note, Some(&input.note), 500)?;
        if accept {
            return Ok((Answer::Accept, note));
        }
        let reason = match input.reason.trim() {
            "" => return Err(FieldError::new(Field::Reason, Reason::Required)),
            raw => DeclineReason::parse(raw)?,
        };
        if reason == DeclineReason::Other && note.is_none() {
            return Err(FieldError::new(Field::Note, Reason::Required));
        }
        Ok((Answer::Decline(reason), note))
    }

    pub fn status(self) -> ReferralStatus {
        match self {
            Answer::Accept => ReferralStatus::Accepted,
            Answer::Decline(_) => ReferralStatus::Declined,
        }
    }
}

/// Whether an unanswered referral has waited past the answer time limit.
pub fn overdue(status: ReferralStatus, sent_at: i64, now: i64, answer_hours: i64) -> bool {
    status == ReferralStatus::Sent && now - sent_at > answer_hours * 3_600_000
}

/// How long a referral has waited, for "unanswered for N hours".
pub fn waiting_text(sent_at: i64, now: i64, lang: Lang) -> String {
    let hours = ((now - sent_at).max(0)) / 3_600_000;
    match (hours, lang) {
        (0, Lang::Zh) => "不到 1 小时".into(),
        (0, Lang::En) => "under an hour".into(),
        (h, Lang::Zh) if h < 48 => format!("{h} 小时"),
        (h, Lang::En) if h < 48 => format!("{h} h"),
        (h, Lang::Zh) => format!("{} 天", h / 24),
        (h, Lang::En) => format!("{} days", h / 24),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_referral_names_an_organization() {
        let e = NewReferral::parse(&ReferralInput::default()).unwrap_err();
        assert_eq!((e.field, e.reason), (Field::Organization, Reason::Required));
        let e = NewReferral::parse(&ReferralInput { organization: "nope".into(), note: String::new() }).unwrap_err();
        assert_eq!((e.field, e.reason), (Field::Organization, Reason::NotFound));
        let id = OrganizationId::new();
        let ok = NewReferral::parse(&ReferralInput { organization: id.to_string(), note: " 独居 ".into() }).unwrap();
        assert_eq!(ok, NewReferral { organization: id, note: Some("独居".into()) });
    }

    #[test]
    fn declining_needs_a_reason_and_other_needs_a_note() {
        let e = Answer::parse(false, &AnswerInput::default()).unwrap_err();
        assert_eq!((e.field, e.reason), (Field::Reason, Reason::Required));
        let e = Answer::parse(false, &AnswerInput { reason: "busy".into(), note: String::new() }).unwrap_err();
        assert_eq!((e.field, e.reason), (Field::Reason, Reason::UnknownChoice));
        let e = Answer::parse(false, &AnswerInput { reason: "其他".into(), note: " ".into() }).unwrap_err();
        assert_eq!((e.field, e.reason), (Field::Note, Reason::Required));
        let (a, _) = Answer::parse(false, &AnswerInput { reason: "服务名额已满".into(), note: String::new() }).unwrap();
        assert_eq!(a, Answer::Decline(DeclineReason::NoCapacity));
        assert_eq!(Answer::parse(true, &AnswerInput::default()).unwrap(), (Answer::Accept, None));
    }

    #[test]
    fn only_unanswered_referrals_go_overdue() {
        let h = 3_600_000;
        assert!(!overdue(ReferralStatus::Sent, 0, 72 * h, 72));
        assert!(overdue(ReferralStatus::Sent, 0, 72 * h + 1, 72));
        assert!(!overdue(ReferralStatus::Declined, 0, 100 * h, 72));
        assert_eq!(waiting_text(0, 50 * h, Lang::Zh), "2 天");
    }

    proptest! {
        #[test]
        fn answers_never_panic(reason in ".{0,40}", note in ".{0,600}", accept: bool) {
            let input = AnswerInput { reason, note };
            if let Ok((a, n)) = Answer::parse(accept, &input) {
                prop_assert_eq!(a == Answer::Accept, accept);
                prop_assert!(n.is_none_or(|n| n.chars().count() <= 500));
            }
        }
    }
}
