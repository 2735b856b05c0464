use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use wushe_domain::{Field, FieldError, Reason};

use super::ErrorBody;
use crate::auth::{PeopleManager, ReqLang, Staff};
use crate::error::{AppError, AppResult};
use crate::ops::registry::{self, ImportOutcome};
use crate::ops::volunteer_sheets::{self as ops, ExportQuery, Volunteers};
use crate::state::AppState;

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

/// The import template: Chinese headers and an example row.
#[utoipa::path(get, path = "/api/v1/volunteers/template.xlsx", tag = "volunteers",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn template(_g: Staff) -> AppResult<Response> {
    Ok(xlsx(registry::template::<Volunteers>()?, "volunteers-template.xlsx"))
}

/// Import volunteers from an `.xlsx` or `.csv` (UTF-8 or GBK) sent as the request body. The whole
/// file is checked first: either every row is loaded in one transaction (200), or nothing is and
/// every problem is listed (422).
#[utoipa::path(post, path = "/api/v1/volunteers/import", tag = "volunteers",
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ImportOutcome), (status = 422, body = ImportOutcome), (status = 403, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: PeopleManager,
    Upload(body): Upload,
) -> AppResult<(StatusCode, Json<ImportOutcome>)> {
    let outcome = registry::import::<Volunteers>(&state, &g.0, &body, lang).await?;
    let status = if outcome.problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, Json(outcome)))
}

/// The filtered list as `.xlsx`; numbers masked unless `unmasked=1` (centre staff and up; audited).
#[utoipa::path(get, path = "/api/v1/volunteers/export.xlsx", tag = "volunteers", params(ExportQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 403, body = ErrorBody)))]
pub async fn export(State(state): State<AppState>, g: Staff, Query(q): Query<ExportQuery>) -> AppResult<Response> {
    Ok(xlsx(ops::export(&state, &g.0, &q).await?, "volunteers.xlsx"))
}
