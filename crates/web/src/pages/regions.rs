use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use serde::Deserialize;
use wushe_domain::authz::{Action, role_may_ever};
use wushe_domain::{RegionCode, RegionLevel, ServicePointLevel};

use super::layout::Chrome;
use super::{FormBody, render, see_other};
use crate::auth::{Admin, ReqLang, Staff};
use crate::error::{AppError, AppResult};
use wushe_app::network::regions as ops;
use wushe_app::state::AppState;
use wushe_app::views::RegionDetail;

#[derive(Template)]
#[template(path = "region.html")]
struct RegionPage {
    chrome: Chrome,
    d: RegionDetail,
    can_add_point: bool,
    show_add_zone: bool,
    show_place: bool,
}

pub fn parse_code(raw: &str) -> AppResult<RegionCode> {
    RegionCode::parse(raw).map_err(|_| AppError::NotFound.into())
}

pub async fn home(g: Staff) -> Response {
    see_other(&format!("/regions/{}", ops::home(&g.0)))
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(code): Path<String>,
    uri: axum::http::Uri,
) -> AppResult<Html<String>> {
    let code = parse_code(&code)?;
    let d = ops::detail(&state, &g.0, &code).await?;
    let role = g.account().role;
    let can_add_point = ServicePointLevel::for_region_level(d.region.level)
        .is_some_and(|l| wushe_domain::authz::may_manage_point(role, l));
    let admin = role_may_ever(role, Action::ManageRegions);
    let page = RegionPage {
        chrome: Chrome::new(lang, Some(&g.0), &super::here(&uri)),
        can_add_point,
        show_add_zone: admin && matches!(d.region.level, RegionLevel::Province | RegionLevel::City),
        show_place: admin && d.region.level == RegionLevel::Township,
        d,
    };
    render(&page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ZoneForm {
    name: String,
}

pub async fn add_zone(
    State(state): State<AppState>,
    g: Admin,
    Path(code): Path<String>,
    FormBody(f): FormBody<ZoneForm>,
) -> AppResult<Response> {
    let code = parse_code(&code)?;
    let zone = ops::add_zone(&state, &g.0, &code, &f.name).await?;
    Ok(see_other(&format!("/regions/{}", zone.code)))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PlaceForm {
    county: String,
}

pub async fn place(
    State(state): State<AppState>,
    g: Admin,
    Path(code): Path<String>,
    FormBody(f): FormBody<PlaceForm>,
) -> AppResult<Response> {
    let code = parse_code(&code)?;
    let moved = ops::place_township(&state, &g.0, &code, &f.county).await?;
    Ok(see_other(&format!("/regions/{}", moved.code)))
}
