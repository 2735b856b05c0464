//! A real installation driven as operators and users drive it: the `wushe` binary on a data folder
//! (and a PostgreSQL database when given), real HTTP clients on their own threads writing service
//! records, donations with idempotency keys and check-ins, and a record of every write the server
//! acknowledged. The crash and backup tests are built on it.

pub mod install;
pub mod kept;
pub mod pg;
pub mod tables;
pub mod writers;

pub use install::{Installation, Server};
pub use kept::{assert_kept, donations};
pub use pg::PgCluster;
pub use writers::{Acked, Plan, Writers};
