//! Greedy line breaking for mixed Chinese/Latin text. Pure: widths come from a closure.

/// Characters that must not start a line (closing punctuation), per common
/// Chinese typesetting practice (避头点).
const NO_START: &str = "，。、；：！？）》」』】〕〉”’…—·％,.;:!?)]}%";
/// Characters that must not end a line (opening brackets and quotes) (避尾点).
const NO_END: &str = "（《「『【〔〈“‘([{";

/// Splits `text` into lines whose visible width (trailing whitespace excluded) fits
/// `first` for the first line and `rest` for the others.
///
/// Lines are consecutive slices of `text`, so concatenating them gives back the input;
/// whitespace at a break stays at the end of the line it follows (and is not drawn).
/// Breaks go after whitespace, around CJK characters, and at `\n`; a word that does
/// not fit on a line of its own (e.g. a URL) is broken between any two characters.
/// Only a single character wider than the line can overflow.
pub(crate) fn wrap(text: &str, first: f32, rest: f32, width_of: impl Fn(char) -> f32) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() || lines.is_empty() {
        let max = if lines.is_empty() { first } else { rest };
        let end = start + line_len(&text[start..], max, &width_of);
        lines.push(&text[start..end]);
        start = end;
    }
    lines
}

/// Byte length of the first line of `s`; non-zero unless `s` is empty.
fn line_len(s: &str, max: f32, width_of: impl Fn(char) -> f32) -> usize {
    // Summed left to right, so a line's width is exactly the sum of its visible chars.
    let mut width = 0.0;
    let mut last_break = None;
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        if let Some(p) = prev {
            if p == '\n' {
                return i;
            }
            if can_break(p, c) {
                last_break = Some(i);
            }
        }
        prev = Some(c);
        let next = width + width_of(c);
        // Whitespace hangs past the margin and never forces a break; only a lone
        // over-wide first character may overflow.
        if !c.is_whitespace() && next > max && i > 0 {
            return last_break.unwrap_or(i);
        }
        width = next;
    }
    s.len()
}

fn can_break(prev: char, next: char) -> bool {
    if prev.is_whitespace() {
        return !next.is_whitespace();
    }
    if next.is_whitespace() || NO_START.contains(next) || NO_END.contains(prev) {
        return false;
    }
    // Keep dates such as "2026年01月01日" on one line.
    let date_unit = |c: char| "年月日".contains(c);
    if (prev.is_ascii_digit() && date_unit(next)) || (date_unit(prev) && next.is_ascii_digit()) {
        return false;
    }
    is_cjk(prev) || is_cjk(next)
}

/// Scripts written without spaces, where a line may break between any two characters.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF     // radicals, CJK punctuation, kana, unified ideographs
        | 0xAC00..=0xD7AF   // Hangul
        | 0xF900..=0xFAFF   // compatibility ideographs
        | 0xFE30..=0xFE4F   // CJK compatibility forms
        | 0xFF00..=0xFFEF   // full-width forms
        | 0x20000..=0x3FFFF // extension planes
    ) || "“”‘’…—·".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stand-in metrics: CJK is one em, everything else half an em.
    fn w(c: char) -> f32 {
        if is_cjk(c) { 1.0 } else { 0.5 }
    }

    fn width(s: &str) -> f32 {
        s.trim_end().chars().map(w).sum()
    }

    #[test]
    fn cjk_breaks_anywhere() {
        assert_eq!(wrap("志愿服务证明书", 3.0, 3.0, w), ["志愿服", "务证明", "书"]);
    }

    #[test]
    fn first_line_can_be_narrower() {
        assert_eq!(wrap("志愿服务证明书", 2.0, 4.0, w), ["志愿", "服务证明", "书"]);
    }

    #[test]
    fn ascii_words_and_numbers_stay_whole() {
        assert_eq!(wrap("hello world", 4.0, 4.0, w), ["hello ", "world"]);
        // "12.5" moves to the next line instead of splitting.
        assert_eq!(wrap("共计12.5小时", 3.0, 3.0, w), ["共计", "12.5小", "时"]);
        assert_eq!(wrap("时长共计 12.5 小时", 4.5, 4.5, w), ["时长共计 ", "12.5 小时"]);
    }

    #[test]
    fn closing_punctuation_does_not_start_a_line() {
        assert_eq!(wrap("服务时长。好", 4.0, 4.0, w), ["服务时", "长。好"]);
        assert_eq!(wrap("张三（男）", 3.0, 3.0, w), ["张三", "（男）"]);
    }

    #[test]
    fn dates_stay_whole() {
        assert_eq!(wrap("于2026年01月01日", 6.0, 9.0, w), ["于", "2026年01月01日"]);
    }

    #[test]
    fn long_url_breaks_anywhere() {
        let url = "https://example.org/v/ZM2026-7K3QX9PD";
        let lines = wrap(url, 6.0, 6.0, w);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l) <= 6.0));
        assert_eq!(lines.concat(), url);
    }

    #[test]
    fn newline_forces_a_break() {
        assert_eq!(wrap("一\n二", 10.0, 10.0, w), ["一\n", "二"]);
    }

    #[test]
    fn empty_input_gives_one_empty_line() {
        assert_eq!(wrap("", 5.0, 5.0, w), [""]);
    }

    /// Property test over random CJK/ASCII mixes, with a fixed-seed xorshift so
    /// failures are reproducible without a proptest dependency.
    #[test]
    fn random_text_fits_and_is_lossless() {
        let alphabet: Vec<char> = "志愿服务证明张三万州社工，。（）《》 abcXYZ019-./:  \n".chars().collect();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..5000 {
            let len = (next() % 80) as usize;
            let text: String = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            // Any width >= the widest char (1 em) must be honoured.
            let first = 1.0 + (next() % 12) as f32 * 0.5;
            let rest = 1.0 + (next() % 12) as f32 * 0.5;
            let lines = wrap(&text, first, rest, w);
            assert_eq!(lines.concat(), text, "lossless: {text:?}");
            for (n, line) in lines.iter().enumerate() {
                let max = if n == 0 { first } else { rest };
                assert!(width(line) <= max, "{line:?} wider than {max} in {text:?}");
                assert!(!line.is_empty() || lines.len() == 1, "empty line in {text:?}");
            }
        }
    }
}
