//! The one error type of the application layer: every use case answers with it, and the web
//! layer turns it into a status code and a body, the command line into a sentence and an exit code.

use wushe_domain::text::fill;
use wushe_domain::{Conflict, Field, FieldError, Lang};
use wushe_store::StoreError;

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
    /// No route answers the address (404).
    #[error("no such page")]
    NoSuchPage,
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
    pub fn report(&self) -> ErrorReport {
        let (zh, en) = (error_texts(Lang::Zh), error_texts(Lang::En));
        let said = |code, field, text: fn(&ErrorTexts) -> &'static str| ErrorReport {
            code,
            field,
            zh: text(zh).to_owned(),
            en: text(en).to_owned(),
        };
        match self {
            AppError::Unauthenticated => said("unauthenticated", None, |t| t.unauthenticated),
            AppError::PasswordChangeRequired => said("password_change_required", None, |t| t.password_change_required),
            AppError::SecondFactorEnrolmentRequired => {
                said("second_factor_enrolment_required", None, |t| t.second_factor_enrolment_required)
            }
            AppError::Forbidden => said("forbidden", None, |t| t.forbidden),
            AppError::NotFound => said("not_found", None, |t| t.not_found),
            AppError::NoSuchPage => said("not_found", None, |t| t.no_such_page),
            AppError::Csrf => said("csrf", None, |t| t.csrf),
            AppError::BadLogin => said("bad_login", None, |t| t.bad_login),
            AppError::Throttled => said("throttled", None, |t| t.throttled),
            AppError::TooManyLogins => said("throttled", None, |t| t.too_many_logins),
            AppError::TimedOut => said("timed_out", None, |t| t.timed_out),
            AppError::SecondFactorRequired => {
                said("second_factor_required", Some(Field::SecondFactorCode), |t| t.second_factor_required)
            }
            AppError::BadSecondFactorCode => {
                said("bad_code", Some(Field::SecondFactorCode), |t| t.bad_second_factor_code)
            }
            AppError::Locked { minutes } => ErrorReport {
                code: "locked",
                field: None,
                zh: fill(zh.locked, &[("minutes", minutes)]),
                en: fill(en.locked, &[("minutes", minutes)]),
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
            AppError::Internal(_) => said("internal", None, |t| t.internal),
            AppError::Unavailable(_) => said("unavailable", None, |t| t.unavailable),
            AppError::PdfUnavailable(_) => said("pdf_unavailable", None, |t| t.pdf_unavailable),
        }
    }
}

wushe_domain::texts! {
    /// What a person is told when a request fails, by the error's code.
    struct ErrorTexts, error_texts {
        unauthenticated: "请先登录",
            "Please sign in",
        password_change_required: "请先修改初始密码",
            "Please change your password first",
        second_factor_enrolment_required: "请先设置双重验证（身份验证器）",
            "Please set up two-step verification (an authenticator app) first",
        forbidden: "您的角色没有执行此操作的权限",
            "Your role may not do this",
        not_found: "记录不存在或不在您的管辖范围内",
            "The record does not exist or is outside your area",
        no_such_page: "您要找的页面不存在，请检查网址，或返回首页",
            "There is no such page: check the address, or go back home",
        csrf: "请求来源校验失败，请刷新页面后重试",
            "The request could not be verified; reload the page and try again",
        bad_login: "用户名或密码错误",
            "Wrong user name or password",
        throttled: "提交过于频繁，请稍后再试；紧急情况请直接拨打社区或社工站电话",
            "Too many submissions; please try again later, or in an emergency call the community or station",
        too_many_logins: "此网络地址的登录尝试过于频繁，请 10 分钟后再试",
            "Too many sign-in attempts from this network address; try again in 10 minutes",
        timed_out: "统计超时，请缩小地区或时间范围后重试",
            "The count timed out; try a smaller region or period",
        second_factor_required: "请输入身份验证器中的 6 位验证码（或一个恢复码）",
            "Enter the 6-digit code from your authenticator app (or a recovery code)",
        bad_second_factor_code: "验证码不正确或已使用过，请输入新的验证码",
            "The code is wrong or has been used; enter a new one",
        internal: "服务器内部错误，已记录，请稍后再试",
            "Internal error; it has been logged, please try again later",
        unavailable: "数据库暂时无法连接，请稍后再试；恢复后无需任何操作",
            "The database cannot be reached just now; please try again shortly",
        pdf_unavailable: "服务器未安装生成 PDF 所需的中文字体，请联系管理员",
            "The Chinese fonts needed for PDFs are not installed on the server; please tell the administrator",
        locked: "连续登录失败次数过多，账号已临时锁定，请 {minutes} 分钟后再试",
            "Too many failed sign-ins; the account is locked, try again in {minutes} minutes",
    }
}

pub type AppResult<T> = Result<T, AppError>;
