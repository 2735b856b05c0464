//! A replayable simulation of the charity ledger on a real database: random donations (some
//! retried with their key, some with a key reused for another amount), payouts that may exceed
//! the balance, and reversals of random earlier movements. After every step: the new transaction
//! balances, no fund goes below zero, and every touched account's stored balance equals the sum
//! of its postings as the simulation saw them; at the end every balance is recomputed from all the
//! postings and the chain is walked. 100,000 operations on SQLite and 20,000 on PostgreSQL (whose
//! every query crosses a socket) unless `WUSHE_LEDGER_SIM_OPS` says otherwise;
//! `WUSHE_LEDGER_SIM_SEED` replays a run, and the failure message names the seed.

use std::collections::HashMap;

use sqlx::Row;
use wushe_domain::money::Leg;
use wushe_domain::{Conflict, FundId};
use wushe_store::donations::{self, NewDonation};
use wushe_store::funds::{self, NewFund, account_id};
use wushe_store::ledger::{self, NewTransaction, Posted};
use wushe_store::{Scope, StoreError};
use wushe_testkit::rng::{Rng, env_or};
use wushe_testkit::{Engine, TestApp, dual_test};

/// The stored balances of the accounts a transaction touched, in one read.
async fn balances(app: &TestApp, legs: &[Leg]) -> HashMap<String, i64> {
    let marks: Vec<String> = (1..=legs.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT id, balance FROM ledger_accounts WHERE id IN ({})", marks.join(", "));
    let mut q = sqlx::query(&sql);
    for leg in legs {
        q = q.bind(&leg.account);
    }
    q.fetch_all(&app.db.pool)
        .await
        .expect("accounts")
        .iter()
        .map(|r| (r.try_get("id").expect("id"), r.try_get("balance").expect("balance")))
        .collect()
}

dual_test!(random_ledger_operations_keep_every_rule, |app| {
    wushe_testkit::fixture::load(&app).await;
    let ops = env_or("WUSHE_LEDGER_SIM_OPS", if app.engine == Engine::Sqlite { 100_000 } else { 20_000 });
    let seed = env_or("WUSHE_LEDGER_SIM_SEED", 20_261_130);
    let mut rng = Rng::new(seed);
    let all = Scope::all();
    let region = wushe_domain::RegionCode::parse("500101").expect("region");
    let mut funds: Vec<FundId> = Vec::new();
    for i in 0..3 {
        let new = NewFund::special(region.clone(), &format!("模拟基金{i}"), "模拟");
        funds.push(funds::create(&app.db, &all, &new, None).await.expect("fund").expect("in scope").id);
    }
    // What the simulation has seen posted: each account's sum, and each transaction's legs.
    let mut sums: HashMap<String, i64> = HashMap::new();
    let mut posted: Vec<i64> = Vec::new();
    let mut keys: Vec<(String, FundId, i64)> = Vec::new();
    let (mut refused, mut replayed) = (0, 0);
    for step in 0..ops {
        let fund = funds[rng.below(3) as usize];
        let result: Result<Option<Posted>, StoreError> = match rng.below(10) {
            0..=4 => {
                // A donation: new, retried, or a key reused for another amount.
                let (key, amount) = match (rng.below(10), keys.is_empty()) {
                    (0, false) => {
                        let (k, f, a) = keys[rng.below(keys.len() as u64) as usize].clone();
                        if f == fund { (k, a) } else { (k, a + 1) }
                    }
                    _ => (format!("key-{step}"), 1 + rng.below(100_000) as i64),
                };
                let fingerprint = format!("{fund}:{amount}");
                let new = NewDonation {
                    idempotency: Some((key.clone(), fingerprint)),
                    ..NewDonation::money(fund, None, amount)
                };
                keys.push((key, fund, amount));
                match donations::donate(&app.db, &all, &new, "2026-11-30", None).await {
                    Ok(Some(d)) if posted.contains(&d.txn_seq) => Ok(Some(Posted::Replayed(d.txn_seq))),
                    Ok(Some(d)) => Ok(Some(Posted::New(d.txn_seq))),
                    Ok(None) => panic!("seed {seed}: the fund is in scope"),
                    Err(e) => Err(e),
                }
            }
            5..=7 => {
                let amount = 1 + rng.below(80_000) as i64;
                let pay = NewTransaction {
                    region: &region,
                    fund: Some(fund.to_string()),
                    kind: "grant",
                    memo: "模拟资助",
                    legs: vec![
                        Leg { account: account_id(fund, "fund"), amount: -amount },
                        Leg { account: account_id(fund, "grants"), amount },
                    ],
                    idempotency: None,
                    reverses: None,
                };
                let mut tx = app.db.begin_write().await.expect("begin");
                match ledger::post(&mut tx, &pay, None).await {
                    Ok(p) => {
                        tx.commit().await.expect("commit");
                        Ok(Some(p))
                    }
                    Err(e) => Err(e),
                }
            }
            _ if !posted.is_empty() => {
                let target = posted[rng.below(posted.len() as u64) as usize];
                ledger::reverse(&app.db, &all, target, "模拟冲正", None).await
            }
            _ => Ok(None),
        };
        let seq = match result {
            Ok(Some(Posted::New(seq))) => seq,
            Ok(Some(Posted::Replayed(_))) => {
                replayed += 1;
                continue;
            }
            Ok(None) => continue,
            Err(StoreError::Conflict(
                Conflict::InsufficientBalance
                | Conflict::IdempotencyReused
                | Conflict::AlreadyReversed
                | Conflict::ReversalOfReversal,
            )) => {
                refused += 1;
                continue;
            }
            Err(e) => panic!("seed {seed}, step {step}: {e}"),
        };
        let mut conn = app.db.pool.acquire().await.expect("conn");
        let legs = ledger::legs(&mut conn, seq).await.expect("legs");
        drop(conn);
        assert!(wushe_domain::money::balanced(&legs), "seed {seed}, step {step}: transaction {seq} does not balance");
        posted.push(seq);
        for leg in &legs {
            *sums.entry(leg.account.clone()).or_default() += leg.amount;
        }
        let stored_now = balances(&app, &legs).await;
        for leg in &legs {
            let stored = stored_now[&leg.account];
            assert_eq!(
                stored, sums[&leg.account],
                "seed {seed}, step {step}: {} differs from its postings",
                leg.account
            );
            if leg.account.ends_with(":fund") || leg.account.contains(":pool:") {
                assert!(stored >= 0, "seed {seed}, step {step}: {} went below zero", leg.account);
            }
        }
    }
    assert!(posted.len() as u64 > ops / 3, "seed {seed}: most operations post ({} of {ops})", posted.len());
    assert!(refused > 0 && replayed > 0, "seed {seed}: the refusals and retries were exercised");
    assert_eq!(ledger::balance_differences(&app.db).await.expect("recompute"), Vec::new(), "seed {seed}");
    assert!(ledger::verify(&app.db).await.expect("verify").is_ok(), "seed {seed}");
});
