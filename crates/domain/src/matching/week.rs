//! Time windows against weekly availability, in China Standard Time (UTC+8, no daylight saving).

use crate::volunteer::Window;

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 86_400_000;
const CST_OFFSET_MS: i64 = 8 * 3_600_000;
/// A window longer than this covers every weekday whole at least once, so checking this much of
/// it decides it (availability repeats weekly).
const LONGEST_MS: i64 = 8 * DAY_MS;

/// Half-hour slots in a week: the granularity of [`Slots`].
pub const SLOTS: usize = 7 * 48;

/// One day's part of a window: weekday 1 = Monday … 7 = Sunday, and minutes after midnight
/// (`end` may be 1440).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayPiece {
    pub weekday: u8,
    pub start: u16,
    pub end: u16,
}

/// The China-time days a window `[starts_at, ends_at)` (epoch ms) touches, split at midnight.
/// The start is rounded down and the end up to whole minutes.
pub fn pieces(starts_at: i64, ends_at: i64) -> impl Iterator<Item = DayPiece> {
    let end = ends_at.min(starts_at.saturating_add(LONGEST_MS)).saturating_add(CST_OFFSET_MS);
    let mut at = starts_at.saturating_add(CST_OFFSET_MS);
    std::iter::from_fn(move || {
        if at >= end {
            return None;
        }
        let day = at.div_euclid(DAY_MS);
        let day_end = (day + 1) * DAY_MS;
        let piece_end = end.min(day_end);
        let start = (at - day * DAY_MS) / MINUTE_MS;
        let stop = (piece_end - day * DAY_MS + MINUTE_MS - 1) / MINUTE_MS;
        at = piece_end;
        // 1970-01-01 was a Thursday (weekday 4).
        let weekday = (day + 3).rem_euclid(7) + 1;
        Some(DayPiece {
            weekday: u8::try_from(weekday).unwrap_or(1),
            start: u16::try_from(start).unwrap_or(0),
            end: u16::try_from(stop).unwrap_or(1440),
        })
    })
}

/// Whether the weekly windows cover the whole of `[starts_at, ends_at)`. Windows of one day that
/// touch or overlap count together (09:00-12:00 and 12:00-15:00 cover 10:00-14:00); so do the
/// end of one day and the start of the next. An empty window is covered by nothing.
pub fn covers(availability: &[Window], starts_at: i64, ends_at: i64) -> bool {
    ends_at > starts_at && pieces(starts_at, ends_at).all(|p| covers_piece(availability, p))
}

/// Whether the weekly windows cover one day's piece of a span (see [`pieces`]).
pub fn covers_piece(availability: &[Window], piece: DayPiece) -> bool {
    let mut reached = piece.start;
    while reached < piece.end {
        let further = availability
            .iter()
            .filter(|w| w.weekday == piece.weekday && w.start <= reached && w.end > reached)
            .map(|w| w.end)
            .max();
        match further {
            Some(end) => reached = end,
            None => return false,
        }
    }
    true
}

/// Whether two windows `[a0, a1)` and `[b0, b1)` share any time.
pub fn overlaps(a0: i64, a1: i64, b0: i64, b1: i64) -> bool {
    a0 < b1 && b0 < a1
}

/// A week as 336 half-hour slots: which slots a set of windows touches. Used as a cheap upper
/// bound: if some window set covers a span, its slots include every slot the span touches, so a
/// group whose united slots miss one cannot have anybody free then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Slots([u64; SLOTS.div_ceil(64)]);

impl Slots {
    /// The slots touched by weekly windows.
    pub fn of_windows(windows: &[Window]) -> Slots {
        let mut s = Slots::default();
        for w in windows {
            s.mark(DayPiece { weekday: w.weekday, start: w.start, end: w.end });
        }
        s
    }

    /// The slots touched by a span of time (epoch ms).
    pub fn of_span(starts_at: i64, ends_at: i64) -> Slots {
        let mut s = Slots::default();
        for p in pieces(starts_at, ends_at) {
            s.mark(p);
        }
        s
    }

