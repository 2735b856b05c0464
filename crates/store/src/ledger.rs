//! The charity ledger: double-entry transactions in fen, hash-chained (chain `money`). Posting
//! takes the chain head first, which serialises posters on both engines; each leg then moves its
//! account's balance by a conditional update that refuses to take a fund or pool below zero, so
//! that no interleaving overspends. Nothing here updates or deletes a transaction or a posting.

use futures_util::TryStreamExt;
use sqlx::Row;
use wushe_domain::money::{Leg, balanced, reversed};
use wushe_domain::{AccountId, Conflict, RegionCode};

use crate::audit::link;
use crate::figures::{self, Source};
use crate::{Db, Result, Scope, StoreError, now_ms};

/// The condition that a gift (`d`) is in force: its transaction has not been reversed.
pub(crate) const DONATION_IN_FORCE: &str =
    "NOT EXISTS (SELECT 1 FROM money_transactions x WHERE x.reverses = d.txn_seq)";

/// A transaction to post.
#[derive(Debug, Clone)]
pub struct NewTransaction<'a> {
    pub region: &'a RegionCode,
    pub fund: Option<String>,
    /// donation | matching | pool | grant | reversal
    pub kind: &'a str,
    pub memo: &'a str,
    pub legs: Vec<Leg>,
    /// A client's key and what its request said: a retry with both the same is recorded once.
    pub idempotency: Option<(String, String)>,
    pub reverses: Option<i64>,
}

/// What a post did: a new transaction, or the one an earlier request with the same key made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Posted {
    New(i64),
    Replayed(i64),
}

impl Posted {
    pub fn seq(self) -> i64 {
        match self {
            Posted::New(s) | Posted::Replayed(s) => s,
        }
    }
}

fn hash_of(prev: &str, parts: &[String], legs: &[(i64, String, i64)]) -> String {
    let legs: Vec<String> = legs.iter().map(|(n, a, amount)| format!("{n}:{a}:{amount}")).collect();
    let mut all: Vec<&str> = vec![prev];
    all.extend(parts.iter().map(String::as_str));
    all.extend(legs.iter().map(String::as_str));
    link(&all)
}

/// A gift's amount as its chained postings hold it (`x` aliases a `donations` row): what left the
/// donors' side. Receipts and the disclosure print this, never the row's own copy.
pub fn gift_amount(x: &str) -> String {
    format!(
        "(SELECT CAST(-COALESCE(SUM(p.amount), 0) AS BIGINT) FROM money_postings p \
         WHERE p.seq = {x}.txn_seq AND p.account_id = {x}.fund_id || ':donors')"
    )
}

/// A gift's match as its chained postings hold it: what left the matchers' pools.
pub fn gift_matched(x: &str) -> String {
    format!(
        "(SELECT CAST(-COALESCE(SUM(p.amount), 0) AS BIGINT) FROM money_postings p \
         WHERE p.seq = {x}.txn_seq AND p.account_id LIKE {x}.fund_id || ':pool:%')"
    )
}

/// A paid grant's or relief's amount as its chained postings hold it (`x` aliases the row):
/// what reached the grants' side.
pub fn paid_amount(x: &str) -> String {
    format!(
        "(SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM money_postings p \
         WHERE p.seq = {x}.txn_seq AND p.account_id = {x}.fund_id || ':grants')"
    )
}

/// Rows whose own amounts differ from what their chained transaction holds: a gift, a paid grant
/// or a paid relief changed behind the ledger's back. Each as `table id: row says N, chain says M`.
pub async fn row_differences(db: &Db) -> Result<Vec<String>> {
    let checks = [
        ("donations", "amount", gift_amount("x"), "x.txn_seq IS NOT NULL"),
        ("donations", "matched", gift_matched("x"), "x.txn_seq IS NOT NULL"),
        ("grants", "amount", paid_amount("x"), "x.txn_seq IS NOT NULL"),
        ("relief_applications", "amount", paid_amount("x"), "x.txn_seq IS NOT NULL"),
    ];
    let mut out = Vec::new();
    for (table, column, chained, when) in checks {
        let sql = format!(
            "SELECT x.id, x.{column} AS said, {chained} AS chained FROM {table} x WHERE {when} AND x.{column} <> {chained}"
        );
        for r in sqlx::query(&sql).fetch_all(&db.pool).await? {
            let (id, said, chained): (String, i64, i64) = (r.try_get("id")?, r.try_get("said")?, r.try_get("chained")?);
            out.push(format!("{table}.{column} {id}: {said} ≠ {chained}"));
        }
    }
    Ok(out)
}

