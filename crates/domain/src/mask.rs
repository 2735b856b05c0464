//! Masking of personal numbers for lists, pages and exports.

/// `13800138000` → `1******8000`; a landline keeps its first and last two digits. At most the
/// first character and the last four are kept of any sealed value.
pub fn phone(digits: &str) -> String {
    let chars: Vec<char> = digits.chars().collect();
    let n = chars.len();
    if n == 11 && chars[0] == '1' {
        return format!("{}******{}", s(&chars[..1]), s(&chars[7..]));
    }
    if n <= 5 {
        return "*".repeat(n);
    }
    format!("{}{}{}", s(&chars[..1]), "*".repeat(n - 3), s(&chars[n - 2..]))
}

fn s(c: &[char]) -> String {
    c.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(phone("13800138000"), "1******8000");
        assert_eq!(phone("02363862000"), "0********00");
        assert_eq!(phone("123"), "***");
    }
}
