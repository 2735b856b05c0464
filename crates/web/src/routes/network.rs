//! Regions and zones, service points, organizations and their memberships.

use axum::http::Method;
use axum::routing::{get, post, put};

use super::table::{Guard::*, Record, RouteDef, r, upload};
use crate::{api, pages};

pub(super) fn routes() -> Vec<RouteDef> {
    vec![
        r(Method::GET, "/regions", Staff, || get(pages::regions::home)),
        r(Method::GET, "/regions/{code}", Staff, || get(pages::regions::show)).names(Record::Region),
        r(Method::POST, "/regions/{code}/zones", Admin, || post(pages::regions::add_zone)).names(Record::Region),
        r(Method::POST, "/regions/{code}/placement", Admin, || post(pages::regions::place)).names(Record::Region),
        r(Method::GET, "/service-points", Staff, || get(pages::points::list)),
        r(Method::POST, "/service-points", Manager, || post(pages::points::create)),
        r(Method::GET, "/service-points/new", Manager, || get(pages::points::new_form)),
        r(Method::GET, "/service-points/{id}", Staff, || get(pages::points::show)).names(Record::Point),
        r(Method::POST, "/service-points/{id}", Manager, || post(pages::points::update)).names(Record::Point),
        r(Method::GET, "/service-points/{id}/edit", Manager, || get(pages::points::edit_form)).names(Record::Point),
        r(Method::POST, "/service-points/{id}/close", Manager, || post(pages::points::close)).names(Record::Point),
        r(Method::POST, "/service-points/{id}/reveal", Manager, || post(pages::points::reveal)).names(Record::Point),
        r(Method::GET, "/organizations", Staff, || get(pages::organizations::list)),
        r(Method::POST, "/organizations", Manager, || post(pages::organizations::create)),
        r(Method::GET, "/organizations/new", Manager, || get(pages::organizations::new_form)),
        r(Method::GET, "/organizations/{id}", Staff, || get(pages::organizations::show)).names(Record::Organization),
        r(Method::GET, "/organizations/import", Manager, || get(pages::organizations::import_form)),
        r(Method::POST, "/organizations/import", Manager, || upload(post(pages::organizations::import))),
        r(Method::GET, "/organizations/template.xlsx", Staff, || get(api::organization_sheets::template)),
        r(Method::GET, "/organizations/export.xlsx", Staff, || get(api::organization_sheets::export)),
        r(Method::POST, "/volunteers/{id}/memberships", PeopleManager, || post(pages::memberships::join))
            .names(Record::Volunteer),
        r(Method::POST, "/volunteers/{id}/memberships/leave", PeopleManager, || post(pages::memberships::leave))
            .names(Record::Volunteer),
        r(Method::GET, "/api/v1/regions/{code}", Staff, || get(api::regions::show)).names(Record::Region),
        r(Method::POST, "/api/v1/regions/{code}/zones", Admin, || post(api::regions::add_zone)).names(Record::Region),
        r(Method::POST, "/api/v1/regions/{code}/placement", Admin, || post(api::regions::place)).names(Record::Region),
        r(Method::GET, "/api/v1/service-points", Staff, || get(api::points::list)),
        r(Method::POST, "/api/v1/service-points", Manager, || post(api::points::create)),
        r(Method::GET, "/api/v1/service-points/{id}", Staff, || get(api::points::show)).names(Record::Point),
        r(Method::PUT, "/api/v1/service-points/{id}", Manager, || put(api::points::update)).names(Record::Point),
        r(Method::POST, "/api/v1/service-points/{id}/close", Manager, || post(api::points::close)).names(Record::Point),
        r(Method::POST, "/api/v1/service-points/{id}/reveal", Manager, || post(api::points::reveal))
            .names(Record::Point),
        r(Method::GET, "/api/v1/organizations", Staff, || get(api::organizations::list)),
        r(Method::POST, "/api/v1/organizations", Manager, || post(api::organizations::create)),
        r(Method::GET, "/api/v1/organizations/{id}", Staff, || get(api::organizations::show))
            .names(Record::Organization),
        r(Method::GET, "/api/v1/organizations/template.xlsx", Staff, || get(api::organization_sheets::template)),
        r(Method::POST, "/api/v1/organizations/import", Manager, || upload(post(api::organization_sheets::import))),
        r(Method::GET, "/api/v1/organizations/export.xlsx", Staff, || get(api::organization_sheets::export)),
    ]
}
