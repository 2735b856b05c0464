//! The volunteer's own service record on their phone: total hours and every entry.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use super::layout::Chrome;
use super::render;
use crate::auth::{ReqLang, VolunteerSelf};
use crate::error::AppResult;
use crate::ops::hours::{self as ops, MyHours};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "hours.html")]
struct HoursPage {
    chrome: Chrome,
    h: MyHours,
}

pub async fn mine(State(state): State<AppState>, ReqLang(lang): ReqLang, g: VolunteerSelf) -> AppResult<Html<String>> {
    let h = ops::mine(&state, &g.0).await?;
    render(&HoursPage { chrome: Chrome::new(lang, Some(&g.0), "/me/hours"), h })
}
