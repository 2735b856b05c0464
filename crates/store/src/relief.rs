//! Relief from the social workers' care fund. The worker or their employer applies; two
//! different keepers of the fund approve, neither of them the applicant or the worker; the second
//! approval pays, by a conditional update in the same transaction as the ledger's movement, so an
//! approved application is always paid and never more than the fund holds. A fund allowing one
//! grant per event keeps the event's key on the standing application under a unique index.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::message::MessageKind;
use wushe_domain::money::Leg;
use wushe_domain::relief::{NewRelief, ReliefReason, event_key};
use wushe_domain::{AccountId, Conflict, FundId, Lang, OrganizationId, RegionCode, SocialWorkerId};

use crate::audit::{self, Event};
use crate::crypto::at;
use crate::figures::{self, Source};
use crate::funds::{Fund, account_id};
use crate::ledger::{self, NewTransaction};
use crate::messages::{self, Outgoing, To};
use crate::{Db, Result, Scope, StoreError, now_ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub id: String,
    pub fund_id: FundId,
    pub fund_name: String,
    /// The organization holding the fund, when one does.
    pub fund_org: Option<OrganizationId>,
    pub region_code: RegionCode,
    pub worker_id: SocialWorkerId,
    pub worker_name: String,
    pub reason: ReliefReason,
    pub event_on: String,
    /// In clear inside the process only: it tells of someone's illness or accident.
    pub event: String,
    pub amount: i64,
    /// submitted | approved | paid | declined
    pub status: String,
    pub applied_by: AccountId,
    pub applied_at: i64,
    pub first_by: Option<AccountId>,
    /// Who gave the first approval, by their display name, and when.
    pub first: Option<(String, i64)>,
    /// Who decided last (the second approval that paid, or the decline), and when.
    pub decided: Option<(String, i64)>,
    pub decided_at: Option<i64>,
    pub decision_note: Option<String>,
    pub txn_seq: Option<i64>,
}

const SELECT: &str = "SELECT a.id, a.fund_id, f.name AS fund_name, f.organization_id AS fund_org, a.region_code, \
    a.worker_id, p.name AS worker_name, \
    a.reason, a.event_on, a.event, a.amount, a.status, a.applied_by, a.applied_at, a.first_by, a.decided_at, \
    a.first_at, fa.display_name AS first_name, a.decided_by, da.display_name AS decided_name, \
    a.decision_note, a.txn_seq FROM relief_applications a JOIN funds f ON f.id = a.fund_id \
    JOIN regions r ON r.code = a.region_code JOIN social_workers w ON w.id = a.worker_id \
    JOIN persons p ON p.id = w.person_id LEFT JOIN accounts fa ON fa.id = a.first_by \
    LEFT JOIN accounts da ON da.id = a.decided_by";

fn decode(db: &Db, r: &AnyRow) -> Result<Application> {
    let id: String = r.try_get("id")?;
    let bad = |what: &str| StoreError::corrupt(format!("relief application {id}: bad {what}"));
    let account = |col: &str| -> Result<Option<AccountId>> {
        r.try_get::<Option<String>, _>(col)?.map(|a| a.parse().map_err(|_| bad(col))).transpose()
    };
    Ok(Application {
        fund_id: r.try_get::<String, _>("fund_id")?.parse().map_err(|_| bad("fund"))?,
        fund_name: r.try_get("fund_name")?,
        fund_org: r
            .try_get::<Option<String>, _>("fund_org")?
            .map(|o| o.parse().map_err(|_| bad("organization")))
            .transpose()?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        worker_id: r.try_get::<String, _>("worker_id")?.parse().map_err(|_| bad("worker"))?,
        // An erased worker's name is gone; the application still stands.
        worker_name: r.try_get::<Option<String>, _>("worker_name")?.unwrap_or_default(),
        reason: ReliefReason::parse(&r.try_get::<String, _>("reason")?).map_err(|_| bad("reason"))?,
        event_on: r.try_get("event_on")?,
        event: db.crypto.open_in(at("relief_applications", "event", &id), &r.try_get::<String, _>("event")?)?,
        amount: r.try_get("amount")?,
        status: r.try_get("status")?,
        applied_by: account("applied_by")?.ok_or_else(|| bad("applicant"))?,
        applied_at: r.try_get("applied_at")?,
        first_by: account("first_by")?,
        first: r.try_get::<Option<String>, _>("first_name")?.zip(r.try_get::<Option<i64>, _>("first_at")?),
        decided: r.try_get::<Option<String>, _>("decided_name")?.zip(r.try_get::<Option<i64>, _>("decided_at")?),
        decided_at: r.try_get("decided_at")?,
        decision_note: r.try_get("decision_note")?,
        txn_seq: r.try_get("txn_seq")?,
        id,
    })
}

