//! The community picker of the public help page: a resident finds their community by going
//! down from the province (district → township → community) or, within a district or township,
//! by typing part of its name or its pinyin initials. Only areas with an open service point in
//! or above them are offered, so a choice always reaches someone.

use serde::Serialize;
use utoipa::ToSchema;
use wushe_domain::{RegionCode, RegionLevel};
use wushe_store::{Scope, regions};

use crate::error::AppResult;
use crate::state::AppState;

/// Communities listed for a search at most.
const FOUND: usize = 50;
/// Communities read from a district for a search.
const SEARCHED: i64 = 5_000;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Place {
    pub code: String,
    pub name: String,
    /// A community: choosing it opens the form.
    pub community: bool,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Picker {
    /// From the province down to the area being browsed.
    pub trail: Vec<Place>,
    /// What lies in it (or, with a search, the communities found).
    pub places: Vec<Place>,
    /// A search within the area is offered (from the district down).
    pub searchable: bool,
    pub query: String,
}

fn place(r: &regions::Region) -> Place {
    Place { code: r.code.to_string(), name: r.name.clone(), community: r.level == RegionLevel::Village }
}

/// The statistical list's placeholders under a municipality (市辖区, 县) mean nothing to a
/// resident: their districts are listed in their place.
fn placeholder(r: &regions::Region) -> bool {
    r.level == RegionLevel::City && matches!(r.name.as_str(), "市辖区" | "县")
}

async fn served_children(state: &AppState, code: &RegionCode) -> AppResult<Vec<regions::Region>> {
    let mut out = Vec::new();
    for r in regions::served_children(&state.db, code).await? {
        if placeholder(&r) {
            out.extend(regions::served_children(&state.db, &r.code).await?);
        } else {
            out.push(r);
        }
    }
    Ok(out)
}

/// The picker at `within` (the country when absent or unknown), filtered by `query` if given.
pub async fn browse(state: &AppState, within: Option<&str>, query: &str) -> AppResult<Picker> {
    let all = Scope::all();
    let area = match within.and_then(|c| RegionCode::parse(c).ok()) {
        Some(code) => regions::get(&state.db, &all, &code).await?,
        None => None,
    };
    let Some(area) = area else {
        let root = RegionCode::parse("CN").map_err(wushe_store::StoreError::Field)?;
        let places = served_children(state, &root).await?.iter().map(place).collect();
        return Ok(Picker { places, ..Picker::default() });
    };
    let trail = regions::trail(&state.db, &all, &area)
        .await?
        .iter()
        .filter(|r| r.code.as_str() != "CN" && !placeholder(r))
        .map(place)
        .collect();
    let searchable = area.level >= RegionLevel::County;
    let query = query.trim();
    let places = if searchable && !query.is_empty() {
        let q = query.to_lowercase();
        regions::villages_under(&state.db, &area.path, SEARCHED)
            .await?
            .iter()
            .filter(|v| v.name.contains(query) || wushe_domain::person::initials(&v.name).starts_with(&q))
            .take(FOUND)
            .map(place)
            .collect()
    } else {
        served_children(state, &area.code).await?.iter().map(place).collect()
    };
    Ok(Picker { trail, places, searchable, query: query.to_owned() })
}
