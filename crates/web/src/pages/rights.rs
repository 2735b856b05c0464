//! The rights pages every people registry shares: the copy of a person's data and erasure.
//! Correction is each registry's own form. One macro writes the two handlers per registry.

use askama::Template;

use super::layout::Chrome;
use wushe_app::people::rights::PersonalData;

#[derive(Template)]
#[template(path = "personal_data.html")]
pub struct DataPage {
    pub chrome: Chrome,
    pub data: PersonalData,
    /// The record's page.
    pub back: String,
}

/// The reason and confirmation an erasure form sends.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct EraseForm {
    pub reason: String,
    pub confirm: String,
}

/// `rights_pages!("/volunteers", Guard, ops_module)`: `personal_data` and `erase` handlers.
macro_rules! rights_pages {
    ($base:tt, $guard:ty, $ops:ident) => {
        pub async fn personal_data(
            axum::extract::State(state): axum::extract::State<wushe_app::state::AppState>,
            $crate::auth::ReqLang(lang): $crate::auth::ReqLang,
            g: $guard,
            axum::extract::Path(id): axum::extract::Path<String>,
            $crate::pages::FormBody(input): $crate::pages::FormBody<wushe_app::network::points::RevealInput>,
        ) -> $crate::error::AppResult<axum::response::Html<String>> {
            let id = $crate::pages::parse_id(&id)?;
            let data = $ops::personal_data(&state, &g.0, id, &input.reason, lang).await?;
            let back = format!("{}/{}", $base, id);
            let chrome = $crate::pages::layout::Chrome::new(lang, Some(&g.0), &back);
            $crate::pages::render(&$crate::pages::rights::DataPage { chrome, data, back })
        }

        pub async fn erase(
            axum::extract::State(state): axum::extract::State<wushe_app::state::AppState>,
            g: $guard,
            axum::extract::Path(id): axum::extract::Path<String>,
            $crate::pages::FormBody(input): $crate::pages::FormBody<$crate::pages::rights::EraseForm>,
        ) -> $crate::error::AppResult<axum::response::Response> {
            let id = $crate::pages::parse_id(&id)?;
            // Out of scope answers 404 before anything about the form is said.
            $ops::get(&state, &g.0, id).await?;
            if input.confirm.is_empty() {
                let e = wushe_domain::FieldError::new(wushe_domain::Field::Confirm, wushe_domain::Reason::Required);
                return Err(e.into());
            }
            $ops::erase(&state, &g.0, id, &input.reason).await?;
            Ok($crate::pages::see_other(&format!("{}/{}", $base, id)))
        }
    };
}

pub(crate) use rights_pages;

/// The fields of a person's correction form that hold sealed values (ID number, phone, address).
/// The form never shows them in full, so sent blank they keep the value on record, and shown
/// again after a mistake they are blank.
pub trait SealedFields: Clone {
    fn sealed(&mut self) -> Vec<&mut String>;
}

/// The correction to save (blank sealed fields filled from `on_record`, in the order of
/// [`SealedFields::sealed`]) and the form to show again if it is refused.
pub fn correction<I: SealedFields>(input: I, on_record: &[Option<&str>]) -> (I, I) {
    let mut full = input.clone();
    for (field, current) in full.sealed().into_iter().zip(on_record) {
        keep(field, *current);
    }
    let mut shown = input;
    shown.sealed().into_iter().for_each(String::clear);
    (full, shown)
}

/// A blank sensitive field of a correction form keeps the value on record: the form never shows
/// the full number, so it cannot send it back.
fn keep(field: &mut String, current: Option<&str>) {
    if field.trim().is_empty() {
        *field = current.unwrap_or_default().to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::{SealedFields, correction};

    #[derive(Clone, Debug, PartialEq)]
    struct Form {
        name: String,
        id: String,
        phone: String,
    }

    impl SealedFields for Form {
        fn sealed(&mut self) -> Vec<&mut String> {
            vec![&mut self.id, &mut self.phone]
        }
    }

    #[test]
    fn blank_numbers_keep_the_record_and_come_back_blank() {
        let sent = Form { name: "李秀英".into(), id: " ".into(), phone: "13800000002".into() };
        let (full, shown) = correction(sent, &[Some("110105194912310021"), Some("13800000001")]);
        assert_eq!(full, Form { name: "李秀英".into(), id: "110105194912310021".into(), phone: "13800000002".into() });
        assert_eq!(shown, Form { name: "李秀英".into(), id: String::new(), phone: String::new() });
    }
}
