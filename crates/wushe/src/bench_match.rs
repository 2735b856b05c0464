//! `wushe bench match`: builds the volunteer index from the database, then times top-k queries
//! for communities, skills and task windows drawn deterministically from what the database holds.

use std::process::ExitCode;
use std::time::Instant;

use wushe_domain::matching::Wanted;
use wushe_domain::task::parse_time;
use wushe_domain::{Field, RegionPath};
use wushe_store::matching::VolunteerIndex;
use wushe_store::{Db, Scope, skills};

/// The same generator as `generate`: a run draws the same queries every time.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        usize::try_from(self.0 >> 33).unwrap_or(0) % n.max(1)
    }
}

/// Resident memory of this process in KiB, from /proc (0 where there is none).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap_or_default();
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0)
}

fn mib(bytes: f64) -> f64 {
    bytes / 1_048_576.0
}

/// Queries over a week of task windows (China time, 07:00–21:00 starts, one to four hours),
/// one to three skills of the managed list, and communities that have volunteers.
fn queries(communities: &[RegionPath], skills: &[String], n: usize) -> Result<Vec<Wanted>, String> {
    let monday = parse_time(Field::StartsAt, "2026-12-07 00:00").map_err(|e| e.message(wushe_domain::Lang::En))?;
    let mut rng = Lcg(2026);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let community = communities[rng.below(communities.len())].clone();
        let mut wanted: Vec<String> = Vec::new();
        for _ in 0..=rng.below(3) {
            let s = &skills[rng.below(skills.len())];
            if !wanted.contains(s) {
                wanted.push(s.clone());
            }
        }
        let minutes = rng.below(7) * 1440 + 7 * 60 + rng.below(28) * 30;
        let starts_at = monday + i64::try_from(minutes).unwrap_or(0) * 60_000;
        let hours = i64::try_from(1 + rng.below(4)).unwrap_or(1);
        out.push(Wanted {
            skills: wanted,
            community,
            starts_at,
            ends_at: starts_at + hours * 3_600_000,
            category: None,
            task: None,
        });
    }
    Ok(out)
}

/// Times each query; prints p50, p99 and the maximum in microseconds.
fn time_queries(
    label: &str,
    index: &VolunteerIndex,
    queries: &[Wanted],
    k: usize,
    scope_of: impl Fn(&Wanted) -> Scope,
) {
    let now = wushe_store::now_ms();
    let mut micros = Vec::with_capacity(queries.len());
    let mut found = 0usize;
    for q in queries {
        let scope = scope_of(q);
        let t = Instant::now();
        let top = index.top_at(&scope, q, k, now);
        micros.push(t.elapsed().as_secs_f64() * 1e6);
        found += top.len();
    }
    micros.sort_by(f64::total_cmp);
    let at = |p: f64| micros[((micros.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "{label}: {} queries, top {k}: p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs; mean {:.1} candidates returned",
        micros.len(),
        at(0.50),
        at(0.99),
        micros.last().copied().unwrap_or(0.0),
        found as f64 / micros.len().max(1) as f64
    );
}

pub async fn run(db: &Db, count: usize, warmup: usize, k: usize) -> Result<ExitCode, String> {
    let before = rss_kib();
    let t = Instant::now();
    let index = VolunteerIndex::build(db).await.map_err(|e| e.to_string())?;
    let built = t.elapsed().as_secs_f64();
    let after = rss_kib();
    println!(
        "{}: index of {} volunteers built in {built:.2} s; heap estimate {:.1} MiB; RSS {:.1} → {:.1} MiB (+{:.1} MiB)",
        db.backend.name(),
        index.len(),
        mib(index.heap_bytes() as f64),
        mib(before as f64 * 1024.0),
        mib(after as f64 * 1024.0),
        mib((after.saturating_sub(before)) as f64 * 1024.0)
    );
    let t = Instant::now();
    let refreshed = index.refresh(db).await.map_err(|e| e.to_string())?;
    println!(
        "refresh with nothing new: {:.1} ms ({} volunteers, {} with tasks read again)",
        t.elapsed().as_secs_f64() * 1e3,
        refreshed.volunteers,
        refreshed.activity
    );
    let mut communities: Vec<RegionPath> = index.communities().into_iter().map(|(_, p)| p).collect();
    communities.sort();
    let skills = skills::active(db).await.map_err(|e| e.to_string())?;
    if communities.is_empty() || skills.is_empty() {
        return Err("no volunteers or no skills in the database: import volunteers first".into());
    }
    let all = queries(&communities, &skills, warmup + count)?;
    let (warm, timed) = all.split_at(warmup);
    for q in warm {
        index.top(&Scope::all(), q, k);
    }
    time_queries("whole country in scope", &index, timed, k, |_| Scope::all());
    // As a district centre sees it: only volunteers of the need's own district or county.
    let county = |q: &Wanted| {
        let codes: String = q.community.as_str().split_inclusive('/').take(4).collect();
        Scope::under(RegionPath::from_stored(codes).unwrap_or_else(RegionPath::root))
    };
    time_queries("the need's county in scope", &index, timed, k, county);
    Ok(ExitCode::SUCCESS)
}
