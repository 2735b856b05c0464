//! Micro-wishes (微心愿): a need published for donors to take up, with nobody identifiable in it —
//! only the community and what is wished. What the social worker writes is checked against what
//! the platform knows of the resident, and against anything shaped like a phone or ID number.

use crate::validate::required_text;
use crate::{Field, FieldError, Reason};

/// The wish as published: required, at most 200 characters, and not naming the resident, their
/// address, or any run of seven or more digits (a phone, an ID, a house number with a road).
pub fn wish_text(raw: &str, known: &[&str]) -> Result<String, FieldError> {
    let text = required_text(Field::Wish, raw, 200)?;
    let personal = FieldError::new(Field::Wish, Reason::PersonalData);
    // Letters and digits only: spaces, dashes and dots between them hide nothing.
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                c => c,
            })
            .collect()
    };
    let folded = fold(&text);
    for k in known {
        let k = fold(k);
        if k.chars().count() >= 2 && folded.contains(&k) {
            return Err(personal);
        }
    }
    let mut run = 0;
    for c in folded.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 7 {
            return Err(personal);
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_wish_names_nobody() {
        let known = ["张桂兰", "高笋塘路12号"];
        assert_eq!(wish_text("一台助行器", &known).as_deref(), Ok("一台助行器"));
        for bad in ["给张桂兰买一台助行器", "送到高笋塘路 12号", "电话13912345678", "身份证５００１０１１９５０"]
        {
            assert_eq!(wish_text(bad, &known).unwrap_err().reason, Reason::PersonalData, "{bad}");
        }
        assert_eq!(wish_text("  ", &known).unwrap_err().reason, Reason::Required);
    }

    proptest! {
        /// Whatever surrounds a known name, a wish containing it is refused.
        #[test]
        fn a_known_name_never_passes(before in "[一-龥]{0,10}", name in "[一-龥]{2,4}", after in "[一-龥]{0,10}") {
            let text = format!("{before}{name}{after}");
            prop_assert_eq!(wish_text(&text, &[name.as_str()]).unwrap_err().reason, Reason::PersonalData);
        }
    }
}
