//! Service records: visits, sessions and phone follow-ups in the caller's area, with the
//! residents served. Writes are checked here and committed by the group-commit recorder.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use wushe_domain::authz::Action;
use wushe_domain::service::{NewServiceRecord, ServiceKind, ServiceRecordInput};
use wushe_domain::validate::parse_date;
use wushe_domain::{Field, NeedId, ResidentId, ServiceRecordId, SocialWorkerId};
use wushe_store::now_ms;
use wushe_store::service_records::{self as store, Filter, ServiceRecord, Totals};

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::state::AppState;
use crate::steps::{authorize_role, blank, not_found, page_bounds};
use crate::views::{Page, format_ms};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServedView {
    pub id: ResidentId,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceRecordView {
    pub id: ServiceRecordId,
    pub region_code: String,
    pub region_name: String,
    pub kind: ServiceKind,
    pub need_id: Option<NeedId>,
    pub social_worker_id: Option<SocialWorkerId>,
    pub served_by: String,
    /// "2026-11-29 09:30" (China time).
    pub served_at: String,
    pub minutes: i64,
    pub place: Option<String>,
    pub note: Option<String>,
    /// Residents served, each once: the record's person-times (人次).
    pub person_times: i64,
    /// Only on a single record.
    pub residents: Vec<ServedView>,
}

impl From<ServiceRecord> for ServiceRecordView {
    fn from(s: ServiceRecord) -> Self {
        ServiceRecordView {
            id: s.id,
            region_code: s.region_code.to_string(),
            region_name: s.region_name,
            kind: s.kind,
            need_id: s.need_id,
            social_worker_id: s.social_worker_id,
            served_by: s.served_by_name,
            served_at: format_ms(s.served_at),
            minutes: s.minutes,
            place: s.place,
            note: s.note,
            person_times: s.person_times,
            residents: s.residents.into_iter().map(|(id, name)| ServedView { id, name }).collect(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    pub need: Option<String>,
    /// visit | session | phone.
    pub kind: Option<String>,
    /// YYYY-MM-DD, China time, inclusive.
    pub from: Option<String>,
    /// YYYY-MM-DD, China time, inclusive.
    pub to: Option<String>,
    /// Region code: only records under it.
    pub region: Option<String>,
    pub offset: Option<i64>,
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceList {
    pub page: Page<ServiceRecordView>,
    /// Totals of every record the filter matches, not only this page.
    pub records: i64,
    pub person_times: i64,
    pub minutes: i64,
}

/// Midnight China time of a date, as epoch milliseconds.
pub(crate) fn day_start(field: Field, raw: &str) -> AppResult<i64> {
    let d = parse_date(field, raw)?;
    Ok(d.midnight().assume_utc().unix_timestamp() * 1000 - 8 * 3_600_000)
}

pub async fn list(state: &AppState, auth: &Auth, q: &ListQuery) -> AppResult<ServiceList> {
    let filter = Filter {
        need: blank(&q.need)
            .map(|n| n.parse().map_err(|_| wushe_domain::FieldError::new(Field::Need, wushe_domain::Reason::NotFound)))
            .transpose()?,
        kind: blank(&q.kind).map(ServiceKind::parse).transpose()?,
        from: blank(&q.from).map(|d| day_start(Field::StartsAt, d)).transpose()?,
        to: blank(&q.to).map(|d| day_start(Field::EndsAt, d).map(|t| t + 86_400_000)).transpose()?,
    };
    let scope = crate::steps::narrowed(state, auth, &q.region).await?;
    let (offset, limit) = page_bounds(q.offset, q.limit);
    let (items, Totals { records, person_times, minutes }) =
        store::list(&state.db, &scope, &filter, offset, limit).await?;
    let page = Page { items: items.into_iter().map(ServiceRecordView::from).collect(), total: records, offset, limit };
    Ok(ServiceList { page, records, person_times, minutes })
}

pub async fn get(state: &AppState, auth: &Auth, id: ServiceRecordId) -> AppResult<ServiceRecordView> {
    match store::get(&state.db, &auth.scope(), id).await? {
        Some(s) => Ok(s.into()),
        None => {
            let elsewhere = store::region_of(&state.db, id).await?;
            Err(not_found(state, &auth.actor(), "service_record", &id, elsewhere).await)
        }
    }
}

/// Records a service in the caller's area; answers once the record and its audit row are
/// durably committed.
pub async fn create(state: &AppState, auth: &Auth, input: &ServiceRecordInput) -> AppResult<Recorded> {
    authorize_role(state, &auth.actor(), Action::ManageNeeds, "service_record").await?;
    let new = NewServiceRecord::parse(input, now_ms())?;
    let by = Some(auth.actor().id);
    let person_times = new.person_times() as i64;
    let checked = store::check(&state.db, &auth.scope(), new, by, &auth.account.display_name).await?;
    let id = state.recorder.write(checked).await?;
    Ok(Recorded { id, person_times })
}

/// What recording answers: the new record's id and the person-times it counts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Recorded {
    pub id: ServiceRecordId,
    pub person_times: i64,
}

/// A form's residents box: ids separated by commas, 、, spaces or lines.
pub fn split_residents(raw: &str) -> Vec<String> {
    raw.split([',', '，', '、', ' ', '\n', '\r', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}
