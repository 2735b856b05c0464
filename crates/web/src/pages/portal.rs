//! The front door at `/`: for a visitor, the public portal (ask for help, follow it, activities,
//! micro-wishes, certificate check, charity disclosure, sign-in); for a signed-in person, their
//! workbench.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::layout::Chrome;
use super::{render, see_other};
use crate::auth::{MaybeAuth, MaybePending, ReqLang};
use crate::error::AppResult;
use wushe_app::access::workbench::{self, Workbench};
use wushe_app::state::AppState;

#[derive(Template)]
#[template(path = "portal.html")]
struct PortalPage {
    chrome: Chrome,
}

#[derive(Template)]
#[template(path = "workbench.html")]
struct WorkbenchPage {
    chrome: Chrome,
    w: Workbench,
    staff: bool,
}

impl WorkbenchPage {
    fn todo_label(&self, key: &str) -> &'static str {
        let t = self.chrome.t;
        match key {
            "to_assess" => t.todo_to_assess,
            "due_soon" => t.todo_due_soon,
            "overdue" => t.todo_overdue,
            "referrals" => t.todo_referrals,
            "grants" => t.todo_grants,
            "relief" => t.todo_relief,
            "back_entries" => t.todo_back_entries,
            "certificates" => t.todo_certificates,
            _ => t.todo_follow_ups,
        }
    }
}

pub async fn home(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeAuth(auth): MaybeAuth,
    MaybePending(pending): MaybePending,
) -> AppResult<Response> {
    match auth {
        None if pending.is_some() => Ok(see_other("/login/code")),
        None => Ok(render(&PortalPage { chrome: Chrome::new(lang, None, "/") })?.into_response()),
        Some(a) if a.account.must_change_password => Ok(see_other("/me/password")),
        Some(a) if a.must_enrol => Ok(see_other("/me/second-factor")),
        Some(a) => {
            let w = workbench::load(&state, &a, lang).await?;
            let page = WorkbenchPage { chrome: Chrome::new(lang, Some(&a), "/"), staff: a.account.role.is_staff(), w };
            Ok(render(&page)?.into_response())
        }
    }
}
