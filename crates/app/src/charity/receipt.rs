//! A gift's receipt (捐赠收据) as a paper: its words in the reader's language, every value
//! formatted and clipped to fit, handed to the PDF layer.

use wushe_domain::certificate::printed_date;
use wushe_domain::money::words::in_words;
use wushe_domain::money::yuan;
use wushe_domain::text::fill;
use wushe_domain::{DonationId, Lang};
use wushe_store::appeals;
use wushe_store::audit::{self, Event};
use wushe_store::{Scope, donations};

use crate::access::session::Auth;
use crate::charity::funds::get_to_manage;
use crate::error::AppResult;
use crate::state::AppState;
use crate::steps::not_found;

/// A gift's receipt as a PDF, for staff of the fund's area; audited.
pub async fn receipt(state: &AppState, auth: &Auth, id: DonationId, lang: Lang) -> AppResult<(String, Vec<u8>)> {
    let t = receipt_paper(lang);
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
        appeals::of(&state.db, d.fund_id, c).await?.map(|c| fill(t.appeal, &[("name", &c.name)]))
    } else if let Some(n) = d.need_id {
        wushe_store::needs::get(&state.db, &all, n)
            .await?
            .map(|n| fill(t.for_need, &[("category", &n.category.label(lang)), ("region", &n.region_name)]))
    } else {
        None
    };
    let date = time::OffsetDateTime::from_unix_timestamp(d.created_at / 1000 + 8 * 3600)
        .map(|at| printed_date(at.date(), lang))
        .unwrap_or_default();
    let reversed = donations::is_reversed(&state.db, d.txn_seq).await?;
    // Long names and purposes are shortened so that every receipt fits its page.
    let fields = ReceiptFields {
        number: d.receipt_no.clone(),
        donor: clip(&donor.unwrap_or_else(|| t.anonymous.into()), 60),
        fund: clip(&f.name, 100),
        holder: clip(&holder.unwrap_or_else(|| f.name.clone()), 36),
        kind: d.goods.as_ref().map(|g| fill(t.goods, &[("goods", &clip(g, 90))])).unwrap_or_else(|| t.money.into()),
        purpose: clip(&purpose.unwrap_or_else(|| f.purpose.clone()), 110),
        amount: format!("¥{}", yuan(d.amount)),
        amount_words: in_words(d.amount),
        matched: (d.matched > 0).then(|| fill(t.matched, &[("amount", &yuan(d.matched))])),
        date,
        note: fill(t.note, &[("seq", &d.txn_seq)]),
        reversed,
    };
    let bytes = state
        .render_pdf(move |fonts| {
            let words = wushe_pdf::ReceiptWords {
                language: t.language,
                title: t.title,
                subtitle: t.subtitle,
                number: t.number,
                rows: [t.donor, t.fund, t.kind, t.purpose, t.amount, t.amount_words],
                date: t.date,
                reversed: t.reversed,
            };
            let r = wushe_pdf::Receipt {
                words: &words,
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
                note: &fields.note,
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
    note: String,
    reversed: bool,
}

wushe_domain::texts! {
    /// What a receipt prints around its values.
    pub struct ReceiptPaper, receipt_paper {
        language: "zh-CN", "en",
        title: "捐赠收据", "Donation Receipt",
        subtitle: "Donation Receipt", "捐赠收据",
        number: "收据编号：", "No. ",
        donor: "捐赠方：", "Donor: ",
        fund: "受赠基金：", "Fund: ",
        kind: "捐赠形式：", "Form: ",
        purpose: "捐赠用途：", "Purpose: ",
        amount: "金额（小写）：", "Amount: ",
        amount_words: "金额（大写）：", "In Chinese capitals: ",
        date: "开具日期：", "Issued on ",
        reversed: "已冲正作废", "REVERSED – VOID",
        anonymous: "匿名捐赠者", "Anonymous donor",
        money: "货币", "money",
        goods: "物资：{goods}（按申报价值计）", "goods: {goods} (at declared value)",
        appeal: "募捐项目：{name}", "appeal: {name}",
        for_need: "定向资助：{category}（{region}）", "directed to: {category} ({region})",
        matched: "本笔捐赠获配捐 ¥{amount}，由配捐方按规则另行拨入本基金，不计入捐赠方的捐赠。",
            "This gift drew matching of ¥{amount}, paid into the fund separately by the matcher under its rule; it does not count as the donor's gift.",
        note: "本收据所载款物已记入慈善资源台账（交易 #{seq}），台账只增不改，更正以冲正交易记录。感谢您的爱心捐赠！",
            "The gift on this receipt is recorded in the charity ledger (transaction #{seq}); the ledger is append-only and corrections are recorded as reversals. Thank you for your generosity!",
    }
}
