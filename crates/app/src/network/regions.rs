use wushe_domain::authz::Action;
use wushe_domain::validate::required_text;
use wushe_domain::{Field, RegionCode};
use wushe_store::{regions as store, service_points};

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::state::AppState;
use crate::steps::{authorize, not_found};
use crate::views::{ChildView, CoverageView, PointView, RegionDetail, RegionView};

/// Points listed on a region page; more are on the service-point list.
const POINTS_ON_REGION_PAGE: i64 = 50;

pub(crate) async fn region_in_scope(state: &AppState, auth: &Auth, code: &RegionCode) -> AppResult<store::Region> {
    let actor = auth.actor();
    match store::get(&state.db, &auth.scope(), code).await? {
        Some(r) => Ok(r),
        None => {
            let elsewhere = store::path_of(&state.db, code).await?.map(|_| code.clone());
            Err(not_found(state, &actor, "region", code, elsewhere).await)
        }
    }
}

pub async fn detail(state: &AppState, auth: &Auth, code: &RegionCode) -> AppResult<RegionDetail> {
    let region = region_in_scope(state, auth, code).await?;
    let actor = auth.actor();
    authorize(state, &actor, Action::ViewNetwork, "region", code, (&region.code, &region.path)).await?;
    let scope = auth.scope();
    let db = &state.db;
    let trail = store::trail(db, &scope, &region).await?;
    let coverage = store::coverage(db, &scope, &region).await?;
    let open = service_points::open_on_children(db, &scope, &region.code).await?;
    let mut children = Vec::new();
    for child in store::children(db, &scope, &region.code).await? {
        let cov = store::coverage(db, &scope, &child).await?;
        let points = open.iter().find(|(c, _)| *c == child.code).map_or(0, |(_, n)| *n);
        children.push(ChildView {
            region: (&child).into(),
            points,
            coverage: cov.iter().map(CoverageView::from).collect(),
        });
    }
    let filter = service_points::Filter { region: Some(region.path.clone()), ..Default::default() };
    let (points, _) = service_points::list(db, &scope, &filter, 0, POINTS_ON_REGION_PAGE).await?;
    let points = points.iter().filter(|p| p.region_code == region.code).map(PointView::from).collect();
    Ok(RegionDetail {
        region: (&region).into(),
        trail: trail.iter().map(RegionView::from).collect(),
        coverage: coverage.iter().map(CoverageView::from).collect(),
        children,
        points,
    })
}

pub async fn add_zone(state: &AppState, auth: &Auth, parent: &RegionCode, name: &str) -> AppResult<RegionView> {
    let region = region_in_scope(state, auth, parent).await?;
    let actor = auth.actor();
    authorize(state, &actor, Action::ManageRegions, "region", parent, (&region.code, &region.path)).await?;
    let name = required_text(Field::Name, name, 50)?;
    let zone = store::add_zone(&state.db, &auth.scope(), parent, &name, Some(actor.id)).await?;
    Ok((&zone).into())
}

pub async fn place_township(
    state: &AppState,
    auth: &Auth,
    township: &RegionCode,
    county: &str,
) -> AppResult<RegionView> {
    let region = region_in_scope(state, auth, township).await?;
    let actor = auth.actor();
    authorize(state, &actor, Action::ManageRegions, "region", township, (&region.code, &region.path)).await?;
    let county = RegionCode::parse(county)
        .map_err(|_| wushe_domain::FieldError::new(Field::Zone, wushe_domain::Reason::BadCode))?;
    let moved = store::place_township(&state.db, &auth.scope(), township, &county, Some(actor.id)).await?;
    Ok((&moved).into())
}

/// The region a signed-in staff member starts from.
pub fn home(auth: &Auth) -> RegionCode {
    auth.account.region_code.clone()
}
