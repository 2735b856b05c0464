//! A closed list of choices (a need's category, a licence level, an identity document's kind): the
//! enum, its stable key, its label in both languages and the reading of either from a form or a
//! spreadsheet cell, declared once per list.

/// `choices!(/// doc  Name, Field::X, { Variant = "key", "中文", "English"; … })`.
///
/// A variant may name other Chinese words a spreadsheet uses for it (`"居民身份证" | "身份证"`), and the
/// list may name the choice a blank cell means (`blank = Variant`); without one, blank is refused.
macro_rules! choices {
    ($(#[$m:meta])* $name:ident, $field:expr, $(blank = $blank:ident,)? {
        $($(#[$vm:meta])* $v:ident = $key:literal, $zh:literal $(| $alias:literal)*, $en:literal;)*
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v,)*];

            pub fn key(self) -> &'static str {
                match self { $($name::$v => $key,)* }
            }

            pub fn label(self, lang: $crate::Lang) -> &'static str {
                match self { $($name::$v => $crate::text::Text::new($zh, $en).get(lang),)* }
            }

            /// The key, the Chinese label or another Chinese word for it.
            pub fn parse(raw: &str) -> Result<$name, $crate::FieldError> {
                let raw = raw.trim();
                $(if raw.is_empty() {
                    return Ok($name::$blank);
                })?
                match raw {
                    $($key | $zh $(| $alias)* => Ok($name::$v),)*
                    _ => Err($crate::FieldError::new($field, $crate::Reason::UnknownChoice)),
                }
            }
        }
    };
}
pub(crate) use choices;

#[cfg(test)]
mod tests {
    use crate::Field;

    choices!(
        /// A list for the macro's own tests.
        Colour, Field::Status, blank = Red, {
            Red = "red", "红色" | "红", "red";
            Blue = "blue", "蓝色", "blue";
        }
    );

    #[test]
    fn reads_key_label_alias_and_blank() {
        assert_eq!(Colour::parse(" red "), Ok(Colour::Red));
        assert_eq!(Colour::parse("蓝色"), Ok(Colour::Blue));
        assert_eq!(Colour::parse("红"), Ok(Colour::Red));
        assert_eq!(Colour::parse(""), Ok(Colour::Red));
        assert_eq!(Colour::parse("绿色").unwrap_err().field, Field::Status);
        assert_eq!(Colour::Blue.label(crate::Lang::En), "blue");
        assert_eq!(Colour::Red.key(), "red");
        assert_eq!(Colour::ALL, &[Colour::Red, Colour::Blue]);
    }
}
