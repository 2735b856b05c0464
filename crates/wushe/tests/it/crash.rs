//! Crash safety: the server is killed with SIGKILL at random moments while clients write service
//! records, donations with idempotency keys and check-ins; after each kill every acknowledged
//! write must be there, and `wushe verify` and `wushe figures check` must pass. On PostgreSQL the
//! database server itself is killed too: meanwhile the server answers 503 with a sentence and
//! `Retry-After`, and it carries on when the database is back, without a restart.
//!
//! Short here (`WUSHE_CRASH_CYCLES`, default 3); `scripts/crash-harness.sh` runs the long form.

use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use wushe_testkit::rng::{Rng, env_or};

use crate::harness::{Acked, Installation, PgCluster, Plan, Writers, assert_kept, donations};

struct Run {
    inst: Installation,
    plan: Plan,
    acked: Arc<Mutex<Acked>>,
    next: Arc<AtomicUsize>,
    clients: usize,
    /// Donations before the writers began: afterwards there must be one more per key, no more.
    donations_before: i64,
}

impl Run {
    /// Reads what the writers need from a running installation.
    fn new(inst: Installation) -> Run {
        let plan = Plan::read(&inst);
        let clients = env_or("WUSHE_CRASH_CLIENTS", 16) as usize;
        let donations_before = donations(&inst);
        Run { inst, plan, acked: Arc::default(), next: Arc::default(), clients, donations_before }
    }

    fn writers(&self) -> Writers {
        Writers::start(&self.plan, self.clients, &self.acked, &self.next)
    }

    /// Kill the server under load `cycles` times, checking everything after each kill.
    fn kill_cycles(&self, mut server: crate::harness::Server, cycles: u64, rng: &mut Rng) {
        for cycle in 0..cycles {
            let writers = self.writers();
            std::thread::sleep(Duration::from_millis(300 + rng.below(2_200)));
            server.kill();
            writers.stop();
            self.inst.assert_checks_pass();
            let acked = self.acked.lock().expect("lock");
            assert!(
                acked.wrong.is_empty(),
                "cycle {cycle}: answers that are neither success nor 503: {:?}",
                acked.wrong
            );
            assert_kept(&self.inst, &self.plan, &acked);
            drop(acked);
            server = self.inst.start();
        }
        // Every donation left without an answer is sent again with its key: made once at most.
        let writers = self.writers();
        let settled = Instant::now();
        while !self.acked.lock().expect("lock").uncertain.is_empty() && settled.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(100));
        }
        writers.stop();
        server.kill();
        let acked = self.acked.lock().expect("lock");
        assert!(acked.uncertain.is_empty(), "donation keys never answered: {:?}", acked.uncertain);
        assert!(acked.wrong.is_empty(), "{:?}", acked.wrong);
        assert_kept(&self.inst, &self.plan, &acked);
        let keys: std::collections::HashSet<&str> = acked.donations.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            donations(&self.inst) - self.donations_before,
            keys.len() as i64,
            "one donation per idempotency key: a key sent again after a kill made a second one"
        );
        self.inst.assert_checks_pass();
        assert!(
            !acked.records.is_empty() && !acked.donations.is_empty() && !acked.check_ins.is_empty(),
            "every kind of write was acknowledged at least once"
        );
        eprintln!(
            "crash harness: {cycles} kills, {} service records, {} donations, {} check-ins acknowledged and kept; \
             {} donation keys sent again after a kill, {} of them answered with the donation already made",
            acked.records.len(),
            keys.len(),
            acked.check_ins.len(),
            acked.resent,
            acked.replayed
        );
    }
}

#[test]
fn sqlite_keeps_every_acknowledged_write_through_kills() {
    let dir = tempfile::tempdir().expect("tmp");
    let inst = Installation::prepare(dir.path(), None);
    let server = inst.start();
    let run = Run::new(inst);
    let mut rng = Rng::new(env_or("WUSHE_CRASH_SEED", 2026));
    run.kill_cycles(server, env_or("WUSHE_CRASH_CYCLES", 3), &mut rng);
}

#[test]
fn postgres_keeps_every_acknowledged_write_through_kills_of_both_servers() {
    if wushe_testkit::postgres_url().is_none() {
        eprintln!("skipped: WUSHE_TEST_POSTGRES_URL is not set");
        return;
    }
    let cluster = PgCluster::start(std::env::var("WUSHE_CRASH_PG_PORT").ok().and_then(|p| p.parse().ok()));
    let dir = tempfile::tempdir().expect("tmp");
    let inst = Installation::prepare(dir.path(), Some(cluster.database("crash")));
    let mut server = inst.start();
    let run = Run::new(inst);
    let mut rng = Rng::new(env_or("WUSHE_CRASH_SEED", 2026));
    for _ in 0..env_or("WUSHE_CRASH_PG_KILLS", 1) {
        database_away_and_back(&run, &cluster);
    }
    server.kill();
    let acked = run.acked.lock().expect("lock");
    assert!(acked.wrong.is_empty(), "{:?}", acked.wrong);
    assert_kept(&run.inst, &run.plan, &acked);
    drop(acked);
    run.inst.assert_checks_pass();
    let server = run.inst.start();
    run.kill_cycles(server, env_or("WUSHE_CRASH_CYCLES", 3), &mut rng);
}

/// Kills PostgreSQL under load: requests get 503 with `Retry-After` and a sentence while it is
/// away, and succeed again once it is back, the same server process serving throughout.
fn database_away_and_back(run: &Run, cluster: &PgCluster) {
    let writers = run.writers();
    std::thread::sleep(Duration::from_millis(800));
    cluster.kill();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().expect("client");
        let url = format!("{}/api/v1/service-records?limit=1", run.plan.base);
        let started = Instant::now();
        let away = loop {
            let res = http.get(&url).bearer_auth(&run.plan.station).send().await.expect("the server still answers");
            if res.status() == 503 {
                break res;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "no 503 within 30 s of the database going away");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert!(away.headers().get("retry-after").is_some(), "503 names when to try again");
        let body: serde_json::Value = away.json().await.expect("a JSON error");
        let message = body["error"]["message"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains("数据库"), "the sentence says the database is away: {body}");
        cluster.restart();
        let back = Instant::now();
        loop {
            let res = http.get(&url).bearer_auth(&run.plan.station).send().await.expect("answers");
            if res.status() == 200 {
                break;
            }
            assert!(
                back.elapsed() < Duration::from_secs(60),
                "still {} 60 s after the database came back",
                res.status()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        eprintln!(
            "database away and back: served again {:.1} s after PostgreSQL restarted",
            back.elapsed().as_secs_f64()
        );
    });
    // The writers went on through it all; what they were told was written must be there.
    std::thread::sleep(Duration::from_millis(800));
    writers.stop();
}
