//! The `wushe` command as an operator meets it: startup failures are one clear sentence and a
//! non-zero exit, never a panic; `serve --demo` starts and lets the demo accounts in.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn wushe(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wushe"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("WUSHE_DATABASE_URL")
        .env("WUSHE_LOG", "warn")
        .output()
        .expect("run wushe")
}

fn assert_one_clear_sentence(out: &Output, expect: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "must fail: {err}");
    assert!(err.contains(expect), "stderr names the problem ({expect}): {err}");
    assert!(!err.contains("panicked") && !err.contains("backtrace") && !err.contains("RUST_BACKTRACE"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
}

#[test]
fn a_corrupt_database_file_stops_with_one_sentence() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("wushe.db"), b"this is not a database, it is a shopping list").expect("write");
    let out = wushe(dir.path(), &["migrate"]);
    assert_one_clear_sentence(&out, "file is not a database");
}

#[test]
fn an_unwritable_data_folder_stops_with_one_sentence() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("taken");
    std::fs::write(&file, b"a file where the folder should be").expect("write");
    let out = wushe(&file, &["migrate"]);
    assert_one_clear_sentence(&out, "cannot create the data folder");
}

#[test]
fn an_unreachable_postgres_stops_with_one_sentence() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = wushe(dir.path(), &["--database-url", "postgres://wushe:secret@127.0.0.1:9/wushe", "migrate"]);
    assert_one_clear_sentence(&out, "cannot open the database");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("secret"), "the password is not shown");
}

#[test]
fn a_bad_data_key_stops_with_one_sentence() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = Command::new(env!("CARGO_BIN_EXE_wushe"))
        .arg("--data-dir")
        .arg(dir.path())
        .arg("migrate")
        .env("WUSHE_DATA_KEY", "not-a-key")
        .output()
        .expect("run");
    assert_one_clear_sentence(&out, "data key is not valid");
}

#[test]
fn a_lost_data_key_is_never_replaced_over_sealed_data() {
    let dir = tempfile::tempdir().expect("tmp");
    assert!(wushe(dir.path(), &["migrate"]).status.success());
    let key = dir.path().join("data.key");
    let first = std::fs::read_to_string(&key).expect("the first start writes the key");
    std::fs::remove_file(&key).expect("lose the key");
    let out = wushe(dir.path(), &["migrate"]);
    assert_one_clear_sentence(&out, "the data key file");
    assert!(!key.exists(), "no new key was written over the old data");
    // Another key, configured, is refused too; the right one opens it again.
    let other = Command::new(env!("CARGO_BIN_EXE_wushe"))
        .arg("--data-dir")
        .arg(dir.path())
        .arg("migrate")
        .env("WUSHE_DATA_KEY", "11".repeat(32))
        .env("WUSHE_LOG", "warn")
        .output()
        .expect("run");
    assert_one_clear_sentence(&other, "the data key does not open this database");
    std::fs::write(&key, first).expect("restore the key");
    assert!(wushe(dir.path(), &["migrate"]).status.success(), "the restored key opens it");
}

#[test]
fn a_port_in_use_stops_with_one_sentence() {
    let dir = tempfile::tempdir().expect("tmp");
    let load = wushe(dir.path(), &["regions", "load", "--prefix", "110101001"]);
    assert!(load.status.success(), "{}", String::from_utf8_lossy(&load.stderr));
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let out = wushe(dir.path(), &["serve", "--bind", &addr]);
    assert_one_clear_sentence(&out, "cannot listen on");
}

#[test]
fn verify_exits_non_zero_on_a_broken_chain() {
    let dir = tempfile::tempdir().expect("tmp");
    assert!(wushe(dir.path(), &["regions", "load", "--prefix", "110101001"]).status.success());
    let add = Command::new(env!("CARGO_BIN_EXE_wushe"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["add-admin", "--username", "first.admin"])
        .env("WUSHE_ADMIN_PASSWORD", "first-admin-2026")
        .output()
        .expect("run");
    assert!(add.status.success(), "{}", String::from_utf8_lossy(&add.stderr));
    let ok = wushe(dir.path(), &["verify"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("intact, 1 events"));
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        use sqlx::Connection;
        let url = format!("sqlite://{}", dir.path().join("wushe.db").display());
        let mut c = sqlx::SqliteConnection::connect(&url).await.expect("open");
        sqlx::query("UPDATE audit_events SET action = 'nothing happened'").execute(&mut c).await.expect("tamper");
    });
    let broken = wushe(dir.path(), &["verify"]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("broken at event 1"));
    // An hours entry deleted from the ledger: the chain head still counts it.
    rt.block_on(async {
        use sqlx::Connection;
        let url = format!("sqlite://{}", dir.path().join("wushe.db").display());
        let mut c = sqlx::SqliteConnection::connect(&url).await.expect("open");
        sqlx::query("UPDATE chain_heads SET seq = 1 WHERE chain = 'hours'").execute(&mut c).await.expect("tamper");
    });
    let broken = wushe(dir.path(), &["verify"]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("hours ledger broken at entry 1"));
}

