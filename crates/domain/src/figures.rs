//! The figures (统计数字): what is counted for a region and a period, and the periods themselves.
//! A period is typed as two dates or as a shorthand (a year, a half, a quarter, a month); the
//! comparison period is the same days a year before. Pure: the store counts, the web shows.

use time::{Date, Month};

mod index;
mod metric;
mod rollup;
mod sections;

pub use index::{Index, Indicator, index};
pub use metric::Metric;
pub use rollup::{
    CHINA_MS, DAY_MS, Grain, cells, date_of, day_number, day_of, day_start_ms, month_of, month_start, partial_days,
};
pub use sections::{LINKED, Rate, SECTIONS, Section, per_mille, percent_text, rates, section, shown};

use crate::text::Text;
use crate::validate::{format_date, parse_date};
use crate::{Field, FieldError, Lang, Reason};

/// The longest period asked for at once: twenty years of days.
pub const MAX_DAYS: i64 = 20 * 366;

/// The days a figure covers, both included, China time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: Date,
    pub to: Date,
}

fn date(year: i32, month: Month, day: u8) -> Option<Date> {
    Date::from_calendar_date(year, month, day).ok()
}

fn last_of(year: i32, month: Month) -> Option<Date> {
    date(year, month, month.length(year))
}

impl Span {
    /// `2026`, `2026-H1`, `2026-Q4` or `2026-11`: the whole of it. Years from 2000 to 2099.
    pub fn shorthand(raw: &str) -> Result<Span, FieldError> {
        let bad = || FieldError::new(Field::Period, Reason::Malformed("2026、2026-H1、2026-Q4、2026-11".into()));
        let s = raw.trim().to_ascii_uppercase();
        // A dash promises a part of the year: "2026-" is not the whole of 2026.
        let (year, rest) = match s.split_once('-') {
            Some((_, "")) => return Err(bad()),
            Some((y, r)) => (y, r),
            None => (s.as_str(), ""),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        if !(2000..=2099).contains(&year) {
            return Err(FieldError::new(Field::Period, Reason::NumberRange { min: 2000, max: 2099 }));
        }
        let months = |first: u8, last: u8| -> Option<Span> {
            let first = Month::try_from(first).ok()?;
            let last = Month::try_from(last).ok()?;
            Some(Span { from: date(year, first, 1)?, to: last_of(year, last)? })
        };
        let span = match rest {
            "" => months(1, 12),
            "H1" => months(1, 6),
            "H2" => months(7, 12),
            q if q.len() == 2 && q.starts_with('Q') => match q.as_bytes()[1] {
                n @ b'1'..=b'4' => {
                    let first = (n - b'1') * 3 + 1;
                    months(first, first + 2)
                }
                _ => None,
            },
            m if (1..=2).contains(&m.len()) && m.bytes().all(|b| b.is_ascii_digit()) => match m.parse::<u8>() {
                Ok(n @ 1..=12) => months(n, n),
                _ => None,
            },
            _ => None,
        };
        span.ok_or_else(bad)
    }

    /// Two typed dates, in order, at most [`MAX_DAYS`] apart.
    pub fn between(from: &str, to: &str) -> Result<Span, FieldError> {
        let from = parse_date(Field::PeriodFrom, from)?;
        let to = parse_date(Field::PeriodTo, to)?;
        if to < from {
            return Err(FieldError::new(Field::PeriodTo, Reason::EndBeforeStart));
        }
        if (to - from).whole_days() >= MAX_DAYS {
            return Err(FieldError::new(Field::PeriodFrom, Reason::NumberRange { min: 0, max: 20 }));
        }
        Ok(Span { from, to })
    }

    /// What a request says: a shorthand `period`, else `from` and `to`, else this year so far.
    pub fn parse(period: Option<&str>, from: Option<&str>, to: Option<&str>, today: Date) -> Result<Span, FieldError> {
        fn given(s: Option<&str>) -> Option<&str> {
            s.map(str::trim).filter(|s| !s.is_empty())
        }
        match (given(period), given(from), given(to)) {
            (Some(p), _, _) => Span::shorthand(p),
            (None, Some(f), Some(t)) => Span::between(f, t),
            (None, Some(_), None) => Err(FieldError::new(Field::PeriodTo, Reason::Required)),
            (None, None, Some(_)) => Err(FieldError::new(Field::PeriodFrom, Reason::Required)),
            (None, None, None) => Ok(Span { from: date(today.year(), Month::January, 1).unwrap_or(today), to: today }),
        }
    }

    /// The same days a year before; 29 February becomes the 28th.
    pub fn year_before(&self) -> Span {
        let back = |d: Date| {
            let year = d.year() - 1;
            date(year, d.month(), d.day()).or_else(|| last_of(year, d.month())).unwrap_or(d)
        };
        Span { from: back(self.from), to: back(self.to) }
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).whole_days() + 1
    }

