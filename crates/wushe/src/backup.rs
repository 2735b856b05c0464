//! `wushe backup <folder>`: a consistent copy of a serving database, with what proves it whole.
//!
//! The folder holds the database (`wushe.db`, or `wushe.pgdump` from `pg_dump`), the chain
//! anchors as they stood before the copy plus a line for each head of the copy, and
//! `manifest.json`: the copy's digest, chain heads and row counts, MAC'd under the data key so
//! that a restore can tell a backup made with the key from one altered since. The data key itself
//! is never written into a backup.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use wushe_app::{Settings, anchors};
use wushe_store::chains::Head;
use wushe_store::{Backend, Crypto, Db, backup};

pub const MANIFEST: &str = "manifest.json";
pub const SQLITE_FILE: &str = "wushe.db";
pub const PG_FILE: &str = "wushe.pgdump";

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub release: String,
    pub engine: String,
    pub made_at_ms: i64,
    pub file: String,
    pub bytes: u64,
    pub sha256: String,
    pub heads: Vec<ManifestHead>,
    pub tables: Vec<(String, i64)>,
    /// Over the manifest with this field empty, under a key derived from the data key.
    pub mac: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestHead {
    pub chain: String,
    pub seq: i64,
    pub hash: String,
}

impl From<&Head> for ManifestHead {
    fn from(h: &Head) -> Self {
        ManifestHead { chain: h.chain.clone(), seq: h.seq, hash: h.hash.clone() }
    }
}

impl Manifest {
    fn body(&self) -> Result<String, String> {
        let mut unsigned = serde_json::to_value(self).map_err(|e| e.to_string())?;
        unsigned["mac"] = serde_json::Value::String(String::new());
        serde_json::to_string(&unsigned).map_err(|e| e.to_string())
    }

    pub fn sign(&mut self, crypto: &Crypto) -> Result<(), String> {
        self.mac = crypto.index("backup manifest", &self.body()?);
        Ok(())
    }

    pub fn signed_by(&self, crypto: &Crypto) -> Result<bool, String> {
        Ok(crypto.index("backup manifest", &self.body()?) == self.mac)
    }

    pub fn read(folder: &Path) -> Result<Manifest, String> {
        let path = folder.join(MANIFEST);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("无法读取备份清单 {} / cannot read the backup manifest: {e}", path.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("备份清单 {} 无法解析 / the backup manifest does not parse: {e}", path.display()))
    }
}

pub async fn run(settings: &Settings, db: &Db, out: &Path) -> Result<ExitCode, String> {
    make_folder(out)?;
    let done = write(settings, db, out).await;
    if done.is_err() {
        // Half a backup is worse than none: it would be mistaken for one.
        let _ = std::fs::remove_dir_all(out);
    }
    done
}

