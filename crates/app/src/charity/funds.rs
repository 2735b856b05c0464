//! Funds, donations, matching and reversals: the money side of the fifth linkage. Amounts are
//! typed in yuan and kept in fen; a money-moving request may carry an idempotency key, so that a
//! retried donation is recorded once.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wushe_domain::authz::Action;
use wushe_domain::money::{parse_yuan, yuan};
use wushe_domain::relief::Eligibility;
use wushe_domain::validate::{optional_text, required_text, yes_no};
use wushe_domain::{DonorId, Field, FieldError, FundId, Reason, RegionCode};
use wushe_store::donations::{self, Donation, NewDonation};
use wushe_store::funds::{self as store, Fund, NewFund};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::steps::{authorize, authorize_role, not_found};
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
    /// What its goods are worth, in yuan.
    pub goods: String,
    /// A social workers' care fund (社会工作者关爱基金), which pays relief.
    pub care: bool,
    /// A care fund's rules: licensed workers only, workers of its region only, one grant per event.
    pub needs_licence: bool,
    pub needs_region: bool,
    pub one_per_event: bool,
    /// The most one application may ask, in yuan.
    pub relief_cap: Option<String>,
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
            goods: yuan(f.goods),
            care: f.care,
            needs_licence: f.eligibility.needs_licence,
            needs_region: f.eligibility.needs_region,
            one_per_event: f.eligibility.one_per_event,
            relief_cap: f.eligibility.cap.map(yuan),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct FundInput {
    pub name: String,
    pub purpose: String,
    pub rules: String,
    /// The region it serves; the caller's own when empty.
    pub region: String,
    /// "care" for a social workers' care fund; a special fund otherwise.
    pub kind: String,
    /// A care fund's rules: "1" to ask for a licence, a posting in the region, one grant per event.
    pub needs_licence: String,
    pub needs_region: String,
    pub one_per_event: String,
    /// The most one application may ask, in yuan; none when empty.
    pub relief_cap: String,
}

/// A care fund's rules as typed; `None` for a special fund.
fn eligibility(input: &FundInput) -> Result<Option<Eligibility>, FieldError> {
    match input.kind.trim() {
        "" | "special" => Ok(None),
        "care" => Ok(Some(Eligibility {
            needs_licence: yes_no(Field::NeedsLicence, &input.needs_licence)?,
            needs_region: yes_no(Field::NeedsRegion, &input.needs_region)?,
            one_per_event: yes_no(Field::OnePerEvent, &input.one_per_event)?,
            cap: match input.relief_cap.trim() {
                "" => None,
                raw => Some(parse_yuan(Field::Amount, raw)?),
            },
        })),
        _ => Err(FieldError::new(Field::FundKind, Reason::UnknownChoice)),
    }
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
        care: eligibility(input)?,
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
pub(crate) async fn get_to_manage(state: &AppState, auth: &Auth, id: FundId) -> AppResult<Fund> {
    let f = get(state, auth, id).await?;
    authorize(state, &auth.actor(), Action::ManageFunds, "fund", &id, (&f.region_code, &f.region_path)).await?;
    if auth.account.organization_id.is_some() && f.organization_id != auth.account.organization_id {
        return Err(AppError::Forbidden);
    }
    Ok(f)
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DonationInput {
    /// Yuan, at most two decimals, e.g. "200.00".
    pub amount: String,
    /// A registered donor's id; empty for an anonymous gift.
    pub donor: String,
    /// What was given in kind, for a gift of goods; `amount` is then their stated value.
    pub goods: String,
    /// An appeal of the fund the gift is for.
    pub appeal: String,
    /// A need the gift is for: it is passed on to the need at once.
    pub need: String,
    /// A key of the client's choosing: a retried request with the same key is recorded once.
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
    /// The registered donor's id, for a named gift.
    pub donor: Option<String>,
    /// What was given in kind, for goods.
    pub goods: Option<String>,
    pub appeal: Option<String>,
    pub need: Option<String>,
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
            donor: d.donor_id.map(|x| x.to_string()),
            goods: d.goods.clone(),
            appeal: d.appeal_id.clone(),
            need: d.need_id.map(|n| n.to_string()),
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
    let goods = optional_text(Field::Goods, Some(&input.goods), 200)?;
    let appeal = optional_text(Field::Appeal, Some(&input.appeal), 100)?;
    let need = match input.need.trim() {
        "" => None,
        raw => {
            let id = raw.parse().map_err(|_| FieldError::new(Field::Need, Reason::NotFound))?;
            // Another region's need is not found, and the look is audited like any other.
            crate::needs::need::get(state, auth, id).await?;
            Some(id)
        }
    };
    let fingerprint = format!(
        "donation:{fund}:{amount}:{}:{}:{}:{}",
        donor.map(|d| d.to_string()).unwrap_or_default(),
        goods.as_deref().unwrap_or_default(),
        appeal.as_deref().unwrap_or_default(),
        need.map(|n: wushe_domain::NeedId| n.to_string()).unwrap_or_default()
    );
    let idempotency = idempotency(auth, &input.idempotency_key, fingerprint)?;
    let new = NewDonation { fund, donor, amount, goods, appeal, need, idempotency };
    let today = wushe_domain::validate::format_date(crate::network::points::today());
    let d = donations::donate(&state.db, &auth.scope(), &new, &today, Some(auth.actor().id)).await?;
    Ok((&d.ok_or(AppError::NotFound)?).into())
}

pub async fn donations_of(state: &AppState, auth: &Auth, fund: FundId) -> AppResult<Vec<DonationView>> {
    get(state, auth, fund).await?;
    let list = donations::of_fund(&state.db, &auth.scope(), fund, 500).await?.ok_or(AppError::NotFound)?;
    Ok(list.iter().map(DonationView::from).collect())
}
