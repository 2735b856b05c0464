//! How the application's error reaches a person over HTTP. Its status codes are decided in one
//! `match`; the body is written afterwards by `pages::errors::render`, as JSON for the API and as
//! a page otherwise, in the requester's language.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub use wushe_app::error::{AppError, ErrorReport};

/// An [`AppError`] on its way out as a response; handlers return it through [`AppResult`].
#[derive(Debug)]
pub struct HttpError(pub AppError);

impl<E: Into<AppError>> From<E> for HttpError {
    fn from(e: E) -> Self {
        HttpError(e.into())
    }
}

pub fn status(e: &AppError) -> StatusCode {
    match e {
        AppError::Unauthenticated
        | AppError::BadLogin
        | AppError::Locked { .. }
        | AppError::SecondFactorRequired
        | AppError::BadSecondFactorCode => StatusCode::UNAUTHORIZED,
        AppError::Throttled | AppError::TooManyLogins => StatusCode::TOO_MANY_REQUESTS,
        AppError::PasswordChangeRequired
        | AppError::SecondFactorEnrolmentRequired
        | AppError::Forbidden
        | AppError::Csrf => StatusCode::FORBIDDEN,
        AppError::NotFound | AppError::NoSuchPage => StatusCode::NOT_FOUND,
        AppError::Field(_) | AppError::Sheet { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        AppError::PdfUnavailable(_) | AppError::TimedOut | AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let HttpError(e) = self;
        if let AppError::Internal(cause) | AppError::PdfUnavailable(cause) = &e {
            tracing::error!(error.cause = %cause, "request failed: {cause}");
        }
        if let AppError::Unavailable(cause) = &e {
            tracing::warn!(error.cause = %cause, "the database is unavailable: {cause}");
        }
        let mut res = status(&e).into_response();
        res.extensions_mut().insert(e.report());
        res
    }
}

pub type AppResult<T> = Result<T, HttpError>;
