//! Special funds (专项基金) and their ledger accounts: the fund's own money (never below zero), the
//! outside its donations come from, and where its grants go. A matcher's rule comes with a pool
//! the matcher fills first; matching draws on it and stops when it is empty.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::money::{Leg, MatchingRule};
use wushe_domain::relief::Eligibility;
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
    /// What its gifts in kind are worth now, in fen.
    pub goods: i64,
    /// The social workers' care fund pays relief; a special fund grants to needs.
    pub care: bool,
    /// A care fund's rules for relief.
    pub eligibility: Eligibility,
}

#[derive(Debug, Clone)]
pub struct NewFund {
    pub region: RegionCode,
    pub organization: Option<OrganizationId>,
    pub name: String,
    pub purpose: String,
    pub rules: String,
    /// `Some` for a care fund, with its rules.
    pub care: Option<Eligibility>,
}

impl NewFund {
    pub fn special(region: RegionCode, name: &str, purpose: &str) -> Self {
        NewFund {
            region,
            organization: None,
            name: name.into(),
            purpose: purpose.into(),
            rules: String::new(),
            care: None,
        }
    }
}

const SELECT: &str = "SELECT f.id, f.region_code, r.name AS region_name, r.path AS region_path, f.organization_id, \
    f.name, f.purpose, f.rules, f.status, f.kind, f.needs_licence, f.needs_region, f.one_per_event, f.relief_cap, \
    a.balance, g.balance AS goods FROM funds f JOIN regions r ON r.code = f.region_code \
    JOIN ledger_accounts a ON a.fund_id = f.id AND a.kind = 'fund' \
    JOIN ledger_accounts g ON g.fund_id = f.id AND g.kind = 'goods'";

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
        goods: r.try_get("goods")?,
        care: r.try_get::<String, _>("kind")? == "care",
        eligibility: Eligibility {
            needs_licence: r.try_get::<i64, _>("needs_licence")? != 0,
            needs_region: r.try_get::<i64, _>("needs_region")? != 0,
            one_per_event: r.try_get::<i64, _>("one_per_event")? != 0,
            cap: r.try_get("relief_cap")?,
        },
    })
}

/// The id of a fund's account of `kind`: fund | goods | donors | grants.
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
    let rules = new.care.unwrap_or_default();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO funds (id, region_code, organization_id, name, purpose, rules, status, created_by, created_at, \
         kind, needs_licence, needs_region, one_per_event, relief_cap) \
         VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(id.to_string())
    .bind(new.region.as_str())
    .bind(new.organization.map(|o| o.to_string()))
    .bind(&new.name)
    .bind(&new.purpose)
    .bind(&new.rules)
    .bind(by.map(|a| a.to_string()))
    .bind(now_ms())
    .bind(if new.care.is_some() { "care" } else { "special" })
    .bind(i64::from(rules.needs_licence))
    .bind(i64::from(rules.needs_region))
    .bind(i64::from(rules.one_per_event))
    .bind(rules.cap)
    .execute(&mut *tx)
    .await?;
    // The fund's own money may not go below zero; the outside donations come from and the grants
    // paid out are the other sides of its movements.
    open_account(&mut tx, &account_id(id, "fund"), &new.region, Some(id), "fund", &new.name, false).await?;
    open_account(&mut tx, &account_id(id, "goods"), &new.region, Some(id), "goods", "物资", false).await?;
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
    hold_open(&mut tx, fund).await?;
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

/// A matching rule as its fund's page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRow {
    pub id: String,
    pub matcher: String,
    pub rule: MatchingRule,
    pub matched: i64,
    /// What is left in its pool.
    pub pool_left: i64,
    pub starts_on: String,
    pub ends_on: String,
}

/// A fund's matching rules, oldest first; the caller has checked the fund.
pub async fn rules_of(db: &Db, fund: FundId) -> Result<Vec<RuleRow>> {
    let rows = sqlx::query(
        "SELECT m.id, m.matcher, m.numerator, m.denominator, m.per_donation, m.per_donor, m.total_cap, m.matched, \
         a.balance AS pool_left, m.starts_on, m.ends_on FROM matching_rules m \
         JOIN ledger_accounts a ON a.id = m.pool_account WHERE m.fund_id = $1 ORDER BY m.created_at",
    )
    .bind(fund.to_string())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RuleRow {
                id: r.try_get("id")?,
                matcher: r.try_get("matcher")?,
                rule: MatchingRule {
                    numerator: r.try_get("numerator")?,
                    denominator: r.try_get("denominator")?,
                    per_donation: r.try_get("per_donation")?,
                    per_donor: r.try_get("per_donor")?,
                    total: r.try_get("total_cap")?,
                },
                matched: r.try_get("matched")?,
                pool_left: r.try_get("pool_left")?,
                starts_on: r.try_get("starts_on")?,
                ends_on: r.try_get("ends_on")?,
            })
        })
        .collect()
}

/// Active funds of a kind (`care` or `special`) whose region holds `path`: the funds a need there
/// may ask, or the care funds a worker there may apply to.
pub async fn serving(db: &Db, path: &RegionPath, care: bool) -> Result<Vec<Fund>> {
    // The path's own region and every region above it: a serving fund's region is one of them.
    let codes = path.codes();
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (2..codes.len() + 2).map(|i| format!("${i}")).collect();
    let sql = format!(
        "{SELECT} WHERE f.kind = $1 AND f.status = 'active' AND f.region_code IN ({}) ORDER BY r.path, f.created_at",
        marks.join(", ")
    );
    let mut q = sqlx::query(&sql).bind(if care { "care" } else { "special" });
    for code in &codes {
        q = q.bind(code.as_str());
    }
    q.fetch_all(&db.pool).await?.iter().map(decode).collect()
}

/// Holds an active fund open for the caller's transaction, or answers that it is closed: the
/// no-op update takes the fund's row, so a close waits for the transaction and the transaction
/// never writes into a fund closed meanwhile.
pub(crate) async fn hold_open(tx: &mut sqlx::Transaction<'static, sqlx::Any>, fund: FundId) -> Result<()> {
    let held = sqlx::query("UPDATE funds SET status = status WHERE id = $1 AND status = 'active'")
        .bind(fund.to_string())
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if held == 0 { Err(StoreError::Conflict(wushe_domain::Conflict::FundClosed)) } else { Ok(()) }
}

/// Closes an active fund in scope: it takes no more gifts and no new requests, and what it holds
/// may still be paid out. `None` when it is not in scope.
pub async fn close(db: &Db, scope: &Scope, id: FundId, reason: &str, by: AccountId) -> Result<Option<()>> {
    let Some(f) = get(db, scope, id).await? else { return Ok(None) };
    let mut tx = db.begin_write().await?;
    let closed = sqlx::query("UPDATE funds SET status = 'closed' WHERE id = $1 AND status = 'active'")
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if closed == 0 {
        return Err(StoreError::Conflict(wushe_domain::Conflict::FundClosed));
    }
    let event = Event::new(Some(by), "fund.close", "fund").id(id).region(&f.region_code);
    audit::append(&mut tx, &event.detail(serde_json::json!({ "reason": reason, "balance": f.balance }))).await?;
    tx.commit().await?;
    Ok(Some(()))
}
