//! Signing in and out, one's own account, the second factor, accounts, the audit trail and the inbox.

use axum::http::Method;
use axum::routing::{delete, get, post, put};

use super::table::{Guard::*, Record, RouteDef, r};
use crate::{api, pages};

pub(super) fn routes() -> Vec<RouteDef> {
    vec![
        r(Method::GET, "/", Public, || get(pages::portal::home)),
        r(Method::GET, "/login", Public, || get(pages::login::form)),
        r(Method::POST, "/login", Public, || post(pages::login::submit)),
        r(Method::GET, "/login/code", Public, || get(pages::sign_in_code::form)),
        r(Method::POST, "/login/code", Public, || post(pages::sign_in_code::submit)),
        r(Method::POST, "/logout", SignedPending, || post(pages::login::logout)),
        r(Method::GET, "/lang", Public, || get(pages::login::switch_lang)),
        r(Method::GET, "/me", Signed, || get(pages::me::show)),
        r(Method::GET, "/me/password", SignedPending, || get(pages::me::password_form)),
        r(Method::POST, "/me/password", SignedPending, || post(pages::me::change_password)),
        r(Method::GET, "/me/second-factor", SignedPending, || get(pages::second_factor::show)),
        r(Method::POST, "/me/second-factor/setup", SignedPending, || post(pages::second_factor::setup)),
        r(Method::POST, "/me/second-factor/confirm", SignedPending, || post(pages::second_factor::confirm)),
        r(Method::POST, "/me/second-factor/recovery-codes", Signed, || post(pages::second_factor::regenerate)),
        r(Method::POST, "/me/second-factor/disable", Signed, || post(pages::second_factor::disable)),
        r(Method::GET, "/accounts", Manager, || get(pages::accounts::list)),
        r(Method::POST, "/accounts", Manager, || post(pages::accounts::create)),
        r(Method::GET, "/accounts/new", Manager, || get(pages::accounts::new_form)),
        r(Method::GET, "/accounts/{id}", Manager, || get(pages::accounts::show)).names(Record::Account),
        r(Method::POST, "/accounts/{id}/disable", Manager, || post(pages::accounts::disable)).names(Record::Account),
        r(Method::POST, "/accounts/{id}/enable", Manager, || post(pages::accounts::enable)).names(Record::Account),
        r(Method::POST, "/accounts/{id}/reset-password", Manager, || post(pages::accounts::reset_password))
            .names(Record::Account),
        r(Method::POST, "/accounts/{id}/second-factor/reset", Manager, || post(pages::accounts::reset_second_factor))
            .names(Record::Account),
        r(Method::POST, "/accounts/{id}/reveal", Manager, || post(pages::accounts::reveal)).names(Record::Account),
        r(Method::GET, "/audit", Admin, || get(pages::audit::list)),
        r(Method::GET, "/inbox", Signed, || get(pages::inbox::show)),
        r(Method::POST, "/inbox/read", Signed, || post(pages::inbox::read)),
        r(Method::POST, "/inbox/{id}/open", Signed, || post(pages::inbox::open)).names(Record::Message),
        r(Method::POST, "/api/v1/session", Public, || post(api::session::login)),
        r(Method::DELETE, "/api/v1/session", SignedPending, || delete(api::session::logout)),
        r(Method::GET, "/api/v1/me", Signed, || get(api::session::me)),
        r(Method::GET, "/api/v1/me/messages", Signed, || get(api::messages::list)),
        r(Method::POST, "/api/v1/me/messages/read", Signed, || post(api::messages::read_all)),
        r(Method::POST, "/api/v1/me/messages/{id}/read", Signed, || post(api::messages::open)).names(Record::Message),
        r(Method::PUT, "/api/v1/me/password", SignedPending, || put(api::session::change_password)),
        r(Method::GET, "/api/v1/accounts", Manager, || get(api::accounts::list)),
        r(Method::POST, "/api/v1/accounts", Manager, || post(api::accounts::create)),
        r(Method::GET, "/api/v1/accounts/{id}", Manager, || get(api::accounts::show)).names(Record::Account),
        r(Method::POST, "/api/v1/accounts/{id}/disable", Manager, || post(api::accounts::disable))
            .names(Record::Account),
        r(Method::POST, "/api/v1/accounts/{id}/enable", Manager, || post(api::accounts::enable)).names(Record::Account),
        r(Method::POST, "/api/v1/accounts/{id}/reset-password", Manager, || post(api::accounts::reset_password))
            .names(Record::Account),
        r(Method::POST, "/api/v1/accounts/{id}/second-factor/reset", Manager, || {
            post(api::accounts::reset_second_factor)
        })
        .names(Record::Account),
        r(Method::POST, "/api/v1/accounts/{id}/reveal", Manager, || post(api::accounts::reveal)).names(Record::Account),
        r(Method::GET, "/api/v1/audit", Admin, || get(api::audit::list)),
    ]
}
