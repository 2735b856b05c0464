//! The volunteer service record (志愿服务记录): hours entries in a ledger that is only ever
//! appended to. Service time comes from task and activity check-in and check-out; a correction
//! is a new entry that supersedes the one it amends, which stays in the history. The rules here
//! are pure; the store applies them inside the writing transaction.

use crate::choices::choices;
use crate::text::Text;
use crate::{Field, FieldError, Lang, Reason};

choices!(
    /// Where an entry's time comes from.
    HoursSource, Field::Status, {
        Task = "task", "志愿任务", "volunteer task";
        Activity = "activity", "社区活动", "community activity";
        BackEntry = "back_entry", "补录", "back-entry";
        Amendment = "amendment", "更正", "amendment";
    }
);

/// Most minutes one volunteer may be credited in one China day.
pub const DAY_MINUTES: i64 = 24 * 60;
const CST_OFFSET_MS: i64 = 8 * 3_600_000;

/// The China day (days since the epoch) an instant falls on.
pub fn china_day(at: i64) -> i64 {
    (at + CST_OFFSET_MS).div_euclid(86_400_000)
}

/// A stretch of service: when, and the minutes credited for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub starts_at: i64,
    pub ends_at: i64,
    pub minutes: i64,
}

impl Span {
    /// Service from check-in to check-out, counted only within the window it was for: never
    /// before the start, never past the end (a missing check-out counts until the end), and at
    /// most a day. `None` when nothing is left.
    pub fn served(window: (i64, i64), check_in: i64, check_out: Option<i64>) -> Option<Span> {
        let from = check_in.max(window.0);
        let to = check_out.unwrap_or(window.1).min(window.1);
        let minutes = ((to - from) / 60_000).min(DAY_MINUTES);
        (minutes > 0).then_some(Span { starts_at: from, ends_at: to, minutes })
    }

    fn overlaps(&self, other: &Span) -> bool {
        self.starts_at < other.ends_at && other.starts_at < self.ends_at
    }
}

/// Why an entry cannot be credited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    InFuture,
    Overlaps,
    DayFull,
}

impl Refusal {
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            Refusal::InFuture => Text::new("服务时间不能晚于现在", "Service cannot be in the future").get(lang),
            Refusal::Overlaps => {
                Text::new("与该志愿者已记录的服务时间重叠", "It overlaps service already recorded for the volunteer")
                    .get(lang)
            }
            Refusal::DayFull => {
                Text::new("该志愿者当天记录的服务时长将超过 24 小时", "It would credit more than 24 hours in one day")
                    .get(lang)
            }
        }
    }

    pub fn field_error(self) -> FieldError {
        match self {
            Refusal::InFuture => FieldError::new(Field::EndsAt, Reason::InFuture),
            Refusal::Overlaps | Refusal::DayFull => {
                FieldError::new(Field::StartsAt, Reason::Duplicate(self.key().into()))
            }
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Refusal::InFuture => "in_future",
            Refusal::Overlaps => "overlaps",
            Refusal::DayFull => "day_full",
        }
    }
}

/// Checks a new span against the volunteer's live entries (`live`, superseded ones left out):
/// not in the future, no overlap, at most a day's minutes on its China day.
pub fn check(new: &Span, live: &[Span], now: i64) -> Result<(), Refusal> {
    if new.ends_at > now {
        return Err(Refusal::InFuture);
    }
    if live.iter().any(|s| s.overlaps(new)) {
        return Err(Refusal::Overlaps);
    }
    let day = china_day(new.starts_at);
    let that_day: i64 = live.iter().filter(|s| china_day(s.starts_at) == day).map(|s| s.minutes).sum();
    if that_day + new.minutes > DAY_MINUTES {
        return Err(Refusal::DayFull);
    }
    Ok(())
}

/// A back-entry (补录) of service not captured at the time, or the corrected times of an
/// amendment, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct EntryInput {
    /// What the service was; for an amendment, optional (the amended entry's).
    pub content: String,
    pub place: String,
    /// "YYYY-MM-DD HH:MM", China time.
    pub starts_at: String,
    pub ends_at: String,
    /// Why it is entered late, or why it is corrected.
    pub reason: String,
    /// For a back-entry: what shows the service happened (a sign-in sheet, photos, a record).
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntryText {
    pub content: Option<String>,
    pub place: Option<String>,
    pub span: Span,
    pub reason: String,
    pub evidence: Option<String>,
}

impl NewEntryText {
    /// Checks times in the past, at most a day long, and a reason; a back-entry also needs what
    /// it was, where, and evidence.
    pub fn parse(input: &EntryInput, back_entry: bool, now: i64) -> Result<NewEntryText, FieldError> {
        use crate::validate::{optional_text, required_text};
        let (content, place, evidence) = if back_entry {
            (
                Some(required_text(Field::Description, &input.content, 100)?),
                Some(required_text(Field::Place, &input.place, 100)?),
                Some(required_text(Field::Evidence, &input.evidence, 500)?),
            )
        } else {
            (
                optional_text(Field::Description, Some(&input.content), 100)?,
                optional_text(Field::Place, Some(&input.place), 100)?,
                None,
            )
        };
        let starts_at = crate::task::parse_time(Field::StartsAt, &input.starts_at)?;
        let ends_at = crate::task::parse_time(Field::EndsAt, &input.ends_at)?;
        if ends_at <= starts_at {
            return Err(FieldError::new(Field::EndsAt, Reason::EndBeforeStart));
        }
        if ends_at > now {
            return Err(FieldError::new(Field::EndsAt, Reason::InFuture));
        }
        let minutes = (ends_at - starts_at) / 60_000;
        if !(1..=DAY_MINUTES).contains(&minutes) {
            return Err(FieldError::new(Field::EndsAt, Reason::NumberRange { min: 1, max: 24 }));
        }
        let reason = required_text(Field::Reason, &input.reason, 500)?;
        Ok(NewEntryText { content, place, span: Span { starts_at, ends_at, minutes }, reason, evidence })
    }
}

