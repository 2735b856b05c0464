//! Grants from a fund to a need, of money or of goods it holds. Approval is payment: the grant moves from requested to paid by a
//! conditional update in the same transaction as the ledger's fund → grants movement, so fifty
//! approvals at once pay what the fund holds and refuse the rest. Each step is on the need's
//! timeline.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::message::MessageKind;
use wushe_domain::money::{Leg, yuan};
use wushe_domain::{AccountId, Conflict, Field, FieldError, FundId, NeedId, Reason, RegionCode};

use crate::audit::{self, Event};
use crate::figures::{self, Source};
use crate::funds::{self, account_id};
use crate::ledger::{self, NewTransaction};
use crate::messages::{self, Outgoing, To};
use crate::needs::{self, Entry};
use crate::{Db, Result, Scope, StoreError, now_ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub id: String,
    pub need_id: NeedId,
    pub fund_id: FundId,
    pub fund_name: String,
    pub amount: i64,
    /// Of the goods the fund holds rather than its money.
    pub goods: bool,
    /// A donor's gift for this need, passed on as it came in.
    pub directed: bool,
    pub purpose: String,
    pub status: String,
    pub requested_by: AccountId,
    pub requested_at: i64,
    pub decision_note: Option<String>,
    pub txn_seq: Option<i64>,
}

const SELECT: &str = "SELECT g.id, g.need_id, g.fund_id, f.name AS fund_name, g.amount, g.kind, g.directed, g.purpose, g.status, \
    g.requested_by, g.requested_at, g.decision_note, g.txn_seq FROM grants g JOIN funds f ON f.id = g.fund_id \
    JOIN regions r ON r.code = g.region_code";

fn decode(r: &AnyRow) -> Result<Grant> {
    let bad = |what: &str| StoreError::corrupt(format!("grant: bad {what}"));
    Ok(Grant {
        id: r.try_get("id")?,
        need_id: r.try_get::<String, _>("need_id")?.parse().map_err(|_| bad("need"))?,
        fund_id: r.try_get::<String, _>("fund_id")?.parse().map_err(|_| bad("fund"))?,
        fund_name: r.try_get("fund_name")?,
        amount: r.try_get("amount")?,
        goods: r.try_get::<String, _>("kind")? == "goods",
        directed: r.try_get::<i64, _>("directed")? != 0,
        purpose: r.try_get("purpose")?,
        status: r.try_get("status")?,
        requested_by: r.try_get::<String, _>("requested_by")?.parse().map_err(|_| bad("requester"))?,
        requested_at: r.try_get("requested_at")?,
        decision_note: r.try_get("decision_note")?,
        txn_seq: r.try_get("txn_seq")?,
    })
}

/// Asks a fund that serves the need's community for money for it. `None` when the need is not in
/// scope; a fund that does not serve it is a field error.
/// What a social worker asks a fund for.
#[derive(Debug, Clone, Copy)]
pub struct Ask<'a> {
    pub fund: FundId,
    pub amount: i64,
    /// Goods the fund holds, at their value, rather than money.
    pub goods: bool,
    pub purpose: &'a str,
}

