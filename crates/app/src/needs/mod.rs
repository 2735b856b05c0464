//! The needs loop: a need recorded, referred, matched, served as tasks and service records, closed; cases and micro-wishes.

pub mod cases;
pub mod help_picker;
pub mod matcher;
pub mod matching;
pub mod need;
pub mod referrals;
pub mod services;
pub mod tasks;
pub mod wishes;