/// One ledger line as the totals read it: its minutes and what it amends, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub seq: i64,
    pub minutes: i64,
    pub amends: Option<i64>,
}

/// The lines still in force: every line no later line amends. An amendment replaces what it
/// amends (its minutes are the corrected ones), so chains of corrections count once.
pub fn live(lines: &[Line]) -> Vec<Line> {
    let superseded: std::collections::HashSet<i64> = lines.iter().filter_map(|l| l.amends).collect();
    lines.iter().filter(|l| !superseded.contains(&l.seq)).copied().collect()
}

/// Total minutes in force.
pub fn total_minutes(lines: &[Line]) -> i64 {
    live(lines).iter().map(|l| l.minutes).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const MIN: i64 = 60_000;

    #[test]
    fn service_counts_within_the_window() {
        let w = (100 * MIN, 220 * MIN);
        assert_eq!(Span::served(w, 90 * MIN, Some(160 * MIN)).map(|s| s.minutes), Some(60));
        assert_eq!(Span::served(w, 110 * MIN, None).map(|s| s.minutes), Some(110), "no check-out: until the end");
        assert_eq!(Span::served(w, 110 * MIN, Some(900 * MIN)).map(|s| s.minutes), Some(110));
        assert_eq!(Span::served(w, 300 * MIN, None), None, "after the end: nothing");
    }

    #[test]
    fn overlaps_full_days_and_the_future_are_refused() {
        let now = 10_000 * MIN;
        let a = Span { starts_at: 1000 * MIN, ends_at: 1100 * MIN, minutes: 100 };
        let b = Span { starts_at: 1050 * MIN, ends_at: 1150 * MIN, minutes: 100 };
        assert_eq!(check(&b, &[a], now), Err(Refusal::Overlaps));
        let c = Span { starts_at: 1100 * MIN, ends_at: 1200 * MIN, minutes: 100 };
        assert_eq!(check(&c, &[a], now), Ok(()), "back to back is fine");
        let future = Span { starts_at: now - MIN, ends_at: now + MIN, minutes: 2 };
        assert_eq!(check(&future, &[], now), Err(Refusal::InFuture));
        let day_start = china_day(1000 * MIN) * 86_400_000 - 8 * 3_600_000;
        let long = Span { starts_at: day_start, ends_at: day_start + 1400 * MIN, minutes: 1400 };
        let more = Span { starts_at: day_start + 1400 * MIN, ends_at: day_start + 1440 * MIN - MIN, minutes: 41 };
        assert_eq!(check(&more, &[long], i64::MAX), Err(Refusal::DayFull));
    }

    #[test]
    fn an_amendment_replaces_what_it_amends() {
        let lines = [
            Line { seq: 1, minutes: 120, amends: None },
            Line { seq: 2, minutes: 60, amends: None },
            Line { seq: 3, minutes: 90, amends: Some(1) },
            Line { seq: 4, minutes: 100, amends: Some(3) },
        ];
        assert_eq!(total_minutes(&lines), 160);
    }

    proptest! {
        #[test]
        fn service_stays_within_its_window(s in 0i64..1_000_000_000, len in 1i64..10_000_000,
            ci in -1_000_000_000i64..3_000_000_000, co in proptest::option::of(-1_000_000_000i64..3_000_000_000)) {
            if let Some(span) = Span::served((s, s + len), ci, co) {
                prop_assert!(span.starts_at >= s && span.ends_at <= s + len);
                prop_assert!(span.minutes > 0 && span.minutes <= (len / 60_000).min(DAY_MINUTES));
            }
        }

        #[test]
        fn totals_are_the_sum_of_lines_in_force_and_never_negative(
            minutes in proptest::collection::vec(0i64..2000, 1..30),
            amend in proptest::collection::vec(proptest::option::of(0usize..30), 1..30),
        ) {
            // Each line may amend an earlier one, as the store allows.
            let lines: Vec<Line> = minutes.iter().enumerate().map(|(i, m)| Line {
                seq: i as i64 + 1,
                minutes: *m,
                amends: amend.get(i).copied().flatten().filter(|a| *a < i).map(|a| a as i64 + 1),
            }).collect();
            let total = total_minutes(&lines);
            prop_assert!(total >= 0);
            let amended: std::collections::HashSet<i64> = lines.iter().filter_map(|l| l.amends).collect();
            let expected: i64 = lines.iter().filter(|l| !amended.contains(&l.seq)).map(|l| l.minutes).sum();
            prop_assert_eq!(total, expected);
        }

        #[test]
        fn credited_spans_never_overlap_nor_pass_a_day(starts in proptest::collection::vec((0i64..5000, 1i64..600), 1..40)) {
            let mut live: Vec<Span> = Vec::new();
            for (s, len) in starts {
                let span = Span { starts_at: s * MIN, ends_at: (s + len) * MIN, minutes: len };
                if check(&span, &live, i64::MAX).is_ok() {
                    live.push(span);
                }
            }
            for (i, a) in live.iter().enumerate() {
                for b in &live[i + 1..] {
                    prop_assert!(!a.overlaps(b));
                }
                let day: i64 = live.iter().filter(|s| china_day(s.starts_at) == china_day(a.starts_at)).map(|s| s.minutes).sum();
                prop_assert!(day <= DAY_MINUTES);
            }
        }
    }
}
