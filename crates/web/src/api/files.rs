//! What every registry's spreadsheet routes share: the upload body and the `.xlsx` answer.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use wushe_domain::{Field, FieldError, Reason};

use crate::error::HttpError;

/// Largest upload accepted, in MiB.
pub const MAX_UPLOAD_MIB: usize = 20;

/// A whole request body as an uploaded file; too large is a field error, not a bare 413.
pub struct Upload(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Upload {
    type Rejection = HttpError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state)
            .await
            .map(Upload)
            .map_err(|_| FieldError::new(Field::File, Reason::FileTooLarge { max_mib: MAX_UPLOAD_MIB }).into())
    }
}

/// An `.xlsx` answer that downloads under `name`.
pub fn xlsx(bytes: Vec<u8>, name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    let mut res = bytes.into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// Writes a registry's template and import handlers, each with its own OpenAPI entry:
/// `sheet_api!(tag, "/api/v1/x/template.xlsx", "x-template.xlsx", "/api/v1/x/import", Guard, Registry)`.
macro_rules! sheet_api {
    ($tag:tt, $template_path:tt, $file:tt, $import_path:tt, $guard:ty, $registry:ty) => {
        /// The import template: Chinese headers and an example row.
        #[utoipa::path(get, path = $template_path, tag = $tag,
            responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
        pub async fn template(_g: $crate::auth::Staff) -> $crate::error::AppResult<axum::response::Response> {
            Ok($crate::api::files::xlsx(wushe_app::people::registry::template::<$registry>()?, $file))
        }

        /// Import from an `.xlsx` or `.csv` (UTF-8 or GBK) sent as the request body. The whole file
        /// is checked first: either every row is loaded in one transaction (200), or nothing is
        /// and every problem is listed (422).
        #[utoipa::path(post, path = $import_path, tag = $tag,
            request_body(content = Vec<u8>, content_type = "application/octet-stream"),
            responses((status = 200, body = wushe_app::people::registry::ImportOutcome),
                (status = 422, body = $crate::api::files::ImportRefused), (status = 403, body = $crate::api::ErrorBody)))]
        pub async fn import(
            axum::extract::State(state): axum::extract::State<wushe_app::state::AppState>,
            $crate::auth::ReqLang(lang): $crate::auth::ReqLang,
            g: $guard,
            $crate::api::files::Upload(body): $crate::api::files::Upload,
        ) -> $crate::error::AppResult<(axum::http::StatusCode, axum::Json<wushe_app::people::registry::ImportOutcome>)> {
            let outcome = wushe_app::people::registry::import::<$registry>(&state, &g.0, &body, lang).await?;
            let status = if outcome.problems.is_empty() {
                axum::http::StatusCode::OK
            } else {
                axum::http::StatusCode::UNPROCESSABLE_ENTITY
            };
            Ok((status, axum::Json(outcome)))
        }
    };
}

pub(crate) use sheet_api;

/// What an import answers with 422: the rows' problems (nothing loaded), or, for a file that is
/// not a sheet or holds no rows, the one error.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(untagged)]
#[allow(dead_code)] // Only its schema is used: the handlers answer with one or the other.
pub enum ImportRefused {
    Rows(wushe_app::people::registry::ImportOutcome),
    File(crate::api::ErrorBody),
}
