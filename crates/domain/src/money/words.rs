//! Amounts in capital Chinese numerals (人民币大写), as a receipt must state them beside the
//! figures so that neither can be altered alone.

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const PLACES: [&str; 4] = ["仟", "佰", "拾", ""];

/// Writes one group of four digits; a run of zeros inside or before it reads as one 零, and
/// only when something was written before and something follows.
fn group(n: u64, out: &mut String, zero: &mut bool) {
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    for (d, place) in digits.into_iter().zip(PLACES) {
        if d == 0 {
            *zero |= !out.is_empty();
        } else {
            if *zero {
                out.push('零');
                *zero = false;
            }
            out.push(DIGITS[d as usize]);
            out.push_str(place);
        }
    }
}

/// The largest amount written: groups of 亿 stop at 9999亿, far above any amount accepted.
const MOST: u64 = 100_000_000_000_000 - 1;

/// `fen` (its size; the sign is the caller's to say) in capital numerals: 123456 →
/// 人民币壹仟贰佰叁拾肆元伍角陆分; a whole amount ends in 整.
pub fn in_words(fen: i64) -> String {
    let fen = fen.unsigned_abs().min(MOST);
    let whole = fen / 100;
    let (jiao, fen) = ((fen / 10 % 10) as usize, (fen % 10) as usize);
    let mut out = String::new();
    let mut zero = false;
    for (n, unit) in [(whole / 100_000_000, "亿"), (whole / 10_000 % 10_000, "万"), (whole % 10_000, "")] {
        if n > 0 {
            group(n, &mut out, &mut zero);
            out.push_str(unit);
        } else {
            zero |= !out.is_empty();
        }
    }
    let mut words = String::from("人民币");
    if !out.is_empty() {
        words.push_str(&out);
        words.push('元');
    }
    match (jiao, fen) {
        (0, 0) if out.is_empty() => words.push_str("零元整"),
        (0, 0) => words.push('整'),
        (j, 0) => {
            words.push(DIGITS[j]);
            words.push_str("角整");
        }
        (0, f) => {
            if !out.is_empty() {
                words.push('零');
            }
            words.push(DIGITS[f]);
            words.push('分');
        }
        (j, f) => {
            words.push(DIGITS[j]);
            words.push('角');
            words.push(DIGITS[f]);
            words.push('分');
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Reads capital numerals back, to check that writing them loses nothing.
    fn read(words: &str) -> Option<i64> {
        let body = words.strip_prefix("人民币")?.trim_end_matches('整');
        let (whole, small) = body.split_once('元').unwrap_or(("", body));
        let (mut total, mut section, mut digit) = (0i64, 0i64, 0i64);
        for c in whole.chars() {
            match c {
                '拾' => section += digit * 10,
                '佰' => section += digit * 100,
                '仟' => section += digit * 1000,
                '万' => total += (section + digit) * 10_000,
                '亿' => total = (total + section + digit) * 100_000_000,
                c => {
                    digit = DIGITS.iter().position(|d| *d == c)? as i64;
                    continue;
                }
            }
            if matches!(c, '万' | '亿') {
                section = 0;
            }
            digit = 0;
        }
        total += section + digit;
        let mut cents = 0;
        let mut last = 0;
        for c in small.chars() {
            match c {
                '角' => cents += last * 10,
                '分' => cents += last,
                c => last = DIGITS.iter().position(|d| *d == c)? as i64,
            }
        }
        Some(total * 100 + cents)
    }

    #[test]
    fn receipts_read_as_people_write_them() {
        assert_eq!(in_words(123_456), "人民币壹仟贰佰叁拾肆元伍角陆分");
        assert_eq!(in_words(100_500), "人民币壹仟零伍元整");
        assert_eq!(in_words(10_000_000), "人民币壹拾万元整");
        assert_eq!(in_words(10_000_000_000), "人民币壹亿元整");
        assert_eq!(in_words(10_100_000_000), "人民币壹亿零壹佰万元整");
        assert_eq!(in_words(105), "人民币壹元零伍分");
        assert_eq!(in_words(150), "人民币壹元伍角整");
        assert_eq!(in_words(50), "人民币伍角整");
        assert_eq!(in_words(7), "人民币柒分");
        assert_eq!(in_words(0), "人民币零元整");
        assert_eq!(in_words(1_000_000_100), "人民币壹仟万零壹元整");
        // Beyond anything accepted, it still answers rather than panics.
        assert!(in_words(i64::MAX).starts_with("人民币玖仟玖佰玖拾玖亿"));
        assert_eq!(in_words(i64::MIN), in_words(i64::MAX));
    }

    proptest! {
        #[test]
        fn words_read_back_to_the_amount(fen in 0i64..=crate::money::MAX_FEN) {
            let words = in_words(fen);
            prop_assert_eq!(read(&words), Some(fen), "{}", words);
            prop_assert!(!words.contains("零零"), "{}", words);
            prop_assert!(!words.ends_with("零元整") || fen == 0, "{}", words);
        }
    }
}