/// Files an application to a care fund that its rules have passed; the worker's standing
/// application for the same event refuses it when the fund allows one per event.
pub async fn apply(db: &Db, fund: &Fund, worker: SocialWorkerId, new: &NewRelief, by: AccountId) -> Result<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let key = fund.eligibility.one_per_event.then(|| event_key(&worker.to_string(), new.reason, &new.event_on));
    let mut tx = db.begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO relief_applications (id, fund_id, region_code, worker_id, reason, event_on, event, amount, \
         event_key, status, applied_by, applied_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'submitted', $10, $11)",
    )
    .bind(&id)
    .bind(fund.id.to_string())
    .bind(fund.region_code.as_str())
    .bind(worker.to_string())
    .bind(new.reason.key())
    .bind(&new.event_on)
    .bind(db.crypto.seal_in(at("relief_applications", "event", &id), &new.event)?)
    .bind(new.amount)
    .bind(key)
    .bind(by.to_string())
    .bind(now_ms())
    .execute(&mut *tx)
    .await;
    if let Err(e) = inserted {
        if crate::error::is_unique_violation(&e, "relief_applications_event", "relief_applications.fund_id") {
            return Err(StoreError::Conflict(Conflict::ReliefRefused(wushe_domain::relief::Refusal::SameEvent)));
        }
        return Err(e.into());
    }
    let msg = Outgoing {
        kind: MessageKind::ReliefAwaiting,
        subject: &fund.name,
        link: format!("/relief/{id}"),
        region: &fund.region_code,
        by: Some(by),
    };
    messages::send(&mut tx, To::Keepers(fund.organization_id), &msg, now_ms()).await?;
    let event = Event::new(Some(by), "relief.apply", "relief").id(&id).region(&fund.region_code);
    audit::append(
        &mut tx,
        &event.detail(serde_json::json!({ "fund": fund.id, "worker": worker, "amount": new.amount })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An application in scope: the fund keepers' view.
pub async fn get(db: &Db, scope: &Scope, id: &str) -> Result<Option<Application>> {
    let sql = format!("{SELECT} WHERE a.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.as_ref().map(|r| decode(db, r)).transpose()
}

/// The social workers an account (the parameter named) is, by the phone both were registered with.
fn workers_of_sql(account: &str) -> String {
    format!("SELECT w.id FROM social_workers w {} WHERE a.id = {account}", crate::persons::of_account("w"))
}

/// An application the account filed, or that is for a worker they are.
pub async fn get_own(db: &Db, id: &str, by: AccountId) -> Result<Option<Application>> {
    let sql = format!("{SELECT} WHERE a.id = $1 AND (a.applied_by = $2 OR a.worker_id IN ({}))", workers_of_sql("$2"));
    let row = sqlx::query(&sql).bind(id).bind(by.to_string()).fetch_optional(&db.pool).await?;
    row.as_ref().map(|r| decode(db, r)).transpose()
}

/// Applications in scope, waiting ones first, then the newest.
pub async fn in_scope(db: &Db, scope: &Scope, limit: i64) -> Result<Vec<Application>> {
    let sql = format!(
        "{SELECT} WHERE r.path >= $1 AND r.path < $2 \
         ORDER BY CASE WHEN a.status IN ('submitted', 'approved') THEN 0 ELSE 1 END, a.applied_at DESC LIMIT $3"
    );
    let rows = sqlx::query(&sql).bind(scope.lo()).bind(scope.hi()).bind(limit).fetch_all(&db.pool).await?;
    rows.iter().map(|r| decode(db, r)).collect()
}

/// What the account filed, and what was filed for a worker they are, newest first.
pub async fn own(db: &Db, by: AccountId) -> Result<Vec<Application>> {
    let sql = format!(
        "{SELECT} WHERE a.applied_by = $1 OR a.worker_id IN ({}) ORDER BY a.applied_at DESC LIMIT 100",
        workers_of_sql("$1")
    );
    let rows = sqlx::query(&sql).bind(by.to_string()).fetch_all(&db.pool).await?;
    rows.iter().map(|r| decode(db, r)).collect()
}

/// What a decision did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    /// The first of two approvals.
    Approved,
    /// The second approval: paid by this transaction.
    Paid(i64),
    Declined,
}

/// Approves or declines an application in scope. `own` says the keeper filed it or is the worker
/// it is for. `None` when it is not in scope.
pub async fn decide(
    db: &Db,
    scope: &Scope,
    id: &str,
    approve: bool,
    note: Option<&str>,
    by: AccountId,
    own: bool,
) -> Result<Option<Decided>> {
    let Some(a) = get(db, scope, id).await? else { return Ok(None) };
    if own || a.applied_by == by {
        return Err(StoreError::Conflict(Conflict::OwnApplication));
    }
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let decided = if !approve {
        let done = sqlx::query(
            "UPDATE relief_applications SET status = 'declined', decided_by = $1, decided_at = $2, decision_note = $3, \
             event_key = NULL WHERE id = $4 AND status IN ('submitted', 'approved')",
        )
        .bind(by.to_string())
        .bind(now)
        .bind(note)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Err(StoreError::Conflict(Conflict::ReliefDecided));
        }
        Decided::Declined
    } else {
        let first = sqlx::query(
            "UPDATE relief_applications SET status = 'approved', first_by = $1, first_at = $2 \
             WHERE id = $3 AND status = 'submitted'",
        )
        .bind(by.to_string())
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if first == 1 {
            // The second approval is someone else's: tell the other keepers.
            let msg = Outgoing {
                kind: MessageKind::ReliefAwaiting,
                subject: &a.fund_name,
                link: format!("/relief/{id}"),
                region: &a.region_code,
                by: Some(by),
            };
            messages::send(&mut tx, To::Keepers(a.fund_org), &msg, now).await?;
            Decided::Approved
        } else {
            pay(&mut tx, &a, note, by, now).await?
        }
    };
    let action = match decided {
        Decided::Approved => "relief.approve",
        Decided::Paid(_) => "relief.pay",
        Decided::Declined => "relief.decline",
    };
    let seq = match decided {
        Decided::Paid(s) => Some(s),
        _ => None,
    };
    let event = Event::new(Some(by), action, "relief").id(id).region(&a.region_code);
    audit::append(&mut tx, &event.detail(serde_json::json!({ "amount": a.amount, "transaction": seq }))).await?;
    tx.commit().await?;
    Ok(Some(decided))
}

/// The second approval, by someone other than the first: pays from the fund in this transaction.
async fn pay(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    a: &Application,
    note: Option<&str>,
    by: AccountId,
    now: i64,
) -> Result<Decided> {
    let done = sqlx::query(
        "UPDATE relief_applications SET status = 'paid', decided_by = $1, decided_at = $2, decision_note = $3 \
         WHERE id = $4 AND status = 'approved' AND first_by <> $1",
    )
    .bind(by.to_string())
    .bind(now)
    .bind(note)
    .bind(&a.id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if done == 0 {
        let row = sqlx::query("SELECT status, first_by FROM relief_applications WHERE id = $1")
            .bind(&a.id)
            .fetch_one(&mut **tx)
            .await?;
        let (status, first): (String, Option<String>) = (row.try_get("status")?, row.try_get("first_by")?);
        return Err(StoreError::Conflict(if status == "approved" && first == Some(by.to_string()) {
            Conflict::SameApprover
        } else {
            Conflict::ReliefDecided
        }));
    }
    let memo = format!("社工关爱金：{}", a.reason.label(Lang::Zh));
    let payment = NewTransaction {
        region: &a.region_code,
        fund: Some(a.fund_id.to_string()),
        kind: "relief",
        memo: &memo,
        legs: vec![
            Leg { account: account_id(a.fund_id, "fund"), amount: -a.amount },
            Leg { account: account_id(a.fund_id, "grants"), amount: a.amount },
        ],
        idempotency: None,
        reverses: None,
    };
    let seq = ledger::post(tx, &payment, Some(by)).await?.seq();
    sqlx::query("UPDATE relief_applications SET txn_seq = $1 WHERE id = $2")
        .bind(seq)
        .bind(&a.id)
        .execute(&mut **tx)
        .await?;
    figures::add(tx, Source::Relief, std::slice::from_ref(&a.id)).await?;
    Ok(Decided::Paid(seq))
}

/// Where an application is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: &str) -> Result<Option<RegionCode>> {
    crate::scope::region_of_row(db, "relief_applications", "id", id).await
}

/// The social workers an account is, by the phone both were registered with.
pub async fn workers_of(db: &Db, account: AccountId) -> Result<Vec<SocialWorkerId>> {
    let rows = sqlx::query(&workers_of_sql("$1")).bind(account.to_string()).fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| r.try_get::<String, _>("id")?.parse().map_err(|_| StoreError::corrupt("social worker id")))
        .collect()
}
