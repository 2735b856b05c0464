//! The raw single-row commit rate of the configured engine: one connection, one small row per
//! transaction, each committed as the server commits (SQLite: WAL with synchronous FULL). Group
//! commit of service records is measured against this.

use std::process::ExitCode;
use std::time::Duration;

use wushe_store::{Crypto, Db};
use wushe_web::Settings;

pub async fn run(settings: &Settings, seconds: u64) -> Result<ExitCode, String> {
    let url = settings.effective_database_url();
    let sqlite = url.starts_with("sqlite:");
    // SQLite: a scratch file beside the database, on the same disk; PostgreSQL: a temporary
    // table, which the one connection of the pool keeps to itself.
    let (url, scratch) = if sqlite {
        std::fs::create_dir_all(&settings.data_dir).map_err(|e| e.to_string())?;
        let file = settings.data_dir.join("bench-commits.db");
        (format!("sqlite://{}", file.display()), Some(file))
    } else {
        (url, None)
    };
    let key = Crypto::random::<32>().map_err(|e| e.to_string())?;
    let db = Db::connect(&url, 1, Crypto::new(key)).await.map_err(|e| e.to_string())?;
    let (n, took) =
        wushe_store::commit_rate::measure(&db, Duration::from_secs(seconds)).await.map_err(|e| e.to_string())?;
    let secs = took.as_secs_f64();
    println!(
        "raw single-row commits ({}): {n} in {secs:.1} s = {:.0} per second, {:.2} ms each",
        if sqlite { "SQLite, synchronous FULL" } else { "PostgreSQL" },
        n as f64 / secs,
        secs * 1000.0 / n.max(1) as f64
    );
    db.pool.close().await;
    if let Some(file) = scratch {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
        }
    }
    Ok(ExitCode::SUCCESS)
}
