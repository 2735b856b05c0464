//! A fund's matching rules (配捐), the reversal of a movement and the closing of a fund: the
//! keepers' tools beside donations.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wushe_domain::authz::Action;
use wushe_domain::money::{MatchingRule, parse_yuan};
use wushe_domain::validate::{parse_date, required_text};
use wushe_domain::{Field, FieldError, FundId, Reason};
use wushe_store::funds::{self as store, NewRule};
use wushe_store::ledger;

use crate::access::session::Auth;
use crate::charity::funds::get_to_manage;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::steps::{authorize_role, not_found};

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RuleInput {
    /// Who matches, e.g. 市慈善总会.
    pub matcher: String,
    /// "1:1", "1:2" (one yuan matched for two donated), "2:1".
    pub ratio: String,
    /// Caps in yuan; empty for none.
    pub per_donation: String,
    pub per_donor: String,
    pub total: String,
    /// What the matcher puts in its pool now, in yuan.
    pub pool: String,
    /// YYYY-MM-DD, both included.
    pub starts_on: String,
    pub ends_on: String,
}

fn ratio(raw: &str) -> Result<(i64, i64), FieldError> {
    let bad = || FieldError::new(Field::Ratio, Reason::Malformed("1:1".into()));
    let (m, d) =
        raw.trim().replace('：', ":").split_once(':').map(|(a, b)| (a.to_owned(), b.to_owned())).ok_or_else(bad)?;
    let m: i64 = m.trim().parse().map_err(|_| bad())?;
    let d: i64 = d.trim().parse().map_err(|_| bad())?;
    if !(1..=100).contains(&m) || !(1..=100).contains(&d) {
        return Err(bad());
    }
    // "1:2" reads as one matched for two donated.
    Ok((m, d))
}

pub async fn add_rule(state: &AppState, auth: &Auth, fund: FundId, input: &RuleInput) -> AppResult<String> {
    get_to_manage(state, auth, fund).await?;
    let cap = |field: Field, raw: &str| -> Result<Option<i64>, FieldError> {
        if raw.trim().is_empty() { Ok(None) } else { parse_yuan(field, raw).map(Some) }
    };
    let (numerator, denominator) = ratio(&input.ratio)?;
    let starts = parse_date(Field::StartsOn, &input.starts_on)?;
    let ends = parse_date(Field::EndsOn, &input.ends_on)?;
    if ends < starts {
        return Err(FieldError::new(Field::EndsOn, Reason::EndBeforeStart).into());
    }
    let new = NewRule {
        matcher: required_text(Field::Name, &input.matcher, 100)?,
        rule: MatchingRule {
            numerator,
            denominator,
            per_donation: cap(Field::Amount, &input.per_donation)?,
            per_donor: cap(Field::Amount, &input.per_donor)?,
            total: cap(Field::Amount, &input.total)?,
        },
        pool: parse_yuan(Field::Amount, &input.pool)?,
        starts_on: wushe_domain::validate::format_date(starts),
        ends_on: wushe_domain::validate::format_date(ends),
    };
    store::add_rule(&state.db, &auth.scope(), fund, &new, Some(auth.actor().id)).await?.ok_or(AppError::NotFound)
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReverseInput {
    /// Why the movement is undone.
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Reversed {
    /// The reversing transaction.
    pub transaction: i64,
}

/// Undoes a movement with a new transaction that turns every leg; the original stays.
pub async fn reverse(state: &AppState, auth: &Auth, seq: i64, input: &ReverseInput) -> AppResult<Reversed> {
    authorize_role(state, &auth.actor(), Action::ManageFunds, "money").await?;
    // Whether the movement is there for the caller comes before what they typed.
    let Some(fund) = ledger::fund_of(&state.db, &auth.scope(), seq).await? else {
        let elsewhere = ledger::region_of(&state.db, seq).await?;
        return Err(not_found(state, &auth.actor(), "money", &seq, elsewhere).await);
    };
    // An organization's staff undo movements of their organization's funds only.
    if let Some(org) = auth.account.organization_id {
        let theirs = match fund {
            Some(f) => store::get(&state.db, &auth.scope(), f).await?.is_some_and(|f| f.organization_id == Some(org)),
            None => false,
        };
        if !theirs {
            return Err(AppError::Forbidden);
        }
    }
    let reason = required_text(Field::Reason, &input.reason, 500)?;
    let posted = ledger::reverse(&state.db, &auth.scope(), seq, &reason, Some(auth.actor().id)).await?;
    Ok(Reversed { transaction: posted.ok_or(AppError::NotFound)?.seq() })
}

/// Closes a fund: no more gifts or requests; what it holds may still be paid out.
pub async fn close(state: &AppState, auth: &Auth, fund: FundId, input: &ReverseInput) -> AppResult<()> {
    get_to_manage(state, auth, fund).await?;
    let reason = required_text(Field::Reason, &input.reason, 500)?;
    store::close(&state.db, &auth.scope(), fund, &reason, auth.actor().id).await?.ok_or(AppError::NotFound)
}
