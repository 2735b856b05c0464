//! The one way a text reaches a person: a [`Text`] holds its Chinese and its English form, and a
//! catalog ([`texts!`](crate::texts)) groups the texts of a page, an export or a message as a
//! struct. A text without one of its languages does not compile; a text whose languages name
//! different `{placeholders}` fails the catalog's own test.

use std::collections::BTreeSet;
use std::fmt::Display;

use crate::Lang;

/// A text in both languages. `{name}` marks a value filled in by [`Text::fill`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Text {
    pub const fn new(zh: &'static str, en: &'static str) -> Text {
        Text { zh, en }
    }

    /// The text in `lang`.
    pub const fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    /// The text in `lang` with each `{name}` replaced by its value.
    pub fn fill(self, lang: Lang, values: &[(&str, &dyn Display)]) -> String {
        fill(self.get(lang), values)
    }
}

/// `template` with each `{name}` of `values` replaced. A placeholder left unfilled is a
/// programming error: the catalogs' tests and every debug build's test that shows it stop on it.
pub fn fill(template: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    debug_assert!(placeholders(&out).is_empty(), "unfilled placeholder in {template:?}");
    out
}

/// The `{name}` placeholders of a text.
pub fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.insert(name);
        }
        rest = &after[close + 1..];
    }
    out
}

/// The entries of a catalog whose two languages name different placeholders, or that are blank
/// in one of them.
pub fn disagreements(entries: &[(&'static str, Text)]) -> Vec<String> {
    entries
        .iter()
        .filter(|(_, t)| placeholders(t.zh) != placeholders(t.en) || t.zh.trim().is_empty() != t.en.trim().is_empty())
        .map(|(key, t)| format!("{key}: {:?} / {:?}", t.zh, t.en))
        .collect()
}

/// Declares a catalog: a struct with one `&'static str` field per text, its Chinese and English
/// instances, the function that picks one for a language, and a test that both languages of
/// every entry agree on their placeholders.
///
/// ```
/// wushe_domain::texts! {
///     /// The texts of an example page.
///     pub struct ExampleTexts, example_texts {
///         /// The page's title.
///         title: "示例", "Example",
///         count: "共 {n} 条", "{n} in all",
///     }
/// }
/// assert_eq!(example_texts(wushe_domain::Lang::En).title, "Example");
/// ```
#[macro_export]
macro_rules! texts {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident, $of:ident {
            $( $(#[$fmeta:meta])* $field:ident : $zh:expr, $en:expr ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $( $(#[$fmeta])* pub $field: &'static str, )*
        }

        impl $name {
            pub const ZH: $name = $name { $( $field: $zh, )* };
            pub const EN: $name = $name { $( $field: $en, )* };
            /// Every entry in both languages, for the catalog's test.
            #[allow(dead_code)]
            pub const ENTRIES: &'static [(&'static str, $crate::text::Text)] =
                &[ $( (stringify!($field), $crate::text::Text::new($zh, $en)), )* ];
        }

        /// The catalog in `lang`.
        $vis fn $of(lang: $crate::Lang) -> &'static $name {
            match lang {
                $crate::Lang::Zh => &$name::ZH,
                $crate::Lang::En => &$name::EN,
            }
        }

        // Named after the catalog's function: a module and a function do not share a namespace.
        #[cfg(test)]
        mod $of {
            #[test]
            fn both_languages_agree() {
                let bad = $crate::text::disagreements(super::$name::ENTRIES);
                assert!(bad.is_empty(), "{}: entries whose languages disagree:\n{}", stringify!($name), bad.join("\n"));
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_named_values_in_either_language() {
        let t = Text::new("与第 {row} 行重复", "repeats row {row}");
        assert_eq!(t.fill(Lang::Zh, &[("row", &7)]), "与第 7 行重复");
        assert_eq!(t.fill(Lang::En, &[("row", &7)]), "repeats row 7");
    }

    #[test]
    fn finds_disagreeing_entries() {
        let entries = [
            ("ok", Text::new("共 {n} 条", "{n} in all")),
            ("missing", Text::new("共 {n} 条", "all of them")),
            ("blank", Text::new("名称", " ")),
        ];
        let bad = disagreements(&entries);
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert!(bad[0].starts_with("missing") && bad[1].starts_with("blank"));
    }

    #[test]
    fn json_braces_are_not_placeholders() {
        assert!(placeholders("{} and { x }").is_empty());
        assert_eq!(placeholders("{a}{b_1}").into_iter().collect::<Vec<_>>(), vec!["a", "b_1"]);
    }

    crate::texts! {
        /// A catalog declared as every other is.
        struct Sample, sample {
            title: "标题", "Title",
            count: "共 {n} 条", "{n} in all",
        }
    }

    #[test]
    fn a_catalog_picks_its_language() {
        assert_eq!(sample(Lang::Zh).title, "标题");
        assert_eq!(sample(Lang::En).count, "{n} in all");
        assert_eq!(Sample::ENTRIES.len(), 2);
    }
}
