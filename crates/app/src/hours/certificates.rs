//! Certificates of volunteer service: a volunteer asks the unit that recorded their service, the
//! unit issues (or issues at once for a volunteer), revokes and reissues; the PDF carries a QR
//! code to the public verification page, which shows only what the certificate shows.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wushe_domain::certificate::{CertificateNo, CertificateStatus, Period, hours_text};
use wushe_domain::validate::required_text;
use wushe_domain::{CertificateId, Field, FieldError, Lang, OrganizationId, Reason, VolunteerId};
use wushe_store::certificates::{self as store, Certificate, Issue, Units, Viewer};
use wushe_store::tasks::volunteer_of_account;

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::hours::certificate_pdf::PdfFields;
use crate::hours::record::recorder;
use crate::network::points::today;
use crate::state::AppState;
use crate::steps::not_found;
use crate::views::format_ms;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CertificateView {
    pub id: CertificateId,
    /// Given at issue.
    pub number: Option<String>,
    pub status: CertificateStatus,
    pub volunteer_id: VolunteerId,
    pub volunteer_name: String,
    /// The issuing unit: an organization, or the service network when empty.
    pub organization_id: Option<OrganizationId>,
    pub issuer: Option<String>,
    /// YYYY-MM-DD, both days included.
    pub period_from: String,
    pub period_to: String,
    /// Hours certified, one decimal; for a request on the desk, the hours it would state.
    pub hours: Option<String>,
    pub entries: Option<i64>,
    /// A request whose entries add up to nothing: it cannot be issued.
    pub zero: bool,
    pub summary: Option<String>,
    pub issued_on: Option<String>,
    pub requested_at: String,
    pub decision_note: Option<String>,
    pub revoke_reason: Option<String>,
    /// The number of the certificate issued in its place.
    pub replaced_by: Option<String>,
}

impl From<&Certificate> for CertificateView {
    fn from(c: &Certificate) -> Self {
        CertificateView {
            id: c.id,
            number: c.number.clone(),
            status: c.status,
            volunteer_id: c.volunteer_id,
            volunteer_name: c.volunteer_name.clone(),
            organization_id: c.organization_id,
            issuer: c.issuer.clone(),
            period_from: c.period_from.clone(),
            period_to: c.period_to.clone(),
            hours: c.minutes.map(hours_text),
            entries: c.entries,
            zero: false,
            summary: c.summary.clone(),
            issued_on: c.issued_on.clone(),
            requested_at: format_ms(c.requested_at),
            decision_note: c.decision_note.clone(),
            revoke_reason: c.revoke_reason.clone(),
            replaced_by: c.replaced_by.clone(),
        }
    }
}

/// A request for a certificate: the period, and for a volunteer the unit that recorded the
/// service (an organization's id, or empty for the service network).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CertificateInput {
    pub unit: String,
    /// YYYY-MM-DD.
    pub from: String,
    /// YYYY-MM-DD, not after today.
    pub to: String,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReasonInput {
    pub reason: String,
}

fn issue_now() -> AppResult<Issue> {
    let mut random = [0u8; 5];
    getrandom::getrandom(&mut random).map_err(|e| AppError::Internal(format!("random: {e}")))?;
    Ok(Issue { today: today(), random })
}

async fn me(state: &AppState, auth: &Auth) -> AppResult<VolunteerId> {
    volunteer_of_account(&state.db, auth.account.id).await?.ok_or(AppError::Forbidden)
}

/// The signed-in volunteer asks a unit that recorded their service for a certificate.
pub async fn request_mine(state: &AppState, auth: &Auth, input: &CertificateInput) -> AppResult<CertificateView> {
    let volunteer = me(state, auth).await?;
    let unit = match input.unit.trim() {
        "" | "network" => None,
        raw => Some(raw.parse().map_err(|_| FieldError::new(Field::Unit, Reason::NotFound))?),
    };
    let period = Period::parse(&input.from, &input.to, today())?;
    let id = store::request(&state.db, volunteer, unit, &period, auth.account.id).await?;
    own(state, volunteer, id).await
}

async fn own(state: &AppState, volunteer: VolunteerId, id: CertificateId) -> AppResult<CertificateView> {
    let c = store::get(&state.db, Viewer::Volunteer(volunteer), id).await?.ok_or(AppError::NotFound)?;
    Ok((&c).into())
}

/// The signed-in volunteer's certificates and requests.
pub async fn mine(state: &AppState, auth: &Auth) -> AppResult<Vec<CertificateView>> {
    let volunteer = me(state, auth).await?;
    Ok(store::of_volunteer(&state.db, volunteer).await?.iter().map(CertificateView::from).collect())
}

