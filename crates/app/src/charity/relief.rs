//! Relief from the social workers' care fund: a licensed worker, or their employer for them,
//! applies with documents; two different keepers of the fund approve, the second approval pays;
//! the applicant follows the status.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wushe_domain::authz::Action;
use wushe_domain::money::yuan;
use wushe_domain::relief::{Applicant, NewRelief, ReliefInput, ReliefReason, check, document_kind};
use wushe_domain::validate::{optional_text, required_text};
use wushe_domain::{Conflict, Field, FieldError, FundId, Lang, Reason};
use wushe_store::Scope;
use wushe_store::funds::Fund;
use wushe_store::relief::{self as store, Application, Decided};
use wushe_store::relief_documents::{self as documents, Document};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::steps::{authorize_role, not_found};
use crate::views::format_ms;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReliefView {
    pub id: String,
    pub fund_id: String,
    pub fund_name: String,
    pub worker_id: String,
    pub worker_name: String,
    pub reason: ReliefReason,
    pub event_on: String,
    pub event: String,
    /// Yuan.
    pub amount: String,
    /// submitted | approved | paid | declined | reversed
    pub status: String,
    pub applied_at: String,
    /// The first approval: who ("万州区指导中心") and when.
    pub first_approval: Option<Approval>,
    /// The last decision (the second approval, or a decline): who and when.
    pub decision: Option<Approval>,
    pub decided_at: Option<String>,
    pub decision_note: Option<String>,
    /// The ledger transaction that paid it.
    pub transaction: Option<i64>,
}

/// One approval or decision on an application.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Approval {
    /// The keeper's display name.
    pub by: String,
    pub at: String,
}

pub fn status_label(status: &str, lang: Lang) -> &'static str {
    match status {
        "submitted" => texts(lang).waiting_first_approval,
        "approved" => texts(lang).approved_once_waiting_second,
        "paid" => texts(lang).approved_paid,
        "declined" => texts(lang).declined,
        "reversed" => texts(lang).paid_then_reversed,
        _ => texts(lang).unknown,
    }
}

