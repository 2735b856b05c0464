//! The one error type of the web layer. Its status codes are decided in one `match`; the body is
//! written afterwards by [`render`], as JSON for the API and as a page otherwise, in the
//! requester's language.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use wushe_domain::{Conflict, Field, FieldError, Lang};
use wushe_store::StoreError;

use crate::pages::layout::ErrorPage;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("password change required")]
    PasswordChangeRequired,
    /// The password was right; the second factor's code is still wanted (401).
    #[error("second factor code required")]
    SecondFactorRequired,
    /// A wrong or used code at sign-in; counted like a wrong password (401).
    #[error("wrong second factor code")]
    BadSecondFactorCode,
    /// The installation requires a second factor of the account's role and it has none yet (403).
    #[error("second factor enrolment required")]
    SecondFactorEnrolmentRequired,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("cross-site request refused")]
    Csrf,
    #[error("wrong login name or password")]
    BadLogin,
    #[error("account locked")]
    Locked { minutes: i64 },
    /// Too many submissions from one address or phone in a while (429).
    #[error("too many requests")]
    Throttled,
    /// Too many sign-in attempts from one network address (429).
    #[error("too many sign-in attempts")]
    TooManyLogins,
    #[error(transparent)]
    Field(#[from] FieldError),
    #[error(transparent)]
    Conflict(#[from] Conflict),
    /// A file that could not be read as a spreadsheet, or one with the wrong columns.
    #[error("{en}")]
    Sheet { zh: String, en: String },
    #[error("internal error: {0}")]
    Internal(String),
    /// A PDF cannot be made here (its fonts are not installed); logged with where it looked.
    #[error("PDF unavailable: {0}")]
    PdfUnavailable(String),
    /// A count that did not finish within its time budget: never answered with zeros.
    #[error("timed out")]
    TimedOut,
    /// The database cannot be reached just now (503 with `Retry-After`); logged.
    #[error("database unavailable: {0}")]
    Unavailable(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Field(f) => AppError::Field(f),
            StoreError::Conflict(c) => AppError::Conflict(c),
            other if other.is_unavailable() => AppError::Unavailable(error_chain(&other)),
            other => AppError::Internal(error_chain(&other)),
        }
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// What [`render`] needs to write the body; carried in the response's extensions.
#[derive(Debug, Clone)]
pub struct ErrorReport {
    pub code: &'static str,
    pub field: Option<Field>,
    pub zh: String,
    pub en: String,
}

impl ErrorReport {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
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
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Field(_) | AppError::Sheet { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::PdfUnavailable(_) | AppError::TimedOut | AppError::Unavailable(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
        }
    }

    pub fn report(&self) -> ErrorReport {
        let both = |code, zh: &str, en: &str| ErrorReport { code, field: None, zh: zh.to_owned(), en: en.to_owned() };
        match self {
            AppError::Unauthenticated => both("unauthenticated", "请先登录", "Please sign in"),
            AppError::PasswordChangeRequired => {
                both("password_change_required", "请先修改初始密码", "Please change your password first")
            }
            AppError::SecondFactorRequired => ErrorReport {
                code: "second_factor_required",
                field: Some(Field::SecondFactorCode),
                zh: "请输入身份验证器中的 6 位验证码（或一个恢复码）".into(),
                en: "Enter the 6-digit code from your authenticator app (or a recovery code)".into(),
            },
            AppError::BadSecondFactorCode => ErrorReport {
                code: "bad_code",
                field: Some(Field::SecondFactorCode),
                zh: "验证码不正确或已使用过，请输入新的验证码".into(),
                en: "The code is wrong or has been used; enter a new one".into(),
            },
            AppError::SecondFactorEnrolmentRequired => both(
                "second_factor_enrolment_required",
                "请先设置双重验证（身份验证器）",
                "Please set up two-step verification (an authenticator app) first",
            ),
            AppError::Forbidden => both("forbidden", "您的角色没有执行此操作的权限", "Your role may not do this"),
            AppError::NotFound => {
                both("not_found", "记录不存在或不在您的管辖范围内", "The record does not exist or is outside your area")
            }
            AppError::Csrf => both(
                "csrf",
                "请求来源校验失败，请刷新页面后重试",
                "The request could not be verified; reload the page and try again",
            ),
            AppError::BadLogin => both("bad_login", "用户名或密码错误", "Wrong user name or password"),
            AppError::Throttled => both(
                "throttled",
                "提交过于频繁，请稍后再试；紧急情况请直接拨打社区或社工站电话",
                "Too many submissions; please try again later, or in an emergency call the community or station",
            ),
            AppError::TooManyLogins => both(
                "throttled",
                "此网络地址的登录尝试过于频繁，请 10 分钟后再试",
                "Too many sign-in attempts from this network address; try again in 10 minutes",
            ),
            AppError::Locked { minutes } => ErrorReport {
                code: "locked",
                field: None,
                zh: format!("连续登录失败次数过多，账号已临时锁定，请 {minutes} 分钟后再试"),
                en: format!("Too many failed sign-ins; the account is locked, try again in {minutes} minutes"),
            },
            AppError::Field(f) => {
                ErrorReport { code: "invalid", field: Some(f.field), zh: f.message(Lang::Zh), en: f.message(Lang::En) }
            }
            AppError::Conflict(c) => {
                ErrorReport { code: "conflict", field: None, zh: c.message(Lang::Zh), en: c.message(Lang::En) }
            }
            AppError::Sheet { zh, en } => {
                ErrorReport { code: "invalid_file", field: Some(Field::File), zh: zh.clone(), en: en.clone() }
            }
            AppError::Internal(_) => both(
                "internal",
                "服务器内部错误，已记录，请稍后再试",
                "Internal error; it has been logged, please try again later",
            ),
            AppError::Unavailable(_) => both(
                "unavailable",
                "数据库暂时无法连接，请稍后再试；恢复后无需任何操作",
                "The database cannot be reached just now; please try again shortly",
            ),
            AppError::TimedOut => both(
                "timed_out",
                "统计超时，请缩小地区或时间范围后重试",
                "The count timed out; try a smaller region or period",
            ),
            AppError::PdfUnavailable(_) => both(
                "pdf_unavailable",
                "服务器未安装生成 PDF 所需的中文字体，请联系管理员",
                "The Chinese fonts needed for PDFs are not installed on the server; please tell the administrator",
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(cause) | AppError::PdfUnavailable(cause) = &self {
            tracing::error!(error.cause = %cause, "request failed: {cause}");
        }
        if let AppError::Unavailable(cause) = &self {
            tracing::warn!(error.cause = %cause, "the database is unavailable: {cause}");
        }
        let mut res = self.status().into_response();
        res.extensions_mut().insert(self.report());
        res
    }
}

/// Writes error bodies: JSON under `/api/`, otherwise a page (or a redirect to sign in).
pub async fn render(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let header_lang = crate::auth::lang_of_headers(req.headers());
    let target = req.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let mut res = next.run(req).await;
    let Some(report) = res.extensions_mut().remove::<ErrorReport>() else { return res };
    // The session middleware inside knows the account's language; before it ran, headers decide.
    let lang = res.extensions().get::<Lang>().copied().unwrap_or(header_lang);
    let status = res.status();
    let mut res = write_report(api, lang, status, &report, &target);
    // Waiting for the database is worth a retry, and says when.
    if report.code == "unavailable" {
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
    }
    res
}

fn write_report(api: bool, lang: Lang, status: StatusCode, report: &ErrorReport, target: &str) -> Response {
    if api {
        let body = serde_json::json!({ "error": {
            "code": report.code,
            "field": report.field.map(|f| f.key()),
            "message": report.message(lang),
        }});
        return (status, axum::Json(body)).into_response();
    }
    match report.code {
        "unauthenticated" => {
            let next = crate::pages::safe_next(target);
            Redirect::to(&format!("/login?next={}", urlencode(&next))).into_response()
        }
        "password_change_required" => Redirect::to("/me/password").into_response(),
        "second_factor_required" => Redirect::to("/login/code").into_response(),
        "second_factor_enrolment_required" => Redirect::to("/me/second-factor").into_response(),
        _ => {
            let page = ErrorPage::new(lang, status.as_u16(), report.message(lang));
            let mut res = (status, Html(page.render_html())).into_response();
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub type AppResult<T> = Result<T, AppError>;