    /// `2026-01-01 – 2026-11-30`.
    pub fn label(&self) -> String {
        format!("{} – {}", format_date(self.from), format_date(self.to))
    }
}

/// The change from a year before, in whole percent; none when there was nothing to compare with.
pub fn change_percent(now: i64, before: i64) -> Option<i64> {
    if before == 0 {
        return None;
    }
    let diff = i128::from(now) - i128::from(before);
    let pct = diff * 100 / i128::from(before);
    i64::try_from(pct).ok()
}

/// How a figure is counted and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    /// 人次
    PersonTimes,
    /// 场次
    Sessions,
    /// Minutes, shown in hours.
    Minutes,
    /// Fen, shown in yuan.
    Fen,
}

impl Unit {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Unit::Count => Text::new("个", "").get(lang),
            Unit::PersonTimes => Text::new("人次", "person-times").get(lang),
            Unit::Sessions => Text::new("场次", "sessions").get(lang),
            Unit::Minutes => Text::new("小时", "hours").get(lang),
            Unit::Fen => Text::new("元", "yuan").get(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn shorthands_cover_whole_months() {
        let s = |raw: &str| Span::shorthand(raw).map(|s| (format_date(s.from), format_date(s.to)));
        assert_eq!(s("2026"), Ok(("2026-01-01".into(), "2026-12-31".into())));
        assert_eq!(s("2026-h1"), Ok(("2026-01-01".into(), "2026-06-30".into())));
        assert_eq!(s("2026-Q4"), Ok(("2026-10-01".into(), "2026-12-31".into())));
        assert_eq!(s("2024-2"), Ok(("2024-02-01".into(), "2024-02-29".into())));
        for bad in ["", "26", "2026-13", "2026-Q5", "2026-H3", "abcd", "2026-"] {
            assert_eq!(Span::shorthand(bad).unwrap_err().field, Field::Period, "{bad}");
        }
        assert!(matches!(Span::shorthand("1999").unwrap_err().reason, Reason::NumberRange { .. }));
    }

    #[test]
    fn typed_periods_name_the_field_they_fail_on() {
        let today = date!(2026 - 11 - 30);
        let field = |p: Option<&str>, f: Option<&str>, t: Option<&str>| Span::parse(p, f, t, today).unwrap_err().field;
        assert_eq!(field(None, Some("2026-12-01"), Some("2026-11-01")), Field::PeriodTo);
        assert_eq!(field(None, Some("2026-02-30"), Some("2026-11-01")), Field::PeriodFrom);
        assert_eq!(field(None, Some("2026-01-01"), None), Field::PeriodTo);
        assert_eq!(field(None, Some("1990-01-01"), Some("2026-11-01")), Field::PeriodFrom);
        let this_year = Span::parse(None, None, None, today).expect("default");
        assert_eq!((this_year.from, this_year.to), (date!(2026 - 01 - 01), today));
    }

    #[test]
    fn a_year_before_keeps_the_days() {
        let leap = Span { from: date!(2024 - 02 - 01), to: date!(2024 - 02 - 29) };
        assert_eq!(leap.year_before(), Span { from: date!(2023 - 02 - 01), to: date!(2023 - 02 - 28) });
        assert_eq!(change_percent(150, 100), Some(50));
        assert_eq!(change_percent(50, 100), Some(-50));
        assert_eq!(change_percent(5, 0), None);
    }

    proptest! {
        #[test]
        fn parsing_never_panics(p in ".{0,12}", f in ".{0,12}", t in ".{0,12}") {
            let _ = Span::parse(Some(&p), None, None, date!(2026 - 11 - 30));
            let _ = Span::parse(None, Some(&f), Some(&t), date!(2026 - 11 - 30));
        }

        /// A period a year back is as long, give or take the 29th of February.
        #[test]
        fn a_year_back_is_as_long(start in 0i64..36_000, len in 0i64..3_000) {
            let from = date!(2001 - 01 - 01) + time::Duration::days(start);
            let span = Span { from, to: from + time::Duration::days(len) };
            let back = span.year_before();
            prop_assert!((back.days() - span.days()).abs() <= 1);
            prop_assert!(back.from <= back.to);
        }

        #[test]
        fn every_shorthand_is_inside_its_year(year in 2000i32..2100, part in 0u8..19) {
            let raw = match part {
                0 => format!("{year}"),
                1 | 2 => format!("{year}-H{part}"),
                3..=6 => format!("{year}-Q{}", part - 2),
                m => format!("{year}-{:02}", m - 6),
            };
            let s = Span::shorthand(&raw).expect("valid");
            prop_assert!(s.from.year() == year && s.to.year() == year && s.from <= s.to);
        }
    }
}
