//! `wushe bench figures`: times the summary of random regions at every level under a prefix, for
//! random periods (years, halves, quarters, months, and typed ranges from a day to twenty years),
//! each with its year before: the same store call the summary page and API make.

use std::collections::HashMap;
use std::process::ExitCode;
use std::time::Instant;

use wushe_domain::figures::{MAX_DAYS, Span};
use wushe_domain::{RegionCode, RegionLevel};
use wushe_store::{Db, figures, national};

use crate::rng::Rng;

fn span(rng: &mut Rng, today: time::Date) -> Span {
    let year = 2024 + rng.below(3) as i32;
    let shorthand = match rng.below(5) {
        0 => format!("{year}"),
        1 => format!("{year}-H{}", 1 + rng.below(2)),
        2 => format!("{year}-Q{}", 1 + rng.below(4)),
        3 => format!("{year}-{:02}", 1 + rng.below(12)),
        _ => String::new(),
    };
    if let Ok(s) = Span::shorthand(&shorthand) {
        return s;
    }
    let to = today - time::Duration::days(rng.below(1_000) as i64);
    let from = to - time::Duration::days(rng.below(MAX_DAYS as u64 - 1) as i64);
    Span { from, to }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

pub async fn run(db: &Db, queries: usize, prefix: &str) -> Result<ExitCode, String> {
    let units = national::units(&[prefix]).map_err(|e| e.to_string())?;
    let mut by_level: HashMap<RegionLevel, Vec<RegionCode>> = HashMap::new();
    for u in units {
        by_level.entry(u.level).or_default().push(u.code);
    }
    let levels: Vec<RegionLevel> = RegionLevel::ALL.into_iter().filter(|l| by_level.contains_key(l)).collect();
    if levels.is_empty() {
        return Err(format!("no regions under {prefix}"));
    }
    let today = wushe_app::network::points::today();
    let mut rng = Rng::new(2026);
    let mut times: HashMap<RegionLevel, Vec<f64>> = HashMap::new();
    let warmup = queries / 10;
    for i in 0..warmup + queries {
        // Every level equally often: a province is the hardest case, a community the commonest.
        let level = *rng.pick(&levels);
        let code = rng.pick(&by_level[&level]).clone();
        let s = span(&mut rng, today);
        let t = Instant::now();
        let summary = figures::summary(db, &code, s).await.map_err(|e| e.to_string())?;
        let ms = t.elapsed().as_secs_f64() * 1e3;
        std::hint::black_box(summary);
        if i >= warmup {
            times.entry(level).or_default().push(ms);
        }
    }
    let mut all: Vec<f64> = times.values().flatten().copied().collect();
    all.sort_by(f64::total_cmp);
    println!(
        "summaries {}: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        all.len(),
        percentile(&all, 0.50),
        percentile(&all, 0.95),
        percentile(&all, 0.99),
        all.last().copied().unwrap_or(0.0)
    );
    for level in levels {
        let mut t = times.remove(&level).unwrap_or_default();
        if t.is_empty() {
            continue;
        }
        t.sort_by(f64::total_cmp);
        println!(
            "  {:<10} {:>6}: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
            format!("{level:?}"),
            t.len(),
            percentile(&t, 0.50),
            percentile(&t, 0.95),
            t.last().copied().unwrap_or(0.0)
        );
    }
    Ok(ExitCode::SUCCESS)
}
