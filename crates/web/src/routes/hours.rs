//! The hours record, the desk that approves and corrects it, certificates and their public check.

use axum::http::Method;
use axum::routing::{get, post};

use super::table::{Guard::*, Record, RouteDef, r};
use crate::{api, pages};

pub(super) fn routes() -> Vec<RouteDef> {
    vec![
        r(Method::GET, "/me/hours", Volunteer, || get(pages::hours::mine)),
        r(Method::GET, "/hours", Staff, || get(pages::hours::totals)),
        r(Method::POST, "/me/hours/{id}/correction", Volunteer, || post(pages::hours::correction))
            .names(Record::HoursEntry),
        r(Method::POST, "/me/certificates", Volunteer, || post(pages::hours::request_certificate)),
        r(Method::GET, "/hours/desk", Planner, || get(pages::hours_desk::show)),
        r(Method::POST, "/hours-requests/{id}/approve", Planner, || post(pages::hours_desk::approve))
            .names(Record::HoursRequest),
        r(Method::POST, "/hours-requests/{id}/reject", Planner, || post(pages::hours_desk::reject))
            .names(Record::HoursRequest),
        r(Method::POST, "/hours/{id}/amend", Planner, || post(pages::hours_desk::amend)).names(Record::HoursEntry),
        r(Method::POST, "/hours-corrections/{id}/reject", Planner, || post(pages::hours_desk::keep))
            .names(Record::HoursCorrection),
        r(Method::POST, "/certificates/{id}/issue", Planner, || post(pages::hours_desk::issue))
            .names(Record::Certificate),
        r(Method::POST, "/certificates/{id}/refuse", Planner, || post(pages::hours_desk::refuse))
            .names(Record::Certificate),
        r(Method::POST, "/certificates/{id}/revoke", Planner, || post(pages::hours_desk::revoke))
            .names(Record::Certificate),
        r(Method::POST, "/certificates/{id}/reissue", Planner, || post(pages::hours_desk::reissue))
            .names(Record::Certificate),
        r(Method::GET, "/volunteers/{id}/hours", Staff, || get(pages::hours_desk::record)).names(Record::Volunteer),
        r(Method::POST, "/volunteers/{id}/hours", Planner, || post(pages::hours_desk::back_entry))
            .names(Record::Volunteer),
        r(Method::POST, "/volunteers/{id}/certificates", Planner, || post(pages::hours_desk::issue_for))
            .names(Record::Volunteer),
        r(Method::GET, "/public/certificates", Public, || get(pages::certificates_public::form)),
        r(Method::GET, "/public/certificates/{number}", Public, || get(pages::certificates_public::show))
            .names(Record::Public),
        r(Method::GET, "/api/v1/me/hours", Volunteer, || get(api::hours::mine)),
        r(Method::GET, "/api/v1/volunteers/{id}/hours", Staff, || get(api::hours::of_volunteer))
            .names(Record::Volunteer),
        r(Method::POST, "/api/v1/volunteers/{id}/hours", Planner, || post(api::hours::request))
            .names(Record::Volunteer),
        r(Method::POST, "/api/v1/hours-requests/{id}/approve", Planner, || post(api::hours::approve))
            .names(Record::HoursRequest),
        r(Method::POST, "/api/v1/hours-requests/{id}/reject", Planner, || post(api::hours::reject))
            .names(Record::HoursRequest),
        r(Method::POST, "/api/v1/hours/{id}/amend", Planner, || post(api::hours::amend)).names(Record::HoursEntry),
        r(Method::GET, "/api/v1/hours/totals", Staff, || get(api::hours::totals)),
        r(Method::GET, "/api/v1/hours/totals.xlsx", Staff, || get(api::hours::totals_xlsx)),
        r(Method::GET, "/api/v1/hours/desk", Planner, || get(api::hours::desk_view)),
        r(Method::GET, "/api/v1/me/hours/corrections", Volunteer, || get(api::hours::my_corrections)),
        r(Method::POST, "/api/v1/me/hours/{id}/corrections", Volunteer, || post(api::hours::raise_correction))
            .names(Record::HoursEntry),
        r(Method::POST, "/api/v1/hours-corrections/{id}/reject", Planner, || post(api::hours::reject_correction))
            .names(Record::HoursCorrection),
        r(Method::GET, "/api/v1/me/certificates", Volunteer, || get(api::certificates::mine)),
        r(Method::POST, "/api/v1/me/certificates", Volunteer, || post(api::certificates::request)),
        r(Method::GET, "/api/v1/certificates", Staff, || get(api::certificates::list)),
        r(Method::GET, "/api/v1/certificates/{id}", Staff, || get(api::certificates::show)).names(Record::Certificate),
        r(Method::GET, "/api/v1/certificates/{id}/pdf", Signed, || get(api::certificates::pdf))
            .names(Record::Certificate),
        r(Method::POST, "/api/v1/volunteers/{id}/certificates", Planner, || post(api::certificates::issue_for))
            .names(Record::Volunteer),
        r(Method::POST, "/api/v1/certificates/{id}/issue", Planner, || post(api::certificates::issue))
            .names(Record::Certificate),
        r(Method::POST, "/api/v1/certificates/{id}/refuse", Planner, || post(api::certificates::refuse))
            .names(Record::Certificate),
        r(Method::POST, "/api/v1/certificates/{id}/revoke", Planner, || post(api::certificates::revoke))
            .names(Record::Certificate),
        r(Method::POST, "/api/v1/certificates/{id}/reissue", Planner, || post(api::certificates::reissue))
            .names(Record::Certificate),
        r(Method::GET, "/api/v1/public/certificates/{number}", Public, || get(api::certificates::verify))
            .names(Record::Public),
    ]
}
