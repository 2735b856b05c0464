//! What a fund's keepers take away: its appeals, its book as a spreadsheet, and a receipt for
//! each gift as a PDF.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wushe_domain::certificate::chinese_date;
use wushe_domain::money::words::in_words;
use wushe_domain::money::{parse_yuan, yuan};
use wushe_domain::validate::{parse_date, required_text};
use wushe_domain::{DonationId, Field, FieldError, FundId, Lang, Reason};
use wushe_store::appeals::{self, Appeal, NewAppeal};
use wushe_store::audit::{self, Event};
use wushe_store::{Scope, donations, fund_book};

use crate::access::session::Auth;
use crate::charity::funds::{get, get_to_manage};
use crate::error::AppResult;
use crate::state::AppState;
use crate::steps::not_found;
use crate::views::format_ms;

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AppealInput {
    pub name: String,
    /// Yuan.
    pub goal: String,
    /// YYYY-MM-DD, both included.
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AppealView {
    pub id: String,
    pub name: String,
    pub goal: String,
    /// Gifts in force that named it, matching included, in yuan.
    pub raised: String,
    /// Of the goal, 0–100 (more when exceeded).
    pub percent: i64,
    pub starts_on: String,
    pub ends_on: String,
}

impl From<&Appeal> for AppealView {
    fn from(c: &Appeal) -> Self {
        AppealView {
            id: c.id.clone(),
            name: c.name.clone(),
            goal: yuan(c.goal),
            raised: yuan(c.raised),
            percent: if c.goal > 0 { c.raised * 100 / c.goal } else { 0 },
            starts_on: c.starts_on.clone(),
            ends_on: c.ends_on.clone(),
        }
    }
}

pub async fn add_appeal(state: &AppState, auth: &Auth, fund: FundId, input: &AppealInput) -> AppResult<String> {
    get_to_manage(state, auth, fund).await?;
    let starts = parse_date(Field::StartsOn, &input.starts_on)?;
    let ends = parse_date(Field::EndsOn, &input.ends_on)?;
    if ends < starts {
        return Err(FieldError::new(Field::EndsOn, Reason::EndBeforeStart).into());
    }
    let new = NewAppeal {
        name: required_text(Field::Name, &input.name, 100)?,
        goal: parse_yuan(Field::Amount, &input.goal)?,
        starts_on: wushe_domain::validate::format_date(starts),
        ends_on: wushe_domain::validate::format_date(ends),
    };
    let id = appeals::create(&state.db, &auth.scope(), fund, &new, auth.actor().id).await?;
    id.ok_or(crate::error::AppError::NotFound)
}

pub async fn appeals_of(state: &AppState, auth: &Auth, fund: FundId) -> AppResult<Vec<AppealView>> {
    get(state, auth, fund).await?;
    Ok(appeals::of_fund(&state.db, fund).await?.iter().map(AppealView::from).collect())
}

fn kind_label(kind: &str) -> &str {
    match kind {
        "donation" => "捐赠",
        "pool" => "配捐池注入",
        "grant" => "资助",
        "relief" => "社工关爱金",
        "reversal" => "冲正",
        other => other,
    }
}

/// The fund's book as `.xlsx`, one row per posting; for its keepers, audited.
pub async fn book_xlsx(state: &AppState, auth: &Auth, fund: FundId) -> AppResult<(String, Vec<u8>)> {
    let f = get_to_manage(state, auth, fund).await?;
    let lines = fund_book::lines(&state.db, fund).await?;
    // Ins and outs in two columns of positive amounts, as a paper ledger keeps them.
    let headers = ["交易号", "时间", "类型", "摘要", "账户", "增加（元）", "减少（元）", "冲正关系", "校验值"];
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            let link = match (l.reverses, l.reversed_by) {
                (Some(s), _) => format!("冲正 #{s}"),
                (None, Some(s)) => format!("已由 #{s} 冲正"),
                (None, None) => String::new(),
            };
            vec![
                l.seq.to_string(),
                format_ms(l.created_at),
                kind_label(&l.kind).to_owned(),
                l.memo.clone(),
                l.account.clone(),
                if l.amount > 0 { yuan(l.amount) } else { String::new() },
                if l.amount < 0 { yuan(-l.amount) } else { String::new() },
                link,
                l.hash.chars().take(16).collect(),
            ]
        })
        .collect();
    let bytes = wushe_sheets::write_xlsx("台账", &headers, &rows).map_err(crate::people::registry::sheet_error)?;
    let event = Event::new(Some(auth.account.id), "fund.export", "fund").id(fund).region(&f.region_code);
    audit::record(&state.db, &event.detail(serde_json::json!({ "rows": rows.len() }))).await?;
    Ok((format!("fund-ledger-{fund}.xlsx"), bytes))
}

