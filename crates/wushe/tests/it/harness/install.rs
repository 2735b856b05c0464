//! The installation: prepared once through the command line, served, killed, checked.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Volunteers who each check in once over the whole run.
pub const VOLUNTEERS: usize = 300;

pub struct Installation {
    pub dir: PathBuf,
    pub database_url: Option<String>,
    pub port: u16,
    /// What `wushe bench check-ins` printed: the activity, a staff token, the volunteers' tokens.
    pub seed: serde_json::Value,
}

impl Installation {
    /// Regions, the demo, volunteers with accounts, sessions and sign-ups for one activity.
    pub fn prepare(dir: &Path, database_url: Option<String>) -> Installation {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
        let mut inst = Installation { dir: dir.to_owned(), database_url, port, seed: serde_json::Value::Null };
        inst.ok(&["regions", "load", "--prefix", "50"]);
        inst.ok(&["demo"]);
        let csv = dir.join("volunteers.csv");
        let count = VOLUNTEERS.to_string();
        let generated = Command::new(env!("CARGO_BIN_EXE_wushe"))
            .args(["generate", "volunteers", "--count", &count, "--prefix", "500101"])
            .arg(&csv)
            .output()
            .expect("generate");
        assert!(generated.status.success(), "{}", String::from_utf8_lossy(&generated.stderr));
        inst.ok(&["import", "volunteers", csv.to_str().expect("utf-8 path")]);
        let out = inst.ok(&["bench", "check-ins", "--count", &count]);
        inst.seed = serde_json::from_slice(&out.stdout).expect("the check-in seed is JSON");
        inst
    }

    /// A data folder (and database) with nothing prepared: where a backup is restored to.
    pub fn empty(dir: &Path, database_url: Option<String>) -> Installation {
        std::fs::create_dir_all(dir).expect("data folder");
        Installation { dir: dir.to_owned(), database_url, port: 0, seed: serde_json::Value::Null }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_wushe"));
        cmd.arg("--data-dir").arg(&self.dir).env_remove("WUSHE_DATABASE_URL").env("WUSHE_LOG", "warn");
        if let Some(url) = &self.database_url {
            cmd.arg("--database-url").arg(url);
        }
        cmd.args(args);
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run wushe")
    }

    /// Runs a command that must succeed.
    pub fn ok(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "wushe {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts the server and waits until it answers.
    pub fn start(&self) -> Server {
        let child = self
            .command(&["serve", "--bind", &format!("127.0.0.1:{}", self.port)])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the server");
        let server = Server(Some(child));
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(120) {
            if healthy(self.port) {
                return server;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the server did not answer within 120 s after start");
    }

    /// `wushe verify` and `wushe figures check` both pass on what the server left.
    pub fn assert_checks_pass(&self) {
        self.ok(&["verify"]);
        self.ok(&["figures", "check"]);
    }
}

fn healthy(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").is_err() {
        return false;
    }
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    buf.starts_with("HTTP/1.1 200")
}

/// A running server; dropped, it is killed.
pub struct Server(Option<Child>);

impl Server {
    /// SIGKILL: no shutdown, no flush, nothing the server can do about it.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.0.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}
