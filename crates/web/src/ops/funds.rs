//! Funds, donations, matching and reversals: the money side of the fifth linkage. Amounts are
//! typed in yuan and kept in fen; a money-moving request may carry an idempotency key, so that a
//! retried donation is recorded once.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wushe_domain::authz::Action;
use wushe_domain::money::{MatchingRule, parse_yuan, yuan};
use wushe_domain::validate::{optional_text, parse_date, required_text};
use wushe_domain::{DonorId, Field, FieldError, FundId, Reason, RegionCode};
use wushe_store::donations::{self, Donation, NewDonation};
use wushe_store::funds::{self as store, Fund, NewFund, NewRule};
use wushe_store::ledger;

use super::{authorize, authorize_role, not_found};
use crate::auth::Auth;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::format_ms;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FundView {
    pub id: FundId,
    pub name: String,
    pub purpose: String,
    pub rules: String,
    pub region_code: String,
    pub region_name: String,
    pub status: String,
    /// Yuan, two decimals.
    pub balance: String,
    pub balance_fen: i64,
}

impl From<&Fund> for FundView {
    fn from(f: &Fund) -> Self {
        FundView {
            id: f.id,
            name: f.name.clone(),
            purpose: f.purpose.clone(),
            rules: f.rules.clone(),
            region_code: f.region_code.to_string(),
            region_name: f.region_name.clone(),
            status: f.status.clone(),
            balance: yuan(f.balance),
            balance_fen: f.balance,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct FundInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub rules: String,
    /// The region it serves; the caller's own when empty.
    #[serde(default)]
    pub region: String,
}

pub async fn create(state: &AppState, auth: &Auth, input: &FundInput) -> AppResult<FundView> {
    authorize_role(state, &auth.actor(), Action::ManageFunds, "fund").await?;
    let region = match input.region.trim() {
        "" => auth.account.region_code.clone(),
        raw => RegionCode::parse(raw)?,
    };
    let new = NewFund {
        region: region.clone(),
        organization: auth.account.organization_id,
        name: required_text(Field::Name, &input.name, 100)?,
        purpose: required_text(Field::Purpose, &input.purpose, 500)?,
        rules: optional_text(Field::Description, Some(&input.rules), 2000)?.unwrap_or_default(),
    };
    let f = store::create(&state.db, &auth.scope(), &new, Some(auth.actor().id)).await?;
    Ok((&f.ok_or(FieldError::new(Field::Region, Reason::NotFound))?).into())
}

pub async fn list(state: &AppState, auth: &Auth) -> AppResult<Vec<FundView>> {
    Ok(store::list(&state.db, &auth.scope(), 200).await?.iter().map(FundView::from).collect())
}

pub async fn get(state: &AppState, auth: &Auth, id: FundId) -> AppResult<Fund> {
    match store::get(&state.db, &auth.scope(), id).await? {
        Some(f) => Ok(f),
        None => {
            let elsewhere = store::region_of(&state.db, id).await?;
            Err(not_found(state, &auth.actor(), "fund", &id, elsewhere).await)
        }
    }
}

/// A fund its keepers may move money in: in scope, and an organization's own.
async fn get_to_manage(state: &AppState, auth: &Auth, id: FundId) -> AppResult<Fund> {
    let f = get(state, auth, id).await?;
    authorize(state, &auth.actor(), Action::ManageFunds, "fund", &id, (&f.region_code, &f.region_path)).await?;
    if auth.account.organization_id.is_some() && f.organization_id != auth.account.organization_id {
        return Err(AppError::Forbidden);
    }
    Ok(f)
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DonationInput {
    /// Yuan, at most two decimals, e.g. "200.00".
    #[serde(default)]
    pub amount: String,
    /// A registered donor's id; empty for an anonymous gift.
    #[serde(default)]
    pub donor: String,
    /// A key of the client's choosing: a retried request with the same key is recorded once.
    #[serde(default)]
    pub idempotency_key: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DonationView {
    pub id: String,
    pub receipt_no: String,
    pub amount: String,
    /// What the matcher added (配捐), in yuan.
    pub matched: String,
    pub anonymous: bool,
    pub transaction: i64,
    pub created_at: String,
}

impl From<&Donation> for DonationView {
    fn from(d: &Donation) -> Self {
        DonationView {
            id: d.id.to_string(),
            receipt_no: d.receipt_no.clone(),
            amount: yuan(d.amount),
            matched: yuan(d.matched),
            anonymous: d.donor_id.is_none(),
            transaction: d.txn_seq,
            created_at: format_ms(d.created_at),
        }
    }
}

/// A client's key, scoped to the account so that two callers' keys never meet.
fn idempotency(auth: &Auth, key: &str, fingerprint: String) -> AppResult<Option<(String, String)>> {
    match key.trim() {
        "" => Ok(None),
        k if k.len() > 100 => Err(FieldError::new(Field::IdempotencyKey, Reason::TooLong { max: 100 }).into()),
        k => Ok(Some((format!("{}:{k}", auth.account.id), fingerprint))),
    }
}

pub async fn donate(state: &AppState, auth: &Auth, fund: FundId, input: &DonationInput) -> AppResult<DonationView> {
    get_to_manage(state, auth, fund).await?;
    let amount = parse_yuan(Field::Amount, &input.amount)?;
    let donor: Option<DonorId> = match input.donor.trim() {
        "" => None,
        raw => {
            let id = raw.parse().map_err(|_| FieldError::new(Field::Donor, Reason::NotFound))?;
            wushe_store::donors::get(&state.db, &auth.scope(), id)
                .await?
                .ok_or(FieldError::new(Field::Donor, Reason::NotFound))?;
            Some(id)
        }
    };
    let fingerprint = format!("donation:{fund}:{amount}:{}", donor.map(|d| d.to_string()).unwrap_or_default());
    let new = NewDonation { fund, donor, amount, idempotency: idempotency(auth, &input.idempotency_key, fingerprint)? };
    let today = wushe_domain::validate::format_date(super::points::today());
    let d = donations::donate(&state.db, &auth.scope(), &new, &today, Some(auth.actor().id)).await?;
    Ok((&d.ok_or(AppError::NotFound)?).into())
}

pub async fn donations_of(state: &AppState, auth: &Auth, fund: FundId) -> AppResult<Vec<DonationView>> {
    get(state, auth, fund).await?;
    let list = donations::of_fund(&state.db, &auth.scope(), fund, 500).await?.ok_or(AppError::NotFound)?;
    Ok(list.iter().map(DonationView::from).collect())
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RuleInput {
    /// Who matches, e.g. 市慈善总会.
    #[serde(default)]
    pub matcher: String,
    /// "1:1", "1:2" (one yuan matched for two donated), "2:1".
    #[serde(default)]
    pub ratio: String,
    /// Caps in yuan; empty for none.
    #[serde(default)]
    pub per_donation: String,
    #[serde(default)]
    pub per_donor: String,
    #[serde(default)]
    pub total: String,
    /// What the matcher puts in its pool now, in yuan.
    #[serde(default)]
    pub pool: String,
    /// YYYY-MM-DD, both included.
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
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
    let starts = parse_date(Field::PeriodFrom, &input.starts_on)?;
    let ends = parse_date(Field::PeriodTo, &input.ends_on)?;
    if ends < starts {
        return Err(FieldError::new(Field::PeriodTo, Reason::EndBeforeStart).into());
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
pub struct ReverseInput {
    /// Why the movement is undone.
    #[serde(default)]
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
