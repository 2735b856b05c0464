//! Needs and their cases, referrals, matching and tasks, service records, micro-wishes and the public help form.

use axum::http::Method;
use axum::routing::{get, post};

use super::table::{Guard::*, Record, RouteDef, r};
use crate::{api, pages};

pub(super) fn routes() -> Vec<RouteDef> {
    vec![
        r(Method::GET, "/needs", Staff, || get(pages::needs::list)),
        r(Method::POST, "/needs", PeopleManager, || post(pages::needs::create)),
        r(Method::GET, "/needs/new", PeopleManager, || get(pages::needs::new_form)),
        r(Method::GET, "/needs/{id}", Staff, || get(pages::needs::show)).names(Record::Need),
        r(Method::POST, "/needs/{id}/status", PeopleManager, || post(pages::needs::transition)).names(Record::Need),
        r(Method::POST, "/needs/{id}/notes", PeopleManager, || post(pages::needs::note)).names(Record::Need),
        r(Method::POST, "/needs/{id}/case", PeopleManager, || post(pages::needs::open_case)).names(Record::Need),
        r(Method::POST, "/needs/{id}/case/notes", PeopleManager, || post(pages::needs::case_note)).names(Record::Need),
        r(Method::POST, "/needs/{id}/tasks", PeopleManager, || post(pages::needs::dispatch)).names(Record::Need),
        r(Method::POST, "/needs/{id}/invitations", PeopleManager, || post(pages::needs::invite)).names(Record::Need),
        r(Method::POST, "/needs/{id}/follow-up", PeopleManager, || post(pages::needs::follow_up)).names(Record::Need),
        r(Method::POST, "/needs/{id}/review", Manager, || post(pages::needs::review)).names(Record::Need),
        r(Method::GET, "/tasks", Volunteer, || get(pages::tasks::list)),
        r(Method::POST, "/tasks/{id}/accept", Volunteer, || post(pages::tasks::accept)).names(Record::Task),
        r(Method::POST, "/tasks/{id}/withdraw", Volunteer, || post(pages::tasks::withdraw)).names(Record::Task),
        r(Method::POST, "/tasks/{id}/check-in", Volunteer, || post(pages::tasks::check_in)).names(Record::Task),
        r(Method::POST, "/tasks/{id}/check-out", Volunteer, || post(pages::tasks::check_out)).names(Record::Task),
        r(Method::POST, "/needs/{id}/referrals", PeopleManager, || post(pages::needs::refer)).names(Record::Need),
        r(Method::GET, "/referrals", OrgStaff, || get(pages::referrals::list)),
        r(Method::POST, "/referrals/{id}/accept", OrgStaff, || post(pages::referrals::accept)).names(Record::Referral),
        r(Method::POST, "/referrals/{id}/decline", OrgStaff, || post(pages::referrals::decline))
            .names(Record::Referral),
        r(Method::GET, "/public/wishes", Public, || get(pages::wishes_public::list)),
        r(Method::GET, "/public/wishes/{id}", Public, || get(pages::wishes_public::show)).names(Record::Public),
        r(Method::POST, "/public/wishes/{id}/take", Public, || post(pages::wishes_public::take)).names(Record::Public),
        r(Method::POST, "/needs/{id}/grants", PeopleManager, || post(pages::need_charity::ask_grant))
            .names(Record::Need),
        r(Method::POST, "/needs/{id}/wish", PeopleManager, || post(pages::need_charity::publish_wish))
            .names(Record::Need),
        r(Method::POST, "/wishes/{id}/fulfil", PeopleManager, || post(pages::need_charity::fulfil_wish))
            .names(Record::Wish),
        r(Method::POST, "/wishes/{id}/withdraw", PeopleManager, || post(pages::need_charity::withdraw_wish))
            .names(Record::Wish),
        r(Method::POST, "/wishes/{id}/confirm", PeopleManager, || post(pages::need_charity::confirm_wish))
            .names(Record::Wish),
        r(Method::GET, "/service-records", Staff, || get(pages::services::list)),
        r(Method::GET, "/service-records/new", PeopleManager, || get(pages::services::new_form)),
        r(Method::POST, "/service-records", PeopleManager, || post(pages::services::create)),
        r(Method::GET, "/service-records/{id}", Staff, || get(pages::services::show)).names(Record::ServiceRecord),
        r(Method::GET, "/help", Public, || get(pages::help::form)),
        r(Method::POST, "/help", Public, || post(pages::help::submit)),
        r(Method::GET, "/help/track", Public, || get(pages::help::track)),
        r(Method::GET, "/api/v1/needs", Staff, || get(api::needs::list)),
        r(Method::POST, "/api/v1/needs", PeopleManager, || post(api::needs::create)),
        r(Method::GET, "/api/v1/needs/{id}", Staff, || get(api::needs::show)).names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/status", PeopleManager, || post(api::needs::transition))
            .names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/notes", PeopleManager, || post(api::needs::note)).names(Record::Need),
        r(Method::GET, "/api/v1/needs/{id}/timeline", Staff, || get(api::needs::timeline)).names(Record::Need),
        r(Method::GET, "/api/v1/needs/{id}/case", Staff, || get(api::needs::case)).names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/case", PeopleManager, || post(api::needs::open_case)).names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/case/notes", PeopleManager, || post(api::needs::case_note))
            .names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/follow-up", PeopleManager, || post(api::needs::follow_up))
            .names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/review", Manager, || post(api::needs::review)).names(Record::Need),
        r(Method::GET, "/api/v1/needs/{id}/tasks", Staff, || get(api::tasks::of_need)).names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/tasks", PeopleManager, || post(api::tasks::create)).names(Record::Need),
        r(Method::GET, "/api/v1/tasks", Volunteer, || get(api::tasks::mine)),
        r(Method::POST, "/api/v1/tasks/{id}/invitations", PeopleManager, || post(api::tasks::invite))
            .names(Record::Task),
        r(Method::POST, "/api/v1/tasks/{id}/accept", Volunteer, || post(api::tasks::accept)).names(Record::Task),
        r(Method::POST, "/api/v1/tasks/{id}/withdraw", Volunteer, || post(api::tasks::withdraw)).names(Record::Task),
        r(Method::POST, "/api/v1/tasks/{id}/check-in", Volunteer, || post(api::tasks::check_in)).names(Record::Task),
        r(Method::POST, "/api/v1/tasks/{id}/check-out", Volunteer, || post(api::tasks::check_out)).names(Record::Task),
        r(Method::GET, "/api/v1/needs/{id}/referrals", Staff, || get(api::referrals::of_need)).names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/referrals", PeopleManager, || post(api::referrals::send))
            .names(Record::Need),
        r(Method::GET, "/api/v1/referrals", OrgStaff, || get(api::referrals::mine)),
        r(Method::GET, "/api/v1/referrals/{id}", Staff, || get(api::referrals::show)).names(Record::Referral),
        r(Method::POST, "/api/v1/referrals/{id}/accept", OrgStaff, || post(api::referrals::accept))
            .names(Record::Referral),
        r(Method::POST, "/api/v1/referrals/{id}/decline", OrgStaff, || post(api::referrals::decline))
            .names(Record::Referral),
        r(Method::GET, "/api/v1/needs/{id}/recommendations", Staff, || get(api::matching::organizations))
            .names(Record::Need),
        r(Method::GET, "/api/v1/tasks/{id}/recommendations", Staff, || get(api::matching::volunteers))
            .names(Record::Task),
        r(Method::GET, "/api/v1/needs/{id}/wish", Staff, || get(api::wishes::of_need)).names(Record::Need),
        r(Method::POST, "/api/v1/needs/{id}/wish", PeopleManager, || post(api::wishes::publish)).names(Record::Need),
        r(Method::POST, "/api/v1/wishes/{id}/fulfil", PeopleManager, || post(api::wishes::fulfil)).names(Record::Wish),
        r(Method::POST, "/api/v1/wishes/{id}/withdraw", PeopleManager, || post(api::wishes::withdraw))
            .names(Record::Wish),
        r(Method::POST, "/api/v1/wishes/{id}/confirm", PeopleManager, || post(api::wishes::confirm))
            .names(Record::Wish),
        r(Method::GET, "/api/v1/public/wishes", Public, || get(api::wishes::open)),
        r(Method::GET, "/api/v1/public/wishes/{id}", Public, || get(api::wishes::show)).names(Record::Public),
        r(Method::POST, "/api/v1/public/wishes/{id}/take", Public, || post(api::wishes::take)).names(Record::Public),
        r(Method::GET, "/api/v1/service-records", Staff, || get(api::services::list)),
        r(Method::POST, "/api/v1/service-records", PeopleManager, || post(api::services::create)),
        r(Method::GET, "/api/v1/service-records/{id}", Staff, || get(api::services::show)).names(Record::ServiceRecord),
        r(Method::POST, "/api/v1/public/needs", Public, || post(api::needs::submit)),
        r(Method::GET, "/api/v1/public/needs/{code}", Public, || get(api::needs::track)).names(Record::Public),
    ]
}
