//! Volunteer tasks: one unit of volunteer work for a need, with a time window, a place, the
//! skills wanted and a number of places. Times are typed in China Standard Time.

use serde::Deserialize;

use crate::validate::{parse_date, required_text};
use crate::volunteer::split_list;
use crate::{Field, FieldError, Reason};

/// China Standard Time is UTC+8 all year.
const CST_OFFSET_MS: i64 = 8 * 3_600_000;

/// "2026-12-01 09:30" or "2026-12-01T09:30" (China time) as epoch milliseconds.
pub fn parse_time(field: Field, raw: &str) -> Result<i64, FieldError> {
    let bad = || FieldError::new(field, Reason::BadDateTime);
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, Reason::Required));
    }
    let (date, time) = raw.split_once(['T', ' ']).ok_or_else(bad)?;
    let date = parse_date(field, date).map_err(|_| bad())?;
    let (h, m) = time.trim().split_once(':').ok_or_else(bad)?;
    let h: i64 = h.parse().map_err(|_| bad())?;
    let m: i64 = m.get(..2).unwrap_or(m).parse().map_err(|_| bad())?;
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return Err(bad());
    }
    let midnight = date.midnight().assume_utc().unix_timestamp() * 1000;
    Ok(midnight + (h * 60 + m) * 60_000 - CST_OFFSET_MS)
}

/// A time window typed as start and end: ahead of `now`, ending after it starts, lasting at most
/// `max_hours`.
pub fn window(start: &str, end: &str, now: i64, max_hours: i64) -> Result<(i64, i64), FieldError> {
    let starts_at = parse_time(Field::StartsAt, start)?;
    let ends_at = parse_time(Field::EndsAt, end)?;
    if starts_at < now {
        return Err(FieldError::new(Field::StartsAt, Reason::InPast));
    }
    if ends_at <= starts_at {
        return Err(FieldError::new(Field::EndsAt, Reason::EndBeforeStart));
    }
    if ends_at - starts_at > max_hours * 3_600_000 {
        return Err(FieldError::new(Field::EndsAt, Reason::NumberRange { min: 1, max: max_hours }));
    }
    Ok((starts_at, ends_at))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TaskInput {
    pub title: String,
    pub place: String,
    /// "YYYY-MM-DD HH:MM", China time.
    pub starts_at: String,
    pub ends_at: String,
    /// Skills from the managed list, separated by 、 or commas; optional.
    pub skills: String,
    /// How many volunteers it needs (1–100).
    pub places: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTask {
    pub title: String,
    pub place: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub skills: Vec<String>,
    pub places: i64,
}

impl NewTask {
    /// Checks a task; its window must lie ahead of `now` and last at most a day.
    pub fn parse(input: &TaskInput, now: i64) -> Result<NewTask, FieldError> {
        let title = required_text(Field::Title, &input.title, 60)?;
        let place = required_text(Field::Place, &input.place, 100)?;
        let (starts_at, ends_at) = window(&input.starts_at, &input.ends_at, now, 24)?;
        let places = input
            .places
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=100).contains(p))
            .ok_or(FieldError::new(Field::Places, Reason::NumberRange { min: 1, max: 100 }))?;
        Ok(NewTask { title, place, starts_at, ends_at, skills: split_list(&input.skills), places })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn times_are_china_time() {
        // 2026-12-01 08:00 in Beijing is 00:00 UTC.
        assert_eq!(parse_time(Field::StartsAt, "2026-12-01 08:00"), Ok(1_796_083_200_000));
        assert_eq!(parse_time(Field::StartsAt, "2026-12-01T08:00"), Ok(1_796_083_200_000));
        assert_eq!(parse_time(Field::StartsAt, "2026-12-01 24:00").unwrap_err().reason, Reason::BadDateTime);
        assert_eq!(parse_time(Field::StartsAt, "").unwrap_err().reason, Reason::Required);
    }

    #[test]
    fn a_task_lies_ahead_and_has_places() {
        let now = parse_time(Field::StartsAt, "2026-11-30 12:00").expect("now");
        let good = TaskInput {
            title: "陪同就医".into(),
            place: "万州区人民医院".into(),
            starts_at: "2026-12-01 09:00".into(),
            ends_at: "2026-12-01 11:30".into(),
            skills: "陪伴探访、驾驶接送".into(),
            places: "2".into(),
        };
        let t = NewTask::parse(&good, now).expect("good");
        assert_eq!((t.places, t.skills.len(), t.ends_at - t.starts_at), (2, 2, 9_000_000));
        let past = TaskInput { starts_at: "2026-11-29 09:00".into(), ..good.clone() };
        assert_eq!(NewTask::parse(&past, now).unwrap_err().reason, Reason::InPast);
        let backwards = TaskInput { ends_at: "2026-12-01 08:00".into(), ..good.clone() };
        assert_eq!(NewTask::parse(&backwards, now).unwrap_err().field, Field::EndsAt);
        let none = TaskInput { places: "0".into(), ..good };
        assert_eq!(NewTask::parse(&none, now).unwrap_err().field, Field::Places);
    }

    proptest! {
        #[test]
        fn time_parsing_never_panics(s in "\\PC{0,24}") {
            let _ = parse_time(Field::StartsAt, &s);
        }
    }
}
