use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use wushe_domain::authz::{Action, Actor};
use wushe_domain::service_point::{ServicePointDetails, ServicePointInput};
use wushe_domain::validate::{parse_date, required_text};
use wushe_domain::{Field, FieldError, Reason, RegionCode, ServicePointId, ServicePointLevel, ServicePointStatus};
use wushe_store::audit::{self, Event};
use wushe_store::regions;
use wushe_store::service_points::{self as store, Filter, ServicePoint};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::steps::{authorize, blank, not_found, page_bounds, region_field_not_found};
use crate::views::{Page, PointView, Revealed};

/// Query of the service-point list; every field optional.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Region code: only points in its subtree.
    pub region: Option<String>,
    /// center | station | room
    pub level: Option<String>,
    /// open | suspended | closed
    pub status: Option<String>,
    /// Part of the name.
    pub name: Option<String>,
    pub offset: Option<i64>,
    pub limit: Option<i64>,
}

pub async fn list(state: &AppState, auth: &Auth, q: &ListQuery) -> AppResult<Page<PointView>> {
    let scope = auth.scope();
    let region = match blank(&q.region) {
        None => None,
        Some(code) => {
            let code = RegionCode::parse(code)?;
            let r = regions::get(&state.db, &scope, &code)
                .await?
                .ok_or(FieldError::new(Field::Region, Reason::NotFound))?;
            Some(r.path)
        }
    };
    let filter = Filter {
        region,
        level: blank(&q.level).map(ServicePointLevel::parse).transpose()?,
        status: blank(&q.status).map(ServicePointStatus::parse).transpose()?,
        name: blank(&q.name).map(str::to_owned),
    };
    let (offset, limit) = page_bounds(q.offset, q.limit);
    let (items, total) = store::list(&state.db, &scope, &filter, offset, limit).await?;
    Ok(Page { items: items.iter().map(PointView::from).collect(), total, offset, limit })
}

/// A point in the caller's scope, or a (possibly audited) 404.
pub async fn get(state: &AppState, auth: &Auth, id: ServicePointId) -> AppResult<ServicePoint> {
    match store::get(&state.db, &auth.scope(), id).await? {
        Some(p) => Ok(p),
        None => {
            let elsewhere = store::region_of(&state.db, id).await?;
            Err(not_found(state, &auth.actor(), "service_point", &id, elsewhere).await)
        }
    }
}

/// A point the caller may manage (edit, close, reveal), or a 404/403.
pub async fn get_to_manage(state: &AppState, auth: &Auth, id: ServicePointId) -> AppResult<(Actor, ServicePoint)> {
    let p = get(state, auth, id).await?;
    let actor = auth.actor();
    authorize(
        state,
        &actor,
        Action::ManageServicePoint(p.level),
        "service_point",
        &id,
        (&p.region_code, &p.region_path),
    )
    .await?;
    Ok((actor, p))
}

/// The form of a new point: the region it sits on, and its details.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct NewPointInput {
    /// Code of the region the point sits on: county level (or a functional zone) for a centre,
    /// township for a station, village/community for a room.
    #[serde(default)]
    pub region: String,
    #[serde(flatten)]
    pub details: ServicePointInput,
}

pub async fn create(state: &AppState, auth: &Auth, input: &NewPointInput) -> AppResult<ServicePoint> {
    let code = RegionCode::parse(&input.region)?;
    let scope = auth.scope();
    let actor = auth.actor();
    let Some(region) = regions::get(&state.db, &scope, &code).await? else {
        return Err(region_field_not_found(state, &actor, &code, Field::Region).await);
    };
    let level = ServicePointLevel::for_region_level(region.level).ok_or(FieldError::new(
        Field::Region,
        Reason::WrongLevel { expected: "县级、乡级或村级区域", expected_en: "a county, township or village" },
    ))?;
    authorize(state, &actor, Action::ManageServicePoint(level), "region", &code, (&region.code, &region.path)).await?;
    let details = ServicePointDetails::parse(&input.details, today())?;
    Ok(store::create(&state.db, &scope, &code, level, &details, Some(actor.id)).await?)
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UpdatePointInput {
    #[serde(flatten)]
    pub details: ServicePointInput,
    /// open | suspended (closing has its own action)
    #[serde(default)]
    pub status: Option<String>,
}

pub async fn update(
    state: &AppState,
    auth: &Auth,
    id: ServicePointId,
    input: &UpdatePointInput,
) -> AppResult<ServicePoint> {
    let (actor, p) = get_to_manage(state, auth, id).await?;
    let details = ServicePointDetails::parse(&input.details, today())?;
    let status = match blank(&input.status) {
        None => p.status,
        Some(s) => ServicePointStatus::parse(s)?,
    };
    store::update(&state.db, &auth.scope(), id, &details, status, Some(actor.id)).await?.ok_or(AppError::NotFound)
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CloseInput {
    /// YYYY-MM-DD; today when empty.
    pub closed_on: Option<String>,
}

pub async fn close(state: &AppState, auth: &Auth, id: ServicePointId, input: &CloseInput) -> AppResult<ServicePoint> {
    let (actor, _) = get_to_manage(state, auth, id).await?;
    let closed_on = match blank(&input.closed_on) {
        None => today(),
        Some(s) => parse_date(Field::ClosedOn, s)?,
    };
    if closed_on > today() {
        return Err(FieldError::new(Field::ClosedOn, Reason::DateInFuture).into());
    }
    store::close(&state.db, &auth.scope(), id, closed_on, Some(actor.id)).await?.ok_or(AppError::NotFound)
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RevealInput {
    /// Why the full number is needed; kept in the audit log.
    pub reason: String,
}

/// Shows a point's full contact number to someone who may manage it, and audits why.
pub async fn reveal(state: &AppState, auth: &Auth, id: ServicePointId, input: &RevealInput) -> AppResult<Revealed> {
    let (actor, p) = get_to_manage(state, auth, id).await?;
    let reason = required_text(Field::Reason, &input.reason, 200)?;
    let event = Event::new(Some(actor.id), "service_point.reveal_phone", "service_point")
        .id(id)
        .region(&p.region_code)
        .detail(serde_json::json!({ "reason": reason }));
    audit::record(&state.db, &event).await?;
    Ok(Revealed { value: p.contact_phone })
}

/// Today's date in China Standard Time, which is what users mean by "today".
pub fn today() -> time::Date {
    (time::OffsetDateTime::now_utc() + time::Duration::hours(8)).date()
}
