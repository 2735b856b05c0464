use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use wushe_domain::Lang;
use wushe_domain::authz::{Action, role_may_ever};
use wushe_domain::organization::{OrgKind, OrganizationInput, SERVICE_CATEGORIES};

use axum::extract::multipart::{Multipart, MultipartRejection};

use super::imports;
use super::layout::Chrome;
use super::{FormBody, form_message, here, parse_id, render, rerender, see_other};
use crate::auth::{Auth, Manager, ReqLang, Staff};
use crate::error::AppResult;
use crate::texts::texts;
use wushe_app::network::organization_sheets::Organizations;
use wushe_app::network::organizations::{self as ops, ListQuery};
use wushe_app::state::AppState;
use wushe_app::views::{OrganizationView, Page};

#[derive(Template)]
#[template(path = "organizations.html")]
struct ListPage {
    chrome: Chrome,
    page: Page<OrganizationView>,
    kinds: [OrgKind; 5],
    categories: [&'static str; 10],
    can_manage: bool,
    q: String,
    kind: String,
    category: String,
    region: String,
    export_query: String,
}

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Query(q): Query<ListQuery>,
    uri: axum::http::Uri,
) -> AppResult<Html<String>> {
    let page = ops::list(&state, &g.0, &q).await?;
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let enc = |v: &Option<String>| crate::pages::urlencode(&s(v));
    let export_query = format!("q={}&kind={}&category={}", enc(&q.q), enc(&q.kind), enc(&q.category));
    render(&ListPage {
        export_query,
        chrome: Chrome::new(lang, Some(&g.0), &here(&uri)),
        page,
        kinds: OrgKind::ALL,
        categories: SERVICE_CATEGORIES,
        can_manage: role_may_ever(g.account().role, Action::ManageOrganizations),
        q: s(&q.q),
        kind: s(&q.kind),
        category: s(&q.category),
        region: s(&q.region),
    })
}

#[derive(Template)]
#[template(path = "organization_form.html")]
struct FormPage {
    chrome: Chrome,
    error: Option<String>,
    input: OrganizationInput,
    kinds: [OrgKind; 5],
    categories: [&'static str; 10],
}

fn form_page(lang: Lang, auth: &Auth, input: OrganizationInput, error: Option<String>) -> FormPage {
    FormPage {
        chrome: Chrome::new(lang, Some(auth), "/organizations/new"),
        error,
        input,
        kinds: OrgKind::ALL,
        categories: SERVICE_CATEGORIES,
    }
}

pub async fn new_form(ReqLang(lang): ReqLang, g: Manager) -> AppResult<Html<String>> {
    let input = OrganizationInput { region: g.account().region_code.to_string(), ..Default::default() };
    render(&form_page(lang, &g.0, input, None))
}

pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    FormBody(input): FormBody<OrganizationInput>,
) -> AppResult<Response> {
    match ops::create(&state, &g.0, &input).await {
        Ok(o) => Ok(see_other(&format!("/organizations/{}", o.id))),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            Ok(rerender(&form_page(lang, &g.0, input, Some(msg)), &err))
        }
    }
}

#[derive(Template)]
#[template(path = "organization.html")]
struct ShowPage {
    chrome: Chrome,
    o: OrganizationView,
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    let o = ops::get(&state, &g.0, parse_id(&id)?).await?;
    let here = format!("/organizations/{}", o.id);
    render(&ShowPage { chrome: Chrome::new(lang, Some(&g.0), &here), o: (&o).into() })
}

pub async fn import_form(ReqLang(lang): ReqLang, g: Manager) -> AppResult<Html<String>> {
    imports::form(lang, &g.0, texts(lang).organizations_title, "/organizations")
}

pub async fn import(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Manager,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    imports::submit::<Organizations>(&state, lang, &g.0, multipart, texts(lang).organizations_title, "/organizations")
        .await
}
