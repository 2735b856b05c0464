//! Special funds (专项基金) and their ledger accounts: the fund's own money (never below zero), the
//! outside its donations come from, and where its grants go. A matcher's rule comes with a pool
//! the matcher fills first; matching draws on it and stops when it is empty.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::money::{Leg, MatchingRule};
use wushe_domain::{AccountId, FundId, OrganizationId, RegionCode, RegionPath};

use crate::audit::{self, Event};
use crate::ledger::{self, NewTransaction, Posted};
use crate::{Db, Result, Scope, StoreError, now_ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fund {
    pub id: FundId,
    pub region_code: RegionCode,
    pub region_name: String,
    pub region_path: RegionPath,
    pub organization_id: Option<OrganizationId>,
    pub name: String,
    pub purpose: String,
    pub rules: String,
    pub status: String,
    /// What the fund holds now, in fen.
    pub balance: i64,
}

#[derive(Debug, Clone)]
pub struct NewFund {
    pub region: RegionCode,
    pub organization: Option<OrganizationId>,
    pub name: String,
    pub purpose: String,
    pub rules: String,
}

const SELECT: &str = "SELECT f.id, f.region_code, r.name AS region_name, r.path AS region_path, f.organization_id, \
    f.name, f.purpose, f.rules, f.status, a.balance FROM funds f JOIN regions r ON r.code = f.region_code \
    JOIN ledger_accounts a ON a.fund_id = f.id AND a.kind = 'fund'";

fn decode(r: &AnyRow) -> Result<Fund> {
    let bad = |what: &str| StoreError::corrupt(format!("fund: bad {what}"));
    let org: Option<String> = r.try_get("organization_id")?;
    Ok(Fund {
        id: r.try_get::<String, _>("id")?.parse().map_err(|_| bad("id"))?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        region_name: r.try_get("region_name")?,
        region_path: RegionPath::from_stored(r.try_get("region_path")?).ok_or_else(|| bad("path"))?,
        organization_id: org.map(|o| o.parse().map_err(|_| bad("organization"))).transpose()?,
        name: r.try_get("name")?,
        purpose: r.try_get("purpose")?,
        rules: r.try_get("rules")?,
        status: r.try_get("status")?,
        balance: r.try_get("balance")?,
    })
}

/// The id of a fund's account of `kind`: fund | donors | grants.
pub fn account_id(fund: FundId, kind: &str) -> String {
    format!("{fund}:{kind}")
}

async fn open_account(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: &str,
    region: &RegionCode,
    fund: Option<FundId>,
    kind: &str,
    name: &str,
    may_go_negative: bool,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO ledger_accounts (id, region_code, fund_id, kind, name, may_go_negative, balance, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7)",
    )
    .bind(id)
    .bind(region.as_str())
    .bind(fund.map(|f| f.to_string()))
    .bind(kind)
    .bind(name)
    .bind(i64::from(may_go_negative))
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Opens a fund in a region of scope, with its accounts.
pub async fn create(db: &Db, scope: &Scope, new: &NewFund, by: Option<AccountId>) -> Result<Option<Fund>> {
    if crate::regions::get(db, scope, &new.region).await?.is_none() {
        return Ok(None);
    }
    let id = FundId::new();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO funds (id, region_code, organization_id, name, purpose, rules, status, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8)",
    )
    .bind(id.to_string())
    .bind(new.region.as_str())
    .bind(new.organization.map(|o| o.to_string()))
    .bind(&new.name)
    .bind(&new.purpose)
    .bind(&new.rules)
    .bind(by.map(|a| a.to_string()))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    // The fund's own money may not go below zero; the outside donations come from and the grants
    // paid out are the other sides of its movements.
    open_account(&mut tx, &account_id(id, "fund"), &new.region, Some(id), "fund", &new.name, false).await?;
    open_account(&mut tx, &account_id(id, "donors"), &new.region, Some(id), "donors", "捐赠来源", true).await?;
    open_account(&mut tx, &account_id(id, "grants"), &new.region, Some(id), "grants", "资助支出", true).await?;
    let event = Event::new(by, "fund.create", "fund").id(id).region(&new.region);
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

pub async fn get(db: &Db, scope: &Scope, id: FundId) -> Result<Option<Fund>> {
    let sql = format!("{SELECT} WHERE f.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.as_ref().map(decode).transpose()
}

pub async fn list(db: &Db, scope: &Scope, limit: i64) -> Result<Vec<Fund>> {
    let sql = format!("{SELECT} WHERE r.path >= $1 AND r.path < $2 ORDER BY f.created_at DESC LIMIT $3");
    let rows = sqlx::query(&sql).bind(scope.lo()).bind(scope.hi()).bind(limit).fetch_all(&db.pool).await?;
    rows.iter().map(decode).collect()
}

/// Where a fund is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: FundId) -> Result<Option<RegionCode>> {
    crate::scope::region_of_row(db, "funds", "id", &id.to_string()).await
}

/// A matcher's rule for a fund, with the pool it funds now (`pool` fen from the matcher's outside).
#[derive(Debug, Clone)]
pub struct NewRule {
    pub matcher: String,
    pub rule: MatchingRule,
    pub pool: i64,
    pub starts_on: String,
    pub ends_on: String,
}

/// Adds a matching rule to a fund in scope and fills its pool in one transaction.
pub async fn add_rule(
    db: &Db,
    scope: &Scope,
    fund: FundId,
    new: &NewRule,
    by: Option<AccountId>,
) -> Result<Option<String>> {
    let Some(f) = get(db, scope, fund).await? else { return Ok(None) };
    let id = uuid::Uuid::now_v7().to_string();
    let pool = format!("{fund}:pool:{id}");
    let source = format!("{fund}:matcher:{id}");
    let mut tx = db.begin_write().await?;
    open_account(&mut tx, &pool, &f.region_code, Some(fund), "pool", &format!("{}配捐池", new.matcher), false).await?;
    open_account(&mut tx, &source, &f.region_code, Some(fund), "matcher", &new.matcher, true).await?;
    let r = &new.rule;
    sqlx::query(
        "INSERT INTO matching_rules (id, fund_id, region_code, matcher, pool_account, numerator, denominator, per_donation, \
         per_donor, total_cap, matched, starts_on, ends_on, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12, $13, $14)",
    )
    .bind(&id)
    .bind(fund.to_string())
    .bind(f.region_code.as_str())
    .bind(&new.matcher)
    .bind(&pool)
    .bind(r.numerator)
    .bind(r.denominator)
    .bind(r.per_donation)
    .bind(r.per_donor)
    .bind(r.total)
    .bind(&new.starts_on)
    .bind(&new.ends_on)
    .bind(by.map(|a| a.to_string()))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let fill = NewTransaction {
        region: &f.region_code,
        fund: Some(fund.to_string()),
        kind: "pool",
        memo: &format!("{}注入配捐池", new.matcher),
        legs: vec![Leg { account: source, amount: -new.pool }, Leg { account: pool, amount: new.pool }],
        idempotency: None,
        reverses: None,
    };
    let posted: Posted = ledger::post(&mut tx, &fill, by).await?;
    let event = Event::new(by, "fund.matching_rule", "fund")
        .id(fund)
        .region(&f.region_code)
        .detail(serde_json::json!({ "rule": id, "pool": new.pool, "transaction": posted.seq() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// What a fund's public disclosure is made of: its donations and paid grants in force (a reversed
/// one left out), with no one's identity — a donation says only whether its donor was named.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Disclosed {
    /// (when, amount, matched, anonymous)
    pub donations: Vec<(i64, i64, i64, bool)>,
    /// (need category, amount)
    pub grants: Vec<(String, i64)>,
}

/// The movements behind a fund's disclosure page, for anyone: no personal data is read.
pub async fn disclosed(db: &Db, id: FundId) -> Result<Disclosed> {
    let not_reversed = "NOT EXISTS (SELECT 1 FROM money_transactions x WHERE x.reverses = {seq})";
    let rows = sqlx::query(&format!(
        "SELECT d.created_at, d.amount, d.matched, d.anonymous FROM donations d WHERE d.fund_id = $1 AND {} \
         ORDER BY d.created_at",
        not_reversed.replace("{seq}", "d.txn_seq")
    ))
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let mut out = Disclosed::default();
    for r in &rows {
        out.donations.push((
            r.try_get("created_at")?,
            r.try_get("amount")?,
            r.try_get("matched")?,
            r.try_get::<i64, _>("anonymous")? != 0,
        ));
    }
    let rows = sqlx::query(&format!(
        "SELECT n.category, g.amount FROM grants g JOIN needs n ON n.id = g.need_id \
         WHERE g.fund_id = $1 AND g.status = 'paid' AND {}",
        not_reversed.replace("{seq}", "g.txn_seq")
    ))
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    for r in &rows {
        out.grants.push((r.try_get("category")?, r.try_get("amount")?));
    }
    Ok(out)
}
