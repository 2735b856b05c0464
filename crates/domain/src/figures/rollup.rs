//! How the rollups are cut: every fact adds to its day's row and its month's row (China time), and
//! any total up to a day is the months before that day's month plus the days of it before the day.
//! A flow over a period is then the total up to its end less the total up to its start; no read
//! touches more than the months since the first record and two partial months of days.

use time::{Date, Month};

use crate::figures::Span;

pub const DAY_MS: i64 = 86_400_000;
/// China keeps UTC+8 all year.
pub const CHINA_MS: i64 = 8 * 3_600_000;
/// The Julian day of 1970-01-01: day numbers count from there.
const EPOCH_JULIAN: i64 = 2_440_588;

/// The size of a rollup row: stored as its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grain {
    Day = 1,
    Month = 2,
}

impl Grain {
    pub fn from_number(n: i64) -> Option<Grain> {
        match n {
            1 => Some(Grain::Day),
            2 => Some(Grain::Month),
            _ => None,
        }
    }
}

/// The China-time day (days since 1970-01-01) a moment in epoch milliseconds falls on.
pub fn day_of(at_ms: i64) -> i64 {
    at_ms.saturating_add(CHINA_MS).div_euclid(DAY_MS)
}

/// The first millisecond of a China-time day.
pub fn day_start_ms(day: i64) -> i64 {
    day.saturating_mul(DAY_MS).saturating_sub(CHINA_MS)
}

pub fn day_number(d: Date) -> i64 {
    i64::from(d.to_julian_day()) - EPOCH_JULIAN
}

pub fn date_of(day: i64) -> Option<Date> {
    i32::try_from(day + EPOCH_JULIAN).ok().and_then(|j| Date::from_julian_day(j).ok())
}

/// Months counted as `year * 12 + month - 1`.
pub fn month_of(day: i64) -> i64 {
    date_of(day).map_or(0, |d| i64::from(d.year()) * 12 + i64::from(u8::from(d.month())) - 1)
}

/// The day number of a month's first day.
pub fn month_start(month: i64) -> i64 {
    let year = i32::try_from(month.div_euclid(12)).unwrap_or(0);
    let m = u8::try_from(month.rem_euclid(12) + 1).ok().and_then(|m| Month::try_from(m).ok()).unwrap_or(Month::January);
    Date::from_calendar_date(year, m, 1).map_or(0, day_number)
}

/// The rows one fact at `at_ms` adds to.
pub fn cells(at_ms: i64) -> [(Grain, i64); 2] {
    let day = day_of(at_ms);
    [(Grain::Day, day), (Grain::Month, month_of(day))]
}

/// The day rows a total up to `cut` reads: its month's days before it. With the month rows
/// before `month_of(cut)` they make the total before `cut` (the store adds them up in its query).
pub fn partial_days(cut: i64) -> (i64, i64) {
    (month_start(month_of(cut)), cut)
}

impl Span {
    /// The first day in and the first day after, as day numbers.
    pub fn cuts(&self) -> (i64, i64) {
        (day_number(self.from), day_number(self.to) + 1)
    }

    /// The period in epoch milliseconds, end excluded: what the drill-down filters on.
    pub fn millis(&self) -> (i64, i64) {
        let (from, to) = self.cuts();
        (day_start_ms(from), day_start_ms(to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;
    use time::macros::date;

    #[test]
    fn days_and_months_are_china_time() {
        let d = day_number(date!(2026 - 11 - 30));
        assert_eq!(date_of(d), Some(date!(2026 - 11 - 30)));
        // 2026-11-29T16:00Z is midnight in China on the 30th.
        assert_eq!(day_of(day_start_ms(d)), d);
        assert_eq!(day_of(day_start_ms(d) - 1), d - 1);
        assert_eq!(month_of(d), 2026 * 12 + 10);
        assert_eq!(month_start(2026 * 12 + 10), day_number(date!(2026 - 11 - 01)));
        assert_eq!(month_start(2026 * 12 + 12), day_number(date!(2027 - 01 - 01)));
    }

    /// What the store's summary query adds up for one metric: month rows before the cut's month
    /// and the day rows `partial_days` names.
    fn total_before(rows: impl IntoIterator<Item = (Grain, i64, i64)>, cut: i64) -> i64 {
        let (first, end) = partial_days(cut);
        rows.into_iter()
            .filter(|&(grain, period, _)| match grain {
                Grain::Month => period < month_of(cut),
                Grain::Day => period >= first && period < end,
            })
            .map(|(_, _, v)| v)
            .sum()
    }

    proptest! {
        /// Whatever the facts and the cut, the rows give the same total as the facts themselves.
        #[test]
        fn totals_from_rows_equal_totals_from_facts(
            facts in proptest::collection::vec((0i64..2_000, -50i64..100), 0..200),
            cut in 0i64..2_100,
        ) {
            let base = day_number(date!(2024 - 01 - 15));
            let mut rows: HashMap<(Grain, i64), i64> = HashMap::new();
            for &(day, value) in &facts {
                for cell in cells(day_start_ms(base + day) + 3_600_000) {
                    *rows.entry(cell).or_default() += value;
                }
            }
            let expected: i64 = facts.iter().filter(|(d, _)| base + d < base + cut).map(|(_, v)| v).sum();
            let got = total_before(rows.iter().map(|(&(g, p), &v)| (g, p, v)), base + cut);
            prop_assert_eq!(got, expected);
        }
    }
}
