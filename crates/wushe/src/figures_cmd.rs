//! `wushe figures rebuild` and `wushe figures check`: the rollups made again from the records,
//! and compared with them.

use std::process::ExitCode;
use std::time::Instant;

use wushe_domain::figures::{Grain, date_of, month_start};
use wushe_domain::validate::format_date;
use wushe_store::Db;
use wushe_store::figures::{self, Difference};

/// Differences printed at most; the count is always printed.
const SHOWN: usize = 50;

fn progress(label: &'static str) -> impl FnMut(u64) + Send {
    let mut last = 0u64;
    move |n| {
        if n >= last + 1_000_000 {
            last = n;
            eprintln!("{label} {n}");
        }
    }
}

pub async fn rebuild(db: &Db) -> Result<ExitCode, String> {
    let started = Instant::now();
    let rows = figures::rebuild(db, &mut progress("已统计记录 / facts counted")).await.map_err(|e| e.to_string())?;
    println!(
        "统计汇总已重建，共 {rows} 行，用时 {:.1} 秒 / rollups rebuilt: {rows} rows",
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn when(d: &Difference) -> String {
    match d.grain {
        Grain::Day => date_of(d.period).map(format_date).unwrap_or_default(),
        Grain::Month => date_of(month_start(d.period)).map(|m| format_date(m)[..7].to_owned()).unwrap_or_default(),
    }
}

pub async fn check(db: &Db) -> Result<ExitCode, String> {
    let started = Instant::now();
    let diffs = figures::check(db, &mut progress("已核对记录 / facts checked")).await.map_err(|e| e.to_string())?;
    if diffs.is_empty() {
        println!("统计汇总与原始记录一致 / rollups agree with the records ({:.1} s)", started.elapsed().as_secs_f64());
        return Ok(ExitCode::SUCCESS);
    }
    for d in diffs.iter().take(SHOWN) {
        eprintln!(
            "{} {} {}: 汇总 {} ≠ 记录 {} / kept {} but the records give {}",
            d.region_code,
            when(d),
            d.metric.key(),
            d.kept,
            d.counted,
            d.kept,
            d.counted
        );
    }
    eprintln!(
        "共 {} 处不一致；可运行 wushe figures rebuild 重建 / {} differences; `wushe figures rebuild` makes them again",
        diffs.len(),
        diffs.len()
    );
    Ok(ExitCode::FAILURE)
}
