//! `wushe keys rotate`: moves every sealed value to a new data key.
//!
//! The new key is written to `data.key.new` (owner-only) before anything changes, so that it is
//! never lost: if the run stops after the database has moved but before the key is in place, the
//! file still holds it. With the key file as the configured key, the new file then replaces it;
//! with a key from the configuration, the operator puts the new key there and deletes the file.

use std::process::ExitCode;

use wushe_app::startup::write_private;
use wushe_store::crypto::Crypto;
use wushe_store::rekey;
use wushe_web::Settings;

pub async fn rotate(settings: &Settings) -> Result<ExitCode, String> {
    let db = wushe_app::startup::open_database(settings).await.map_err(|e| e.to_string())?;
    let new_text = match std::env::var("WUSHE_NEW_DATA_KEY") {
        Ok(k) if !k.trim().is_empty() => k.trim().to_owned(),
        _ => Crypto::generate_key_text().map_err(|e| format!("no randomness: {e}"))?,
    };
    let new = Crypto::from_text(&new_text).ok_or(
        "WUSHE_NEW_DATA_KEY 应为 64 位十六进制或 32 字节的 base64 / must be 64 hex digits or base64 of 32 bytes",
    )?;
    let pending = settings.data_dir.join("data.key.new");
    write_private(&pending, &new_text).map_err(|e| {
        format!(
            "无法写入 {0}：{e}（若上次轮换未完成，请先处理该文件）/ cannot write {0}: {e} (if an earlier rotation did not finish, deal with that file first)",
            pending.display()
        )
    })?;
    let started = std::time::Instant::now();
    let done = rekey::rotate(&db, &new, &mut |table, sealed| eprintln!("  {table}: {sealed}")).await;
    let done = match done {
        Ok(d) => d,
        Err(e) => {
            // Nothing changed: the new key is not needed.
            let _ = std::fs::remove_file(&pending);
            return Err(format!("密钥轮换失败，数据未改变 / key rotation failed, nothing changed: {e}"));
        }
    };
    println!(
        "已用新密钥重新加密 {} 个值、重算 {} 个索引，用时 {:.1} 秒 / re-sealed {} values and {} indexes in {:.1} s",
        done.sealed,
        done.indexes,
        started.elapsed().as_secs_f64(),
        done.sealed,
        done.indexes,
        started.elapsed().as_secs_f64()
    );
    // The anchors go on under the new key.
    let moved = wushe_store::Db { crypto: new.clone(), ..db.clone() };
    if let Err(e) =
        wushe_app::anchors::append(&wushe_app::anchors::path(&settings.data_dir), &moved, &mut Vec::new()).await
    {
        eprintln!("锚定哈希链失败 / anchoring the chains failed: {e}");
    }
    if settings.data_key.is_none() {
        let current = settings.data_dir.join("data.key");
        std::fs::rename(&pending, &current).map_err(|e| {
            format!("数据已改用 {0} 中的新密钥，但无法替换 {1}：{e} / the data now uses the key in {0}; replacing {1} failed: {e}", pending.display(), current.display())
        })?;
        println!("新密钥已写入 {0} / the new key is now in {0}", current.display());
    } else {
        println!(
            "请将配置中的 data_key（或 WUSHE_DATA_KEY）换成 {0} 中的新密钥，然后删除该文件 / put the new key from {0} into data_key (or WUSHE_DATA_KEY), then delete that file",
            pending.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
