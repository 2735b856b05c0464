//! What every registry's spreadsheet routes share: the upload body and the `.xlsx` answer.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use wushe_domain::{Field, FieldError, Reason};

use crate::error::AppError;

/// Largest upload accepted, in MiB.
pub const MAX_UPLOAD_MIB: usize = 20;

/// A whole request body as an uploaded file; too large is a field error, not a bare 413.
pub struct Upload(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Upload {
    type Rejection = AppError;

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
