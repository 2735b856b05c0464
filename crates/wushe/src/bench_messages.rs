//! Messages for one account at volume: writes COUNT messages (newest last, a minute apart, one
//! unread in ten) to a demo account, then times what its pages ask of them: the first page of
//! its list, a page deep in it by cursor, and the header's unread count (with the session).

use std::process::ExitCode;
use std::time::Instant;

use wushe_store::{Db, messages};

/// Timed calls of each query.
const CALLS: usize = 200;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

async fn timed<F, Fut>(mut f: F) -> Result<(f64, f64), String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let mut ms = Vec::with_capacity(CALLS);
    for _ in 0..CALLS {
        let t = Instant::now();
        f().await?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    Ok((percentile(&ms, 0.5), percentile(&ms, 0.95)))
}

pub async fn run(db: &Db, count: usize, login: &str) -> Result<ExitCode, String> {
    let err = |e: wushe_store::StoreError| e.to_string();
    let (account, _) = wushe_store::accounts::find_for_login(db, login).await.map_err(err)?.ok_or("no such account")?;
    let start = wushe_store::now_ms() - count as i64 * 60_000;
    let t = Instant::now();
    messages::write_many(db, account.id, &account.region_code, count, start).await.map_err(err)?;
    println!("wrote {count} messages for {login} in {:.1} s", t.elapsed().as_secs_f64());

    let id = account.id;
    let (p50, p95) = timed(|| async { messages::list(db, id, None, 51).await.map(drop).map_err(err) }).await?;
    println!("first page of 50: p50 {p50:.2} ms, p95 {p95:.2} ms");
    let deep = messages::list(db, id, None, (count / 2) as i64).await.map_err(err)?;
    let cursor = deep.last().map(messages::Message::cursor).ok_or("no messages")?;
    let (p50, p95) = timed(|| async { messages::list(db, id, Some(&cursor), 51).await.map(drop).map_err(err) }).await?;
    println!("a page {} messages deep: p50 {p50:.2} ms, p95 {p95:.2} ms", count / 2);
    let (p50, p95) = timed(|| async { messages::unread(db, id).await.map(drop).map_err(err) }).await?;
    println!("unread count (capped at 100): p50 {p50:.2} ms, p95 {p95:.2} ms");
    Ok(ExitCode::SUCCESS)
}
