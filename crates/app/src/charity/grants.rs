//! Grants to needs: a social worker asks a fund that serves the need's community; one of the
//! fund's keepers, someone else, approves — which pays — or declines with a reason.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wushe_domain::authz::Action;
use wushe_domain::money::{parse_yuan, yuan};
use wushe_domain::validate::required_text;
use wushe_domain::{Field, FieldError, NeedId, Reason};
use wushe_store::grants::{self as store, Grant};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::needs::need::get as get_need;
use crate::state::AppState;
use crate::steps::{authorize, authorize_role, not_found};
use crate::views::format_ms;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GrantView {
    pub id: String,
    pub need_id: String,
    pub fund_id: String,
    pub fund_name: String,
    /// Yuan.
    pub amount: String,
    /// Of goods the fund holds, at their value.
    pub goods: bool,
    /// A donor's gift for the need, passed on.
    pub directed: bool,
    pub purpose: String,
    /// requested | paid | declined | reversed
    pub status: String,
    pub requested_at: String,
    pub decision_note: Option<String>,
    /// The ledger transaction that paid it.
    pub transaction: Option<i64>,
}

impl From<&Grant> for GrantView {
    fn from(g: &Grant) -> Self {
        GrantView {
            id: g.id.clone(),
            need_id: g.need_id.to_string(),
            fund_id: g.fund_id.to_string(),
            fund_name: g.fund_name.clone(),
            amount: yuan(g.amount),
            goods: g.goods,
            directed: g.directed,
            purpose: g.purpose.clone(),
            status: g.status.clone(),
            requested_at: format_ms(g.requested_at),
            decision_note: g.decision_note.clone(),
            transaction: g.txn_seq,
        }
    }
}

impl GrantView {
    pub fn status_label(&self, lang: wushe_domain::Lang) -> &'static str {
        match (self.status.as_str(), self.directed) {
            ("paid", true) => texts(lang).directed_gift_passed,
            ("paid", false) => texts(lang).approved_paid,
            ("declined", _) => texts(lang).declined,
            ("reversed", _) => texts(lang).paid_then_reversed,
            _ => texts(lang).waiting_approval,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct GrantInput {
    /// A fund whose region holds the need's community.
    pub fund: String,
    /// Yuan, at most two decimals.
    pub amount: String,
    /// What the money is for.
    pub purpose: String,
    /// "1" to ask for goods the fund holds, at their value, rather than money.
    pub goods: String,
}

pub async fn request(state: &AppState, auth: &Auth, need: NeedId, input: &GrantInput) -> AppResult<GrantView> {
    let n = get_need(state, auth, need).await?;
    authorize(state, &auth.actor(), Action::ManageNeeds, "need", &need, (&n.region_code, &n.region_path)).await?;
    let fund = input.fund.trim().parse().map_err(|_| FieldError::new(Field::Fund, Reason::NotFound))?;
    let amount = parse_yuan(Field::Amount, &input.amount)?;
    let purpose = required_text(Field::Purpose, &input.purpose, 500)?;
    let goods = wushe_domain::validate::yes_no(Field::Goods, &input.goods)?;
    let ask = store::Ask { fund, amount, goods, purpose: &purpose };
    let id = store::request(&state.db, &auth.scope(), need, &ask, auth.actor().id).await?.ok_or(AppError::NotFound)?;
    get(state, auth, &id).await.map(|g| (&g).into())
}

pub async fn of_need(state: &AppState, auth: &Auth, need: NeedId) -> AppResult<Vec<GrantView>> {
    get_need(state, auth, need).await?;
    Ok(store::of_need(&state.db, need).await?.iter().map(GrantView::from).collect())
}

async fn get(state: &AppState, auth: &Auth, id: &str) -> AppResult<Grant> {
    match store::get(&state.db, &auth.scope(), id.trim()).await? {
        Some(g) => Ok(g),
        None => {
            let elsewhere = store::region_of(&state.db, id.trim()).await?;
            Err(not_found(state, &auth.actor(), "grant", &id, elsewhere).await)
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct GrantDecision {
    /// Required when declining.
    pub note: String,
}

/// Approves and pays, or declines; an organization's staff decide on their own funds' grants.
pub async fn decide(state: &AppState, auth: &Auth, id: &str, pay: bool, input: &GrantDecision) -> AppResult<GrantView> {
    authorize_role(state, &auth.actor(), Action::ManageFunds, "grant").await?;
    let g = get(state, auth, id).await?;
    if let Some(org) = auth.account.organization_id {
        let fund = wushe_store::funds::get(&state.db, &wushe_store::Scope::all(), g.fund_id).await?;
        if fund.is_none_or(|f| f.organization_id != Some(org)) {
            return Err(AppError::Forbidden);
        }
    }
    let note = if pay {
        wushe_domain::validate::optional_text(Field::Note, Some(&input.note), 500)?
    } else {
        Some(required_text(Field::Note, &input.note, 500)?)
    };
    store::decide(&state.db, &auth.scope(), &g.id, pay, note.as_deref(), auth.actor().id)
        .await?
        .ok_or(AppError::NotFound)?;
    get(state, auth, &g.id).await.map(|g| (&g).into())
}

wushe_domain::texts! {
    /// The texts this module shows.
    struct GrantsTexts, texts {
        directed_gift_passed: "定向捐赠，已转交",
            "directed gift, passed on",
        approved_paid: "已批准并拨付",
            "approved and paid",
        declined: "未获批准",
            "declined",
        paid_then_reversed: "已拨付，后冲正",
            "paid, then reversed",
        waiting_approval: "待审批",
            "waiting for approval",
    }
}
