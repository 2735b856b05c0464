//! Gifts to a fund: money, or goods at their stated value. A gift of money and the match it draws
//! are one balanced transaction (the donors' side and the matcher's pool out, the fund in),
//! computed after the ledger's head is taken, so that caps and the pool are read by one poster at
//! a time. Goods go to the fund's goods account and draw no matching. A gift for a named need is
//! passed on to it as a paid grant in the same transaction. A retried request with the same key
//! is recorded once.

use sqlx::Row;
use wushe_domain::money::yuan;
use wushe_domain::money::{Leg, Matched, MatchingRule, match_amount};
use wushe_domain::{AccountId, Conflict, DonationId, DonorId, Field, FieldError, FundId, NeedId, Reason};

use crate::audit::{self, Event};
use crate::figures::{self, Source};
use crate::funds::{self, account_id};
use crate::ledger::{self, NewTransaction, Posted};
use crate::{Db, Result, Scope, StoreError, now_ms};

#[derive(Debug, Clone)]
pub struct NewDonation {
    pub fund: FundId,
    /// A registered donor, or none for an anonymous gift.
    pub donor: Option<DonorId>,
    pub amount: i64,
    /// What was given in kind; `None` for money.
    pub goods: Option<String>,
    /// An appeal of the fund the gift is for.
    pub appeal: Option<String>,
    /// A need the gift is for: passed on to it at once.
    pub need: Option<NeedId>,
    /// The client's key for this request, and what the request said.
    pub idempotency: Option<(String, String)>,
}

