//! Certificates of volunteer service (志愿服务证明). Whoever records the service certifies it: a
//! certificate is issued by one recording unit for one volunteer and period, and holds what the
//! ledger said at issue time. Its number is unguessable, so the public verification page shows
//! a certificate only to whoever holds it.

use time::Date;

use crate::choices::choices;
use crate::hours::HoursSource;
use crate::validate::{format_date, parse_date};
use crate::{Field, FieldError, Reason};

choices!(
    /// Where a certificate is: asked for, issued (in force), refused, or revoked.
    CertificateStatus, Field::Status, {
        Requested = "requested", "待出具", "requested";
        Issued = "issued", "有效", "valid";
        Refused = "refused", "未出具", "refused";
        Revoked = "revoked", "已撤销", "revoked";
    }
);

/// Crockford's base32: no I, L, O or U, so a number read aloud or retyped survives.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_CHARS: usize = 8;

/// A certificate number, `ZM2026-7K3QX9PD`: the year of issue and 40 random bits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CertificateNo(String);

impl CertificateNo {
    /// A new number from five random bytes.
    pub fn generate(year: i32, random: [u8; 5]) -> CertificateNo {
        let bits = random.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let tail: String =
            (0..RANDOM_CHARS).rev().map(|i| char::from(ALPHABET[((bits >> (i * 5)) & 31) as usize])).collect();
        CertificateNo(format!("ZM{year:04}-{tail}"))
    }

