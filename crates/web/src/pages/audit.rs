use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;
use wushe_store::audit;

use super::layout::Chrome;
use super::render;
use crate::auth::{Admin, ReqLang};
use crate::error::AppResult;
use wushe_app::state::AppState;
use wushe_app::views::format_ms;

const PAGE: i64 = 100;

pub struct Row {
    pub seq: i64,
    pub at: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub region: String,
    pub outcome: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    rows: Vec<Row>,
    older: Option<i64>,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    before: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Admin,
    Query(q): Query<AuditQuery>,
) -> AppResult<Html<String>> {
    let rows = audit::list(&state.db, &g.scope(), q.before, PAGE).await?;
    let older = (rows.len() as i64 == PAGE).then(|| rows.last().map(|r| r.seq)).flatten();
    let rows = rows
        .into_iter()
        .map(|r| Row {
            seq: r.seq,
            at: format_ms(r.at),
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id.unwrap_or_default(),
            region: r.region_code.unwrap_or_default(),
            outcome: r.outcome,
        })
        .collect();
    render(&AuditPage { chrome: Chrome::new(lang, Some(&g.0), "/audit"), rows, older })
}
