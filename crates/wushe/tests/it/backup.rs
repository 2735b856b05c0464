//! `wushe backup` while clients write, then `wushe restore`: everything acknowledged before the
//! backup began is in the restored database, its chains verify and end where the manifest says;
//! a backup taken at rest restores to the same rows in every table. A backup altered in any part,
//! or restored under another key, is refused before anything is touched.

use std::path::Path;
use std::process::Output;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::harness::kept::connect;
use crate::harness::{Acked, Installation, Plan, Writers, assert_kept, tables};

/// A new database on the suite's PostgreSQL server, dropped when the test ends.
struct PgDb(String);

impl PgDb {
    fn new() -> PgDb {
        let admin = wushe_testkit::postgres_url().expect("PostgreSQL");
        let name = format!("wushe_b_{}", uuid::Uuid::new_v4().simple());
        psql(&admin, &format!("CREATE DATABASE {name}"));
        PgDb(format!("{}/{name}", admin.rsplit_once('/').expect("URL").0))
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        if let (Some(admin), Some((_, name))) = (wushe_testkit::postgres_url(), self.0.rsplit_once('/')) {
            let _ = std::process::Command::new("psql")
                .arg(admin)
                .args(["-qc", &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")])
                .output();
        }
    }
}

fn psql(url: &str, sql: &str) {
    let out = std::process::Command::new("psql").arg(url).args(["-qc", sql]).output().expect("psql");
    assert!(out.status.success(), "{sql}: {}", String::from_utf8_lossy(&out.stderr));
}

fn fails_saying(out: &Output, words: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "must be refused: {}", String::from_utf8_lossy(&out.stdout));
    assert!(err.contains(words), "the refusal says {words:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// A restore target with the source's data key (a key is backed up apart from the data).
fn target(base: &Path, name: &str, source: &Installation, url: Option<String>) -> Installation {
    let t = Installation::empty(&base.join(name), url);
    std::fs::copy(source.dir.join("data.key"), t.dir.join("data.key")).expect("copy the key");
    t
}

fn round_trip(pg: bool) {
    let base = tempfile::tempdir().expect("tmp");
    let dbs: Vec<PgDb> = if pg { (0..4).map(|_| PgDb::new()).collect() } else { Vec::new() };
    let url = |i: usize| dbs.get(i).map(|d| d.0.clone());
    let source = Installation::prepare(&base.path().join("source"), url(0));
    let mut server = source.start();
    let plan = Plan::read(&source);
    let (acked, next) = (Arc::new(Mutex::new(Acked::default())), Arc::new(AtomicUsize::new(0)));
    let writers = Writers::start(&plan, 8, &acked, &next);
    std::thread::sleep(Duration::from_millis(1_000));
    let before = {
        let a = acked.lock().expect("lock");
        Acked {
            records: a.records.clone(),
            donations: a.donations.clone(),
            check_ins: a.check_ins.clone(),
            ..Acked::default()
        }
    };
    let under_load = base.path().join("under-load");
    source.ok(&["backup", under_load.to_str().expect("path")]);
    std::thread::sleep(Duration::from_millis(500));
    writers.stop();
    assert!(acked.lock().expect("lock").wrong.is_empty());
    assert!(!before.records.is_empty() && !before.donations.is_empty(), "writes ran before the backup");

    let first = target(base.path(), "first", &source, url(1));
    let out = first.ok(&["restore", under_load.to_str().expect("path")]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("哈希链与备份一致"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_kept(&first, &plan, &before);
    first.assert_checks_pass();

    // At rest, every row of every table comes back.
    server.kill();
    let at_rest = base.path().join("at-rest");
    source.ok(&["backup", at_rest.to_str().expect("path")]);
    let second = target(base.path(), "second", &source, url(2));
    second.ok(&["restore", at_rest.to_str().expect("path")]);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let (a, b) = rt
        .block_on(async { (tables::dump(&connect(&source).await).await, tables::dump(&connect(&second).await).await) });
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "the same tables");
    for (table, rows) in &a {
        assert!(
            rows == &b[table],
            "table {table} differs after the round trip ({} rows, {} restored)",
            rows.len(),
            b[table].len()
        );
    }
    assert!(a["service_records"].len() >= before.records.len());

    refusals(base.path(), &source, &at_rest, url(3));
}

/// Each way a backup can be wrong is refused, and the target is left as it was.
fn refusals(base: &Path, source: &Installation, good: &Path, url: Option<String>) {
    let copy = |name: &str| {
        let to = base.join(name);
        std::fs::create_dir_all(&to).expect("dir");
        for f in std::fs::read_dir(good).expect("backup") {
            let f = f.expect("entry");
            std::fs::copy(f.path(), to.join(f.file_name())).expect("copy");
        }
        to
    };
    let t = target(base, "refused", source, url);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(good.join("manifest.json")).expect("manifest")).expect("json");
    let file = manifest["file"].as_str().expect("file").to_owned();

    let flipped = copy("flipped");
    let mut bytes = std::fs::read(flipped.join(&file)).expect("db");
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    std::fs::write(flipped.join(&file), bytes).expect("write");
    fails_saying(&t.run(&["restore", flipped.to_str().expect("path")]), "differs from its manifest");

    let edited = copy("edited");
    let mut m = manifest.clone();
    m["heads"][0]["seq"] = serde_json::json!(m["heads"][0]["seq"].as_i64().expect("seq") - 1);
    std::fs::write(edited.join("manifest.json"), m.to_string()).expect("write");
    fails_saying(&t.run(&["restore", edited.to_str().expect("path")]), "does not check under this data key");

    std::fs::write(t.dir.join("data.key"), "11".repeat(32)).expect("another key");
    fails_saying(&t.run(&["restore", good.to_str().expect("path")]), "does not check under this data key");
    let left: Vec<_> = std::fs::read_dir(&t.dir).expect("dir").map(|e| e.expect("e").file_name()).collect();
    assert!(!left.iter().any(|n| n == "wushe.db" || n == "chain-anchors.log"), "nothing was put in place: {left:?}");
}

#[test]
fn sqlite_backup_while_writing_restores_everything_acknowledged() {
    round_trip(false);
}

#[test]
fn postgres_backup_while_writing_restores_everything_acknowledged() {
    if wushe_testkit::postgres_url().is_none() {
        eprintln!("skipped: WUSHE_TEST_POSTGRES_URL is not set");
        return;
    }
    round_trip(true);
}

/// Over an installation that holds data, SQLite's restore needs --replace and keeps the old files.
#[test]
fn a_restore_over_data_keeps_what_it_replaces() {
    let base = tempfile::tempdir().expect("tmp");
    let source = Installation::empty(&base.path().join("source"), None);
    source.ok(&["regions", "load", "--prefix", "5001"]);
    source.ok(&["demo"]);
    let b = base.path().join("b");
    source.ok(&["backup", b.to_str().expect("path")]);
    fails_saying(&source.run(&["backup", b.to_str().expect("path")]), "exists and is not empty");
    fails_saying(&source.run(&["restore", b.to_str().expect("path")]), "--replace");
    let out = source.ok(&["restore", "--replace", b.to_str().expect("path")]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("before-restore-"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let aside = std::fs::read_dir(&source.dir)
        .expect("dir")
        .map(|e| e.expect("e").path())
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("before-restore-")))
        .expect("the old files are kept");
    assert!(aside.join("wushe.db").exists());
    source.ok(&["verify"]);
}