impl ReliefView {
    pub fn status_label(&self, lang: Lang) -> &'static str {
        status_label(&self.status, lang)
    }

    fn new(a: &Application) -> Self {
        ReliefView {
            id: a.id.clone(),
            fund_id: a.fund_id.to_string(),
            fund_name: a.fund_name.clone(),
            worker_id: a.worker_id.to_string(),
            worker_name: a.worker_name.clone(),
            reason: a.reason,
            event_on: a.event_on.clone(),
            event: a.event.clone(),
            amount: yuan(a.amount),
            status: a.status.clone(),
            applied_at: format_ms(a.applied_at),
            first_approval: a.first.as_ref().map(|(by, at)| Approval { by: by.clone(), at: format_ms(*at) }),
            decision: a.decided.as_ref().map(|(by, at)| Approval { by: by.clone(), at: format_ms(*at) }),
            decided_at: a.decided_at.map(format_ms),
            decision_note: a.decision_note.clone(),
            transaction: a.txn_seq,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentView {
    pub id: String,
    pub name: String,
    pub media_type: String,
    pub bytes: i64,
    pub uploaded_at: String,
}

impl From<&Document> for DocumentView {
    fn from(d: &Document) -> Self {
        DocumentView {
            id: d.id.clone(),
            name: d.name.clone(),
            media_type: d.media_type.clone(),
            bytes: d.bytes,
            uploaded_at: format_ms(d.created_at),
        }
    }
}

/// One application with its documents, and what the caller may do with it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReliefDetail {
    pub application: ReliefView,
    pub documents: Vec<DocumentView>,
    /// The caller is a keeper of the fund who may decide now.
    pub may_decide: bool,
    /// The caller filed it: they may add documents while it waits.
    pub applicant: bool,
}

/// A care fund that takes applications.
async fn care_fund(state: &AppState, id: FundId) -> AppResult<Fund> {
    let f = wushe_store::funds::get(&state.db, &Scope::all(), id)
        .await?
        .ok_or(FieldError::new(Field::Fund, Reason::NotFound))?;
    if !f.care {
        return Err(wushe_store::StoreError::Conflict(Conflict::NotACareFund).into());
    }
    if f.status != "active" {
        return Err(wushe_store::StoreError::Conflict(Conflict::FundClosed).into());
    }
    Ok(f)
}

/// Care funds serving where the caller works, for the application form.
pub async fn care_funds(state: &AppState, auth: &Auth) -> AppResult<Vec<crate::charity::funds::FundView>> {
    let funds = wushe_store::funds::serving(&state.db, &auth.account.region_path, true).await?;
    Ok(funds.iter().map(crate::charity::funds::FundView::from).collect())
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ApplyInput {
    /// The care fund.
    #[serde(default)]
    pub fund: String,
    #[serde(flatten)]
    pub relief: ReliefInput,
}

/// Files an application: for the worker the caller is, or, for an organization's staff, for a
/// worker their organization employs (see `relief_applicants`).
pub async fn apply(state: &AppState, auth: &Auth, input: &ApplyInput) -> AppResult<ReliefView> {
    let fund = input.fund.trim().parse().map_err(|_| FieldError::new(Field::Fund, Reason::NotFound))?;
    let fund = care_fund(state, fund).await?;
    let new = NewRelief::parse(&input.relief, crate::network::points::today())?;
    let w = crate::charity::relief_applicants::resolve(state, auth, &input.relief.worker).await?;
    let worker = w.id;
    let who = Applicant { licensed: w.licence.is_licensed(), in_region: fund.region_path.contains(&w.region_path) };
    check(&fund.eligibility, who, new.amount)
        .map_err(|r| wushe_store::StoreError::Conflict(Conflict::ReliefRefused(r)))?;
    let id = store::apply(&state.db, &fund, worker, &new, auth.account.id).await?;
    let a = store::get_own(&state.db, &id, auth.account.id).await?.ok_or(AppError::NotFound)?;
    Ok(ReliefView::new(&a))
}

/// Whether the caller keeps the application's fund: a keeper of the area, and for an
/// organization's staff, their organization's fund.
fn keeps(auth: &Auth, a: &Application) -> bool {
    wushe_domain::authz::role_may_ever(auth.account.role, Action::ManageFunds)
        && auth.account.organization_id.is_none_or(|org| a.fund_org == Some(org))
}

/// The application if the caller may see it: its applicant or worker, or a keeper of its fund in
/// the fund's area (other staff of the area are refused). Anyone else is told it does not exist,
/// and a look across regions is audited. The flag says the caller filed it or is its worker.
async fn visible(state: &AppState, auth: &Auth, id: &str) -> AppResult<(Application, bool)> {
    if let Some(a) = store::get_own(&state.db, id.trim(), auth.account.id).await? {
        return Ok((a, true));
    }
    if let Some(a) = store::get(&state.db, &auth.scope(), id.trim()).await? {
        if !keeps(auth, &a) {
            return Err(AppError::Forbidden);
        }
        return Ok((a, false));
    }
    let elsewhere = store::region_of(&state.db, id.trim()).await?;
    Err(not_found(state, &auth.actor(), "relief", &id, elsewhere).await)
}

pub async fn get(state: &AppState, auth: &Auth, id: &str) -> AppResult<ReliefDetail> {
    let (a, own) = visible(state, auth, id).await?;
    let waiting = matches!(a.status.as_str(), "submitted" | "approved");
    let may_decide = !own && waiting && keeps(auth, &a) && a.first_by != Some(auth.account.id);
    Ok(ReliefDetail {
        documents: documents::of(&state.db, &a.id).await?.iter().map(DocumentView::from).collect(),
        applicant: a.applied_by == auth.account.id,
        application: ReliefView::new(&a),
        may_decide,
    })
}

/// What the caller filed or is the worker of, and, for keepers, what waits in their area.
pub async fn lists(state: &AppState, auth: &Auth) -> AppResult<(Vec<ReliefView>, Vec<ReliefView>)> {
    let own = store::own(&state.db, auth.account.id).await?;
    let area = if wushe_domain::authz::role_may_ever(auth.account.role, Action::ManageFunds) {
        store::in_scope(&state.db, &auth.scope(), 200).await?.into_iter().filter(|a| keeps(auth, a)).collect()
    } else {
        Vec::new()
    };
    let view = |v: &Vec<Application>| v.iter().map(ReliefView::new).collect();
    Ok((view(&own), view(&area)))
}

/// Adds a document to the application the caller filed, while it waits.
pub async fn add_document(
    state: &AppState,
    auth: &Auth,
    id: &str,
    name: &str,
    bytes: &[u8],
) -> AppResult<DocumentView> {
    let (a, _) = visible(state, auth, id).await?;
    if a.applied_by != auth.account.id {
        return Err(AppError::Forbidden);
    }
    let kind = document_kind(bytes)?;
    let name = match name.trim() {
        "" => "证明材料".to_owned(),
        n => required_text(Field::File, n, 100)?,
    };
    let doc = documents::add(&state.db, &a, &name, kind, bytes, auth.account.id).await?;
    let all = documents::of(&state.db, &a.id).await?;
    all.iter().find(|d| d.id == doc).map(DocumentView::from).ok_or(AppError::NotFound)
}

/// A document's type and bytes, for whoever may see its application.
pub async fn document(state: &AppState, auth: &Auth, id: &str) -> AppResult<(String, Vec<u8>)> {
    let (application, kind, bytes) = documents::content(&state.db, id.trim()).await?.ok_or(AppError::NotFound)?;
    visible(state, auth, &application).await?;
    Ok((kind, bytes))
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DecisionInput {
    /// Required when declining.
    pub note: String,
}

/// Approves (the first or the second, paying, approval) or declines, for the fund's keepers; an
/// organization's staff decide on their own organization's funds only.
pub async fn decide(
    state: &AppState,
    auth: &Auth,
    id: &str,
    approve: bool,
    input: &DecisionInput,
) -> AppResult<ReliefView> {
    authorize_role(state, &auth.actor(), Action::ManageFunds, "relief").await?;
    // Seen as a keeper, it is their fund's; seen as its applicant or worker, the store refuses.
    let (a, own) = visible(state, auth, id).await?;
    let note = if approve {
        optional_text(Field::Note, Some(&input.note), 500)?
    } else {
        Some(required_text(Field::Note, &input.note, 500)?)
    };
    let decided =
        store::decide(&state.db, &auth.scope(), &a.id, approve, note.as_deref(), auth.account.id, own).await?;
    // Out of the keeper's area: the same answer as for anyone who may not see it.
    let _: Decided = decided.ok_or(AppError::NotFound)?;
    let a = store::get(&state.db, &Scope::all(), &a.id).await?.ok_or(AppError::NotFound)?;
    Ok(ReliefView::new(&a))
}

wushe_domain::texts! {
    /// The texts this module shows.
    struct ReliefTexts, texts {
        waiting_first_approval: "待初审",
            "waiting for a first approval",
        approved_once_waiting_second: "已初审，待复审",
            "approved once, waiting for a second approval",
        approved_paid: "已批准并拨付",
            "approved and paid",
        declined: "未获批准",
            "declined",
        paid_then_reversed: "已拨付，后冲正",
            "paid, then reversed",
        unknown: "未知",
            "unknown",
    }
}
