//! Money, in integer fen (分, 0.01 yuan), and the rules of the charity ledger: a transaction's
//! legs sum to zero; matching (配捐) of a donation at a ratio within its caps, rounded down to the
//! fen so that a matcher never pays a fraction more than its rule says. Pure: the store applies
//! these inside the writing transaction.

pub mod words;

use crate::{Field, FieldError, Reason};

/// The largest single amount accepted: one hundred million yuan.
pub const MAX_FEN: i64 = 100_000_000 * 100;

/// An amount typed in yuan: positive, at most two decimals, at most [`MAX_FEN`]. Full-width
/// digits and a leading ¥ are accepted, as people paste them.
pub fn parse_yuan(field: Field, raw: &str) -> Result<i64, FieldError> {
    let bad = || FieldError::new(field, Reason::Malformed("yuan".into()));
    let s: String = raw.trim().trim_start_matches(['¥', '￥']).to_owned();
    // `1,000` may mean a thousand or one (a decimal comma); full-width digits are a typing slip
    // worth showing. Neither is guessed at.
    if s.chars().any(|c| matches!(c, ',' | '，' | '０'..='９' | '．')) {
        return Err(FieldError::new(field, Reason::YuanDigits));
    }
    if s.is_empty() {
        return Err(FieldError::new(field, Reason::Required));
    }
    if s.starts_with('-') {
        return Err(FieldError::new(field, Reason::NumberRange { min: 0, max: MAX_FEN / 100 }));
    }
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if frac.len() > 2 {
        return Err(FieldError::new(field, Reason::TooManyDecimals));
    }
    let whole: i64 =
        whole.parse().map_err(|_| FieldError::new(field, Reason::NumberRange { min: 0, max: MAX_FEN / 100 }))?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let fen = whole.checked_mul(100).and_then(|w| w.checked_add(frac));
    match fen {
        Some(f) if f > 0 && f <= MAX_FEN => Ok(f),
        _ => Err(FieldError::new(field, Reason::NumberRange { min: 0, max: MAX_FEN / 100 })),
    }
}

/// Fen written as yuan: `1234` → `"12.34"`, negative with a minus.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// One leg of a transaction: an account and a signed amount (positive in, negative out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leg {
    pub account: String,
    pub amount: i64,
}

/// Whether legs make a transaction: at least two, none zero, summing to zero without overflow.
pub fn balanced(legs: &[Leg]) -> bool {
    legs.len() >= 2
        && legs.iter().all(|l| l.amount != 0)
        && legs.iter().try_fold(0i64, |acc, l| acc.checked_add(l.amount)) == Some(0)
}

/// The legs that undo a transaction: every leg with its sign turned.
pub fn reversed(legs: &[Leg]) -> Vec<Leg> {
    legs.iter().map(|l| Leg { account: l.account.clone(), amount: -l.amount }).collect()
}

/// A matcher's rule (配捐规则): `ratio` fen matched per fen donated, as numerator/denominator
/// (1:1 is 1/1, 1:2 is 1/2), each cap in fen when set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchingRule {
    pub numerator: i64,
    pub denominator: i64,
    pub per_donation: Option<i64>,
    pub per_donor: Option<i64>,
    pub total: Option<i64>,
}

/// What the rule has matched so far, and what the matcher's pool still holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Matched {
    pub for_donor: i64,
    pub in_total: i64,
    pub pool_left: i64,
}