impl NewDonation {
    /// Money for the fund itself.
    pub fn money(fund: FundId, donor: Option<DonorId>, amount: i64) -> Self {
        NewDonation { fund, donor, amount, goods: None, appeal: None, need: None, idempotency: None }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Donation {
    pub id: DonationId,
    pub fund_id: FundId,
    pub donor_id: Option<DonorId>,
    pub amount: i64,
    pub matched: i64,
    pub goods: Option<String>,
    pub appeal_id: Option<String>,
    pub need_id: Option<NeedId>,
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
    if let Some(c) = &new.appeal {
        crate::appeals::of(db, new.fund, c).await?.ok_or(FieldError::new(Field::Appeal, Reason::NotFound))?;
    }
    // A need the gift is for must be one the fund serves: its region holds the need's. A care
    // fund pays only relief.
    if new.need.is_some() && f.care {
        return Err(StoreError::Conflict(Conflict::CareFundByRelief));
    }
    let need = match new.need {
        Some(n) => Some(
            crate::needs::get(db, scope, n)
                .await?
                .filter(|n| f.region_path.contains(&n.region_path))
                .ok_or(FieldError::new(Field::Need, Reason::NotFound))?,
        ),
        None => None,
    };
    // A gift for a need goes straight through to the grants' side, so that reversing it never
    // depends on what the fund holds meanwhile.
    let into = match (need.is_some(), new.goods.is_some()) {
        (true, _) => account_id(new.fund, "grants"),
        (false, true) => account_id(new.fund, "goods"),
        (false, false) => account_id(new.fund, "fund"),
    };
    let mut tx = db.begin_write().await?;
    // The fund's row before the ledger's head, in the order a matching rule takes them: a close
    // waits for this gift, or this gift sees the close.
    funds::hold_open(&mut tx, new.fund).await?;
    // The ledger's head next: caps and the pool are then read by one poster at a time.
    sqlx::query("UPDATE chain_heads SET seq = seq WHERE chain = 'money'").execute(&mut *tx).await?;
    let mut legs = vec![
        Leg { account: account_id(new.fund, "donors"), amount: -new.amount },
        Leg { account: into, amount: new.amount },
    ];
    let mut matched = 0;
    let mut rule_id = None;
    // Goods are not matched: a matcher's rule speaks of money.
    let rule = if new.goods.is_none() { rule_in_force(&mut tx, new.fund, today).await? } else { None };
    if let Some((rule, pool, r)) = rule {
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
    let memo = match (&new.goods, need.is_some(), matched > 0) {
        (Some(_), true, _) => "定向捐赠物资",
        (Some(_), false, _) => "捐赠物资",
        (None, true, _) => "定向捐赠",
        (None, false, true) => "捐赠及配捐",
        (None, false, false) => "捐赠",
    };
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
    let now = now_ms();
    sqlx::query(
        "INSERT INTO donations (id, fund_id, region_code, donor_id, anonymous, amount, matched, rule_id, txn_seq, \
         receipt_no, created_by, created_at, kind, goods, appeal_id, need_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
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
    .bind(now)
    .bind(if new.goods.is_some() { "goods" } else { "money" })
    .bind(new.goods.as_deref())
    .bind(new.appeal.as_deref())
    .bind(new.need.map(|n| n.to_string()))
    .execute(&mut *tx)
    .await?;
    figures::add(&mut tx, Source::Donation, &[id.to_string()]).await?;
    if let Some(n) = &need {
        let what = match &new.goods {
            Some(g) => format!("定向捐赠物资：{g}（价值 {} 元），经{}", yuan(new.amount), f.name),
            None => format!("定向捐赠 {} 元，经{}", yuan(new.amount), f.name),
        };
        let ask = crate::grants::Ask { fund: new.fund, amount: new.amount, goods: new.goods.is_some(), purpose: &what };
        crate::grants::record_directed(db, &mut tx, &crate::grants::Directed { need: n, ask, seq }, by, now).await?;
    }
    let event = Event::new(by, "fund.donation", "fund").id(new.fund).region(&f.region_code).detail(serde_json::json!({
        "donation": id, "amount": new.amount, "matched": matched, "transaction": seq,
        "goods": new.goods.is_some(), "need": new.need, "appeal": new.appeal,
    }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    by_transaction(db, seq).await
}

/// The amounts come from the chained postings (`ledger::gift_amount`), so that a receipt prints
/// what the chain covers.
fn select() -> String {
    format!(
        "SELECT id, fund_id, donor_id, {} AS amount, {} AS matched, goods, appeal_id, need_id, receipt_no, txn_seq, \
         created_at FROM donations",
        crate::ledger::gift_amount("donations"),
        crate::ledger::gift_matched("donations")
    )
}

fn decode(r: &sqlx::any::AnyRow) -> Result<Donation> {
    let bad = |what: &str| StoreError::corrupt(format!("donation: bad {what}"));
    let donor: Option<String> = r.try_get("donor_id")?;
    Ok(Donation {
        id: r.try_get::<String, _>("id")?.parse().map_err(|_| bad("id"))?,
        fund_id: r.try_get::<String, _>("fund_id")?.parse().map_err(|_| bad("fund"))?,
        donor_id: donor.map(|d| d.parse().map_err(|_| bad("donor"))).transpose()?,
        amount: r.try_get("amount")?,
        matched: r.try_get("matched")?,
        goods: r.try_get("goods")?,
        appeal_id: r.try_get("appeal_id")?,
        need_id: r.try_get::<Option<String>, _>("need_id")?.map(|n| n.parse().map_err(|_| bad("need"))).transpose()?,
        receipt_no: r.try_get("receipt_no")?,
        txn_seq: r.try_get("txn_seq")?,
        created_at: r.try_get("created_at")?,
    })
}

async fn by_transaction(db: &Db, seq: i64) -> Result<Option<Donation>> {
    let row = sqlx::query(&format!("{} WHERE txn_seq = $1", select())).bind(seq).fetch_optional(&db.pool).await?;
    row.as_ref().map(decode).transpose()
}

/// A fund's donations, latest first.
pub async fn of_fund(db: &Db, scope: &Scope, fund: FundId, limit: i64) -> Result<Option<Vec<Donation>>> {
    if funds::get(db, scope, fund).await?.is_none() {
        return Ok(None);
    }
    let rows = sqlx::query(&format!("{} WHERE fund_id = $1 ORDER BY txn_seq DESC LIMIT $2", select()))
        .bind(fund.to_string())
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(decode).collect::<Result<Vec<_>>>().map(Some)
}

/// A donation of a fund in scope.
pub async fn get(db: &Db, scope: &Scope, id: DonationId) -> Result<Option<Donation>> {
    let sql = format!(
        "{} WHERE id = $1 AND region_code IN (SELECT code FROM regions WHERE path >= $2 AND path < $3)",
        select()
    );
    let row = sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.as_ref().map(decode).transpose()
}

/// Where a donation is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: DonationId) -> Result<Option<wushe_domain::RegionCode>> {
    crate::scope::region_of_row(db, "donations", "id", &id.to_string()).await
}

/// Whether a gift's transaction has been reversed.
pub async fn is_reversed(db: &Db, seq: i64) -> Result<bool> {
    let row = sqlx::query("SELECT 1 AS x FROM money_transactions WHERE reverses = $1")
        .bind(seq)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.is_some())
}
