//! Whom a care-fund application is for. A social worker applies for themself without picking
//! anyone (their registration is found by their account's phone); an organization's staff pick
//! one of the workers it employs in their area, by name, licence number or phone.

use serde::Serialize;
use utoipa::ToSchema;
use wushe_domain::{Field, FieldError, Lang, Reason, SocialWorkerId};
use wushe_store::Scope;
use wushe_store::social_workers::{self, SocialWorker};

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::state::AppState;

/// A worker the caller may apply for, as the form lists them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkerChoice {
    pub id: SocialWorkerId,
    /// "张三 · 社会工作师 · S2019500101 · 138****0005".
    pub label: String,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Applicants {
    /// The caller's own registration as a social worker, if they are one.
    pub own: Option<WorkerChoice>,
    /// Workers the caller's organization employs in their area.
    pub others: Vec<WorkerChoice>,
}

/// Workers an organization's staff may pick from at most.
const LISTED: i64 = 500;

fn choice(w: &SocialWorker, lang: Lang) -> WorkerChoice {
    let mut label = vec![w.name.clone(), w.licence.label(lang).to_owned()];
    label.extend(w.licence_no.clone());
    label.extend(w.phone.as_deref().map(wushe_domain::mask::phone));
    WorkerChoice { id: w.id, label: label.join(" · ") }
}

/// The caller's own registration and the workers of their organization in their area.
async fn candidates(state: &AppState, auth: &Auth) -> AppResult<(Option<SocialWorker>, Vec<SocialWorker>)> {
    let mine = wushe_store::relief::workers_of(&state.db, auth.account.id).await?;
    let own = match mine.first() {
        Some(id) => social_workers::get(&state.db, &Scope::all(), *id).await?,
        None => None,
    };
    let others = match auth.account.organization_id {
        Some(org) => social_workers::employed_by(&state.db, &auth.scope(), org, LISTED)
            .await?
            .into_iter()
            .filter(|w| own.as_ref().is_none_or(|o| o.id != w.id))
            .collect(),
        None => Vec::new(),
    };
    Ok((own, others))
}

pub async fn applicants(state: &AppState, auth: &Auth, lang: Lang) -> AppResult<Applicants> {
    let (own, others) = candidates(state, auth).await?;
    Ok(Applicants {
        own: own.as_ref().map(|w| choice(w, lang)),
        others: others.iter().map(|w| choice(w, lang)).collect(),
    })
}

/// The worker an application is for: blank means the caller; otherwise an id, a name, a licence
/// number or a phone number of one the caller may apply for. Anyone else is "not found".
pub(crate) async fn resolve(state: &AppState, auth: &Auth, raw: &str) -> AppResult<SocialWorker> {
    let (own, others) = candidates(state, auth).await?;
    let raw = raw.trim();
    if raw.is_empty() {
        return own.ok_or_else(|| FieldError::new(Field::Worker, Reason::Required).into());
    }
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let matches = |w: &SocialWorker| {
        w.id.to_string() == raw
            || w.name == raw
            || w.licence_no.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(raw))
            || (digits.len() == 11 && w.phone.as_deref() == Some(digits.as_str()))
    };
    let mut found: Vec<SocialWorker> = own.into_iter().chain(others).filter(matches).collect();
    match found.len() {
        0 => Err(FieldError::new(Field::Worker, Reason::NotFound).into()),
        1 => Ok(found.remove(0)),
        _ => Err(FieldError::new(Field::Worker, Reason::Ambiguous).into()),
    }
}