    /// A number as typed: case and surrounding spaces do not matter, and the letters Crockford
    /// reads as digits (O, I, L) are read so.
    pub fn parse(raw: &str) -> Result<CertificateNo, FieldError> {
        let bad = || FieldError::new(Field::Certificate, Reason::BadCode);
        let s = raw.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err(FieldError::new(Field::Certificate, Reason::Required));
        }
        let rest = s.strip_prefix("ZM").ok_or_else(bad)?;
        let (year, tail) = rest.split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) || tail.chars().count() != RANDOM_CHARS {
            return Err(bad());
        }
        let tail: String = tail
            .chars()
            .map(|c| match c {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            })
            .collect();
        if !tail.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(bad());
        }
        Ok(CertificateNo(format!("ZM{year}-{tail}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CertificateNo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The days a certificate covers, both included, China time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

const CST_OFFSET_MS: i64 = 8 * 3_600_000;

impl Period {
    /// From and to as typed: dates, in order, not after today, at most ten years.
    pub fn parse(from: &str, to: &str, today: Date) -> Result<Period, FieldError> {
        let from = parse_date(Field::PeriodFrom, from)?;
        let to = parse_date(Field::PeriodTo, to)?;
        if to > today {
            return Err(FieldError::new(Field::PeriodTo, Reason::DateInFuture));
        }
        if to < from {
            return Err(FieldError::new(Field::PeriodTo, Reason::EndBeforeStart));
        }
        if (to - from).whole_days() > 3660 {
            return Err(FieldError::new(Field::PeriodFrom, Reason::NumberRange { min: 0, max: 10 }));
        }
        Ok(Period { from, to })
    }

    /// The instants `[start, end)` the period covers.
    pub fn bounds(&self) -> (i64, i64) {
        let start = |d: Date| d.midnight().assume_utc().unix_timestamp() * 1000 - CST_OFFSET_MS;
        (start(self.from), start(self.to) + 86_400_000)
    }

    pub fn from_text(&self) -> String {
        format_date(self.from)
    }

    pub fn to_text(&self) -> String {
        format_date(self.to)
    }
}

/// A date as a certificate writes it: 2026年11月30日.
pub fn chinese_date(d: Date) -> String {
    format!("{}年{:02}月{:02}日", d.year(), u8::from(d.month()), d.day())
}

/// A date as a printed paper writes it in `lang`: 2026年11月30日, or 2026-11-30.
pub fn printed_date(d: Date, lang: crate::Lang) -> String {
    match lang {
        crate::Lang::Zh => chinese_date(d),
        crate::Lang::En => format_date(d),
    }
}

/// Hours with one decimal, as certificates and totals show them.
pub fn hours_text(minutes: i64) -> String {
    format!("{}.{}", minutes / 60, (minutes % 60) * 10 / 60)
}

/// One entry in force, as the summary reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served<'a> {
    pub source: HoursSource,
    pub content: &'a str,
    pub minutes: i64,
}

/// What a certificate says of the service: how many records of each kind and their hours, and the
/// contents served most often (up to five, most frequent first, ties in first-seen order).
pub fn summary(served: &[Served<'_>]) -> String {
    let mut kinds: Vec<(HoursSource, i64, i64)> = Vec::new();
    let mut contents: Vec<(&str, usize)> = Vec::new();
    for s in served {
        match kinds.iter_mut().find(|k| k.0 == s.source) {
            Some(k) => {
                k.1 += 1;
                k.2 += s.minutes;
            }
            None => kinds.push((s.source, 1, s.minutes)),
        }
        let content = s.content.trim();
        if content.is_empty() {
            continue;
        }
        match contents.iter_mut().find(|c| c.0 == content) {
            Some(c) => c.1 += 1,
            None => contents.push((content, 1)),
        }
    }
    let parts: Vec<String> = kinds
        .iter()
        .map(|(source, n, minutes)| {
            format!("{} {n} 次（{} 小时）", source.label(crate::Lang::Zh), hours_text(*minutes))
        })
        .collect();
    let mut text = format!("共 {} 次服务：{}。", served.len(), parts.join("，"));
    // A stable sort keeps first-seen order among equals.
    contents.sort_by_key(|c| std::cmp::Reverse(c.1));
    if !contents.is_empty() {
        let top: Vec<&str> = contents.iter().take(5).map(|c| c.0).collect();
        let more = if contents.len() > 5 { "等" } else { "" };
        text.push_str(&format!("主要服务内容：{}{more}。", top.join("、")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn numbers_round_trip_and_forgive_case_and_lookalikes() {
        let n = CertificateNo::generate(2026, [0xff, 0, 0x12, 0x34, 0x56]);
        assert_eq!(n.as_str().len(), "ZM2026-".len() + 8);
        assert_eq!(CertificateNo::parse(&format!(" {} ", n.as_str().to_lowercase())), Ok(n));
        assert_eq!(CertificateNo::parse("zm2026-0o1il000").map(|n| n.0), Ok("ZM2026-00111000".into()));
        for bad in ["", "ZM2026", "ZM26-12345678", "ZM2026-1234567", "ZM2026-1234567U", "XX2026-12345678"] {
            assert!(CertificateNo::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(CertificateNo::parse("").unwrap_err().reason, Reason::Required);
    }

    proptest! {
        #[test]
        fn every_generated_number_parses_to_itself(year in 2000i32..2100, random in any::<[u8; 5]>()) {
            let n = CertificateNo::generate(year, random);
            prop_assert_eq!(CertificateNo::parse(n.as_str()), Ok(n.clone()));
        }

        #[test]
        fn parsing_never_panics(raw in "\\PC{0,30}") {
            let _ = CertificateNo::parse(&raw);
        }

        #[test]
        fn distinct_randoms_give_distinct_numbers(a in any::<[u8; 5]>(), b in any::<[u8; 5]>()) {
            prop_assume!(a != b);
            prop_assert_ne!(CertificateNo::generate(2026, a), CertificateNo::generate(2026, b));
        }
    }

    #[test]
    fn periods_are_ordered_past_and_bounded() {
        let today = date!(2026 - 11 - 30);
        let p = Period::parse("2026-01-01", "2026-11-30", today).expect("valid");
        let (start, end) = p.bounds();
        assert_eq!(end - start, 334 * 86_400_000);
        assert_eq!(Period::parse("2026-02-01", "2026-01-01", today).unwrap_err().reason, Reason::EndBeforeStart);
        assert_eq!(Period::parse("2026-01-01", "2026-12-01", today).unwrap_err().field, Field::PeriodTo);
        assert_eq!(Period::parse("", "2026-01-01", today).unwrap_err().field, Field::PeriodFrom);
        assert_eq!(Period::parse("2010-01-01", "2026-01-01", today).unwrap_err().field, Field::PeriodFrom);
    }

    #[test]
    fn summaries_count_kinds_and_name_the_main_contents() {
        let s = |source, content, minutes| Served { source, content, minutes };
        let text = summary(&[
            s(HoursSource::Activity, "敬老助餐", 90),
            s(HoursSource::Activity, "敬老助餐", 60),
            s(HoursSource::Task, "上门探访", 30),
        ]);
        assert_eq!(
            text,
            "共 3 次服务：社区活动 2 次（2.5 小时），志愿任务 1 次（0.5 小时）。主要服务内容：敬老助餐、上门探访。"
        );
        assert_eq!(hours_text(59), "0.9");
        assert_eq!(chinese_date(date!(2026 - 01 - 05)), "2026年01月05日");
    }
}
