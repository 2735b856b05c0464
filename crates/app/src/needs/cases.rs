//! The social-worker linkage: taking a need as a case, and the case's notes.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wushe_domain::authz::Action;
use wushe_domain::validate::{format_date, parse_date, required_text};
use wushe_domain::{Field, FieldError, NeedId, Reason, SocialWorkerId};
use wushe_store::cases::{self as store, Case};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::needs::need::get;
use crate::state::AppState;
use crate::steps::authorize;
use crate::views::format_ms;

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CaseInput {
    /// Id of a social worker in the caller's area.
    pub social_worker: String,
    pub plan: String,
    /// YYYY-MM-DD, optional.
    pub next_contact: String,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CaseNoteInput {
    pub note: String,
    /// YYYY-MM-DD, optional: moves the case's next contact date.
    pub next_contact: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseView {
    pub social_worker_id: SocialWorkerId,
    pub social_worker_name: String,
    pub plan: String,
    pub next_contact: Option<String>,
    pub notes: Vec<CaseNoteView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseNoteView {
    /// "2026-11-29 18:30" (China time).
    pub at: String,
    pub author: Option<String>,
    pub note: String,
    pub next_contact: Option<String>,
}

impl From<Case> for CaseView {
    fn from(c: Case) -> Self {
        CaseView {
            social_worker_id: c.social_worker_id,
            social_worker_name: c.social_worker_name,
            plan: c.plan,
            next_contact: c.next_contact.map(format_date),
            notes: c
                .notes
                .into_iter()
                .map(|n| CaseNoteView {
                    at: format_ms(n.at),
                    author: n.author,
                    note: n.note,
                    next_contact: n.next_contact.map(format_date),
                })
                .collect(),
        }
    }
}

fn date(raw: &str) -> AppResult<Option<time::Date>> {
    match raw.trim() {
        "" => Ok(None),
        d => Ok(Some(parse_date(Field::NextContact, d)?)),
    }
}

async fn to_manage(state: &AppState, auth: &Auth, id: NeedId) -> AppResult<()> {
    let n = get(state, auth, id).await?;
    authorize(state, &auth.actor(), Action::ManageNeeds, "need", &id, (&n.region_code, &n.region_path)).await
}

pub async fn of_need(state: &AppState, auth: &Auth, id: NeedId) -> AppResult<Option<CaseView>> {
    get(state, auth, id).await?;
    Ok(store::of_need(&state.db, &auth.scope(), id).await?.map(CaseView::from))
}

pub async fn open(state: &AppState, auth: &Auth, id: NeedId, input: &CaseInput) -> AppResult<CaseView> {
    to_manage(state, auth, id).await?;
    let worker: SocialWorkerId =
        input.social_worker.trim().parse().map_err(|_| FieldError::new(Field::SocialWorker, Reason::NotFound))?;
    let plan = required_text(Field::Plan, &input.plan, 2000)?;
    let next = date(&input.next_contact)?;
    let by = Some(auth.actor().id);
    let case = store::open(&state.db, &auth.scope(), id, worker, &plan, next, by).await?;
    Ok(case.ok_or(AppError::NotFound)?.into())
}

pub async fn add_note(state: &AppState, auth: &Auth, id: NeedId, input: &CaseNoteInput) -> AppResult<CaseView> {
    to_manage(state, auth, id).await?;
    let note = required_text(Field::Reason, &input.note, 2000)?;
    let next = date(&input.next_contact)?;
    let case = store::add_note(&state.db, &auth.scope(), id, &note, next, Some(auth.actor().id)).await?;
    Ok(case.ok_or(FieldError::new(Field::SocialWorker, Reason::Required))?.into())
}
