//! A PostgreSQL server of the harness's own, durable (fsync on), that it may kill: the suite's
//! shared server must never be. Started through `scripts/pg-test-cluster.sh`.

use std::process::Command;

pub struct PgCluster {
    dir: String,
    port: u16,
    pub url: String,
}

fn script() -> String {
    format!("{}/../../scripts/pg-test-cluster.sh", env!("CARGO_MANIFEST_DIR"))
}

impl PgCluster {
    pub fn start(port: u16) -> PgCluster {
        let dir = format!("/tmp/wushe-crash-pg-{}", std::process::id());
        let mut c = PgCluster { dir, port, url: String::new() };
        c.url = c.run(None);
        c
    }

    fn run(&self, arg: Option<&str>) -> String {
        let mut cmd = Command::new("bash");
        cmd.arg(script()).env("WUSHE_PG_DIR", &self.dir).env("WUSHE_PG_PORT", self.port.to_string());
        cmd.env("WUSHE_PG_DURABLE", "1");
        if let Some(a) = arg {
            cmd.arg(a);
        }
        let out = cmd.output().expect("run pg-test-cluster.sh");
        assert!(out.status.success(), "pg-test-cluster.sh {arg:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().lines().last().unwrap_or_default().to_owned()
    }

    /// A database of its own on this server, for one installation.
    pub fn database(&self, name: &str) -> String {
        let out = Command::new("psql")
            .arg(&self.url)
            .args(["-qc", &format!("CREATE DATABASE {name}")])
            .output()
            .expect("psql");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        format!("{}/{name}", self.url.rsplit_once('/').expect("a URL with a database").0)
    }

    /// SIGKILL to the postmaster: the whole server goes as in a crash.
    pub fn kill(&self) {
        let pid = std::fs::read_to_string(format!("{}/postmaster.pid", self.dir)).expect("postmaster.pid");
        let pid = pid.lines().next().expect("pid line").trim().to_owned();
        let out = Command::new("kill").args(["-9", &pid]).output().expect("kill");
        assert!(out.status.success(), "kill -9 {pid}");
    }

    pub fn restart(&self) {
        self.run(Some("restart"));
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(script())
            .arg("stop")
            .env("WUSHE_PG_DIR", &self.dir)
            .env("WUSHE_PG_PORT", self.port.to_string())
            .output();
    }
}