const COLUMNS: &str = "seq, id, region_code, fund_id, kind, memo, idempotency_key, fingerprint, reverses, created_by, \
    created_at, prev_hash, hash";

/// Posts a balanced transaction inside the caller's transaction. A retry with a key already used
/// answers the first transaction; the same key with another request is refused.
pub async fn post(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    new: &NewTransaction<'_>,
    by: Option<AccountId>,
) -> Result<Posted> {
    if !balanced(&new.legs) {
        return Err(StoreError::corrupt("an unbalanced transaction was offered to the ledger"));
    }
    sqlx::query("UPDATE chain_heads SET seq = seq WHERE chain = 'money'").execute(&mut **tx).await?;
    if let Some((key, fingerprint)) = &new.idempotency {
        let earlier = sqlx::query("SELECT seq, fingerprint FROM money_transactions WHERE idempotency_key = $1")
            .bind(key)
            .fetch_optional(&mut **tx)
            .await?;
        if let Some(r) = earlier {
            if r.try_get::<Option<String>, _>("fingerprint")?.as_deref() != Some(fingerprint.as_str()) {
                return Err(StoreError::Conflict(Conflict::IdempotencyReused));
            }
            return Ok(Posted::Replayed(r.try_get("seq")?));
        }
    }
    for leg in &new.legs {
        let moved = sqlx::query(
            "UPDATE ledger_accounts SET balance = balance + $1 WHERE id = $2 AND (may_go_negative = 1 OR balance + $1 >= 0)",
        )
        .bind(leg.amount)
        .bind(&leg.account)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if moved == 0 {
            let exists = sqlx::query("SELECT 1 AS x FROM ledger_accounts WHERE id = $1")
                .bind(&leg.account)
                .fetch_optional(&mut **tx)
                .await?;
            return Err(match exists {
                Some(_) => StoreError::Conflict(Conflict::InsufficientBalance),
                None => StoreError::corrupt(format!("ledger account {} does not exist", leg.account)),
            });
        }
    }
    let head = sqlx::query("UPDATE chain_heads SET seq = seq + 1 WHERE chain = 'money' RETURNING seq, hash")
        .fetch_one(&mut **tx)
        .await?;
    let seq: i64 = head.try_get("seq")?;
    let prev: String = head.try_get("hash")?;
    let id = uuid::Uuid::now_v7().to_string();
    let now = now_ms();
    let (key, fingerprint) = new.idempotency.clone().unzip();
    let parts = [
        seq.to_string(),
        id.clone(),
        new.region.to_string(),
        new.fund.clone().unwrap_or_default(),
        new.kind.to_owned(),
        new.memo.to_owned(),
        key.clone().unwrap_or_default(),
        fingerprint.clone().unwrap_or_default(),
        new.reverses.map(|r| r.to_string()).unwrap_or_default(),
        by.map(|a| a.to_string()).unwrap_or_default(),
        now.to_string(),
    ];
    let legs: Vec<(i64, String, i64)> =
        new.legs.iter().enumerate().map(|(n, l)| (n as i64, l.account.clone(), l.amount)).collect();
    let hash = hash_of(&prev, &parts, &legs);
    let inserted = sqlx::query(&format!(
        "INSERT INTO money_transactions ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    ))
    .bind(seq)
    .bind(&id)
    .bind(new.region.as_str())
    .bind(new.fund.as_deref())
    .bind(new.kind)
    .bind(new.memo)
    .bind(key.as_deref())
    .bind(fingerprint.as_deref())
    .bind(new.reverses)
    .bind(by.map(|a| a.to_string()))
    .bind(now)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut **tx)
    .await;
    if let Err(e) = inserted {
        if crate::error::is_unique_violation(&e, "money_transactions_reverses_key", "money_transactions.reverses") {
            return Err(StoreError::Conflict(Conflict::AlreadyReversed));
        }
        return Err(e.into());
    }
    for (n, account, amount) in &legs {
        sqlx::query(
            "INSERT INTO money_postings (seq, leg, account_id, region_code, amount) \
             SELECT $1, $2, $3, region_code, $4 FROM ledger_accounts WHERE id = $3",
        )
        .bind(seq)
        .bind(n)
        .bind(account)
        .bind(amount)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("UPDATE chain_heads SET hash = $1 WHERE chain = 'money'").bind(&hash).execute(&mut **tx).await?;
    Ok(Posted::New(seq))
}

/// The legs of a posted transaction, in order.
pub async fn legs(conn: &mut sqlx::AnyConnection, seq: i64) -> Result<Vec<Leg>> {
    let rows = sqlx::query("SELECT account_id, amount FROM money_postings WHERE seq = $1 ORDER BY leg")
        .bind(seq)
        .fetch_all(conn)
        .await?;
    rows.iter().map(|r| Ok(Leg { account: r.try_get("account_id")?, amount: r.try_get("amount")? })).collect()
}

/// Undoes a transaction in scope with a new one that turns every leg's sign. A reversal is never
/// itself reversed, and a transaction is reversed at most once. `None` when it is not in scope.
pub async fn reverse(db: &Db, scope: &Scope, seq: i64, memo: &str, by: Option<AccountId>) -> Result<Option<Posted>> {
    let Some(row) = in_scope(db, scope, seq).await? else { return Ok(None) };
    if row.try_get::<String, _>("kind")? == "reversal" {
        return Err(StoreError::Conflict(Conflict::ReversalOfReversal));
    }
    let region = RegionCode::parse(&row.try_get::<String, _>("region_code")?)
        .map_err(|_| StoreError::corrupt("money transaction: bad region"))?;
    let mut tx = db.begin_write().await?;
    // What the movement paid for stops counting in the figures with it.
    let mut touched = Vec::new();
    for (source, table) in
        [(Source::Donation, "donations"), (Source::Grant, "grants"), (Source::Relief, "relief_applications")]
    {
        let rows =
            sqlx::query(&format!("SELECT id FROM {table} WHERE txn_seq = $1")).bind(seq).fetch_all(&mut *tx).await?;
        touched.push((source, rows.iter().map(|r| r.try_get("id")).collect::<Result<Vec<String>, _>>()?));
    }
    let touched = figures::Pending::read(&mut tx, touched).await?;
    let undo = reversed(&legs(&mut tx, seq).await?);
    let new = NewTransaction {
        region: &region,
        fund: row.try_get("fund_id")?,
        kind: "reversal",
        memo,
        legs: undo,
        idempotency: None,
        reverses: Some(seq),
    };
    let posted = post(&mut tx, &new, by).await?;
    undo_payments(db, &mut tx, seq, memo, by).await?;
    touched.settle(&mut tx).await?;
    let event = crate::audit::Event::new(by, "money.reverse", "money")
        .id(seq)
        .region(&region)
        .detail(serde_json::json!({ "reversal": posted.seq(), "memo": memo }));
    crate::audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Some(posted))
}

/// What a reversed movement paid is undone with it: a grant it paid (or a gift passed on to a
/// need) becomes reversed, on the need's timeline; relief it paid becomes reversed, and its event
/// may be asked for again.
async fn undo_payments(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    seq: i64,
    memo: &str,
    by: Option<AccountId>,
) -> Result<()> {
    let paid = sqlx::query("SELECT need_id, region_code, amount FROM grants WHERE txn_seq = $1 AND status = 'paid'")
        .bind(seq)
        .fetch_all(&mut **tx)
        .await?;
    sqlx::query("UPDATE grants SET status = 'reversed' WHERE txn_seq = $1 AND status = 'paid'")
        .bind(seq)
        .execute(&mut **tx)
        .await?;
    for g in &paid {
        let need: wushe_domain::NeedId =
            g.try_get::<String, _>("need_id")?.parse().map_err(|_| StoreError::corrupt("grant: bad need"))?;
        let region = RegionCode::parse(&g.try_get::<String, _>("region_code")?)
            .map_err(|_| StoreError::corrupt("grant: bad region"))?;
        let what = format!("资助 {} 元已冲正：{memo}", wushe_domain::money::yuan(g.try_get("amount")?));
        let entry = crate::needs::Entry { kind: "grant", from: None, to: None, note: Some(&what) };
        crate::needs::append_event(db, tx, need, &region, by, &entry, now_ms()).await?;
    }
    sqlx::query(
        "UPDATE relief_applications SET status = 'reversed', event_key = NULL WHERE txn_seq = $1 AND status = 'paid'",
    )
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Walks the whole chain. The number of transactions checked, or the first broken sequence number.
pub async fn verify(db: &Db) -> Result<std::result::Result<i64, i64>> {
    let page = crate::audit::WALK_PAGE;
    let transactions = format!("SELECT {COLUMNS} FROM money_transactions WHERE seq > $1 ORDER BY seq LIMIT {page}");
    let head = sqlx::query("SELECT seq, hash FROM chain_heads WHERE chain = 'money'").fetch_one(&db.pool).await?;
    let text = |r: &sqlx::any::AnyRow, c: &str| -> Result<String> {
        Ok(r.try_get::<Option<String>, _>(c)?.unwrap_or_default())
    };
    let mut prev = "0".repeat(64);
    let mut expected = 1;
    loop {
        let rows = sqlx::query(&transactions).bind(expected - 1).fetch_all(&db.pool).await?;
        let Some(last) = rows.last() else { break };
        let last: i64 = last.try_get("seq")?;
        let postings = sqlx::query(
            "SELECT seq, leg, account_id, amount FROM money_postings WHERE seq > $1 AND seq <= $2 ORDER BY seq, leg",
        )
        .bind(expected - 1)
        .bind(last)
        .fetch_all(&db.pool)
        .await?;
        let mut by_seq: std::collections::HashMap<i64, Vec<(i64, String, i64)>> = std::collections::HashMap::new();
        for p in &postings {
            by_seq.entry(p.try_get("seq")?).or_default().push((
                p.try_get("leg")?,
                p.try_get("account_id")?,
                p.try_get("amount")?,
            ));
        }
        for r in &rows {
            let seq: i64 = r.try_get("seq")?;
            let parts = [
                seq.to_string(),
                text(r, "id")?,
                text(r, "region_code")?,
                text(r, "fund_id")?,
                text(r, "kind")?,
                text(r, "memo")?,
                text(r, "idempotency_key")?,
                text(r, "fingerprint")?,
                r.try_get::<Option<i64>, _>("reverses")?.map(|s| s.to_string()).unwrap_or_default(),
                text(r, "created_by")?,
                r.try_get::<i64, _>("created_at")?.to_string(),
            ];
            let legs = by_seq.remove(&seq).unwrap_or_default();
            let sums_to_zero = legs.iter().map(|l| l.2).sum::<i64>() == 0 && legs.len() >= 2;
            if seq != expected
                || text(r, "prev_hash")? != prev
                || !sums_to_zero
                || hash_of(&prev, &parts, &legs) != text(r, "hash")?
            {
                return Ok(Err(expected));
            }
            prev = text(r, "hash")?;
            expected += 1;
        }
        if !by_seq.is_empty() {
            return Ok(Err(expected));
        }
    }
    // Postings of no transaction (past the last one) break the ledger too.
    let stray: i64 = sqlx::query("SELECT COUNT(*) AS n FROM money_postings WHERE seq >= $1")
        .bind(expected)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    let head_seq: i64 = head.try_get("seq")?;
    let head_hash: String = head.try_get("hash")?;
    if stray > 0 || head_seq != expected - 1 || (head_seq > 0 && head_hash != prev) {
        return Ok(Err(expected));
    }
    Ok(Ok(expected - 1))
}

/// Accounts whose stored balance differs from the sum of their postings (none on a sound ledger).
pub async fn balance_differences(db: &Db) -> Result<Vec<(String, i64, i64)>> {
    let mut rows = sqlx::query(
        "SELECT a.id, a.balance, CAST(COALESCE((SELECT SUM(p.amount) FROM money_postings p WHERE p.account_id = a.id), 0) AS BIGINT) AS summed \
         FROM ledger_accounts a",
    )
    .fetch(&db.pool);
    let mut off = Vec::new();
    while let Some(r) = rows.try_next().await? {
        let (id, stored, summed): (String, i64, i64) = (r.try_get("id")?, r.try_get("balance")?, r.try_get("summed")?);
        if stored != summed {
            off.push((id, stored, summed));
        }
    }
    Ok(off)
}

/// Where a transaction is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, seq: i64) -> Result<Option<RegionCode>> {
    let row = sqlx::query("SELECT region_code FROM money_transactions WHERE seq = $1")
        .bind(seq)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| {
        RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| StoreError::corrupt("money: bad region"))
    })
    .transpose()
}

/// A transaction in scope: `Some` with the fund it moved money of, if any; `None` when it is not
/// there for the caller.
pub async fn fund_of(db: &Db, scope: &Scope, seq: i64) -> Result<Option<Option<wushe_domain::FundId>>> {
    let row = in_scope(db, scope, seq).await?;
    let Some(r) = row else { return Ok(None) };
    let fund: Option<String> = r.try_get("fund_id")?;
    Ok(Some(fund.map(|f| f.parse().map_err(|_| StoreError::corrupt("money: bad fund"))).transpose()?))
}

async fn in_scope(db: &Db, scope: &Scope, seq: i64) -> Result<Option<sqlx::any::AnyRow>> {
    Ok(sqlx::query(
        "SELECT t.region_code, t.fund_id, t.kind FROM money_transactions t JOIN regions r ON r.code = t.region_code \
         WHERE t.seq = $1 AND r.path >= $2 AND r.path < $3",
    )
    .bind(seq)
    .bind(scope.lo())
    .bind(scope.hi())
    .fetch_optional(&db.pool)
    .await?)
}
