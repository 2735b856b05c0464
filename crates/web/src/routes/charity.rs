//! Funds and their money book, grants, relief from the care fund, and the public disclosure.

use axum::http::Method;
use axum::routing::{get, post};

use super::table::{Guard::*, Record, RouteDef, r, upload};
use crate::{api, pages};

pub(super) fn routes() -> Vec<RouteDef> {
    vec![
        r(Method::GET, "/public/funds", Public, || get(pages::funds_public::list)),
        r(Method::GET, "/public/funds/{id}", Public, || get(pages::funds_public::show)).names(Record::Public),
        r(Method::GET, "/funds", Staff, || get(pages::funds::list)),
        r(Method::POST, "/funds", FundManager, || post(pages::funds::create)),
        r(Method::GET, "/funds/{id}", Staff, || get(pages::funds::show)).names(Record::Fund),
        r(Method::POST, "/funds/{id}/donations", FundManager, || post(pages::funds::donate)).names(Record::Fund),
        r(Method::POST, "/funds/{id}/matching-rules", FundManager, || post(pages::funds::add_rule)).names(Record::Fund),
        r(Method::POST, "/funds/{id}/appeals", FundManager, || post(pages::funds::add_appeal)).names(Record::Fund),
        r(Method::POST, "/funds/{id}/close", FundManager, || post(pages::funds::close)).names(Record::Fund),
        r(Method::POST, "/grants/{id}/approve", FundManager, || post(pages::funds::approve_grant)).names(Record::Grant),
        r(Method::POST, "/grants/{id}/decline", FundManager, || post(pages::funds::decline_grant)).names(Record::Grant),
        r(Method::POST, "/money/{id}/reverse", FundManager, || post(pages::funds::reverse)).names(Record::Money),
        r(Method::GET, "/relief", Staff, || get(pages::relief::list)),
        r(Method::POST, "/relief", Staff, || post(pages::relief::apply)),
        r(Method::GET, "/relief/{id}", Staff, || get(pages::relief::show)).names(Record::Relief),
        r(Method::POST, "/relief/{id}/approve", FundManager, || post(pages::relief::approve)).names(Record::Relief),
        r(Method::POST, "/relief/{id}/decline", FundManager, || post(pages::relief::decline)).names(Record::Relief),
        r(Method::POST, "/relief/{id}/documents", Staff, || upload(post(pages::relief::add_document)))
            .names(Record::Relief),
        r(Method::GET, "/api/v1/funds", Staff, || get(api::funds::list)),
        r(Method::POST, "/api/v1/funds", FundManager, || post(api::funds::create)),
        r(Method::GET, "/api/v1/funds/{id}", Staff, || get(api::funds::show)).names(Record::Fund),
        r(Method::GET, "/api/v1/funds/{id}/donations", Staff, || get(api::funds::donations)).names(Record::Fund),
        r(Method::POST, "/api/v1/funds/{id}/donations", FundManager, || post(api::funds::donate)).names(Record::Fund),
        r(Method::POST, "/api/v1/funds/{id}/matching-rules", FundManager, || post(api::funds::add_rule))
            .names(Record::Fund),
        r(Method::POST, "/api/v1/money/{id}/reverse", FundManager, || post(api::funds::reverse)).names(Record::Money),
        r(Method::POST, "/api/v1/funds/{id}/close", FundManager, || post(api::funds::close)).names(Record::Fund),
        r(Method::GET, "/api/v1/needs/{id}/grants", Staff, || get(api::grants::of_need)).names(Record::Need),
        r(Method::GET, "/api/v1/public/funds/{id}", Public, || get(api::funds::disclosure)).names(Record::Public),
        r(Method::POST, "/api/v1/needs/{id}/grants", PeopleManager, || post(api::grants::request)).names(Record::Need),
        r(Method::POST, "/api/v1/grants/{id}/approve", FundManager, || post(api::grants::approve)).names(Record::Grant),
        r(Method::POST, "/api/v1/grants/{id}/decline", FundManager, || post(api::grants::decline)).names(Record::Grant),
        r(Method::GET, "/api/v1/funds/{id}/appeals", Staff, || get(api::fund_book::appeals)).names(Record::Fund),
        r(Method::POST, "/api/v1/funds/{id}/appeals", FundManager, || post(api::fund_book::add_appeal))
            .names(Record::Fund),
        r(Method::GET, "/api/v1/funds/{id}/ledger.xlsx", FundManager, || get(api::fund_book::ledger_xlsx))
            .names(Record::Fund),
        r(Method::GET, "/api/v1/donations/{id}/receipt.pdf", FundManager, || get(api::fund_book::receipt))
            .names(Record::Donation),
        r(Method::GET, "/api/v1/care-funds", Staff, || get(api::relief::care_funds)),
        r(Method::GET, "/api/v1/relief", Staff, || get(api::relief::list)),
        r(Method::POST, "/api/v1/relief", Staff, || post(api::relief::apply)),
        r(Method::GET, "/api/v1/relief/{id}", Staff, || get(api::relief::show)).names(Record::Relief),
        r(Method::POST, "/api/v1/relief/{id}/approve", FundManager, || post(api::relief::approve))
            .names(Record::Relief),
        r(Method::POST, "/api/v1/relief/{id}/decline", FundManager, || post(api::relief::decline))
            .names(Record::Relief),
        r(Method::POST, "/api/v1/relief/{id}/documents", Staff, || upload(post(api::relief::add_document)))
            .names(Record::Relief),
        r(Method::GET, "/api/v1/relief-documents/{id}", Staff, || get(api::relief::document))
            .names(Record::ReliefDocument),
    ]
}
