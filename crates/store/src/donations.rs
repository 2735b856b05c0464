//! Donations of money to a fund. A donation and the match it draws are one balanced transaction
//! (the donors' side and the matcher's pool out, the fund in), computed after the ledger's head is
//! taken, so that caps and the pool are read by one poster at a time. A retried request with the
//! same key is recorded once.

use sqlx::Row;
use wushe_domain::money::{Leg, Matched, MatchingRule, match_amount};
use wushe_domain::{AccountId, Conflict, DonationId, DonorId, FundId};

use crate::audit::{self, Event};
use crate::funds::{self, account_id};
use crate::ledger::{self, NewTransaction, Posted};
use crate::{Db, Result, Scope, StoreError, now_ms};

#[derive(Debug, Clone)]
pub struct NewDonation {
    pub fund: FundId,
    /// A registered donor, or none for an anonymous gift.
    pub donor: Option<DonorId>,
    pub amount: i64,
    /// The client's key for this request, and what the request said.
    pub idempotency: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Donation {
    pub id: DonationId,
    pub fund_id: FundId,
    pub donor_id: Option<DonorId>,
    pub amount: i64,
    pub matched: i64,
    pub receipt_no: String,
    pub txn_seq: i64,
    pub created_at: i64,
}

/// The rule in force for a fund today, if any: the first one that started and has not ended.
async fn rule_in_force(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    fund: FundId,
    today: &str,
) -> Result<Option<(String, String, MatchingRule)>> {
    let row = sqlx::query(
        "SELECT id, pool_account, numerator, denominator, per_donation, per_donor, total_cap FROM matching_rules \
         WHERE fund_id = $1 AND starts_on <= $2 AND ends_on >= $2 ORDER BY created_at LIMIT 1",
    )
    .bind(fund.to_string())
    .bind(today)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| {
        Ok((
            r.try_get("id")?,
            r.try_get("pool_account")?,
            MatchingRule {
                numerator: r.try_get("numerator")?,
                denominator: r.try_get("denominator")?,
                per_donation: r.try_get("per_donation")?,
                per_donor: r.try_get("per_donor")?,
                total: r.try_get("total_cap")?,
            },
        ))
    })
    .transpose()
}

async fn matched_so_far(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    rule: &str,
    pool: &str,
    donor: Option<DonorId>,
) -> Result<Matched> {
    let sum = |r: &sqlx::any::AnyRow| -> Result<i64> { Ok(r.try_get::<Option<i64>, _>("n")?.unwrap_or(0)) };
    // The rule keeps its running total; summing every donation would slow each one down.
    let in_total: i64 = sqlx::query("SELECT matched FROM matching_rules WHERE id = $1")
        .bind(rule)
        .fetch_one(&mut **tx)
        .await?
        .try_get("matched")?;
    // An anonymous gift is its own donor: a per-donor cap cannot follow someone unnamed.
    let for_donor = match donor {
        Some(d) => sum(&sqlx::query(
            "SELECT CAST(SUM(matched) AS BIGINT) AS n FROM donations WHERE rule_id = $1 AND donor_id = $2",
        )
        .bind(rule)
        .bind(d.to_string())
        .fetch_one(&mut **tx)
        .await?)?,
        None => 0,
    };
    let pool_left: i64 = sqlx::query("SELECT balance FROM ledger_accounts WHERE id = $1")
        .bind(pool)
        .fetch_one(&mut **tx)
        .await?
        .try_get("balance")?;
    Ok(Matched { for_donor, in_total, pool_left })
}

