//! What a fund's public disclosure is made of: its gifts and paid grants and relief in force (a
//! reversed one left out), with no one's identity — a gift says only whether its donor was named
//! and whether it came in kind; a grant says only the need's category or the relief's reason.

use sqlx::Row;
use wushe_domain::FundId;

use crate::{Db, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gift {
    pub at: i64,
    pub amount: i64,
    pub matched: i64,
    pub anonymous: bool,
    pub goods: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Disclosed {
    pub gifts: Vec<Gift>,
    /// (need category, or `relief:<reason>`, amount)
    pub grants: Vec<(String, i64)>,
}

/// The movements behind a fund's disclosure page, for anyone: no personal data is read.
pub async fn disclosed(db: &Db, id: FundId) -> Result<Disclosed> {
    let rows = sqlx::query(&format!(
        "SELECT d.created_at, {} AS amount, {} AS matched, d.anonymous, d.kind FROM donations d WHERE d.fund_id = $1 AND {} \
         ORDER BY d.created_at",
        crate::ledger::gift_amount("d"),
        crate::ledger::gift_matched("d"),
        crate::ledger::DONATION_IN_FORCE
    ))
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let mut out = Disclosed::default();
    for r in &rows {
        out.gifts.push(Gift {
            at: r.try_get("created_at")?,
            amount: r.try_get("amount")?,
            matched: r.try_get("matched")?,
            anonymous: r.try_get::<i64, _>("anonymous")? != 0,
            goods: r.try_get::<String, _>("kind")? == "goods",
        });
    }
    // A reversed payment turns its grant or relief to `reversed`: `paid` is what is in force.
    // Amounts as the chain holds them (`ledger::paid_amount`), never the rows' own copies.
    let rows = sqlx::query(&format!(
        "SELECT n.category AS category, {} AS amount FROM grants g JOIN needs n ON n.id = g.need_id \
         WHERE g.fund_id = $1 AND g.status = 'paid' \
         UNION ALL SELECT 'relief:' || a.reason AS category, {} AS amount FROM relief_applications a \
         WHERE a.fund_id = $1 AND a.status = 'paid'",
        crate::ledger::paid_amount("g"),
        crate::ledger::paid_amount("a")
    ))
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    for r in &rows {
        out.grants.push((r.try_get("category")?, r.try_get("amount")?));
    }
    Ok(out)
}
