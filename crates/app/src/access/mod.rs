//! Accounts and what one does with one's own: staff accounts, one's own page and password, the second factor, the session.

pub mod accounts;
pub mod me;
pub mod messages;
pub mod second_factor;
pub mod session;
pub mod workbench;
