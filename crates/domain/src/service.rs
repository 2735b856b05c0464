//! Service records: a visit (走访), a session or a phone follow-up, with who served, when, where,
//! how long and the residents served. One resident served once is one 人次 (person-time).

use serde::Deserialize;

use crate::choices::choices;
use crate::task::parse_time;
use crate::validate::{optional_text, required_text};
use crate::{Field, FieldError, NeedId, Reason, RegionCode, ResidentId, SocialWorkerId};

choices!(
    /// How the service was given.
    ServiceKind, Field::ServiceKind, {
        Visit = "visit", "走访", "visit";
        Session = "session", "服务会谈", "session";
        Phone = "phone", "电话跟进", "phone follow-up";
    }
);

/// Most residents one record may name (a group session).
pub const MAX_RESIDENTS: usize = 200;
/// A service is recorded within this many days of giving it.
pub const MAX_AGE_DAYS: i64 = 366;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ServiceRecordInput {
    /// visit | session | phone, or the Chinese label.
    pub kind: String,
    /// Village (community) code where the service was given.
    pub region: String,
    /// Id of the need served, optional.
    pub need: String,
    /// Id of the social worker who served; optional (the recording account otherwise).
    pub social_worker: String,
    /// "YYYY-MM-DD HH:MM", China time; not in the future.
    pub served_at: String,
    /// 1–1440.
    pub minutes: String,
    pub place: String,
    /// Ids of the residents served, at least one.
    pub residents: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewServiceRecord {
    pub kind: ServiceKind,
    pub region: RegionCode,
    pub need: Option<NeedId>,
    pub social_worker: Option<SocialWorkerId>,
    pub served_at: i64,
    pub minutes: i64,
    pub place: Option<String>,
    /// Distinct, in the order given.
    pub residents: Vec<ResidentId>,
    pub note: Option<String>,
}

fn id<T: std::str::FromStr>(field: Field, raw: &str) -> Result<Option<T>, FieldError> {
    match raw.trim() {
        "" => Ok(None),
        s => s.parse().map(Some).map_err(|_| FieldError::new(field, Reason::NotFound)),
    }
}

impl NewServiceRecord {
    /// Checks a record given at `now`; a service cannot be recorded ahead of time (a few minutes
    /// of clock difference aside) or more than a year late.
    pub fn parse(input: &ServiceRecordInput, now: i64) -> Result<NewServiceRecord, FieldError> {
        let kind = match input.kind.trim() {
            "" => return Err(FieldError::new(Field::ServiceKind, Reason::Required)),
            raw => ServiceKind::parse(raw)?,
        };
        let region = RegionCode::parse(&input.region).map_err(|e| FieldError::new(Field::Region, e.reason))?;
        let need = id(Field::Need, &input.need)?;
        let social_worker = id(Field::SocialWorker, &input.social_worker)?;
        let served_at = parse_time(Field::ServedAt, &input.served_at)?;
        if served_at > now + 10 * 60_000 {
            return Err(FieldError::new(Field::ServedAt, Reason::InFuture));
        }
        if served_at < now - MAX_AGE_DAYS * 86_400_000 {
            return Err(FieldError::new(Field::ServedAt, Reason::NumberRange { min: 0, max: MAX_AGE_DAYS }));
        }
        let minutes: i64 = match input.minutes.trim() {
            "" => return Err(FieldError::new(Field::Minutes, Reason::Required)),
            raw => raw.parse().unwrap_or(0),
        };
        if !(1..=1440).contains(&minutes) {
            return Err(FieldError::new(Field::Minutes, Reason::NumberRange { min: 1, max: 1440 }));
        }
        let place = optional_text(Field::Place, Some(&input.place), 100)?;
        let mut residents: Vec<ResidentId> = Vec::new();
        for raw in &input.residents {
            let r: ResidentId =
                id(Field::Residents, raw)?.ok_or(FieldError::new(Field::Residents, Reason::NotFound))?;
            if !residents.contains(&r) {
                residents.push(r);
            }
        }
        if residents.is_empty() {
            return Err(FieldError::new(Field::Residents, Reason::Required));
        }
        if residents.len() > MAX_RESIDENTS {
            return Err(FieldError::new(Field::Residents, Reason::NumberRange { min: 1, max: MAX_RESIDENTS as i64 }));
        }
        let note = match kind {
            ServiceKind::Phone => optional_text(Field::Note, Some(&input.note), 2000)?,
            _ => Some(required_text(Field::Note, &input.note, 2000)?),
        };
        Ok(NewServiceRecord { kind, region, need, social_worker, served_at, minutes, place, residents, note })
    }

    /// Person-times (人次) this record counts.
    pub fn person_times(&self) -> usize {
        self.residents.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_796_000_000_000;

    fn input() -> ServiceRecordInput {
        ServiceRecordInput {
            kind: "visit".into(),
            region: "500101001001".into(),
            served_at: "2026-11-29 09:30".into(),
            minutes: "45".into(),
            residents: vec![ResidentId::new().to_string()],
            note: "上门了解生活情况".into(),
            ..Default::default()
        }
    }

    fn err(i: &ServiceRecordInput) -> (Field, Reason) {
        let e = NewServiceRecord::parse(i, NOW).unwrap_err();
        (e.field, e.reason)
    }

    #[test]
    fn a_visit_parses_and_counts_person_times() {
        let mut i = input();
        let r = i.residents[0].clone();
        i.residents = vec![r.clone(), r, ResidentId::new().to_string()];
        let rec = NewServiceRecord::parse(&i, NOW).unwrap();
        assert_eq!(rec.person_times(), 2, "the same resident twice in one record is one person-time");
        assert_eq!(rec.kind, ServiceKind::Visit);
    }

    #[test]
    fn bad_records_name_the_field() {
        let mut i = input();
        i.kind = "拜访".into();
        assert_eq!(err(&i), (Field::ServiceKind, Reason::UnknownChoice));
        let mut i = input();
        i.served_at = "2027-01-01 09:00".into();
        assert_eq!(err(&i), (Field::ServedAt, Reason::InFuture));
        let mut i = input();
        i.minutes = "0".into();
        assert_eq!(err(&i), (Field::Minutes, Reason::NumberRange { min: 1, max: 1440 }));
        let mut i = input();
        i.residents.clear();
        assert_eq!(err(&i), (Field::Residents, Reason::Required));
        let mut i = input();
        i.residents = vec!["x".into()];
        assert_eq!(err(&i), (Field::Residents, Reason::NotFound));
        let mut i = input();
        i.note.clear();
        assert_eq!(err(&i), (Field::Note, Reason::Required));
        i.kind = "phone".into();
        assert!(NewServiceRecord::parse(&i, NOW).is_ok(), "a phone follow-up may have no note");
    }

    proptest! {
        #[test]
        fn parsing_never_panics(kind in ".{0,12}", at in ".{0,20}", minutes in ".{0,8}", note in ".{0,30}") {
            let i = ServiceRecordInput { kind, served_at: at, minutes, note, ..input() };
            if let Ok(r) = NewServiceRecord::parse(&i, NOW) {
                prop_assert!((1..=1440).contains(&r.minutes));
                prop_assert!(r.served_at <= NOW + 600_000);
            }
        }
    }
}
