//! `wushe restore <folder>`: puts a backup made by `wushe backup` back, with the server stopped.
//!
//! Nothing is touched until the backup proves itself: its manifest must be MAC'd under this
//! installation's data key and its file must have the manifest's digest. What it replaces is moved
//! aside, never deleted. Afterwards the chains must verify, agree with the anchors, and end
//! exactly at the heads the manifest recorded.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wushe_app::startup::data_key;
use wushe_app::startup::open_database;
use wushe_app::{Settings, anchors};
use wushe_store::{Backend, Db};

use crate::backup::{self, Manifest, ManifestHead};

pub async fn run(settings: &Settings, from: &Path, replace: bool) -> Result<ExitCode, String> {
    let manifest = Manifest::read(from)?;
    let url = settings.effective_database_url();
    let engine = Backend::from_url(&url).ok_or("the database URL must start with sqlite: or postgres:")?;
    if manifest.engine != engine.name() {
        return Err(format!(
            "该备份来自 {0}，不能恢复到 {1} / the backup is of {0} and cannot be restored into {1}",
            manifest.engine,
            engine.name()
        ));
    }
    let (crypto, new_key) = data_key(settings).map_err(|e| e.to_string())?;
    if new_key.is_some() {
        return Err(format!(
            "找不到数据密钥：请先把备份时的 data.key 放入 {0}（或设置 data_key）/ \
             no data key: put the backed-up installation's data.key into {0} (or set data_key) first",
            settings.data_dir.display()
        ));
    }
    if !manifest.signed_by(&crypto)? {
        return Err("备份清单的校验码与本数据密钥不符：备份被改动过，或属于另一个密钥 / \
                    the backup's manifest does not check under this data key: it was altered, or made under another key"
            .into());
    }
    let file = backup::file_in(from, &manifest)?;
    let (bytes, sha256) = backup::digest(&file)?;
    if bytes != manifest.bytes || sha256 != manifest.sha256 {
        return Err(format!(
            "备份文件 {0} 与清单不符（已损坏或被改动）/ the backup file {0} differs from its manifest (damaged or altered)",
            file.display()
        ));
    }
    // The embedded database's folder stays locked until the restore is checked: no server
    // starts on a half-placed file.
    let _lock = match engine {
        Backend::Sqlite => Some(wushe_app::startup::lock_data_dir(&settings.data_dir).map_err(|e| e.to_string())?),
        Backend::Postgres => None,
    };
    let aside = settings.data_dir.join(format!("before-restore-{}", wushe_store::now_ms()));
    match engine {
        Backend::Sqlite => sqlite(settings, &file, &aside, replace)?,
        Backend::Postgres => postgres(settings, &url, &file, &aside, replace).await?,
    }
    let anchors_file = anchors::path(&settings.data_dir);
    let text = std::fs::read(from.join(anchors::FILE)).map_err(|e| format!("cannot read the backup's anchors: {e}"))?;
    backup::write_private(&anchors_file, &text)?;
    let db = open_database(settings).await.map_err(|e| e.to_string())?;
    let restored = check(&db, &manifest, &anchors_file).await?;
    if aside.exists() {
        println!("原有数据已移至 {0} / what was there before is kept in {0}", aside.display());
    }
    Ok(if restored { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

/// The restored chains end where the backup's did, and verify.
async fn check(db: &Db, manifest: &Manifest, anchors_file: &Path) -> Result<bool, String> {
    let heads: Vec<ManifestHead> =
        wushe_store::chains::heads(db).await.map_err(|e| e.to_string())?.iter().map(ManifestHead::from).collect();
    let same_heads = heads == manifest.heads;
    if !same_heads {
        eprintln!("恢复后的链头与备份清单不符 / the restored chain heads differ from the backup's manifest");
    }
    let intact = crate::verify::run(db, anchors_file).await?;
    if same_heads && intact {
        let rows: i64 = manifest.tables.iter().map(|(_, n)| n).sum();
        println!(
            "已恢复 {} 张表、{rows} 行，哈希链与备份一致 / restored {} tables, {rows} rows; the chains match the backup",
            manifest.tables.len(),
            manifest.tables.len()
        );
    }
    Ok(same_heads && intact)
}

fn sqlite(settings: &Settings, file: &Path, aside: &Path, replace: bool) -> Result<(), String> {
    let dir = &settings.data_dir;
    let live = dir.join(backup::SQLITE_FILE);
    let holds_data = std::fs::metadata(&live).is_ok_and(|m| m.len() > 0);
    let mut moved: Vec<&str> = Vec::new();
    for name in ["wushe.db", "wushe.db-wal", "wushe.db-shm", "wushe.db-journal", anchors::FILE] {
        if dir.join(name).exists() {
            moved.push(name);
        }
    }
    if holds_data && !replace {
        return Err(format!(
            "{0} 已有数据库；确认要替换请加 --replace（原有文件会被移到旁边保留）/ \
             {0} already holds a database: add --replace to put the backup in its place (the old files are kept aside)",
            dir.display()
        ));
    }
    move_aside(dir, &moved, aside)?;
    let staged = dir.join("wushe.db.restoring");
    std::fs::copy(file, &staged).map_err(|e| format!("cannot copy the backup into {}: {e}", dir.display()))?;
    backup::owner_only(&staged);
    std::fs::File::open(&staged).and_then(|f| f.sync_all()).map_err(|e| e.to_string())?;
    std::fs::rename(&staged, &live).map_err(|e| e.to_string())?;
    sync_dir(dir);
    Ok(())
}

async fn postgres(settings: &Settings, url: &str, file: &Path, aside: &Path, replace: bool) -> Result<(), String> {
    let (crypto, _) = data_key(settings).map_err(|e| e.to_string())?;
    let target = Db::connect(url, 1, crypto).await.map_err(|e| e.to_string())?;
    let tables = wushe_store::backup::tables(&target).await.map_err(|e| e.to_string())?;
    target.pool.close().await;
    if !tables.is_empty() {
        return Err(format!(
            "目标数据库已有 {0} 张表：请恢复到新建的空数据库 / the target database already has {0} tables: restore into a new, empty database",
            tables.len()
        ));
    }
    let dir = &settings.data_dir;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    if dir.join(anchors::FILE).exists() {
        if !replace {
            return Err(format!(
                "{0} 已有链外锚点文件；确认要替换请加 --replace / {0} already holds chain anchors: add --replace to keep them aside",
                dir.display()
            ));
        }
        move_aside(dir, &[anchors::FILE], aside)?;
    }
    let mut cmd = backup::pg_command("WUSHE_PG_RESTORE", "pg_restore", url);
    cmd.args(["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges"]).arg(file);
    backup::run_tool(cmd, "pg_restore")
}

fn move_aside(dir: &Path, names: &[&str], aside: &Path) -> Result<(), String> {
    if names.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(aside).map_err(|e| format!("cannot create {}: {e}", aside.display()))?;
    for name in names {
        let to: PathBuf = aside.join(name);
        std::fs::rename(dir.join(name), &to).map_err(|e| format!("cannot move {name} aside: {e}"))?;
    }
    Ok(())
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
