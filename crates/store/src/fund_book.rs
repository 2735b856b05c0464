//! A fund's book: every posting of its transactions in order, with what each transaction was and
//! what reversed it, as the ledger export lays it out.

use sqlx::Row;
use wushe_domain::FundId;

use crate::{Db, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub seq: i64,
    pub created_at: i64,
    pub kind: String,
    pub memo: String,
    pub account: String,
    /// fund | goods | pool | donors | grants | matcher
    pub account_kind: String,
    pub amount: i64,
    pub reverses: Option<i64>,
    pub reversed_by: Option<i64>,
    /// The chain's hash of the transaction, for anyone checking the printout against the ledger.
    pub hash: String,
}

/// The fund's postings, oldest first; the caller has checked the fund is in scope.
pub async fn lines(db: &Db, fund: FundId) -> Result<Vec<Line>> {
    let rows = sqlx::query(
        "SELECT t.seq, t.created_at, t.kind, t.memo, a.name AS account, a.kind AS account_kind, p.amount, t.reverses, \
         (SELECT x.seq FROM money_transactions x WHERE x.reverses = t.seq) AS reversed_by, t.hash \
         FROM money_transactions t JOIN money_postings p ON p.seq = t.seq JOIN ledger_accounts a ON a.id = p.account_id \
         WHERE t.fund_id = $1 ORDER BY t.seq, p.leg",
    )
    .bind(fund.to_string())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Line {
                seq: r.try_get("seq")?,
                created_at: r.try_get("created_at")?,
                kind: r.try_get("kind")?,
                memo: r.try_get("memo")?,
                account: r.try_get("account")?,
                account_kind: r.try_get("account_kind")?,
                amount: r.try_get("amount")?,
                reverses: r.try_get("reverses")?,
                reversed_by: r.try_get("reversed_by")?,
                hash: r.try_get("hash")?,
            })
        })
        .collect()
}
