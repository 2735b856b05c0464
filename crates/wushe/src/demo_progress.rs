//! The scale demo's bookkeeping: progress bars shared by concurrent writers, one stream of the
//! seed per phase, and the phases a run has finished, so that a stopped run goes on.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use wushe_store::now_ms;

use crate::rng::Rng;

pub(crate) fn bar(label: &str, done: u64, total: u64, started: Instant) {
    let width = 30u64;
    let filled = (done * width).checked_div(total).unwrap_or(width) as usize;
    let rate = done as f64 / started.elapsed().as_secs_f64().max(0.001);
    eprint!(
        "\r{label} [{}{}] {done}/{total} ({rate:.0}/s)   ",
        "#".repeat(filled),
        "-".repeat(width as usize - filled)
    );
    if done == total {
        eprintln!();
    }
    let _ = std::io::stderr().flush();
}

/// Progress shared by concurrent writers: a bar every `every` items.
pub(crate) struct Tally {
    label: &'static str,
    done: std::sync::atomic::AtomicU64,
    total: u64,
    every: u64,
    started: Instant,
}

impl Tally {
    pub(crate) fn new(label: &'static str, done: u64, total: u64, every: u64) -> Arc<Tally> {
        Arc::new(Tally { label, done: done.into(), total, every, started: Instant::now() })
    }

    pub(crate) fn tick(&self) {
        let d = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if d.is_multiple_of(self.every) || d == self.total {
            bar(self.label, d, self.total, self.started);
        }
    }
}

/// Waits for every writer; the first failure is the answer.
pub(crate) async fn join(tasks: Vec<tokio::task::JoinHandle<Result<(), String>>>) -> Result<(), String> {
    for t in tasks {
        t.await.map_err(|e| e.to_string())??;
    }
    Ok(())
}

/// The phases, each drawing from its own stream of the seed, so that skipping finished ones
/// leaves the others as they would have been.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Phase {
    Organizations = 1,
    People,
    Needs,
    ServiceRecords,
    Hours,
}

impl Phase {
    fn key(self) -> &'static str {
        match self {
            Phase::Organizations => "organizations",
            Phase::People => "people",
            Phase::Needs => "needs",
            Phase::ServiceRecords => "service_records",
            Phase::Hours => "hours",
        }
    }
}

/// The stream of writer `w` of `phase`.
pub(crate) fn stream(seed: u64, phase: Phase, w: u64) -> Rng {
    Rng::new(seed ^ (phase as u64).wrapping_mul(0xD1B5_4A32_D192_ED03) ^ (w + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// What a run has finished, kept in the data folder: its arguments, the moment its history ends,
/// and the phases done.
pub(crate) struct Progress {
    path: PathBuf,
    head: String,
    pub(crate) now: i64,
    done: Vec<String>,
}

impl Progress {
    pub(crate) fn open(dir: &Path, n: u64, seed: u64, prefix: &str) -> Progress {
        let path = dir.join("scale-demo.txt");
        let head = format!("scale={n} seed={seed} prefix={prefix}");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut lines = text.lines();
        // Another scale or seed starts afresh.
        if lines.next() == Some(head.as_str())
            && let Some(now) = lines.next().and_then(|l| l.strip_prefix("now=")).and_then(|v| v.parse().ok())
        {
            return Progress { path, head, now, done: lines.map(str::to_owned).collect() };
        }
        Progress { path, head, now: now_ms(), done: Vec::new() }
    }

    pub(crate) fn has(&self, phase: Phase) -> bool {
        self.done.iter().any(|d| d == phase.key())
    }

    pub(crate) fn finish(&mut self, phase: Phase) -> Result<(), String> {
        self.done.push(phase.key().to_owned());
        let text = format!("{}\nnow={}\n{}\n", self.head, self.now, self.done.join("\n"));
        std::fs::write(&self.path, text).map_err(|e| format!("{}: {e}", self.path.display()))
    }
}
