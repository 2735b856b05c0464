//! The `wushe` command: a thin layer over the crates that does the work.

mod backup;
mod bench_checkin;
mod bench_commit;
mod bench_figures;
mod bench_match;
mod bench_messages;
mod cli;
mod demo_progress;
mod demo_scale;
mod figures_cmd;
mod generate;
mod import;
mod keys;
mod restore;
mod rng;
mod verify;

use std::process::ExitCode;

/// jemalloc, replacing malloc for the whole process (SQLite's page caches included): it hands
/// freed memory back to the system, where the C library's per-thread arenas kept what a busy
/// server had once used (626 MiB after four minutes of load against 128 MiB of page cache).
#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let args = <cli::Cli as clap::Parser>::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("wushe: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(args)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("wushe: {e}");
            ExitCode::FAILURE
        }
    }
}