/// The README's run command, on a folder where the regions are already loaded (loading the whole
/// country is measured by the benchmark, not here).
#[test]
fn serve_demo_starts_and_the_demo_accounts_sign_in() {
    let dir = tempfile::tempdir().expect("tmp");
    assert!(wushe(dir.path(), &["regions", "load", "--prefix", "50"]).status.success());
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wushe"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["serve", "--demo", "--bind", &format!("127.0.0.1:{port}")])
        .env("WUSHE_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stdout = child.stdout.take().expect("stdout");
    let _guard = Kill(child);
    let mut lines = BufReader::new(stdout).lines();
    let started = Instant::now();
    let mut banner = String::new();
    while started.elapsed() < Duration::from_secs(120) {
        let Some(Ok(line)) = lines.next() else { break };
        banner.push_str(&line);
        banner.push('\n');
        if line.contains("wz.resident") {
            break;
        }
    }
    assert!(banner.contains(&format!("http://127.0.0.1:{port}")), "{banner}");
    assert!(banner.contains("wushe-demo-2026") && banner.contains("admin"), "it prints how to sign in: {banner}");
    // While it serves, the folder is its own: a second server or a key rotation stops at once.
    let second = wushe(dir.path(), &["serve", "--bind", "127.0.0.1:0"]);
    assert_one_clear_sentence(&second, "another wushe process is using the data folder");
    assert_one_clear_sentence(&wushe(dir.path(), &["keys", "rotate"]), "another wushe process");
    // And owner-only, the database's journal included.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |name: &str| std::fs::metadata(dir.path().join(name)).map(|m| m.permissions().mode() & 0o777);
        for name in ["wushe.db", "wushe.db-wal", "data.key"] {
            assert_eq!(mode(name).expect(name), 0o600, "{name}");
        }
        assert_eq!(std::fs::metadata(dir.path()).expect("dir").permissions().mode() & 0o777, 0o700);
    }
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let client = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        let login = client.get(format!("{base}/login")).send().await.expect("login page");
        assert_eq!(login.status(), 200);
        assert!(login.text().await.expect("body").contains("五社联动服务平台"));
        let res = client
            .post(format!("{base}/api/v1/session"))
            .json(&serde_json::json!({"login": "cq.admin", "password": "wushe-demo-2026"}))
            .send()
            .await
            .expect("sign in");
        assert_eq!(res.status(), 200);
        let token = res.json::<serde_json::Value>().await.expect("json")["token"].as_str().expect("token").to_owned();
        let region: serde_json::Value = client
            .get(format!("{base}/api/v1/regions/50"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("region")
            .json()
            .await
            .expect("json");
        let centres = region["coverage"]
            .as_array()
            .expect("coverage")
            .iter()
            .find(|c| c["point_level"] == "center")
            .cloned()
            .expect("centres");
        assert_eq!(centres["units"], 41, "38 counties and 3 functional zones");
        assert_eq!(centres["covered"], 41, "the demo gives every one a centre");
        for (list, expected) in
            [("volunteers", 24), ("residents", 12), ("social-workers", 5), ("donors", 3), ("organizations", 3)]
        {
            let page: serde_json::Value = client
                .get(format!("{base}/api/v1/{list}"))
                .bearer_auth(&token)
                .send()
                .await
                .expect("list")
                .json()
                .await
                .expect("json");
            assert_eq!(page["total"], expected, "the demo's {list}");
        }
        // Its funds: gifts matched, goods apart from money, a care fund, and an open wish.
        let funds: serde_json::Value = client
            .get(format!("{base}/api/v1/funds"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("funds")
            .json()
            .await
            .expect("json");
        let relief = funds.as_array().expect("funds").iter().find(|f| f["care"] == false).expect("the relief fund");
        assert_eq!(
            (relief["balance"].clone(), relief["goods"].clone()),
            (serde_json::json!("5400.00"), serde_json::json!("1600.00")),
            "{funds}"
        );
        assert!(funds.as_array().expect("funds").iter().any(|f| f["care"] == true), "{funds}");
        let wishes: serde_json::Value = client
            .get(format!("{base}/api/v1/public/wishes?region=500101"))
            .send()
            .await
            .expect("wishes")
            .json()
            .await
            .expect("json");
        assert_eq!(wishes.as_array().map(Vec::len), Some(1), "{wishes}");
        // The demo volunteer has a month of service and a certificate for it.
        let res = client
            .post(format!("{base}/api/v1/session"))
            .json(&serde_json::json!({"login": "wz.volunteer", "password": "wushe-demo-2026"}))
            .send()
            .await
            .expect("sign in");
        let token = res.json::<serde_json::Value>().await.expect("json")["token"].as_str().expect("token").to_owned();
        let get = |path: &'static str| {
            let (client, token, base) = (&client, &token, &base);
            async move {
                let res = client.get(format!("{base}{path}")).bearer_auth(token).send().await.expect("get");
                res.json::<serde_json::Value>().await.expect("json")
            }
        };
        assert_eq!(get("/api/v1/me/hours").await["total_minutes"], 360);
        let certificates = get("/api/v1/me/certificates").await;
        assert_eq!(certificates[0]["status"], "issued", "{certificates}");
        assert_eq!(certificates[0]["hours"], "6.0", "{certificates}");
    });
}

/// `wushe import` loads a clean file and refuses a bad one whole, listing the rows.
#[test]
fn import_from_the_command_line_is_all_or_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    assert!(wushe(dir.path(), &["regions", "load", "--prefix", "500101001"]).status.success());
    let file = dir.path().join("v.xlsx");
    let out = wushe(
        dir.path(),
        &["generate", "volunteers", "--count", "30", "--prefix", "500101001", file.to_str().expect("path")],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ok = wushe(dir.path(), &["import", "volunteers", file.to_str().expect("path")]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("imported 30"));
    let again = wushe(dir.path(), &["import", "volunteers", file.to_str().expect("path")]);
    assert_eq!(again.status.code(), Some(3), "the same people twice are refused");
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("30 problems") && err.contains("第 2 行") && err.contains("已登记在"), "{err}");
}

