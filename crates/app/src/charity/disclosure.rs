//! A fund's public disclosure (慈善法 transparency): income by month and by source (named or
//! anonymous donors, goods), matching received, grants paid by category, and the balance — sums only,
//! never a grantee or a donor's identity.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;
use wushe_domain::money::yuan;
use wushe_domain::need::NeedCategory;
use wushe_domain::relief::ReliefReason;
use wushe_domain::{FundId, Lang};
use wushe_store::Scope;
use wushe_store::funds as store;

use crate::charity::funds::FundView;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MonthRow {
    /// "2026-11", China time.
    pub month: String,
    pub named: String,
    pub anonymous: String,
    /// Gifts in kind at their stated value.
    pub goods: String,
    pub matched: String,
    pub total: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CategoryRow {
    pub category: String,
    pub grants: usize,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Disclosure {
    pub fund: FundView,
    pub months: Vec<MonthRow>,
    pub grants: Vec<CategoryRow>,
    /// Yuan: all money donated, all goods, all matching, all grants and relief paid.
    pub donated: String,
    pub goods: String,
    pub matched: String,
    pub granted: String,
    pub donations: usize,
}

fn month_of(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(ms / 1000 + 8 * 3600).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!("{:04}-{:02}", t.year(), u8::from(t.month()))
}

/// The disclosure of an active or closed fund, for anyone; an unknown fund is 404.
pub async fn get(state: &AppState, id: FundId, lang: Lang) -> AppResult<Disclosure> {
    let f = store::get(&state.db, &Scope::all(), id).await?.ok_or(AppError::NotFound)?;
    let d = wushe_store::disclosure::disclosed(&state.db, id).await?;
    // named, anonymous, goods, matched
    let mut months: BTreeMap<String, [i64; 4]> = BTreeMap::new();
    for g in &d.gifts {
        let row = months.entry(month_of(g.at)).or_default();
        row[if g.goods { 2 } else { usize::from(g.anonymous) }] += g.amount;
        row[3] += g.matched;
    }
    let mut categories: BTreeMap<String, (usize, i64)> = BTreeMap::new();
    for (category, amount) in &d.grants {
        let label = match category.strip_prefix("relief:") {
            Some(reason) => format!(
                "{}·{}",
                texts(lang).care_fund_relief,
                ReliefReason::parse(reason).map(|r| r.label(lang)).unwrap_or(reason)
            ),
            None => {
                NeedCategory::parse(category).map(|c| c.label(lang).to_owned()).unwrap_or_else(|_| category.clone())
            }
        };
        let row = categories.entry(label).or_default();
        row.0 += 1;
        row.1 += amount;
    }
    let donated: i64 = d.gifts.iter().filter(|g| !g.goods).map(|g| g.amount).sum();
    let goods: i64 = d.gifts.iter().filter(|g| g.goods).map(|g| g.amount).sum();
    let matched: i64 = d.gifts.iter().map(|g| g.matched).sum();
    let granted: i64 = d.grants.iter().map(|g| g.1).sum();
    Ok(Disclosure {
        fund: (&f).into(),
        months: months
            .into_iter()
            .rev()
            .map(|(month, [named, anonymous, goods, matched])| MonthRow {
                month,
                named: yuan(named),
                anonymous: yuan(anonymous),
                goods: yuan(goods),
                matched: yuan(matched),
                total: yuan(named + anonymous + goods + matched),
            })
            .collect(),
        grants: categories
            .into_iter()
            .map(|(category, (grants, amount))| CategoryRow { category, grants, amount: yuan(amount) })
            .collect(),
        donated: yuan(donated),
        goods: yuan(goods),
        matched: yuan(matched),
        granted: yuan(granted),
        donations: d.gifts.len(),
    })
}

wushe_domain::texts! {
    /// The texts this module shows.
    struct DisclosureTexts, texts {
        care_fund_relief: "社工关爱金",
            "care fund relief",
    }
}
