//! Activities, their public pages and sign-up, check-in and reports.

use axum::http::Method;
use axum::routing::{get, post, put};

use super::table::{Guard::*, Record, RouteDef, r, upload};
use crate::{api, pages};

pub(super) fn routes() -> Vec<RouteDef> {
    vec![
        r(Method::GET, "/activities", Staff, || get(pages::activities::list)),
        r(Method::GET, "/activities/new", Planner, || get(pages::activities::new_form)),
        r(Method::POST, "/activities", Planner, || post(pages::activities::create)),
        r(Method::GET, "/activities/{id}", Staff, || get(pages::activities::show)).names(Record::Activity),
        r(Method::POST, "/activities/{id}/publish", Planner, || post(pages::activities::publish))
            .names(Record::Activity),
        r(Method::POST, "/activities/{id}/cancel", Planner, || post(pages::activities::cancel)).names(Record::Activity),
        r(Method::POST, "/activities/{id}/check-in", Planner, || post(pages::activities::check))
            .names(Record::Activity),
        r(Method::GET, "/activities/{id}/code", Planner, || get(pages::activities::code)).names(Record::Activity),
        r(Method::POST, "/activities/{id}/report", Planner, || post(pages::activities::report)).names(Record::Activity),
        r(Method::POST, "/activities/{id}/photos", Planner, || upload(post(pages::activities::add_photo)))
            .names(Record::Activity),
        r(Method::GET, "/public/activities", Public, || get(pages::activities_public::list)),
        r(Method::GET, "/public/activities/{id}", Public, || get(pages::activities_public::show)).names(Record::Public),
        r(Method::POST, "/public/activities/{id}/sign-up", Signed, || post(pages::activities_public::sign_up))
            .names(Record::Public),
        r(Method::POST, "/public/activities/{id}/withdraw", Signed, || post(pages::activities_public::withdraw))
            .names(Record::Public),
        r(Method::GET, "/check-in", Signed, || get(pages::activities_public::scan_form)),
        r(Method::POST, "/check-in", Signed, || post(pages::activities_public::scan)),
        r(Method::GET, "/api/v1/activities", Staff, || get(api::activities::list)),
        r(Method::POST, "/api/v1/activities", Planner, || post(api::activities::create)),
        r(Method::GET, "/api/v1/activities/{id}", Staff, || get(api::activities::show)).names(Record::Activity),
        r(Method::POST, "/api/v1/activities/{id}/publish", Planner, || post(api::activities::publish))
            .names(Record::Activity),
        r(Method::POST, "/api/v1/activities/{id}/cancel", Planner, || post(api::activities::cancel))
            .names(Record::Activity),
        r(Method::GET, "/api/v1/activities/{id}/signups", Staff, || get(api::activities::signups))
            .names(Record::Activity),
        r(Method::POST, "/api/v1/activities/{id}/check-in", Planner, || post(api::activities::check))
            .names(Record::Activity),
        r(Method::GET, "/api/v1/activities/{id}/code", Planner, || get(api::activities::code)).names(Record::Activity),
        r(Method::GET, "/api/v1/activities/{id}/report", Staff, || get(api::activity_reports::show))
            .names(Record::Activity),
        r(Method::PUT, "/api/v1/activities/{id}/report", Planner, || put(api::activity_reports::write))
            .names(Record::Activity),
        r(Method::POST, "/api/v1/activities/{id}/photos", Planner, || upload(post(api::activity_reports::add_photo)))
            .names(Record::Activity),
        r(Method::GET, "/api/v1/activity-photos/{id}", Staff, || get(api::activity_reports::photo))
            .names(Record::ActivityPhoto),
        r(Method::GET, "/api/v1/public/activities", Public, || get(api::activities::published)),
        r(Method::POST, "/api/v1/public/activities/{id}/sign-up", Signed, || post(api::activities::sign_up))
            .names(Record::Public),
        r(Method::POST, "/api/v1/public/activities/{id}/withdraw", Signed, || post(api::activities::withdraw))
            .names(Record::Public),
        r(Method::POST, "/api/v1/check-in", Signed, || post(api::activities::scan)),
    ]
}
