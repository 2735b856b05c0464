//! The organization linkage: staff refer a need to a social organization that serves its
//! community; that organization's staff accept or decline with a reason.

use serde::Serialize;
use utoipa::ToSchema;
use wushe_domain::authz::Action;
use wushe_domain::need::{NeedCategory, Urgency};
use wushe_domain::referral::{
    Answer, AnswerInput, DeclineReason, NewReferral, ReferralInput, ReferralStatus, overdue, waiting_text,
};
use wushe_domain::{Lang, NeedId, OrganizationId, ReferralId};
use wushe_store::now_ms;
use wushe_store::referrals::{self as store, Referral};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::needs::need::get as get_need;
use crate::state::AppState;
use crate::steps::{authorize, not_found};
use crate::views::format_ms;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReferralView {
    pub id: ReferralId,
    pub need_id: NeedId,
    pub region_code: String,
    pub region_name: String,
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub status: ReferralStatus,
    /// Why it was declined.
    pub reason: Option<DeclineReason>,
    pub note: Option<String>,
    pub answer_note: Option<String>,
    /// "2026-11-29 18:30" (China time).
    pub sent_at: String,
    pub sent_by: Option<String>,
    pub answered_at: Option<String>,
    pub answered_by: Option<String>,
    /// How long it has waited for an answer, e.g. "5 小时".
    pub waiting: Option<String>,
    /// Unanswered past the answer time limit.
    pub overdue: bool,
    pub need_category: NeedCategory,
    pub need_urgency: Urgency,
    pub need_description: String,
}

impl ReferralView {
    fn of(f: Referral, state: &AppState, lang: Lang) -> ReferralView {
        let now = now_ms();
        let open = f.status == ReferralStatus::Sent;
        ReferralView {
            id: f.id,
            need_id: f.need_id,
            region_code: f.region_code.to_string(),
            region_name: f.region_name,
            organization_id: f.organization_id,
            organization_name: f.organization_name,
            status: f.status,
            reason: f.reason,
            note: f.note,
            answer_note: f.answer_note,
            sent_at: format_ms(f.sent_at),
            sent_by: f.sent_by,
            answered_at: f.answered_at.map(format_ms),
            answered_by: f.answered_by,
            waiting: open.then(|| waiting_text(f.sent_at, now, lang)),
            overdue: overdue(f.status, f.sent_at, now, state.settings.referral_answer_hours as i64),
            need_category: f.need_category,
            need_urgency: f.need_urgency,
            need_description: f.need_description,
        }
    }
}

/// A need's referrals, as staff in scope see them.
/// An organization's staff see their own organization's only.
pub async fn of_need(state: &AppState, auth: &Auth, need: NeedId, lang: Lang) -> AppResult<Vec<ReferralView>> {
    get_need(state, auth, need).await?;
    let rows = store::of_need(&state.db, &auth.scope(), need).await?;
    let mine = |f: &Referral| auth.account.organization_id.is_none_or(|org| f.organization_id == org);
    Ok(rows.into_iter().filter(mine).map(|f| ReferralView::of(f, state, lang)).collect())
}

/// One referral, as staff in scope see it.
/// An organization's staff see their own organization's only: another's answers 404, audited,
/// like one outside the area.
pub async fn get(state: &AppState, auth: &Auth, id: ReferralId, lang: Lang) -> AppResult<ReferralView> {
    let found = match auth.account.organization_id {
        Some(org) => store::get_for(&state.db, &auth.scope(), org, id).await?,
        None => store::get(&state.db, &auth.scope(), id).await?,
    };
    match found {
        Some(f) => Ok(ReferralView::of(f, state, lang)),
        None => {
            let elsewhere = store::region_of(&state.db, id).await?;
            Err(not_found(state, &auth.actor(), "referral", &id, elsewhere).await)
        }
    }
}

/// Refers a need in the caller's area to an organization serving its community.
pub async fn send(
    state: &AppState,
    auth: &Auth,
    need: NeedId,
    input: &ReferralInput,
    lang: Lang,
) -> AppResult<ReferralView> {
    let n = get_need(state, auth, need).await?;
    authorize(state, &auth.actor(), Action::ManageNeeds, "need", &need, (&n.region_code, &n.region_path)).await?;
    let new = NewReferral::parse(input)?;
    let f = store::send(&state.db, &auth.scope(), need, &new, Some(auth.actor().id)).await?;
    Ok(ReferralView::of(f.ok_or(AppError::NotFound)?, state, lang))
}

/// The organization the signed-in staff member speaks for; 403 without one.
fn my_organization(auth: &Auth) -> AppResult<OrganizationId> {
    auth.account.organization_id.ok_or(AppError::Forbidden)
}

/// The referrals to the caller's organization in their area: unanswered first.
pub async fn for_my_organization(state: &AppState, auth: &Auth, lang: Lang) -> AppResult<Vec<ReferralView>> {
    let org = my_organization(auth)?;
    let rows = store::for_organization(&state.db, &auth.scope(), org, 200).await?;
    Ok(rows.into_iter().map(|f| ReferralView::of(f, state, lang)).collect())
}

/// The caller's organization accepts or declines a referral to it. Another organization's
/// referral answers 404, as one outside the area does, and is audited.
pub async fn answer(
    state: &AppState,
    auth: &Auth,
    id: ReferralId,
    accept: bool,
    input: &AnswerInput,
    lang: Lang,
) -> AppResult<ReferralView> {
    let org = my_organization(auth)?;
    let Some(f) = store::get_for(&state.db, &auth.scope(), org, id).await? else {
        let elsewhere = store::region_of(&state.db, id).await?;
        return Err(not_found(state, &auth.actor(), "referral", &id, elsewhere).await);
    };
    authorize(state, &auth.actor(), Action::AnswerReferrals, "referral", &id, (&f.region_code, &f.region_path)).await?;
    let (answer, note) = Answer::parse(accept, input)?;
    let by = Some(auth.actor().id);
    let f = store::answer(&state.db, &auth.scope(), org, id, answer, note.as_deref(), by).await?;
    Ok(ReferralView::of(f.ok_or(AppError::NotFound)?, state, lang))
}
