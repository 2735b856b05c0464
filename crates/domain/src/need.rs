//! Needs (急难愁盼): what residents need, how urgent, and the state machine a need moves through
//! from submission to closure. Every move is checked here; the store only records it.

use serde::Deserialize;

use crate::choices::choices;
use crate::validate::{optional_text, phone, required_text};
use crate::{Conflict, Field, FieldError, Reason, RegionCode};

choices!(
    /// What a need is about.
    NeedCategory, Field::NeedCategory, {
        ElderlyCare = "elderly_care", "养老照护", "elderly care";
        DisabilitySupport = "disability_support", "助残服务", "disability support";
        ChildrenYouth = "children_youth", "儿童青少年", "children and youth";
        HardshipRelief = "hardship_relief", "困难救助", "hardship relief";
        MentalHealth = "mental_health", "心理健康", "mental health";
        DisputeMediation = "dispute_mediation", "矛盾调解", "dispute mediation";
        Employment = "employment", "就业帮扶", "employment";
        MedicalEscort = "medical_escort", "就医陪护", "medical escort";
        HomeRepair = "home_repair", "居家维修", "home repair";
        Other = "other", "其他", "other";
    }
);

choices!(
    /// How soon a need must be taken up; each level has its own time limit (settings).
    Urgency, Field::Urgency, {
        Urgent = "urgent", "紧急", "urgent";
        Normal = "normal", "一般", "normal";
        Low = "low", "不急", "not urgent";
    }
);

choices!(
    /// Where a need is in the closed loop.
    NeedStatus, Field::Status, {
        Submitted = "submitted", "待评估", "submitted";
        Assessed = "assessed", "已评估", "assessed";
        Linked = "linked", "已联动", "linked";
        InService = "in_service", "服务中", "in service";
        Closed = "closed", "已结案", "closed";
        Rejected = "rejected", "不予受理", "rejected";
        Withdrawn = "withdrawn", "已撤回", "withdrawn";
        Duplicate = "duplicate", "重复需求", "duplicate";
    }
);

impl NeedStatus {
    /// The states a need may move to from this one. Closing goes through [`crate::need::Outcome`]
    /// and is allowed from linked or in-service needs only.
    pub fn next(self) -> &'static [NeedStatus] {
        use NeedStatus::*;
        match self {
            Submitted => &[Assessed, Rejected, Withdrawn, Duplicate],
            Assessed => &[Linked, Rejected, Withdrawn, Duplicate],
            Linked => &[InService, Closed, Withdrawn],
            InService => &[Closed],
            Closed | Rejected | Withdrawn | Duplicate => &[],
        }
    }

    /// A need in this state is still open: someone must act on it.
    pub fn is_open(self) -> bool {
        !self.next().is_empty()
    }

    /// A need in this state has been taken up (its response time limit no longer runs).
    pub fn is_taken(self) -> bool {
        !matches!(self, NeedStatus::Submitted)
    }

    /// Checks a move; an illegal one is a conflict that names both states.
    pub fn move_to(self, to: NeedStatus) -> Result<NeedStatus, Conflict> {
        if self.next().contains(&to) { Ok(to) } else { Err(Conflict::NeedTransition { from: self, to }) }
    }
}

choices!(
    /// How a need ended.
    Outcome, Field::Outcome, {
        Solved = "solved", "已解决", "solved";
        PartlySolved = "partly_solved", "部分解决", "partly solved";
        Unsolved = "unsolved", "未解决", "unsolved";
        Referred = "referred", "已转介他处", "referred elsewhere";
        Declined = "declined", "服务对象拒绝", "declined by the resident";
    }
);

/// A need recorded by staff, for a registered resident or for a community.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NeedInput {
    /// Id of the resident the need is for (optional; the community is theirs then).
    pub resident: String,
    /// Village (community) code; required without a resident.
    pub region: String,
    /// A key or Chinese label of [`NeedCategory`].
    pub category: String,
    /// urgent | normal | low (or 紧急 / 一般 / 不急); normal when empty.
    pub urgency: String,
    pub description: String,
    pub contact_name: String,
    pub contact_phone: String,
}