    fn mark(&mut self, p: DayPiece) {
        if !(1..=7).contains(&p.weekday) || p.end <= p.start {
            return;
        }
        let base = usize::from(p.weekday - 1) * 48;
        let first = usize::from(p.start / 30);
        let last = usize::from((p.end - 1) / 30).min(47);
        for i in first..=last {
            let bit = base + i;
            self.0[bit / 64] |= 1 << (bit % 64);
        }
    }

    pub fn union(&mut self, other: &Slots) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
    }

    /// Every slot of `self` is also in `other`.
    pub fn within(&self, other: &Slots) -> bool {
        self.0.iter().zip(other.0).all(|(a, b)| a & !b == 0)
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::Field;
    use crate::task::parse_time;

    fn at(s: &str) -> i64 {
        parse_time(Field::StartsAt, s).expect("time")
    }

    fn w(weekday: u8, start: u16, end: u16) -> Window {
        Window { weekday, start, end }
    }

    #[test]
    fn pieces_are_china_time_weekdays() {
        // 2026-12-05 is a Saturday.
        let p: Vec<_> = pieces(at("2026-12-05 09:00"), at("2026-12-05 11:30")).collect();
        assert_eq!(p, [DayPiece { weekday: 6, start: 540, end: 690 }]);
        let p: Vec<_> = pieces(at("2026-12-06 22:00"), at("2026-12-07 01:00")).collect();
        assert_eq!(p, [DayPiece { weekday: 7, start: 1320, end: 1440 }, DayPiece { weekday: 1, start: 0, end: 60 }]);
        assert_eq!(pieces(at("2026-12-05 09:00"), at("2026-12-05 09:00")).count(), 0);
    }

    #[test]
    fn windows_cover_spans_together() {
        let sat = [w(6, 9 * 60, 12 * 60), w(6, 12 * 60, 15 * 60)];
        assert!(covers(&sat, at("2026-12-05 10:00"), at("2026-12-05 14:00")));
        assert!(!covers(&sat, at("2026-12-05 08:30"), at("2026-12-05 10:00")));
        assert!(!covers(&sat, at("2026-12-06 10:00"), at("2026-12-06 11:00")), "Sunday is not Saturday");
        let night = [w(7, 20 * 60, 24 * 60), w(1, 0, 120)];
        assert!(covers(&night, at("2026-12-06 22:00"), at("2026-12-07 01:00")));
        assert!(!covers(&night, at("2026-12-06 22:00"), at("2026-12-07 03:00")));
        assert!(!covers(&sat, at("2026-12-05 10:00"), at("2026-12-05 10:00")));
    }

    #[test]
    fn slots_bound_coverage() {
        let sat = [w(6, 9 * 60, 12 * 60)];
        let mine = Slots::of_windows(&sat);
        assert!(Slots::of_span(at("2026-12-05 09:10"), at("2026-12-05 09:20")).within(&mine));
        assert!(!Slots::of_span(at("2026-12-05 11:00"), at("2026-12-05 12:30")).within(&mine));
        assert!(Slots::default().is_empty() && !mine.is_empty());
    }

    proptest! {
        /// Covering is monotone: a span inside a covered span is covered, and a covered span's
        /// slots lie within the windows' slots (the bound the index relies on).
        #[test]
        fn coverage_is_monotone_and_slots_bound_it(
            windows in proptest::collection::vec((1u8..=7, 0u16..1440, 1u16..=720), 0..6),
            start in 0i64..(14 * 1440),
            len in 1i64..(2 * 1440),
            cut in 0i64..100,
        ) {
            let windows: Vec<Window> = windows.into_iter().map(|(d, s, l)| w(d, s, (s + l).min(1440))).collect();
            let base = at("2026-11-30 00:00");
            let (s, e) = (base + start * MINUTE_MS, base + (start + len) * MINUTE_MS);
            if covers(&windows, s, e) {
                let inner = (s + (e - s) * cut / 200, e - (e - s) * cut / 200);
                if inner.1 > inner.0 {
                    prop_assert!(covers(&windows, inner.0, inner.1));
                }
                prop_assert!(Slots::of_span(s, e).within(&Slots::of_windows(&windows)));
            }
        }
    }
}
