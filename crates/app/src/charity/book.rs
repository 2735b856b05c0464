//! What a fund's keepers take away: its appeals, its book as a spreadsheet, and a receipt for
//! each gift as a PDF.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wushe_domain::money::{parse_yuan, yuan};
use wushe_domain::text::fill;
use wushe_domain::validate::{parse_date, required_text};
use wushe_domain::{Field, FieldError, FundId, Lang, Reason};
use wushe_store::appeals::{self, Appeal, NewAppeal};
use wushe_store::audit::{self, Event};
use wushe_store::fund_book;

use crate::access::session::Auth;
use crate::charity::funds::{get, get_to_manage};
use crate::error::AppResult;
use crate::state::AppState;
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

fn kind_label<'a>(kind: &'a str, t: &'static BookSheet) -> &'a str {
    match kind {
        "donation" => t.donation,
        "pool" => t.pool,
        "grant" => t.grant,
        "relief" => t.relief,
        "reversal" => t.reversal,
        other => other,
    }
}

/// The fund's book as `.xlsx`, one row per posting; for its keepers, audited.
pub async fn book_xlsx(state: &AppState, auth: &Auth, fund: FundId, lang: Lang) -> AppResult<(String, Vec<u8>)> {
    let f = get_to_manage(state, auth, fund).await?;
    let lines = fund_book::lines(&state.db, fund).await?;
    // Ins and outs in two columns of positive amounts, as a paper ledger keeps them.
    let t = book_sheet(lang);
    let headers = [t.seq, t.time, t.kind, t.memo, t.account, t.ins, t.outs, t.link, t.hash];
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            let link = match (l.reverses, l.reversed_by) {
                (Some(s), _) => fill(t.reverses, &[("seq", &s)]),
                (None, Some(s)) => fill(t.reversed_by, &[("seq", &s)]),
                (None, None) => String::new(),
            };
            vec![
                l.seq.to_string(),
                format_ms(l.created_at),
                kind_label(&l.kind, t).to_owned(),
                l.memo.clone(),
                l.account.clone(),
                if l.amount > 0 { yuan(l.amount) } else { String::new() },
                if l.amount < 0 { yuan(-l.amount) } else { String::new() },
                link,
                l.hash.chars().take(16).collect(),
            ]
        })
        .collect();
    use wushe_sheets::Kind::{Date, Number, Text};
    let kinds = [Number, Date, Text, Text, Text, Number, Number, Text, Text];
    let columns: Vec<(&str, wushe_sheets::Kind)> = headers.iter().copied().zip(kinds).collect();
    let bytes =
        wushe_sheets::write_xlsx_typed(t.sheet, &columns, &rows).map_err(crate::people::registry::sheet_error)?;
    let event = Event::new(Some(auth.account.id), "fund.export", "fund").id(fund).region(&f.region_code);
    audit::record(&state.db, &event.detail(serde_json::json!({ "rows": rows.len() }))).await?;
    Ok((format!("fund-ledger-{fund}.xlsx"), bytes))
}

wushe_domain::texts! {
    /// The fund's book as a spreadsheet: its sheet, its columns and the kinds of movement.
    pub struct BookSheet, book_sheet {
        sheet: "台账", "Ledger",
        seq: "交易号", "Transaction",
        time: "时间", "Time",
        kind: "类型", "Kind",
        memo: "摘要", "Memo",
        account: "账户", "Account",
        ins: "增加（元）", "In (yuan)",
        outs: "减少（元）", "Out (yuan)",
        link: "冲正关系", "Reversal",
        hash: "校验值", "Check value",
        reverses: "冲正 #{seq}", "reverses #{seq}",
        reversed_by: "已由 #{seq} 冲正", "reversed by #{seq}",
        donation: "捐赠", "donation",
        pool: "配捐池注入", "matching pool top-up",
        grant: "资助", "grant",
        relief: "社工关爱金", "care-fund relief",
        reversal: "冲正", "reversal",
    }
}