/// A need submitted by a resident on the public page, without an account.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PublicNeedInput {
    /// Village (community) code.
    pub region: String,
    pub category: String,
    pub urgency: String,
    pub description: String,
    pub contact_name: String,
    /// Required: the station calls back on it.
    pub contact_phone: String,
    /// Where to come (building, door), optional.
    pub address: String,
    /// `1`: the submitter agrees to the page's notice on personal data (required).
    pub consent: String,
}

/// A need's content, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNeed {
    pub resident: Option<String>,
    pub region: Option<RegionCode>,
    pub category: NeedCategory,
    pub urgency: Urgency,
    pub description: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub address: Option<String>,
}

fn urgency(raw: &str) -> Result<Urgency, FieldError> {
    if raw.trim().is_empty() { Ok(Urgency::Normal) } else { Urgency::parse(raw) }
}

fn contact_phone(raw: &str) -> Result<Option<String>, FieldError> {
    if raw.trim().is_empty() { Ok(None) } else { phone(Field::ContactPhone, raw).map(Some) }
}

impl NewNeed {
    pub fn parse(input: &NeedInput) -> Result<NewNeed, FieldError> {
        let resident = optional_text(Field::Resident, Some(&input.resident), 40)?;
        let region = match input.region.trim() {
            "" if resident.is_some() => None,
            "" => return Err(FieldError::new(Field::Region, Reason::Required)),
            r => Some(RegionCode::parse(r)?),
        };
        Ok(NewNeed {
            resident,
            region,
            category: NeedCategory::parse(&input.category)?,
            urgency: urgency(&input.urgency)?,
            description: required_text(Field::Description, &input.description, 1000)?,
            contact_name: optional_text(Field::ContactName, Some(&input.contact_name), 50)?,
            contact_phone: contact_phone(&input.contact_phone)?,
            address: None,
        })
    }

    pub fn parse_public(input: &PublicNeedInput) -> Result<NewNeed, FieldError> {
        if input.region.trim().is_empty() {
            return Err(FieldError::new(Field::Region, Reason::Required));
        }
        let phone =
            contact_phone(&input.contact_phone)?.ok_or(FieldError::new(Field::ContactPhone, Reason::Required))?;
        let region = RegionCode::parse(&input.region)?;
        let new = NewNeed {
            resident: None,
            region: Some(region),
            category: NeedCategory::parse(&input.category)?,
            urgency: urgency(&input.urgency)?,
            description: required_text(Field::Description, &input.description, 500)?,
            contact_name: optional_text(Field::ContactName, Some(&input.contact_name), 50)?,
            contact_phone: Some(phone),
            address: optional_text(Field::Address, Some(&input.address), 100)?,
        };
        // Asked last, so that a form missing more says first what it lacks.
        if !matches!(input.consent.trim(), "1" | "on" | "true") {
            return Err(FieldError::new(Field::Consent, Reason::Required));
        }
        Ok(new)
    }
}

/// A timeline note in one language. What the platform writes on a timeline reads "中文 / English"
/// (a referral, a task, an escalation); what staff type (a note, a move's note, a review) is kept
/// as typed.
pub fn timeline_note(kind: &str, note: &str, lang: crate::Lang) -> String {
    if matches!(kind, "note" | "status" | "review") {
        return note.to_owned();
    }
    match (note.split_once(" / "), lang) {
        (Some((zh, _)), crate::Lang::Zh) => zh.to_owned(),
        (Some((_, en)), crate::Lang::En) => en.to_owned(),
        (None, _) => note.to_owned(),
    }
}

/// The alphabet of tracking codes: no 0/O, 1/I/L, so a code read over the phone is not misheard.
const TRACKING_ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTUVWXY";

/// A tracking code from 10 random bytes: 10 characters of a 30-letter alphabet (about 49 bits).
pub fn tracking_code(random: [u8; 10]) -> String {
    random.iter().map(|b| TRACKING_ALPHABET[usize::from(*b) % TRACKING_ALPHABET.len()] as char).collect()
}

/// A tracking code as typed: upper-cased, spaces and dashes dropped; `None` if it cannot be one.
pub fn normalise_tracking_code(raw: &str) -> Option<String> {
    let code: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect::<String>().to_ascii_uppercase();
    (code.len() == 10 && code.bytes().all(|b| TRACKING_ALPHABET.contains(&b))).then_some(code)
}

/// A resident's satisfaction from the follow-up call: 1 (very unsatisfied) to 5 (very satisfied).
pub fn satisfaction(raw: &str) -> Result<i64, FieldError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|s| (1..=5).contains(s))
        .ok_or(FieldError::new(Field::Satisfaction, Reason::NumberRange { min: 1, max: 5 }))
}