/// A data folder with a township's regions, and a one-donor CSV in the template's columns.
fn one_donor(dir: &std::path::Path) -> std::path::PathBuf {
    assert!(wushe(dir, &["regions", "load", "--prefix", "500101001"]).status.success());
    let donors = dir.join("donors.csv");
    let header = wushe_app::people::donor_sheets::HEADERS.join(",");
    std::fs::write(&donors, format!("{header}\n个人,钱先生,否,13611110001,,500101001\n")).expect("write");
    donors
}

/// Every registry imports from the command line with the web's template columns.
#[test]
fn every_registry_imports_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let donors = one_donor(dir.path());
    let ok = wushe(dir.path(), &["import", "donors", donors.to_str().expect("path")]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("imported 1"));
    let residents = dir.path().join("residents.csv");
    let header = wushe_app::people::resident_sheets::HEADERS.join(",");
    std::fs::write(&residents, format!("{header}\n李奶奶,居民身份证,11010519491231002X,,,,,500101001001,,火星人\n"))
        .expect("write");
    let bad = wushe(dir.path(), &["import", "residents", residents.to_str().expect("path")]);
    assert_eq!(bad.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("火星人"), "{}", String::from_utf8_lossy(&bad.stderr));
    let workers = dir.path().join("workers.csv");
    let header = wushe_app::people::social_worker_sheets::HEADERS.join(",");
    std::fs::write(
        &workers,
        format!("{header}\n周敏,居民身份证,11010519491231002X,13800138000,未持证,,,,没有的站,500101001,\n"),
    )
    .expect("write");
    let bad = wushe(dir.path(), &["import", "social-workers", workers.to_str().expect("path")]);
    assert_eq!(bad.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("派驻阵地"), "{}", String::from_utf8_lossy(&bad.stderr));
}

/// `wushe keys rotate` with the key file: the file holds the new key afterwards and the data
/// opens with it; with a key from the settings, the new one waits in data.key.new.
#[test]
fn keys_rotate_replaces_the_key_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let donors = one_donor(dir.path());
    assert!(wushe(dir.path(), &["import", "donors", donors.to_str().expect("path")]).status.success());
    let before = std::fs::read_to_string(dir.path().join("data.key")).expect("key");
    let out = wushe(dir.path(), &["keys", "rotate"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("re-sealed"), "{}", String::from_utf8_lossy(&out.stdout));
    let after = std::fs::read_to_string(dir.path().join("data.key")).expect("key");
    assert_ne!(before, after, "the key file holds the new key");
    assert!(!dir.path().join("data.key.new").exists());
    let verify = wushe(dir.path(), &["verify"]);
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
    // A wrong new key is refused before anything changes.
    let bad = Command::new(env!("CARGO_BIN_EXE_wushe"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["keys", "rotate"])
        .env_remove("WUSHE_DATABASE_URL")
        .env("WUSHE_NEW_DATA_KEY", "short")
        .env("WUSHE_LOG", "warn")
        .output()
        .expect("run");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("WUSHE_NEW_DATA_KEY"));
    assert_eq!(std::fs::read_to_string(dir.path().join("data.key")).expect("key"), after);
}
