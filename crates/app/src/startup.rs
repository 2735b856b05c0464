//! Opening the data folder and the database. Every failure here is one sentence for the operator.

use std::path::Path;

use wushe_store::{Crypto, Db, StoreError};

use crate::settings::Settings;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error("the data key is not valid: it must be 64 hex digits or base64 of 32 bytes")]
    BadKey,
    #[error("cannot read or write the data key file {path}: {source}")]
    KeyFile { path: String, source: std::io::Error },
    #[error("cannot open the database at {url}: {cause}")]
    Connect { url: String, cause: String },
    #[error("the database at {url} cannot be migrated (is the data folder corrupt?): {cause}")]
    Migrate { url: String, cause: String },
    #[error(
        "数据库已有加密数据，但找不到数据密钥文件 {path}：请从备份恢复该文件（或在配置中设置 data_key）后再启动 / \
         the database holds sealed data but the data key file {path} is missing: restore it from a backup (or set data_key) and start again"
    )]
    KeyMissing { path: String },
    #[error(
        "数据密钥与数据库不符，无法解开已加密的数据：请使用该数据库原来的密钥（{source_of}）/ \
         the data key does not open this database's sealed data: use the key it was sealed with ({source_of})"
    )]
    KeyMismatch { source_of: String },
    #[error("数据文件夹 {path} 不可写：{cause} / the data folder {path} is not writable: {cause}")]
    ReadOnly { path: String, cause: String },
    #[error(
        "另一个 wushe 进程正在使用数据文件夹 {path}，请先停止它 / another wushe process is using the data folder {path}: stop it first"
    )]
    Locked { path: String },
    #[error("cannot listen on {addr}: {source} (is another program using the port?)")]
    Bind { addr: std::net::SocketAddr, source: std::io::Error },
}

/// Strips a password from a URL before it is shown anywhere.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..s + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// The key that seals personal numbers: from the settings, else from `data_dir/data.key`.
/// A key file that does not exist yet comes back as text to write once the database is known
/// to hold no sealed data ([`open_database`]): a lost key is never silently replaced.
pub fn data_key(settings: &Settings) -> Result<(Crypto, Option<String>), StartError> {
    if let Some(k) = &settings.data_key {
        return Ok((Crypto::from_text(k.expose()).ok_or(StartError::BadKey)?, None));
    }
    let path = key_path(settings);
    let key_err = |source| StartError::KeyFile { path: path.display().to_string(), source };
    if !path.exists() {
        let text = Crypto::generate_key_text().map_err(|e| key_err(std::io::Error::other(e.to_string())))?;
        return Ok((Crypto::from_text(&text).ok_or(StartError::BadKey)?, Some(text)));
    }
    let text = std::fs::read_to_string(&path).map_err(key_err)?;
    Ok((Crypto::from_text(&text).ok_or(StartError::BadKey)?, None))
}

fn key_path(settings: &Settings) -> std::path::PathBuf {
    settings.data_dir.join("data.key")
}

/// Writes a new file readable by its owner only; an existing file is an error, never overwritten.
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)?.write_all(text.as_bytes())
}

fn ensure_dir(dir: &Path) -> Result<(), StartError> {
    std::fs::create_dir_all(dir).map_err(|source| StartError::DataDir { path: dir.display().to_string(), source })
}

