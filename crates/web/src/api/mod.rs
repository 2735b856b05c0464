//! The JSON API under `/api/v1`: the same operations as the pages, with the same guards, and an
//! OpenAPI document generated from these handlers.

pub mod accounts;
pub mod activities;
pub mod activity_reports;
pub mod audit;
pub mod certificates;
pub mod donor_sheets;
pub mod donors;
pub mod figures;
pub mod files;
pub mod fund_book;
pub mod funds;
pub mod grants;
pub mod hours;
pub mod matching;
pub mod messages;
pub mod needs;
pub mod organization_sheets;
pub mod organizations;
pub mod points;
pub mod referrals;
pub mod regions;
pub mod relief;
pub mod resident_sheets;
pub mod residents;
pub mod rights;
pub mod services;
pub mod session;
pub mod skills;
pub mod social_worker_sheets;
pub mod social_workers;
pub mod tasks;
pub mod volunteer_sheets;
pub mod volunteers;
pub mod wishes;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use wushe_domain::{Field, FieldError, Reason};

use crate::error::HttpError;

/// A JSON body; one that does not parse is a field error naming the body and the reason.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = HttpError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| FieldError::new(Field::Body, Reason::Malformed("unreadable".into())))?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| FieldError::new(Field::Body, Reason::Malformed(e.to_string())).into())
    }
}

/// Query parameters; a value that does not parse is a field error naming the parameter and the
/// reason (422), like a bad body, never a bare 400.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> axum::extract::FromRequestParts<S> for Query<T> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(raw.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(Query)
            .map_err(|e| FieldError::new(Field::Query, Reason::Malformed(e.to_string())).into())
    }
}

/// Every error answer: `{"error": {"code", "field", "message"}}`, the message in the caller's language.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// unauthenticated | password_change_required | second_factor_required | bad_code |
    /// second_factor_enrolment_required | forbidden | not_found | csrf | bad_login | locked |
    /// invalid | conflict | internal
    pub code: String,
    /// The field at fault, for `invalid` (and `code` for `second_factor_required` and `bad_code`).
    pub field: Option<String>,
    pub message: String,
}

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components
            .add_security_scheme("csrf", SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-CSRF-Token"))));
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Wushe API", description = "五社联动服务平台 JSON API. Sign in with POST /api/v1/session, then send the token as `Authorization: Bearer …`. Messages follow Accept-Language (zh-CN by default, en)."),
    modifiers(&Security),
    security(("bearer" = [])),
    paths(
        session::login, session::logout, session::me, session::change_password,
        messages::list, messages::open, messages::read_all,
        regions::show, regions::add_zone, regions::place,
        points::list, points::create, points::show, points::update, points::close, points::reveal,
        accounts::list, accounts::create, accounts::show, accounts::disable, accounts::enable,
        accounts::reset_password, accounts::reset_second_factor, accounts::reveal,
        audit::list,
        volunteers::list, volunteers::create, volunteers::show, volunteers::reveal,
        volunteers::correct, volunteers::erase, volunteers::personal_data, volunteers::memberships,
        volunteers::join, volunteers::leave, skills::list, skills::add, skills::retire,
        volunteer_sheets::template, volunteer_sheets::import, volunteer_sheets::export,
        organizations::list, organizations::create, organizations::show,
        organization_sheets::template, organization_sheets::import, organization_sheets::export,
        residents::list, residents::create, residents::show, residents::reveal, residents::consents,
        residents::consent, residents::withdraw, residents::correct, residents::erase, residents::personal_data,
        resident_sheets::template, resident_sheets::import, resident_sheets::export,
        social_workers::list, social_workers::create, social_workers::show, social_workers::postings,
        social_workers::repost, social_workers::reveal, social_workers::correct, social_workers::erase, social_workers::personal_data,
        social_worker_sheets::template, social_worker_sheets::import, social_worker_sheets::export,
        donors::list, donors::create, donors::show, donors::reveal, donors::correct, donors::erase, donors::personal_data,
        donor_sheets::template, donor_sheets::import, donor_sheets::export,
        needs::list, needs::create, needs::show, needs::transition, needs::note, needs::timeline, needs::submit,
        needs::track, needs::case, needs::open_case, needs::case_note,
        tasks::create, tasks::of_need, tasks::mine, tasks::invite, tasks::accept, tasks::withdraw, tasks::check_in, tasks::check_out, needs::follow_up, needs::review,
        referrals::of_need, referrals::send, referrals::show, referrals::mine, referrals::accept, referrals::decline,
        services::list, services::create, services::show, matching::volunteers, matching::organizations,
        activities::list, activities::create, activities::show, activities::publish, activities::cancel,
        activities::signups, activities::check, activities::code, activities::published, activities::sign_up,
        activities::withdraw, activities::scan, hours::mine,
        hours::of_volunteer, hours::request, hours::approve, hours::reject, hours::amend, hours::totals,
        hours::totals_xlsx, hours::raise_correction, hours::my_corrections, hours::reject_correction, hours::desk_view,
        certificates::mine, certificates::request, certificates::list, certificates::show, certificates::issue_for,
        certificates::issue, certificates::refuse, certificates::revoke, certificates::reissue, certificates::pdf,
        certificates::verify, activity_reports::show, activity_reports::write, activity_reports::add_photo,
        activity_reports::photo, funds::list, funds::create, funds::show, funds::donations, funds::donate,
        funds::add_rule, funds::reverse, funds::close, grants::of_need, grants::request, grants::approve, grants::decline,
        funds::disclosure, fund_book::appeals, fund_book::add_appeal, fund_book::ledger_xlsx, fund_book::receipt,
        wishes::of_need, wishes::publish, wishes::fulfil, wishes::withdraw, wishes::open, wishes::show, wishes::take, wishes::confirm,
        relief::care_funds, relief::list, relief::apply, relief::show, relief::approve, relief::decline,
        relief::add_document, relief::document, figures::summary, figures::records, figures::summary_xlsx,
        figures::records_xlsx, figures::charts, figures::report, figures::report_pdf,
    ),
    components(schemas(ErrorBody, ErrorDetail))
)]
pub struct ApiDoc;

