//! The one integration-test binary. Each module runs its tests on SQLite, and again on
//! PostgreSQL when `WUSHE_TEST_POSTGRES_URL` is set.

mod accounts;
mod activities;
mod attendance;
mod audit;
mod auth;
mod browser;
mod cli;
mod donors;
mod e2e;
mod e2e_needs;
mod e2e_registers;
mod e2e_volunteers;
mod errors;
mod escalation;
mod keys;
mod matching;
mod memberships;
mod needs;
mod openapi;
mod organizations;
mod points;
mod probe;
mod recommend;
mod referrals;
mod regions;
mod register_sheets;
mod residents;
mod rights;
mod schema;
mod search;
mod services;
mod social_workers;
mod tasks;
mod volunteer_sheets;
mod volunteers;