/// A recording unit issues a certificate for a volunteer in its area at once.
pub async fn issue_for(
    state: &AppState,
    auth: &Auth,
    volunteer: VolunteerId,
    input: &CertificateInput,
) -> AppResult<CertificateView> {
    let by = recorder(state, auth).await?;
    crate::people::volunteers::get(state, auth, volunteer).await?;
    let period = Period::parse(&input.from, &input.to, today())?;
    let (id, _) = store::issue_for(&state.db, &auth.scope(), volunteer, &period, &by, issue_now()?).await?;
    staff_get(state, auth, id).await
}

async fn hidden(state: &AppState, auth: &Auth, id: CertificateId) -> AppError {
    match store::region_of(&state.db, id).await {
        Ok(elsewhere) => not_found(state, &auth.actor(), "certificate", &id, elsewhere).await,
        Err(e) => e.into(),
    }
}

pub async fn staff_get(state: &AppState, auth: &Auth, id: CertificateId) -> AppResult<CertificateView> {
    match store::get(&state.db, Viewer::Staff(&auth.scope()), id).await? {
        Some(c) => Ok((&of_my_unit(auth, c)?).into()),
        None => Err(hidden(state, auth, id).await),
    }
}

/// An organization's staff see their organization's certificates, not other units' in their area.
fn of_my_unit(auth: &Auth, c: Certificate) -> AppResult<Certificate> {
    match auth.account.organization_id {
        Some(o) if c.organization_id != Some(o) => Err(AppError::Forbidden),
        _ => Ok(c),
    }
}

/// Which units' certificates the caller sees in lists.
pub fn units_of(auth: &Auth) -> Units {
    match auth.account.organization_id {
        Some(o) => Units::Only(Some(o)),
        None => Units::All,
    }
}

/// Issues a certificate a volunteer asked the caller's unit for.
pub async fn issue(state: &AppState, auth: &Auth, id: CertificateId) -> AppResult<CertificateView> {
    let by = recorder(state, auth).await?;
    match store::issue(&state.db, &auth.scope(), id, &by, issue_now()?).await? {
        Some(_) => staff_get(state, auth, id).await,
        None => Err(hidden(state, auth, id).await),
    }
}

/// Declines a request, saying why.
pub async fn refuse(
    state: &AppState,
    auth: &Auth,
    id: CertificateId,
    input: &ReasonInput,
) -> AppResult<CertificateView> {
    let by = recorder(state, auth).await?;
    if store::get(&state.db, Viewer::Staff(&auth.scope()), id).await?.is_none() {
        return Err(hidden(state, auth, id).await);
    }
    let reason = required_text(Field::Reason, &input.reason, 500)?;
    match store::refuse(&state.db, &auth.scope(), id, &reason, &by).await? {
        Some(()) => staff_get(state, auth, id).await,
        None => Err(hidden(state, auth, id).await),
    }
}

/// Revokes an issued certificate, saying why; with `reissue`, issues a new one from the ledger as
/// it is now. Answers the certificate in force afterwards (the new one) or the revoked one.
pub async fn revoke(
    state: &AppState,
    auth: &Auth,
    id: CertificateId,
    input: &ReasonInput,
    reissue: bool,
) -> AppResult<CertificateView> {
    let by = recorder(state, auth).await?;
    if store::get(&state.db, Viewer::Staff(&auth.scope()), id).await?.is_none() {
        return Err(hidden(state, auth, id).await);
    }
    let reason = required_text(Field::Reason, &input.reason, 500)?;
    let at = if reissue { Some(issue_now()?) } else { None };
    match store::revoke(&state.db, &auth.scope(), id, &reason, &by, at).await? {
        Some(Some(number)) => {
            let no = CertificateNo::parse(&number)?;
            let c = store::by_number(&state.db, &no).await?.ok_or(AppError::NotFound)?;
            Ok((&c).into())
        }
        Some(None) => staff_get(state, auth, id).await,
        None => Err(hidden(state, auth, id).await),
    }
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// requested | issued | refused | revoked
    pub status: Option<String>,
}

/// Certificates of the caller's area: an organization's staff see their organization's.
pub async fn list(state: &AppState, auth: &Auth, q: &ListQuery) -> AppResult<Vec<CertificateView>> {
    let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(CertificateStatus::parse(s)?),
        None => None,
    };
    let rows = store::list(&state.db, &auth.scope(), units_of(auth), status, 200).await?;
    Ok(rows.iter().map(CertificateView::from).collect())
}

/// What the public verification page shows: the state, and only what the certificate shows.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Verification {
    pub number: String,
    /// valid | revoked | unknown
    pub status: String,
    pub name: Option<String>,
    pub id_masked: Option<String>,
    pub issuer: Option<String>,
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    pub hours: Option<String>,
    pub entries: Option<i64>,
    pub summary: Option<String>,
    pub issued_on: Option<String>,
    /// For a revoked certificate, the day it was revoked and the number issued in its place.
    pub revoked_on: Option<String>,
    pub replaced_by: Option<String>,
}