/// Records a donation to a fund in scope and the match it draws. `None` when the fund is not in
/// scope; a retried request answers the donation the first one recorded.
pub async fn donate(
    db: &Db,
    scope: &Scope,
    new: &NewDonation,
    today: &str,
    by: Option<AccountId>,
) -> Result<Option<Donation>> {
    let Some(f) = funds::get(db, scope, new.fund).await? else { return Ok(None) };
    if f.status != "active" {
        return Err(StoreError::Conflict(Conflict::FundClosed));
    }
    let mut tx = db.begin_write().await?;
    // The ledger's head first: caps and the pool are then read by one poster at a time.
    sqlx::query("UPDATE chain_heads SET seq = seq WHERE chain = 'money'").execute(&mut *tx).await?;
    let mut legs = vec![
        Leg { account: account_id(new.fund, "donors"), amount: -new.amount },
        Leg { account: account_id(new.fund, "fund"), amount: new.amount },
    ];
    let mut matched = 0;
    let mut rule_id = None;
    if let Some((rule, pool, r)) = rule_in_force(&mut tx, new.fund, today).await? {
        matched = match_amount(&r, new.amount, matched_so_far(&mut tx, &rule, &pool, new.donor).await?);
        if matched > 0 {
            legs.push(Leg { account: pool, amount: -matched });
            legs.push(Leg { account: account_id(new.fund, "fund"), amount: matched });
            sqlx::query("UPDATE matching_rules SET matched = matched + $1 WHERE id = $2")
                .bind(matched)
                .bind(&rule)
                .execute(&mut *tx)
                .await?;
        }
        rule_id = Some(rule);
    }
    let memo = if matched > 0 { "捐赠及配捐" } else { "捐赠" };
    let txn = NewTransaction {
        region: &f.region_code,
        fund: Some(new.fund.to_string()),
        kind: "donation",
        memo,
        legs,
        idempotency: new.idempotency.clone(),
        reverses: None,
    };
    let seq = match ledger::post(&mut tx, &txn, by).await? {
        Posted::Replayed(seq) => {
            drop(tx);
            return by_transaction(db, seq).await;
        }
        Posted::New(seq) => seq,
    };
    let id = DonationId::new();
    let receipt = format!("JZ{}-{seq:08}", &today[..4.min(today.len())]);
    sqlx::query(
        "INSERT INTO donations (id, fund_id, region_code, donor_id, anonymous, amount, matched, rule_id, txn_seq, \
         receipt_no, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(id.to_string())
    .bind(new.fund.to_string())
    .bind(f.region_code.as_str())
    .bind(new.donor.map(|d| d.to_string()))
    .bind(i64::from(new.donor.is_none()))
    .bind(new.amount)
    .bind(matched)
    .bind(rule_id)
    .bind(seq)
    .bind(&receipt)
    .bind(by.map(|a| a.to_string()))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let event = Event::new(by, "fund.donation", "fund")
        .id(new.fund)
        .region(&f.region_code)
        .detail(serde_json::json!({ "donation": id, "amount": new.amount, "matched": matched, "transaction": seq }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    by_transaction(db, seq).await
}

const SELECT: &str = "SELECT id, fund_id, donor_id, amount, matched, receipt_no, txn_seq, created_at FROM donations";

fn decode(r: &sqlx::any::AnyRow) -> Result<Donation> {
    let bad = |what: &str| StoreError::corrupt(format!("donation: bad {what}"));
    let donor: Option<String> = r.try_get("donor_id")?;
    Ok(Donation {
        id: r.try_get::<String, _>("id")?.parse().map_err(|_| bad("id"))?,
        fund_id: r.try_get::<String, _>("fund_id")?.parse().map_err(|_| bad("fund"))?,
        donor_id: donor.map(|d| d.parse().map_err(|_| bad("donor"))).transpose()?,
        amount: r.try_get("amount")?,
        matched: r.try_get("matched")?,
        receipt_no: r.try_get("receipt_no")?,
        txn_seq: r.try_get("txn_seq")?,
        created_at: r.try_get("created_at")?,
    })
}

async fn by_transaction(db: &Db, seq: i64) -> Result<Option<Donation>> {
    let row = sqlx::query(&format!("{SELECT} WHERE txn_seq = $1")).bind(seq).fetch_optional(&db.pool).await?;
    row.as_ref().map(decode).transpose()
}

/// A fund's donations, latest first.
pub async fn of_fund(db: &Db, scope: &Scope, fund: FundId, limit: i64) -> Result<Option<Vec<Donation>>> {
    if funds::get(db, scope, fund).await?.is_none() {
        return Ok(None);
    }
    let rows = sqlx::query(&format!("{SELECT} WHERE fund_id = $1 ORDER BY txn_seq DESC LIMIT $2"))
        .bind(fund.to_string())
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(decode).collect::<Result<Vec<_>>>().map(Some)
}