/// The match for a donation: the ratio, rounded down to the fen, then held within each cap and
/// what the pool has left; never negative. Rounding down means a matcher pays at most its ratio.
pub fn match_amount(rule: &MatchingRule, donation: i64, so_far: Matched) -> i64 {
    if donation <= 0 || rule.numerator <= 0 || rule.denominator <= 0 {
        return 0;
    }
    let by_ratio = i128::from(donation) * i128::from(rule.numerator) / i128::from(rule.denominator);
    let mut m = i64::try_from(by_ratio).unwrap_or(i64::MAX);
    if let Some(cap) = rule.per_donation {
        m = m.min(cap);
    }
    if let Some(cap) = rule.per_donor {
        m = m.min(cap - so_far.for_donor);
    }
    if let Some(cap) = rule.total {
        m = m.min(cap - so_far.in_total);
    }
    m.min(so_far.pool_left).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn yuan_is_parsed_to_the_fen() {
        let p = |s: &str| parse_yuan(Field::Amount, s);
        assert_eq!(p("12.34"), Ok(1234));
        assert_eq!(p("¥1000"), Ok(100_000));
        assert_eq!(p("¥1,000").unwrap_err().reason, Reason::YuanDigits);
        assert_eq!(p(" ０.５ ").unwrap_err().reason, Reason::YuanDigits);
        assert_eq!(p("1，000").unwrap_err().reason, Reason::YuanDigits);
        assert_eq!(p("0.01"), Ok(1));
        assert_eq!(p("").unwrap_err().reason, Reason::Required);
        assert_eq!(p("1.234").unwrap_err().reason, Reason::TooManyDecimals);
        for bad in ["0", "0.00", "-5", "100000000.01", "99999999999999999999", "1e3", "1..2", ".5", "abc"] {
            assert!(p(bad).is_err(), "{bad}");
        }
        assert_eq!(yuan(1234), "12.34");
        assert_eq!(yuan(-5), "-0.05");
    }

    #[test]
    fn matching_rounds_down_and_stops_at_each_cap() {
        let rule = MatchingRule {
            numerator: 1,
            denominator: 2,
            per_donation: Some(5_000),
            per_donor: Some(8_000),
            total: Some(100_000),
        };
        let pool = |left| Matched { pool_left: left, ..Matched::default() };
        assert_eq!(match_amount(&rule, 333, pool(1_000_000)), 166, "half of 3.33 yuan is 1.66, rounded down");
        assert_eq!(match_amount(&rule, 20_000, pool(1_000_000)), 5_000, "per donation");
        assert_eq!(match_amount(&rule, 20_000, Matched { for_donor: 6_000, in_total: 0, pool_left: 1_000_000 }), 2_000);
        assert_eq!(
            match_amount(&rule, 20_000, Matched { for_donor: 0, in_total: 99_000, pool_left: 1_000_000 }),
            1_000
        );
        assert_eq!(match_amount(&rule, 20_000, pool(700)), 700, "the pool runs out");
        assert_eq!(match_amount(&rule, 20_000, pool(0)), 0);
    }

    proptest! {
        #[test]
        fn parsing_round_trips_and_never_panics(fen in 1i64..=MAX_FEN, raw in "\\PC{0,24}") {
            prop_assert_eq!(parse_yuan(Field::Amount, &yuan(fen)), Ok(fen));
            let _ = parse_yuan(Field::Amount, &raw);
        }

        #[test]
        fn a_match_never_exceeds_ratio_caps_or_pool(
            donation in 1i64..10_000_000, num in 1i64..5, den in 1i64..5,
            per_donation in proptest::option::of(0i64..1_000_000),
            per_donor in proptest::option::of(0i64..2_000_000), total in proptest::option::of(0i64..5_000_000),
            for_donor in 0i64..2_000_000, in_total in 0i64..5_000_000, pool_left in 0i64..10_000_000,
        ) {
            let rule = MatchingRule { numerator: num, denominator: den, per_donation, per_donor, total };
            let m = match_amount(&rule, donation, Matched { for_donor, in_total, pool_left });
            prop_assert!(m >= 0 && m <= pool_left);
            prop_assert!(i128::from(m) * i128::from(den) <= i128::from(donation) * i128::from(num));
            // Rounded down by less than one fen.
            let unbounded = per_donation.is_none() && per_donor.is_none() && total.is_none() && pool_left >= donation * num;
            if unbounded {
                prop_assert!(i128::from(donation) * i128::from(num) - i128::from(m) * i128::from(den) < i128::from(den));
            }
            if let Some(c) = per_donation { prop_assert!(m <= c); }
            if let Some(c) = per_donor { prop_assert!(m <= (c - for_donor).max(0)); }
            if let Some(c) = total { prop_assert!(m <= (c - in_total).max(0)); }
        }

        #[test]
        fn reversing_a_balanced_transaction_is_balanced(amounts in proptest::collection::vec(1i64..1_000_000, 1..6)) {
            let mut legs: Vec<Leg> = amounts.iter().enumerate().map(|(i, a)| Leg { account: format!("a{i}"), amount: *a }).collect();
            legs.push(Leg { account: "sink".into(), amount: -amounts.iter().sum::<i64>() });
            prop_assert!(balanced(&legs));
            prop_assert!(balanced(&reversed(&legs)));
            let mut off = legs.clone();
            off[0].amount += 1;
            prop_assert!(!balanced(&off));
        }
    }
}