pub async fn request(db: &Db, scope: &Scope, need: NeedId, ask: &Ask<'_>, by: AccountId) -> Result<Option<String>> {
    let Ask { fund, amount, goods, purpose } = *ask;
    let Some(n) = needs::get(db, scope, need).await? else { return Ok(None) };
    // The fund must serve the need's community: its region holds the need's.
    let f = funds::get(db, &Scope::all(), fund)
        .await?
        .filter(|f| f.region_path.contains(&n.region_path))
        .ok_or(FieldError::new(Field::Fund, Reason::NotFound))?;
    if f.care {
        return Err(StoreError::Conflict(Conflict::CareFundByRelief));
    }
    if f.status != "active" {
        return Err(StoreError::Conflict(Conflict::FundClosed));
    }
    let id = uuid::Uuid::now_v7().to_string();
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO grants (id, need_id, fund_id, region_code, amount, kind, purpose, status, requested_by, requested_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'requested', $8, $9)",
    )
    .bind(&id)
    .bind(need.to_string())
    .bind(fund.to_string())
    .bind(n.region_code.as_str())
    .bind(amount)
    .bind(if goods { "goods" } else { "money" })
    .bind(purpose)
    .bind(by.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let what = format!("申请{}资助{} {} 元：{purpose}", f.name, if goods { "物资（价值）" } else { "" }, yuan(amount));
    let entry = Entry { kind: "grant", from: None, to: None, note: Some(&what) };
    needs::append_event(db, &mut tx, need, &n.region_code, Some(by), &entry, now).await?;
    let msg = Outgoing {
        kind: MessageKind::GrantAwaiting,
        subject: &f.name,
        link: format!("/needs/{need}"),
        region: &n.region_code,
        by: Some(by),
    };
    messages::send(&mut tx, To::Keepers(f.organization_id), &msg, now).await?;
    let event = Event::new(Some(by), "grant.request", "need")
        .id(need)
        .region(&n.region_code)
        .detail(serde_json::json!({ "grant": id, "fund": fund, "amount": amount }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// A grant in scope.
pub async fn get(db: &Db, scope: &Scope, id: &str) -> Result<Option<Grant>> {
    let sql = format!("{SELECT} WHERE g.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.as_ref().map(decode).transpose()
}

/// A need's grants, oldest first.
pub async fn of_need(db: &Db, need: NeedId) -> Result<Vec<Grant>> {
    let rows = sqlx::query(&format!("{SELECT} WHERE g.need_id = $1 ORDER BY g.requested_at"))
        .bind(need.to_string())
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(decode).collect()
}

/// Approves and pays a requested grant in scope, or declines it with a reason; never by whoever
/// asked. `None` when it is not in scope; the payment's transaction otherwise, when paid.
pub async fn decide(
    db: &Db,
    scope: &Scope,
    id: &str,
    pay: bool,
    note: Option<&str>,
    by: AccountId,
) -> Result<Option<Option<i64>>> {
    let Some(g) = get(db, scope, id).await? else { return Ok(None) };
    if g.requested_by == by {
        return Err(StoreError::Conflict(Conflict::OwnGrant));
    }
    let region = region_of(db, id).await?.ok_or_else(|| StoreError::corrupt("grant"))?;
    let need = needs::get(db, &Scope::all(), g.need_id).await?.ok_or_else(|| StoreError::corrupt("grant's need"))?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let to = if pay { "paid" } else { "declined" };
    if !crate::scope::decide_row(&mut tx, "grants", id, ("requested", to), by, note).await? {
        return Err(StoreError::Conflict(Conflict::AlreadyDecided));
    }
    let mut seq = None;
    if pay {
        let memo = format!("资助：{}", g.purpose);
        let payment = NewTransaction {
            region: &region,
            fund: Some(g.fund_id.to_string()),
            kind: "grant",
            memo: &memo,
            legs: vec![
                Leg { account: account_id(g.fund_id, if g.goods { "goods" } else { "fund" }), amount: -g.amount },
                Leg { account: account_id(g.fund_id, "grants"), amount: g.amount },
            ],
            idempotency: None,
            reverses: None,
        };
        let posted = ledger::post(&mut tx, &payment, Some(by)).await?.seq();
        sqlx::query("UPDATE grants SET txn_seq = $1 WHERE id = $2").bind(posted).bind(id).execute(&mut *tx).await?;
        // A grant asked for counts nowhere; paid, it counts.
        figures::add(&mut tx, Source::Grant, &[id.to_string()]).await?;
        seq = Some(posted);
    }
    let what = if pay {
        format!("{}资助已拨付 {} 元", g.fund_name, yuan(g.amount))
    } else {
        format!("{}资助未获批准：{}", g.fund_name, note.unwrap_or_default())
    };
    let entry = Entry { kind: "grant", from: None, to: None, note: Some(&what) };
    needs::append_event(db, &mut tx, g.need_id, &region, Some(by), &entry, now).await?;
    if pay {
        needs::charity_linked(db, &mut tx, &need, "慈善资源已链接 / charity linked", Some(by), now).await?;
    }
    let event = Event::new(Some(by), if pay { "grant.pay" } else { "grant.decline" }, "need")
        .id(g.need_id)
        .region(&region)
        .detail(serde_json::json!({ "grant": id, "amount": g.amount, "transaction": seq }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Some(seq))
}

/// Where a grant is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: &str) -> Result<Option<RegionCode>> {
    crate::scope::region_of_row(db, "grants", "id", id).await
}

/// A gift for a need, passed on by the transaction `seq` that took it in.
pub(crate) struct Directed<'a> {
    pub need: &'a needs::Need,
    pub ask: Ask<'a>,
    pub seq: i64,
}

/// Records a gift for a need as a grant paid by the same transaction that took it in, with its
/// line on the need's timeline. Inside the donation's transaction.
pub(crate) async fn record_directed(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    d: &Directed<'_>,
    by: Option<AccountId>,
    now: i64,
) -> Result<()> {
    let Directed { need, ask: Ask { fund, amount, goods, purpose: what }, seq } = *d;
    let recorder = by.ok_or_else(|| StoreError::corrupt("a gift for a need names who recorded it"))?.to_string();
    let grant = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO grants (id, need_id, fund_id, region_code, amount, kind, directed, purpose, status, requested_by, \
         requested_at, decided_by, decided_at, txn_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, '定向捐赠', 'paid', $7, $8, $7, $8, $9)",
    )
    .bind(&grant)
    .bind(need.id.to_string())
    .bind(fund.to_string())
    .bind(need.region_code.as_str())
    .bind(amount)
    .bind(if goods { "goods" } else { "money" })
    .bind(recorder)
    .bind(now)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    figures::add(tx, Source::Grant, std::slice::from_ref(&grant)).await?;
    let entry = Entry { kind: "grant", from: None, to: None, note: Some(what) };
    needs::append_event(db, tx, need.id, &need.region_code, by, &entry, now).await?;
    needs::charity_linked(db, tx, need, "慈善资源已链接 / charity linked", by, now).await
}

/// A fund's grants, waiting ones first, then the newest; the caller has checked the fund.
pub async fn of_fund(db: &Db, fund: FundId, limit: i64) -> Result<Vec<Grant>> {
    let sql = format!(
        "{SELECT} WHERE g.fund_id = $1 ORDER BY CASE WHEN g.status = 'requested' THEN 0 ELSE 1 END, \
         g.requested_at DESC LIMIT $2"
    );
    let rows = sqlx::query(&sql).bind(fund.to_string()).bind(limit).fetch_all(&db.pool).await?;
    rows.iter().map(decode).collect()
}