/// A gift's receipt as a PDF, for staff of the fund's area; audited.
pub async fn receipt(state: &AppState, auth: &Auth, id: DonationId) -> AppResult<(String, Vec<u8>)> {
    let Some(d) = donations::get(&state.db, &auth.scope(), id).await? else {
        let elsewhere = donations::region_of(&state.db, id).await?;
        return Err(not_found(state, &auth.actor(), "donation", &id, elsewhere).await);
    };
    // A receipt is the fund's keepers' to hand out: an organization's staff, their own funds'.
    let f = get_to_manage(state, auth, d.fund_id).await?;
    let all = Scope::all();
    let donor = match d.donor_id {
        Some(donor) => wushe_store::donors::get(&state.db, &all, donor).await?.and_then(|x| x.name),
        None => None,
    };
    let holder = match f.organization_id {
        Some(o) => wushe_store::organizations::get(&state.db, &all, o).await?.map(|o| o.name),
        None => None,
    };
    let purpose = if let Some(c) = &d.appeal_id {
        appeals::of(&state.db, d.fund_id, c).await?.map(|c| format!("募捐项目：{}", c.name))
    } else if let Some(n) = d.need_id {
        wushe_store::needs::get(&state.db, &all, n)
            .await?
            .map(|n| format!("定向资助：{}（{}）", n.category.label(Lang::Zh), n.region_name))
    } else {
        None
    };
    let date = time::OffsetDateTime::from_unix_timestamp(d.created_at / 1000 + 8 * 3600)
        .map(|t| chinese_date(t.date()))
        .unwrap_or_default();
    // Long names and purposes are shortened so that every receipt fits its page.
    let fields = ReceiptFields {
        number: d.receipt_no.clone(),
        donor: clip(&donor.unwrap_or_else(|| "匿名捐赠者".into()), 60),
        fund: clip(&f.name, 100),
        holder: clip(&holder.unwrap_or_else(|| f.name.clone()), 36),
        kind: d
            .goods
            .as_ref()
            .map(|g| format!("物资：{}（按申报价值计）", clip(g, 90)))
            .unwrap_or_else(|| "货币".into()),
        purpose: clip(&purpose.unwrap_or_else(|| f.purpose.clone()), 110),
        amount: format!("¥{}", yuan(d.amount)),
        amount_words: in_words(d.amount),
        matched: (d.matched > 0).then(|| {
            format!("本笔捐赠获配捐 ¥{}，由配捐方按规则另行拨入本基金，不计入捐赠方的捐赠。", yuan(d.matched))
        }),
        date,
        transaction: format!("#{}", d.txn_seq),
        reversed: donations::is_reversed(&state.db, d.txn_seq).await?,
    };
    let bytes = state
        .render_pdf(move |fonts| {
            let r = wushe_pdf::Receipt {
                number: &fields.number,
                donor: &fields.donor,
                fund: &fields.fund,
                holder: &fields.holder,
                kind: &fields.kind,
                purpose: &fields.purpose,
                amount: &fields.amount,
                amount_words: &fields.amount_words,
                matched: fields.matched.as_deref(),
                date: &fields.date,
                transaction: &fields.transaction,
                reversed: fields.reversed,
            };
            wushe_pdf::receipt(fonts, &r)
        })
        .await?;
    let event = Event::new(Some(auth.account.id), "donation.receipt", "fund").id(d.fund_id).region(&f.region_code);
    audit::record(&state.db, &event.detail(serde_json::json!({ "donation": id, "receipt": d.receipt_no }))).await?;
    Ok((format!("receipt-{}.pdf", d.receipt_no), bytes))
}

/// `s` cut to `n` characters, with an ellipsis when cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_owned() } else { s.chars().take(n - 1).chain(['…']).collect() }
}

/// What the receipt prints, owned so that it can cross to the rendering thread.
struct ReceiptFields {
    number: String,
    donor: String,
    fund: String,
    holder: String,
    kind: String,
    purpose: String,
    amount: String,
    amount_words: String,
    matched: Option<String>,
    date: String,
    transaction: String,
    reversed: bool,
}
