//! `wushe import`: the web's all-or-nothing import, from the command line, with progress.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use wushe_app::people::registry::{Registry, report, rows_of};
use wushe_domain::Lang;
use wushe_store::{Db, Scope};

/// Problems printed in full; the rest are counted.
const SHOWN: usize = 50;

fn bar(done: usize, total: usize) {
    let width = 30;
    let filled = (done * width).checked_div(total).unwrap_or(width);
    eprint!("\r写入 writing [{}{}] {done}/{total}", "#".repeat(filled), "-".repeat(width - filled));
    let _ = std::io::stderr().flush();
}

/// Imports any registry's file as the system itself (the whole country in scope).
pub async fn registry<R: Registry>(db: &Db, file: &Path) -> Result<ExitCode, String> {
    let started = Instant::now();
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let inputs = rows_of::<R>(&bytes).map_err(|e| e.report().message(Lang::Zh).to_owned())?;
    let total = inputs.len();
    eprintln!("读取 read {total} 行 rows in {:.2} s; 校验中 checking…", started.elapsed().as_secs_f64());
    let mut progress = |done: usize| bar(done, total);
    let outcome =
        R::validate_and_insert(db, &Scope::all(), None, &inputs, &mut progress).await.map_err(|e| e.to_string())?;
    let secs = started.elapsed().as_secs_f64();
    match outcome {
        Ok(loaded) => {
            eprintln!();
            println!(
                "已导入{} {loaded} 条，用时 {secs:.2} 秒 / imported {loaded} {} records in {secs:.2} s on {}",
                R::SHEET,
                R::ENTITY,
                db.backend.name()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            eprintln!(
                "文件中有 {} 处错误，未导入任何记录 / {} problems, nothing imported:",
                problems.len(),
                problems.len()
            );
            for p in problems.iter().take(SHOWN) {
                let r = report(p, Lang::Zh);
                eprintln!("  第 {} 行 row {}  {}  「{}」  {}", r.row, r.row, r.column, r.value, r.reason);
            }
            if problems.len() > SHOWN {
                eprintln!("  … 另有 {} 处 / and {} more", problems.len() - SHOWN, problems.len() - SHOWN);
            }
            Ok(ExitCode::from(3))
        }
    }
}