async fn write(settings: &Settings, db: &Db, out: &Path) -> Result<ExitCode, String> {
    let started = Instant::now();
    // Anchor the live heads first, then copy the anchors: every line in the copy is older than
    // the snapshot taken after it, so the restored database always covers them.
    let live_anchors = anchors::path(&settings.data_dir);
    anchors::append(&live_anchors, db, &mut Vec::new()).await.map_err(|e| e.to_string())?;
    let mut anchor_text = match std::fs::read_to_string(&live_anchors) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", live_anchors.display())),
    };
    let (file, heads, tables) = match db.backend {
        Backend::Sqlite => sqlite(db, out).await?,
        Backend::Postgres => postgres(settings, db, out).await?,
    };
    anchor_text.push_str(&anchors::lines(db, heads.iter()));
    write_private(&out.join(anchors::FILE), anchor_text.as_bytes())?;
    let path = out.join(file);
    let (bytes, sha256) = digest(&path)?;
    let mut manifest = Manifest {
        format: 1,
        release: env!("CARGO_PKG_VERSION").to_owned(),
        engine: db.backend.name().to_owned(),
        made_at_ms: wushe_store::now_ms(),
        file: file.to_owned(),
        bytes,
        sha256,
        heads: heads.iter().map(ManifestHead::from).collect(),
        tables,
        mac: String::new(),
    };
    manifest.sign(&db.crypto)?;
    let json = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    write_private(&out.join(MANIFEST), json.as_bytes())?;
    let rows: i64 = manifest.tables.iter().map(|(_, n)| n).sum();
    println!(
        "备份完成：{}（{} 张表，{rows} 行，{:.1} MB，用时 {:.1} 秒）。数据密钥不在备份中，请另行保管 / \
         backup written to {} ({} tables, {rows} rows, {:.1} MB, {:.1} s); the data key is not in it: keep it apart",
        out.display(),
        manifest.tables.len(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        out.display(),
        manifest.tables.len(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
    );
    Ok(ExitCode::SUCCESS)
}

type Copied = (&'static str, Vec<Head>, Vec<(String, i64)>);

async fn sqlite(db: &Db, out: &Path) -> Result<Copied, String> {
    let dest = out.join(SQLITE_FILE);
    let text = dest.to_str().ok_or("the backup folder's path is not UTF-8")?;
    backup::sqlite_copy(db, text).await.map_err(|e| format!("VACUUM INTO {text}: {e}"))?;
    owner_only(&dest);
    // The copy's own heads and counts: what it holds, whatever was written since.
    let (heads, tables) = backup::sqlite_file_summary(text).await.map_err(|e| e.to_string())?;
    Ok((SQLITE_FILE, heads, tables))
}

async fn postgres(settings: &Settings, db: &Db, out: &Path) -> Result<Copied, String> {
    let url = settings.database_url.as_ref().ok_or("no database URL")?.expose().to_owned();
    let snapshot = backup::pg_snapshot(db).await.map_err(|e| e.to_string())?;
    let dest = out.join(PG_FILE);
    let mut cmd = pg_command("WUSHE_PG_DUMP", "pg_dump", &url);
    cmd.arg("--format=custom").arg("--no-owner").arg(format!("--snapshot={}", snapshot.id)).arg("--file").arg(&dest);
    run_tool(cmd, "pg_dump")?;
    owner_only(&dest);
    let (heads, tables) = (snapshot.heads.clone(), snapshot.tables.clone());
    snapshot.release().await.map_err(|e| e.to_string())?;
    Ok((PG_FILE, heads, tables))
}

/// `pg_dump` / `pg_restore` on `url`, its password handed over in the environment rather than on
/// the command line, where every user of the machine could read it.
pub fn pg_command(var: &str, default: &str, url: &str) -> Command {
    let program = std::env::var(var).unwrap_or_else(|_| default.to_owned());
    let (shown, password) = split_password(url);
    let mut cmd = Command::new(program);
    cmd.arg(format!("--dbname={shown}"));
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    cmd
}

pub fn run_tool(mut cmd: Command, name: &str) -> Result<(), String> {
    let out = cmd.output().map_err(|e| {
        format!("无法运行 {name} / cannot run {name}: {e} (set WUSHE_PG_DUMP / WUSHE_PG_RESTORE to its path)")
    })?;
    if out.status.success() {
        return Ok(());
    }
    let err = String::from_utf8_lossy(&out.stderr);
    Err(format!("{name} 失败 / {name} failed: {}", err.trim()))
}

/// The URL without its password, and the password percent-decoded.
pub fn split_password(url: &str) -> (String, Option<String>) {
    let (Some(s), Some(at)) = (url.find("://"), url.rfind('@')) else { return (url.to_owned(), None) };
    if at < s {
        return (url.to_owned(), None);
    }
    let creds = &url[s + 3..at];
    match creds.split_once(':') {
        Some((user, pass)) => (format!("{}{user}{}", &url[..s + 3], &url[at..]), Some(percent_decode(pass))),
        None => (url.to_owned(), None),
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A new, owner-only folder; an existing non-empty one is refused, never written into.
fn make_folder(out: &Path) -> Result<(), String> {
    if out.exists() && std::fs::read_dir(out).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(format!(
            "备份文件夹 {} 已存在且不为空 / the backup folder {} exists and is not empty",
            out.display(),
            out.display()
        ));
    }
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(out, std::fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

pub fn owner_only(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
}

pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    f.write_all(bytes).and_then(|()| f.sync_all()).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Size and SHA-256 of a file, read a block at a time.
pub fn digest(path: &Path) -> Result<(u64, String), String> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (mut hasher, mut buf, mut n) = (Sha256::new(), vec![0u8; 1 << 20], 0u64);
    loop {
        let got = f.read(&mut buf).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if got == 0 {
            break;
        }
        hasher.update(&buf[..got]);
        n += got as u64;
    }
    Ok((n, hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()))
}

pub fn file_in(folder: &Path, m: &Manifest) -> Result<PathBuf, String> {
    if m.file != SQLITE_FILE && m.file != PG_FILE {
        return Err(format!("备份清单指向未知文件 {} / the manifest names an unknown file", m.file));
    }
    Ok(folder.join(&m.file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url() {
        assert_eq!(
            split_password("postgres://wushe:s%40cret@127.0.0.1:5432/db?sslmode=disable"),
            ("postgres://wushe@127.0.0.1:5432/db?sslmode=disable".to_owned(), Some("s@cret".to_owned()))
        );
        assert_eq!(split_password("postgres://wushe@h/db"), ("postgres://wushe@h/db".to_owned(), None));
        assert_eq!(split_password("postgres://h/db"), ("postgres://h/db".to_owned(), None));
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%e4%ba%94"), "五");
    }
}
