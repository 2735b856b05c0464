//! `wushe import`: the web's all-or-nothing import, from the command line, with progress.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use wushe_domain::Lang;
use wushe_store::{Db, Scope};
use wushe_web::ops::volunteer_sheets::{report, rows_of};
use wushe_web::ops::volunteers::validate_and_insert_with_progress;

/// Problems printed in full; the rest are counted.
const SHOWN: usize = 50;

fn bar(done: usize, total: usize) {
    let width = 30;
    let filled = (done * width).checked_div(total).unwrap_or(width);
    eprint!("\r写入 writing [{}{}] {done}/{total}", "#".repeat(filled), "-".repeat(width - filled));
    let _ = std::io::stderr().flush();
}

pub async fn volunteers(db: &Db, file: &Path) -> Result<ExitCode, String> {
    let started = Instant::now();
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let inputs = rows_of(&bytes).map_err(|e| e.report().message(Lang::Zh).to_owned())?;
    let total = inputs.len();
    eprintln!("读取 read {total} 行 rows in {:.2} s; 校验中 checking…", started.elapsed().as_secs_f64());
    let mut progress = |done: usize| bar(done, total);
    let outcome =
        validate_and_insert_with_progress(db, &Scope::all(), None, &inputs, "volunteer.import", &mut progress)
            .await
            .map_err(|e| e.to_string())?;
    let secs = started.elapsed().as_secs_f64();
    match outcome {
        Ok(ids) => {
            eprintln!();
            println!(
                "已导入志愿者 {} 名，用时 {secs:.2} 秒 / imported {} volunteers in {secs:.2} s on {}",
                ids.len(),
                ids.len(),
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
