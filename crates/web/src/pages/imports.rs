//! The upload page every registry shares: template link, file form, and the report of every
//! problem (or the count loaded).

use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use wushe_domain::{Field, FieldError, Lang, Reason};

use super::layout::Chrome;
use super::{form_message, render, rerender};
use crate::auth::Auth;
use crate::error::{AppError, AppResult};
use wushe_app::people::registry::{self, Registry, RowProblem};
use wushe_app::state::AppState;

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    chrome: Chrome,
    title: &'static str,
    /// The registry's pages, e.g. `/volunteers`.
    base: &'static str,
    error: Option<String>,
    loaded: Option<usize>,
    problems: Vec<RowProblem>,
}

fn page(lang: Lang, auth: &Auth, title: &'static str, base: &'static str) -> ImportPage {
    let chrome = Chrome::new(lang, Some(auth), &format!("{base}/import"));
    ImportPage { chrome, title, base, error: None, loaded: None, problems: Vec::new() }
}

pub fn form(lang: Lang, auth: &Auth, title: &'static str, base: &'static str) -> AppResult<Html<String>> {
    render(&page(lang, auth, title, base))
}

/// The uploaded file of a multipart form (its field `file`).
/// The file sent in the form field `name` of an upload.
pub(crate) async fn uploaded_file(
    multipart: Result<Multipart, MultipartRejection>,
    name: &str,
) -> wushe_app::AppResult<Vec<u8>> {
    uploaded_named(multipart, name).await.map(|(_, bytes)| bytes)
}

/// The file in field `name` with the name it was uploaded under.
pub(crate) async fn uploaded_named(
    multipart: Result<Multipart, MultipartRejection>,
    name: &str,
) -> wushe_app::AppResult<(String, Vec<u8>)> {
    let bad = |detail: String| AppError::from(FieldError::new(Field::File, Reason::Malformed(detail)));
    let mut multipart = multipart.map_err(|e| bad(e.body_text()))?;
    while let Some(field) = multipart.next_field().await.map_err(|e| bad(e.body_text()))? {
        if field.name() == Some(name) {
            let max_mib = crate::api::files::MAX_UPLOAD_MIB;
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes =
                field.bytes().await.map_err(|_| FieldError::new(Field::File, Reason::FileTooLarge { max_mib }))?;
            return Ok((file_name, bytes.to_vec()));
        }
    }
    Err(FieldError::new(Field::File, Reason::Required).into())
}

pub async fn submit<R: Registry>(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    multipart: Result<Multipart, MultipartRejection>,
    title: &'static str,
    base: &'static str,
) -> AppResult<Response> {
    let mut p = page(lang, auth, title, base);
    let result = match uploaded_file(multipart, "file").await {
        Ok(bytes) => registry::import::<R>(state, auth, &bytes, lang).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(outcome) if outcome.problems.is_empty() => {
            p.loaded = Some(outcome.loaded);
            render(&p).map(IntoResponse::into_response)
        }
        Ok(outcome) => {
            p.problems = outcome.problems;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)?).into_response())
        }
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            p.error = Some(msg);
            Ok(rerender(&p, &err))
        }
    }
}