/// Looks a certificate up by its number, for anyone. A malformed number is a field error.
pub async fn verify(state: &AppState, number: &str, address: &str) -> AppResult<Verification> {
    // Numbers carry 40 random bits; a limit per address keeps guessing far from finding one.
    crate::needs::need::throttled(state, &format!("certificate-address:{address}"), 3_600_000, 120).await?;
    let no = CertificateNo::parse(number)?;
    let found = store::by_number(&state.db, &no).await?;
    let Some(c) = found.filter(|c| matches!(c.status, CertificateStatus::Issued | CertificateStatus::Revoked)) else {
        return Ok(Verification {
            number: no.to_string(),
            status: "unknown".into(),
            name: None,
            id_masked: None,
            issuer: None,
            period_from: None,
            period_to: None,
            hours: None,
            entries: None,
            summary: None,
            issued_on: None,
            revoked_on: None,
            replaced_by: None,
        });
    };
    let revoked = c.status == CertificateStatus::Revoked;
    Ok(Verification {
        number: no.to_string(),
        status: if revoked { "revoked" } else { "valid" }.into(),
        name: c.name,
        id_masked: c.id_masked,
        issuer: c.issuer,
        period_from: Some(c.period_from),
        period_to: Some(c.period_to),
        hours: c.minutes.map(hours_text),
        entries: c.entries,
        summary: c.summary,
        issued_on: c.issued_on,
        revoked_on: c.revoked_at.map(|t| format_ms(t).chars().take(10).collect()),
        replaced_by: c.replaced_by,
    })
}

/// The certificate as a PDF, for the volunteer it is for or staff of its area; audited, since it
/// carries the volunteer's name and masked ID number. `origin` is how the verification link
/// starts when no public address is configured.
pub async fn pdf(
    state: &AppState,
    auth: &Auth,
    id: CertificateId,
    origin: &str,
    lang: Lang,
) -> AppResult<(String, Vec<u8>)> {
    let viewer_volunteer = volunteer_of_account(&state.db, auth.account.id).await?;
    let scope = auth.scope();
    let mut found = None;
    if let Some(v) = viewer_volunteer {
        found = store::get(&state.db, Viewer::Volunteer(v), id).await?;
    }
    if found.is_none() && auth.account.role.is_staff() {
        found = store::get(&state.db, Viewer::Staff(&scope), id).await?.map(|c| of_my_unit(auth, c)).transpose()?;
    }
    let Some(c) = found else {
        // Someone else's certificate in the caller's own area is refused, not hidden.
        let region = store::region_of(&state.db, id).await?;
        if let Some(code) = &region
            && wushe_store::regions::get(&state.db, &scope, code).await?.is_some()
        {
            return Err(AppError::Forbidden);
        }
        return Err(not_found(state, &auth.actor(), "certificate", &id, region).await);
    };
    let (Some(number), Some(name), Some(minutes)) = (c.number.clone(), c.name.clone(), c.minutes) else {
        return Err(wushe_store::StoreError::Conflict(wushe_domain::Conflict::CertificateNotValid).into());
    };
    let base = state.settings.public_url.clone().unwrap_or_else(|| origin.to_owned());
    let url = format!("{}/public/certificates/{number}", base.trim_end_matches('/'));
    let doc = PdfFields {
        lang,
        number: number.clone(),
        name,
        id_masked: c.id_masked.clone().unwrap_or_default(),
        issuer: c.issuer.clone().unwrap_or_default(),
        from: parse_day(&c.period_from)?,
        to: parse_day(&c.period_to)?,
        hours: hours_text(minutes),
        entries: c.entries.unwrap_or_default(),
        summary: c.summary.clone().unwrap_or_default(),
        issued_on: c.issued_on.as_deref().map(parse_day).transpose()?,
        url,
        revoked: c.status == CertificateStatus::Revoked,
    };
    let bytes = crate::hours::certificate_pdf::render(state, doc).await?;
    let event = wushe_store::audit::Event::new(Some(auth.account.id), "certificate.pdf", "volunteer")
        .id(c.volunteer_id)
        .region(&c.region_code)
        .detail(serde_json::json!({ "certificate": id, "number": number }));
    wushe_store::audit::record(&state.db, &event).await?;
    Ok((format!("certificate-{number}.pdf"), bytes))
}

fn parse_day(raw: &str) -> AppResult<time::Date> {
    wushe_domain::validate::parse_date(Field::PeriodTo, raw)
        .map_err(|_| wushe_store::StoreError::corrupt("certificate: bad date").into())
}