/// A route as the document needs to know it: the route table's entry, without its handler.
pub struct Documented {
    pub method: axum::http::Method,
    pub path: &'static str,
    /// Behind a guard: a session is needed.
    pub guarded: bool,
}

/// The generated document with the answers every route can give besides its own, read from the
/// route table: 401 and 403 where a guard stands (403 also for an unsafe request from another
/// site), 503 when the database cannot be reached, 422 for a bad body or query, 404 (and 409
/// for a change) for a record named in the path. A client generated from it then expects
/// exactly what the server says.
pub fn document(routes: &[Documented]) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let mut doc = ApiDoc::openapi();
    let error = |what: &str| {
        ResponseBuilder::new()
            .description(what)
            .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build())
            .build()
    };
    for def in routes {
        let Some(item) = doc.paths.paths.get_mut(def.path) else { continue };
        let operation = match def.method.as_str() {
            "GET" => item.get.as_mut(),
            "POST" => item.post.as_mut(),
            "PUT" => item.put.as_mut(),
            "DELETE" => item.delete.as_mut(),
            _ => None,
        };
        let Some(op) = operation else { continue };
        let answers = &mut op.responses.responses;
        if def.guarded {
            answers.entry("401".into()).or_insert_with(|| error("not signed in").into());
            answers
                .entry("403".into())
                .or_insert_with(|| error("the role may not do this, or a password change is due").into());
        } else if def.method != axum::http::Method::GET {
            answers.entry("403".into()).or_insert_with(|| error("sent from another site").into());
        }
        answers
            .entry("503".into())
            .or_insert_with(|| error("the database cannot be reached; retry after Retry-After").into());
        let queried = op.parameters.iter().flatten().any(|p| {
            matches!(p, utoipa::openapi::RefOr::T(p) if p.parameter_in == utoipa::openapi::path::ParameterIn::Query)
        });
        if op.request_body.is_some() || queried {
            answers
                .entry("422".into())
                .or_insert_with(|| error("a field or parameter is not valid; it is named").into());
        }
        if def.path.contains('{') {
            answers.entry("404".into()).or_insert_with(|| error("no such record in the caller's area").into());
            if def.method != axum::http::Method::GET {
                answers
                    .entry("409".into())
                    .or_insert_with(|| error("the record is not in a state that allows this").into());
            }
        }
    }
    doc
}
