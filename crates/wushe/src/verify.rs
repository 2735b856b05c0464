//! `wushe verify`: every check that tampering with the database must fail, in one pass. A
//! restore runs it on what it restored before calling it done.

use std::path::Path;

use wushe_store::{Db, audit};

/// Prints what holds and what does not; `Ok(false)` when anything is broken.
pub async fn run(db: &Db, anchors: &Path) -> Result<bool, String> {
    let mut intact = true;
    match audit::verify(db).await.map_err(|e| e.to_string())? {
        Ok(n) => println!("审计日志哈希链完整，共 {n} 条 / audit chain intact, {n} events"),
        Err(seq) => {
            eprintln!("审计日志哈希链在第 {seq} 条处断开 / audit chain broken at event {seq}");
            intact = false;
        }
    }
    match wushe_store::hours::verify(db).await.map_err(|e| e.to_string())? {
        Ok(n) => println!("志愿服务时长台账哈希链完整，共 {n} 条 / hours ledger intact, {n} entries"),
        Err(seq) => {
            eprintln!("志愿服务时长台账哈希链在第 {seq} 条处断开 / hours ledger broken at entry {seq}");
            intact = false;
        }
    }
    match wushe_store::ledger::verify(db).await.map_err(|e| e.to_string())? {
        Ok(n) => println!("慈善资金台账哈希链完整，共 {n} 笔 / money ledger intact, {n} transactions"),
        Err(seq) => {
            eprintln!("慈善资金台账哈希链在第 {seq} 笔处断开 / money ledger broken at transaction {seq}");
            intact = false;
        }
    }
    let checked = wushe_app::anchors::check(anchors, db).await.map_err(|e| e.to_string())?;
    if checked.problems.is_empty() {
        println!(
            "链外锚点 {} 条均与数据库一致 / {} anchors outside the database agree with it ({} from before a key rotation)",
            checked.lines, checked.lines, checked.older_key
        );
    }
    for p in &checked.problems {
        eprintln!("与链外锚点不符：{p} / an anchor outside the database disagrees: {p}");
        intact = false;
    }
    let unreadable = wushe_store::rekey::unreadable(db).await.map_err(|e| e.to_string())?;
    if unreadable.is_empty() {
        println!("加密数据均可用本密钥解开，且都在原位 / every sealed value opens in its place");
    }
    for place in &unreadable {
        eprintln!("加密数据无法解开或已被移动：{place} / a sealed value does not open in its place: {place}");
        intact = false;
    }
    for number in wushe_store::certificates::printed_differences(db).await.map_err(|e| e.to_string())? {
        eprintln!("证明所载内容与签发时不符：{number} / a certificate differs from what was issued: {number}");
        intact = false;
    }
    for row in wushe_store::ledger::row_differences(db).await.map_err(|e| e.to_string())? {
        eprintln!("金额与资金台账不符：{row} / an amount differs from the money ledger: {row}");
        intact = false;
    }
    for (account, stored, summed) in wushe_store::ledger::balance_differences(db).await.map_err(|e| e.to_string())? {
        eprintln!("账户 {account} 余额 {stored} 分与分录合计 {summed} 分不符 / balance differs from its postings");
        intact = false;
    }
    Ok(intact)
}
