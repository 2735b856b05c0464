//! What waits on a recording unit: back-entries to approve, volunteers' correction requests to
//! answer, certificates to issue; and the volunteer's side of a correction request.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wushe_domain::certificate::CertificateStatus;
use wushe_domain::validate::required_text;
use wushe_domain::{CorrectionId, Field, VolunteerId};
use wushe_store::certificates::{self, Units};
use wushe_store::hours_corrections::{self as corrections, Correction};
use wushe_store::hours_requests::{self as requests, Pending};
use wushe_store::tasks::volunteer_of_account;

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::hours::certificates::CertificateView;
use crate::hours::record::recorder;
use crate::state::AppState;
use crate::steps::not_found;
use crate::views::format_ms;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CorrectionView {
    pub id: CorrectionId,
    /// The entry it is about.
    pub entry: i64,
    pub volunteer_id: VolunteerId,
    pub volunteer_name: String,
    /// What the volunteer says is wrong.
    pub request: String,
    /// open | amended | rejected
    pub status: String,
    pub requested_at: String,
    pub decision_note: Option<String>,
    /// The amendment that answered it.
    pub amendment: Option<i64>,
    pub content: String,
    pub starts_at: String,
    pub ends_at: String,
    pub minutes: i64,
}

impl From<&Correction> for CorrectionView {
    fn from(k: &Correction) -> Self {
        CorrectionView {
            id: k.id,
            entry: k.entry_seq,
            volunteer_id: k.volunteer_id,
            volunteer_name: k.volunteer_name.clone(),
            request: k.request.clone(),
            status: k.status.clone(),
            requested_at: format_ms(k.requested_at),
            decision_note: k.decision_note.clone(),
            amendment: k.amendment_seq,
            content: k.content.clone(),
            starts_at: format_ms(k.starts_at),
            ends_at: format_ms(k.ends_at),
            minutes: k.minutes,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CorrectionInput {
    /// What is wrong and what it should be.
    pub request: String,
}

/// The signed-in volunteer asks for one of their entries to be checked and corrected.
pub async fn raise(state: &AppState, auth: &Auth, seq: i64, input: &CorrectionInput) -> AppResult<CorrectionView> {
    let me = volunteer_of_account(&state.db, auth.account.id).await?.ok_or(AppError::Forbidden)?;
    // The volunteer's own entries are theirs wherever they served; someone else's entry is
    // refused in their area and hidden, with an audit, outside it.
    if !corrections::is_own(&state.db, me, seq).await? {
        let region = requests::entry_region(&state.db, seq).await?;
        let visible = match &region {
            Some(code) => wushe_store::regions::get(&state.db, &auth.scope(), code).await?.is_some(),
            None => false,
        };
        if !visible {
            return Err(not_found(state, &auth.actor(), "hours_entry", &seq, region).await);
        }
    }
    let text = required_text(Field::Correction, &input.request, 500)?;
    let id = corrections::raise(&state.db, me, seq, &text, auth.account.id).await?;
    let mine = corrections::of_volunteer(&state.db, me).await?;
    mine.iter().find(|k| k.id == id).map(CorrectionView::from).ok_or(AppError::NotFound)
}

/// The signed-in volunteer's correction requests and their answers.
pub async fn mine(state: &AppState, auth: &Auth) -> AppResult<Vec<CorrectionView>> {
    let me = volunteer_of_account(&state.db, auth.account.id).await?.ok_or(AppError::Forbidden)?;
    Ok(corrections::of_volunteer(&state.db, me).await?.iter().map(CorrectionView::from).collect())
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RejectInput {
    /// Why the entry stands as recorded.
    pub note: String,
}

/// The recording unit answers a correction request: the entry stands, for the reason given.
pub async fn reject(state: &AppState, auth: &Auth, id: CorrectionId, input: &RejectInput) -> AppResult<CorrectionView> {
    let by = recorder(state, auth).await?;
    if corrections::get(&state.db, &auth.scope(), id).await?.is_none() {
        let elsewhere = corrections::region_of(&state.db, id).await?;
        return Err(not_found(state, &auth.actor(), "hours_correction", &id, elsewhere).await);
    }
    let note = required_text(Field::Note, &input.note, 500)?;
    corrections::reject(&state.db, &auth.scope(), id, &note, &by).await?;
    let k = corrections::get(&state.db, &auth.scope(), id).await?.ok_or(AppError::NotFound)?;
    Ok((&k).into())
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PendingView {
    pub id: String,
    pub volunteer_id: VolunteerId,
    pub volunteer_name: String,
    pub content: String,
    pub place: String,
    pub starts_at: String,
    pub ends_at: String,
    pub minutes: i64,
    pub reason: String,
    pub evidence: String,
    /// Whether the caller asked for it (and so cannot approve it).
    pub own: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Desk {
    pub back_entries: Vec<PendingView>,
    pub corrections: Vec<CorrectionView>,
    pub certificate_requests: Vec<CertificateView>,
    /// Certificates in force, latest first.
    pub certificates: Vec<CertificateView>,
}

/// Requests with the hours and entries each would state if issued now, so that the desk sees
/// what it signs before it signs it.
async fn previewed(
    state: &AppState,
    scope: &wushe_store::Scope,
    waiting: &[wushe_store::certificates::Certificate],
) -> AppResult<Vec<CertificateView>> {
    let mut out = Vec::with_capacity(waiting.len());
    for c in waiting {
        let mut v = CertificateView::from(c);
        if let Some((minutes, entries)) = certificates::preview(&state.db, scope, c.id).await? {
            v.hours = Some(wushe_domain::certificate::hours_text(minutes));
            v.entries = Some(entries);
            v.zero = minutes == 0;
        }
        out.push(v);
    }
    Ok(out)
}

/// Everything waiting on the caller's unit in their area.
pub async fn desk(state: &AppState, auth: &Auth) -> AppResult<Desk> {
    let by = recorder(state, auth).await?;
    let scope = auth.scope();
    let pending: Vec<Pending> = requests::pending(&state.db, &scope, by.organization, 200).await?;
    let open = corrections::open(&state.db, &scope, by.organization, 200).await?;
    let unit = Units::Only(by.organization);
    let waiting = certificates::list(&state.db, &scope, unit, Some(CertificateStatus::Requested), 200).await?;
    let issued = certificates::list(&state.db, &scope, unit, Some(CertificateStatus::Issued), 50).await?;
    Ok(Desk {
        back_entries: pending
            .iter()
            .map(|p| PendingView {
                id: p.id.clone(),
                volunteer_id: p.volunteer_id,
                volunteer_name: p.volunteer_name.clone(),
                content: p.content.clone(),
                place: p.place.clone(),
                starts_at: format_ms(p.starts_at),
                ends_at: format_ms(p.ends_at),
                minutes: p.minutes,
                reason: p.reason.clone(),
                evidence: p.evidence.clone(),
                own: p.requested_by == Some(auth.account.id),
            })
            .collect(),
        corrections: open.iter().map(CorrectionView::from).collect(),
        certificate_requests: previewed(state, &scope, &waiting).await?,
        certificates: issued.iter().map(CertificateView::from).collect(),
    })
}