/// Connects and brings the schema up to date. The embedded database's folder is checked
/// writable and its files made owner-only first; the data key must open what the database
/// already holds.
pub async fn open_database(settings: &Settings) -> Result<Db, StartError> {
    let url = settings.effective_database_url();
    let embedded = settings.database_url.is_none();
    if embedded {
        prepare_data_dir(&settings.data_dir)?;
    }
    let (crypto, new_key) = data_key(settings)?;
    let shown = redact_url(&url);
    let connect_err = |e: StoreError| StartError::Connect { url: shown.clone(), cause: cause(&e) };
    let db = Db::connect(&url, settings.max_connections, crypto).await.map_err(connect_err)?;
    db.migrate().await.map_err(|e| StartError::Migrate { url: shown.clone(), cause: cause(&e) })?;
    let path = key_path(settings).display().to_string();
    match (wushe_store::key_check::matches(&db).await.map_err(connect_err)?, new_key) {
        // A key made now cannot open data sealed before: the old key is lost, never replaced.
        (false, Some(_)) => return Err(StartError::KeyMissing { path }),
        (false, None) => {
            let source_of = if settings.data_key.is_some() { "data_key / WUSHE_DATA_KEY".to_owned() } else { path };
            return Err(StartError::KeyMismatch { source_of });
        }
        (true, Some(text)) => {
            ensure_dir(&settings.data_dir)?;
            write_private(&key_path(settings), &text)
                .map_err(|source| StartError::KeyFile { path: path.clone(), source })?;
        }
        (true, None) => {}
    }
    wushe_store::key_check::record(&db).await.map_err(connect_err)?;
    db.upgrade_data().await.map_err(|e| StartError::Migrate { url: shown.clone(), cause: cause(&e) })?;
    db.refresh_statistics().await.map_err(connect_err)?;
    if embedded {
        owner_only(&settings.data_dir);
    }
    Ok(db)
}

/// The embedded database's folder: created owner-only, proved writable (a read-only folder
/// would start "healthy" and fail every sign-in), and its database file created owner-only
/// before SQLite opens it, so that SQLite gives its journal files the same mode.
fn prepare_data_dir(dir: &Path) -> Result<(), StartError> {
    writable_dir(dir)?;
    let read_only = |e: std::io::Error| StartError::ReadOnly { path: dir.display().to_string(), cause: e.to_string() };
    let db_file = dir.join("wushe.db");
    if !db_file.exists() {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        opts.open(&db_file).map_err(read_only)?;
    } else {
        std::fs::OpenOptions::new().write(true).open(&db_file).map_err(read_only)?;
    }
    owner_only(dir);
    Ok(())
}

/// The data folder, made owner-only if it is missing and proved writable. On either engine it
/// holds the chain anchors, which must not fail quietly every minute for want of the folder.
pub fn writable_dir(dir: &Path) -> Result<(), StartError> {
    ensure_dir(dir)?;
    let read_only = |e: std::io::Error| StartError::ReadOnly { path: dir.display().to_string(), cause: e.to_string() };
    let probe = dir.join(".write-check");
    std::fs::write(&probe, b"ok").map_err(read_only)?;
    std::fs::remove_file(&probe).map_err(read_only)?;
    owner_only(dir);
    Ok(())
}

/// Makes the folder and the database's files readable by their owner only (files from an
/// earlier release may have been made with the default mode).
fn owner_only(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        for name in ["wushe.db", "wushe.db-wal", "wushe.db-shm", "wushe.db-journal", "data.key"] {
            let file = dir.join(name);
            if file.exists() {
                let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600));
            }
        }
    }
}

/// An exclusive lock on the data folder, held while the server runs: a second server (or a
/// second first start loading the demo) on the same folder stops with a sentence instead.
#[derive(Debug)]
pub struct DataLock {
    _file: std::fs::File,
}

pub fn lock_data_dir(dir: &Path) -> Result<DataLock, StartError> {
    ensure_dir(dir)?;
    let path = dir.join("wushe.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| StartError::ReadOnly { path: dir.display().to_string(), cause: e.to_string() })?;
    match file.try_lock() {
        Ok(()) => Ok(DataLock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => Err(StartError::Locked { path: dir.display().to_string() }),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(StartError::ReadOnly { path: dir.display().to_string(), cause: e.to_string() })
        }
    }
}

fn cause(e: &StoreError) -> String {
    let mut s = e.to_string();
    let mut cur = std::error::Error::source(e);
    while let Some(c) = cur {
        let next = c.to_string();
        if !s.contains(&next) {
            s.push_str(": ");
            s.push_str(&next);
        }
        cur = c.source();
    }
    s
}