/// Escalation up the network: a need not taken up in time goes from the room to the station,
/// and from the station to the centre; at the centre it stays, shown as overdue.
pub fn escalates_to(level: crate::ServicePointLevel) -> Option<crate::ServicePointLevel> {
    use crate::ServicePointLevel::*;
    match level {
        Room => Some(Station),
        Station => Some(Center),
        Center => None,
    }
}

/// The role that takes up needs at a level of the network.
pub fn role_at(level: crate::ServicePointLevel) -> crate::Role {
    use crate::ServicePointLevel::*;
    match level {
        Room => crate::Role::RoomWorker,
        Station => crate::Role::StationStaff,
        Center => crate::Role::CenterStaff,
    }
}

#[cfg(test)]
mod timeline_tests {
    use super::timeline_note;
    use crate::Lang;

    #[test]
    fn system_notes_speak_one_language_and_typed_notes_stay() {
        let written = "社工接案 / case taken by a social worker";
        assert_eq!(timeline_note("linked", written, Lang::Zh), "社工接案");
        assert_eq!(timeline_note("linked", written, Lang::En), "case taken by a social worker");
        assert_eq!(timeline_note("wish", "发布为微心愿：送餐", Lang::En), "发布为微心愿：送餐");
        assert_eq!(timeline_note("note", "电话 / 上门", Lang::Zh), "电话 / 上门", "typed by staff: as typed");
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_loop_moves_forward_only() {
        use NeedStatus::*;
        assert_eq!(Submitted.move_to(Assessed), Ok(Assessed));
        assert_eq!(Closed.move_to(InService), Err(Conflict::NeedTransition { from: Closed, to: InService }));
        assert!(Submitted.move_to(Closed).is_err(), "a need is closed only after linkage");
        for s in NeedStatus::ALL {
            assert_eq!(s.is_open(), !s.next().is_empty());
            assert!(!s.next().contains(s), "no state moves to itself");
        }
    }

    #[test]
    fn inputs_name_the_field_at_fault() {
        let good = PublicNeedInput {
            region: "500101001001".into(),
            category: "养老照护".into(),
            description: "独居老人家中水管漏水".into(),
            contact_phone: "13800138000".into(),
            address: "5栋2单元".into(),
            consent: "1".into(),
            ..Default::default()
        };
        let need = NewNeed::parse_public(&good).expect("good");
        assert_eq!(need.address.as_deref(), Some("5栋2单元"));
        // Without agreeing to the notice on personal data, nothing is taken.
        let no_consent = PublicNeedInput { consent: String::new(), ..good.clone() };
        assert_eq!(NewNeed::parse_public(&no_consent).expect_err("consent").field, Field::Consent);
        assert_eq!((need.category, need.urgency), (NeedCategory::ElderlyCare, Urgency::Normal));
        let no_phone = PublicNeedInput { contact_phone: String::new(), ..good.clone() };
        assert_eq!(NewNeed::parse_public(&no_phone).expect_err("phone").field, Field::ContactPhone);
        let bad = PublicNeedInput { category: "买彩票".into(), ..good };
        assert_eq!(NewNeed::parse_public(&bad).expect_err("category").field, Field::NeedCategory);
        let staff = NeedInput { category: "other".into(), description: "x".into(), ..Default::default() };
        assert_eq!(NewNeed::parse(&staff).expect_err("where").field, Field::Region);
    }

    proptest! {
        #[test]
        fn tracking_codes_read_back(bytes in any::<[u8; 10]>()) {
            let code = tracking_code(bytes);
            prop_assert_eq!(normalise_tracking_code(&code.to_lowercase()), Some(code.clone()));
            let spaced = format!("{} {}", &code[..5], &code[5..]);
            prop_assert_eq!(normalise_tracking_code(&spaced), Some(code));
        }

        #[test]
        fn need_parsers_never_panic(s in "\\PC{0,40}") {
            let _ = normalise_tracking_code(&s);
            let _ = NeedCategory::parse(&s);
            let _ = NewNeed::parse_public(&PublicNeedInput { region: s.clone(), category: s.clone(),
                description: s.clone(), contact_phone: s.clone(), ..Default::default() });
        }
    }
}
