//! The people registries: volunteers, residents, social workers, donors, with their sheets and rights; the skills list.

use axum::http::Method;
use axum::routing::{delete, get, post, put};

use super::table::{Guard::*, Record, RouteDef, r, upload};
use crate::{api, pages};

pub(super) fn routes() -> Vec<RouteDef> {
    vec![
        r(Method::GET, "/residents", Staff, || get(pages::residents::list)),
        r(Method::POST, "/residents", PeopleManager, || post(pages::residents::create)),
        r(Method::GET, "/residents/new", PeopleManager, || get(pages::residents::new_form)),
        r(Method::GET, "/residents/{id}", Staff, || get(pages::residents::show)).names(Record::Resident),
        r(Method::POST, "/residents/{id}/reveal", PeopleManager, || post(pages::residents::reveal))
            .names(Record::Resident),
        r(Method::POST, "/residents/{id}", PeopleManager, || post(pages::residents::update)).names(Record::Resident),
        r(Method::GET, "/residents/{id}/edit", PeopleManager, || get(pages::residents::edit_form))
            .names(Record::Resident),
        r(Method::POST, "/residents/{id}/personal-data", PeopleManager, || post(pages::residents::personal_data))
            .names(Record::Resident),
        r(Method::POST, "/residents/{id}/erase", PeopleManager, || post(pages::residents::erase))
            .names(Record::Resident),
        r(Method::POST, "/residents/{id}/consents", PeopleManager, || post(pages::residents::consent))
            .names(Record::Resident),
        r(Method::GET, "/residents/import", PeopleManager, || get(pages::residents::import_form)),
        r(Method::POST, "/residents/import", PeopleManager, || upload(post(pages::residents::import))),
        r(Method::GET, "/residents/template.xlsx", Staff, || get(api::resident_sheets::template)),
        r(Method::GET, "/residents/export.xlsx", Staff, || get(api::resident_sheets::export)),
        r(Method::GET, "/social-workers", Staff, || get(pages::social_workers::list)),
        r(Method::POST, "/social-workers", Manager, || post(pages::social_workers::create)),
        r(Method::GET, "/social-workers/new", Manager, || get(pages::social_workers::new_form)),
        r(Method::GET, "/social-workers/{id}", Staff, || get(pages::social_workers::show)).names(Record::SocialWorker),
        r(Method::POST, "/social-workers/{id}", Manager, || post(pages::social_workers::update))
            .names(Record::SocialWorker),
        r(Method::GET, "/social-workers/{id}/edit", Manager, || get(pages::social_workers::edit_form))
            .names(Record::SocialWorker),
        r(Method::POST, "/social-workers/{id}/postings", Manager, || post(pages::social_workers::repost))
            .names(Record::SocialWorker),
        r(Method::POST, "/social-workers/{id}/reveal", Manager, || post(pages::social_workers::reveal))
            .names(Record::SocialWorker),
        r(Method::POST, "/social-workers/{id}/personal-data", Manager, || post(pages::social_workers::personal_data))
            .names(Record::SocialWorker),
        r(Method::POST, "/social-workers/{id}/erase", Manager, || post(pages::social_workers::erase))
            .names(Record::SocialWorker),
        r(Method::GET, "/social-workers/import", Manager, || get(pages::social_workers::import_form)),
        r(Method::POST, "/social-workers/import", Manager, || upload(post(pages::social_workers::import))),
        r(Method::GET, "/social-workers/template.xlsx", Staff, || get(api::social_worker_sheets::template)),
        r(Method::GET, "/social-workers/export.xlsx", Staff, || get(api::social_worker_sheets::export)),
        r(Method::GET, "/donors", Staff, || get(pages::donors::list)),
        r(Method::POST, "/donors", PeopleManager, || post(pages::donors::create)),
        r(Method::GET, "/donors/new", PeopleManager, || get(pages::donors::new_form)),
        r(Method::GET, "/donors/{id}", Staff, || get(pages::donors::show)).names(Record::Donor),
        r(Method::POST, "/donors/{id}", PeopleManager, || post(pages::donors::update)).names(Record::Donor),
        r(Method::GET, "/donors/{id}/edit", PeopleManager, || get(pages::donors::edit_form)).names(Record::Donor),
        r(Method::POST, "/donors/{id}/reveal", PeopleManager, || post(pages::donors::reveal)).names(Record::Donor),
        r(Method::POST, "/donors/{id}/personal-data", PeopleManager, || post(pages::donors::personal_data))
            .names(Record::Donor),
        r(Method::POST, "/donors/{id}/erase", PeopleManager, || post(pages::donors::erase)).names(Record::Donor),
        r(Method::GET, "/donors/import", PeopleManager, || get(pages::donors::import_form)),
        r(Method::POST, "/donors/import", PeopleManager, || upload(post(pages::donors::import))),
        r(Method::GET, "/donors/template.xlsx", Staff, || get(api::donor_sheets::template)),
        r(Method::GET, "/donors/export.xlsx", Staff, || get(api::donor_sheets::export)),
        r(Method::GET, "/skills", Admin, || get(pages::skills::list)),
        r(Method::POST, "/skills", Admin, || post(pages::skills::add)),
        r(Method::POST, "/skills/retire", Admin, || post(pages::skills::retire)),
        r(Method::GET, "/volunteers", Staff, || get(pages::volunteers::list)),
        r(Method::POST, "/volunteers", PeopleManager, || post(pages::volunteers::create)),
        r(Method::GET, "/volunteers/new", PeopleManager, || get(pages::volunteers::new_form)),
        r(Method::GET, "/volunteers/{id}", Staff, || get(pages::volunteers::show)).names(Record::Volunteer),
        r(Method::POST, "/volunteers/{id}/reveal", PeopleManager, || post(pages::volunteers::reveal))
            .names(Record::Volunteer),
        r(Method::POST, "/volunteers/{id}", PeopleManager, || post(pages::volunteers::update)).names(Record::Volunteer),
        r(Method::GET, "/volunteers/{id}/edit", PeopleManager, || get(pages::volunteers::edit_form))
            .names(Record::Volunteer),
        r(Method::POST, "/volunteers/{id}/personal-data", PeopleManager, || post(pages::volunteers::personal_data))
            .names(Record::Volunteer),
        r(Method::POST, "/volunteers/{id}/erase", PeopleManager, || post(pages::volunteers::erase))
            .names(Record::Volunteer),
        r(Method::GET, "/volunteers/import", PeopleManager, || get(pages::volunteers::import_form)),
        r(Method::POST, "/volunteers/import", PeopleManager, || upload(post(pages::volunteers::import))),
        r(Method::GET, "/volunteers/template.xlsx", Staff, || get(api::volunteer_sheets::template)),
        r(Method::GET, "/volunteers/export.xlsx", Staff, || get(api::volunteer_sheets::export)),
        r(Method::GET, "/api/v1/volunteers", Staff, || get(api::volunteers::list)),
        r(Method::POST, "/api/v1/volunteers", PeopleManager, || post(api::volunteers::create)),
        r(Method::GET, "/api/v1/volunteers/{id}", Staff, || get(api::volunteers::show)).names(Record::Volunteer),
        r(Method::POST, "/api/v1/volunteers/{id}/reveal", PeopleManager, || post(api::volunteers::reveal))
            .names(Record::Volunteer),
        r(Method::PUT, "/api/v1/volunteers/{id}", PeopleManager, || put(api::volunteers::correct))
            .names(Record::Volunteer),
        r(Method::DELETE, "/api/v1/volunteers/{id}", PeopleManager, || delete(api::volunteers::erase))
            .names(Record::Volunteer),
        r(Method::POST, "/api/v1/volunteers/{id}/personal-data", PeopleManager, || {
            post(api::volunteers::personal_data)
        })
        .names(Record::Volunteer),
        r(Method::GET, "/api/v1/volunteers/{id}/memberships", Staff, || get(api::volunteers::memberships))
            .names(Record::Volunteer),
        r(Method::POST, "/api/v1/volunteers/{id}/memberships", PeopleManager, || post(api::volunteers::join))
            .names(Record::Volunteer),
        r(Method::POST, "/api/v1/volunteers/{id}/memberships/leave", PeopleManager, || post(api::volunteers::leave))
            .names(Record::Volunteer),
        r(Method::GET, "/api/v1/skills", Staff, || get(api::skills::list)),
        r(Method::POST, "/api/v1/skills", Admin, || post(api::skills::add)),
        r(Method::POST, "/api/v1/skills/retire", Admin, || post(api::skills::retire)),
        r(Method::GET, "/api/v1/volunteers/template.xlsx", Staff, || get(api::volunteer_sheets::template)),
        r(Method::POST, "/api/v1/volunteers/import", PeopleManager, || upload(post(api::volunteer_sheets::import))),
        r(Method::GET, "/api/v1/volunteers/export.xlsx", Staff, || get(api::volunteer_sheets::export)),
        r(Method::GET, "/api/v1/residents", Staff, || get(api::residents::list)),
        r(Method::POST, "/api/v1/residents", PeopleManager, || post(api::residents::create)),
        r(Method::GET, "/api/v1/residents/{id}", Staff, || get(api::residents::show)).names(Record::Resident),
        r(Method::POST, "/api/v1/residents/{id}/reveal", PeopleManager, || post(api::residents::reveal))
            .names(Record::Resident),
        r(Method::GET, "/api/v1/residents/{id}/consents", Staff, || get(api::residents::consents))
            .names(Record::Resident),
        r(Method::POST, "/api/v1/residents/{id}/consents", PeopleManager, || post(api::residents::consent))
            .names(Record::Resident),
        r(Method::POST, "/api/v1/residents/{id}/consents/withdraw", PeopleManager, || post(api::residents::withdraw))
            .names(Record::Resident),
        r(Method::PUT, "/api/v1/residents/{id}", PeopleManager, || put(api::residents::correct))
            .names(Record::Resident),
        r(Method::DELETE, "/api/v1/residents/{id}", PeopleManager, || delete(api::residents::erase))
            .names(Record::Resident),
        r(Method::POST, "/api/v1/residents/{id}/personal-data", PeopleManager, || post(api::residents::personal_data))
            .names(Record::Resident),
        r(Method::GET, "/api/v1/residents/template.xlsx", Staff, || get(api::resident_sheets::template)),
        r(Method::POST, "/api/v1/residents/import", PeopleManager, || upload(post(api::resident_sheets::import))),
        r(Method::GET, "/api/v1/residents/export.xlsx", Staff, || get(api::resident_sheets::export)),
        r(Method::GET, "/api/v1/social-workers", Staff, || get(api::social_workers::list)),
        r(Method::POST, "/api/v1/social-workers", Manager, || post(api::social_workers::create)),
        r(Method::GET, "/api/v1/social-workers/{id}", Staff, || get(api::social_workers::show))
            .names(Record::SocialWorker),
        r(Method::POST, "/api/v1/social-workers/{id}/reveal", Manager, || post(api::social_workers::reveal))
            .names(Record::SocialWorker),
        r(Method::GET, "/api/v1/social-workers/{id}/postings", Staff, || get(api::social_workers::postings))
            .names(Record::SocialWorker),
        r(Method::GET, "/api/v1/social-workers/template.xlsx", Staff, || get(api::social_worker_sheets::template)),
        r(Method::POST, "/api/v1/social-workers/import", Manager, || upload(post(api::social_worker_sheets::import))),
        r(Method::GET, "/api/v1/social-workers/export.xlsx", Staff, || get(api::social_worker_sheets::export)),
        r(Method::POST, "/api/v1/social-workers/{id}/postings", Manager, || post(api::social_workers::repost))
            .names(Record::SocialWorker),
        r(Method::PUT, "/api/v1/social-workers/{id}", Manager, || put(api::social_workers::correct))
            .names(Record::SocialWorker),
        r(Method::DELETE, "/api/v1/social-workers/{id}", Manager, || delete(api::social_workers::erase))
            .names(Record::SocialWorker),
        r(Method::POST, "/api/v1/social-workers/{id}/personal-data", Manager, || {
            post(api::social_workers::personal_data)
        })
        .names(Record::SocialWorker),
        r(Method::GET, "/api/v1/donors", Staff, || get(api::donors::list)),
        r(Method::POST, "/api/v1/donors", PeopleManager, || post(api::donors::create)),
        r(Method::GET, "/api/v1/donors/{id}", Staff, || get(api::donors::show)).names(Record::Donor),
        r(Method::POST, "/api/v1/donors/{id}/reveal", PeopleManager, || post(api::donors::reveal)).names(Record::Donor),
        r(Method::GET, "/api/v1/donors/template.xlsx", Staff, || get(api::donor_sheets::template)),
        r(Method::POST, "/api/v1/donors/import", PeopleManager, || upload(post(api::donor_sheets::import))),
        r(Method::GET, "/api/v1/donors/export.xlsx", Staff, || get(api::donor_sheets::export)),
        r(Method::PUT, "/api/v1/donors/{id}", PeopleManager, || put(api::donors::correct)).names(Record::Donor),
        r(Method::DELETE, "/api/v1/donors/{id}", PeopleManager, || delete(api::donors::erase)).names(Record::Donor),
        r(Method::POST, "/api/v1/donors/{id}/personal-data", PeopleManager, || post(api::donors::personal_data))
            .names(Record::Donor),
    ]
}
