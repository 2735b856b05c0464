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
    /// Starts the server on `port`, or on a port the kernel says is free. A port, fixed or free,
    /// may be taken by another socket of a busy machine before the server binds it (any outgoing
    /// connection may draw it from the ephemeral range), so a start that finds it taken is tried
    /// again on another free port.
    pub fn start(port: Option<u16>) -> PgCluster {
        let mut last = String::new();
        for attempt in 0..5 {
            let port = match (port, attempt) {
                (Some(p), 0) => p,
                _ => free_port(),
            };
            let dir = format!("/tmp/wushe-crash-pg-{}-{attempt}", std::process::id());
            let mut c = PgCluster { dir, port, url: String::new() };
            match c.try_run(None) {
                Ok(url) => {
                    c.url = url;
                    return c;
                }
                Err(e) if e.contains("already in use") => last = e,
                Err(e) => panic!("pg-test-cluster.sh: {e}"),
            }
        }
        panic!("no free port for the harness's PostgreSQL after 5 tries: {last}")
    }

    fn run(&self, arg: Option<&str>) -> String {
        self.try_run(arg).unwrap_or_else(|e| panic!("pg-test-cluster.sh {arg:?}: {e}"))
    }

    fn try_run(&self, arg: Option<&str>) -> Result<String, String> {
        let mut cmd = Command::new("bash");
        cmd.arg(script()).env("WUSHE_PG_DIR", &self.dir).env("WUSHE_PG_PORT", self.port.to_string());
        cmd.env("WUSHE_PG_DURABLE", "1");
        if let Some(a) = arg {
            cmd.arg(a);
        }
        let out = cmd.output().expect("run pg-test-cluster.sh");
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().lines().last().unwrap_or_default().to_owned())
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

/// A port no socket holds just now.
fn free_port() -> u16 {
    let socket = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    socket.local_addr().expect("its address").port()
}
