//! The staff's pages of the charity ledger: the funds of the area (and a form to open one), and a
//! fund's page — gifts with their receipts, grants waiting for a keeper, matching rules and
//! appeals — with the forms that move money. Each form answers by coming back to the page.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use wushe_domain::authz::{Action, role_may_ever};
use wushe_domain::money::yuan;
use wushe_domain::text::fill;
use wushe_domain::{FundId, Lang};

use super::layout::Chrome;
use super::{FormBody, after_form, form_message, parse_id, render, rerender, see_other};
use crate::auth::{Auth, FundManager, ReqLang, Staff};
use crate::error::{AppError, AppResult};
use wushe_app::charity::book::{self as book, AppealInput, AppealView};
use wushe_app::charity::funds::{self as ops, DonationInput, DonationView, FundInput, FundView};
use wushe_app::charity::grants::{self as grants, GrantDecision, GrantView};
use wushe_app::charity::rules::{self as rules, ReverseInput, RuleInput};
use wushe_app::state::AppState;

fn keeper(auth: &Auth) -> bool {
    role_may_ever(auth.account.role, Action::ManageFunds)
}

#[derive(Template)]
#[template(path = "funds.html")]
struct ListPage {
    chrome: Chrome,
    funds: Vec<FundView>,
    keeper: bool,
    home_region: String,
    error: Option<String>,
}

async fn list_page(state: &AppState, lang: Lang, auth: &Auth, error: Option<String>) -> AppResult<ListPage> {
    Ok(ListPage {
        chrome: Chrome::new(lang, Some(auth), "/funds"),
        funds: ops::list(state, auth).await?,
        keeper: keeper(auth),
        home_region: auth.account.region_code.to_string(),
        error,
    })
}

pub async fn list(State(state): State<AppState>, ReqLang(lang): ReqLang, g: Staff) -> AppResult<Html<String>> {
    render(&list_page(&state, lang, &g.0, None).await?)
}

pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: FundManager,
    FormBody(input): FormBody<FundInput>,
) -> AppResult<Response> {
    match ops::create(&state, &g.0, &input).await {
        Ok(f) => Ok(see_other(&format!("/funds/{}", f.id))),
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            Ok(rerender(&list_page(&state, lang, &g.0, Some(msg)).await?, &err))
        }
    }
}

#[derive(Template)]
#[template(path = "fund.html")]
struct FundPage {
    chrome: Chrome,
    f: FundView,
    keeper: bool,
    /// Each gift with how its donor is shown.
    donations: Vec<(DonationView, String)>,
    grants: Vec<GrantView>,
    rules: Vec<String>,
    appeals: Vec<AppealView>,
    /// Registered donors of the area: id and name.
    donors: Vec<(String, String)>,
    /// A fresh key for the gift form: submitting it twice records one gift.
    key: String,
    today: String,
    error: Option<String>,
}

fn rule_line(r: &wushe_store::funds::RuleRow, lang: Lang) -> String {
    let cap = |c: Option<i64>| c.map(yuan).unwrap_or_else(|| texts(lang).none.into());
    let values: [(&str, &dyn std::fmt::Display); 10] = [
        ("matcher", &r.matcher),
        ("numerator", &r.rule.numerator),
        ("denominator", &r.rule.denominator),
        ("from", &r.starts_on),
        ("to", &r.ends_on),
        ("per_gift", &cap(r.rule.per_donation)),
        ("per_donor", &cap(r.rule.per_donor)),
        ("total", &cap(r.rule.total)),
        ("matched", &yuan(r.matched)),
        ("pool_left", &yuan(r.pool_left)),
    ];
    fill(texts(lang).rule_line, &values)
}

async fn fund_page(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: FundId,
    error: Option<String>,
) -> AppResult<FundPage> {
    let f = ops::get(state, auth, id).await?;
    let (donor_rows, _) = wushe_store::donors::list(&state.db, &auth.scope(), "", 0, 200).await?;
    let donors: Vec<(String, String)> = donor_rows
        .iter()
        .filter(|d| !d.erased)
        .map(|d| (d.id.to_string(), d.name.clone().unwrap_or_else(|| texts(lang).anonymous.into())))
        .collect();
    let names: HashMap<&str, &str> = donors.iter().map(|(i, n)| (i.as_str(), n.as_str())).collect();
    let anonymous = texts(lang).anonymous_short;
    let donations = ops::donations_of(state, auth, id)
        .await?
        .into_iter()
        .map(|d| {
            let who = d.donor.as_deref().and_then(|x| names.get(x).copied()).unwrap_or(anonymous).to_owned();
            (d, who)
        })
        .collect();
    Ok(FundPage {
        chrome: Chrome::new(lang, Some(auth), &format!("/funds/{id}")),
        keeper: keeper(auth),
        donations,
        grants: wushe_store::grants::of_fund(&state.db, id, 200).await?.iter().map(GrantView::from).collect(),
        rules: wushe_store::funds::rules_of(&state.db, id).await?.iter().map(|r| rule_line(r, lang)).collect(),
        appeals: book::appeals_of(state, auth, id).await?,
        donors,
        key: uuid::Uuid::now_v7().to_string(),
        today: wushe_domain::validate::format_date(wushe_app::network::points::today()),
        f: (&f).into(),
        error,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: Staff,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    render(&fund_page(&state, lang, &g.0, parse_id(&id)?, None).await?)
}

/// Back to the fund's page, or the page again with what went wrong.
async fn done<T>(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: FundId,
    result: wushe_app::AppResult<T>,
) -> AppResult<Response> {
    after_form(result, lang, &format!("/funds/{id}"), |msg| fund_page(state, lang, auth, id, Some(msg))).await
}

pub async fn donate(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: FundManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<DonationInput>,
) -> AppResult<Response> {
    let id: FundId = parse_id(&id)?;
    done(&state, lang, &g.0, id, ops::donate(&state, &g.0, id, &input).await).await
}

pub async fn add_rule(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: FundManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<RuleInput>,
) -> AppResult<Response> {
    let id: FundId = parse_id(&id)?;
    done(&state, lang, &g.0, id, rules::add_rule(&state, &g.0, id, &input).await).await
}

pub async fn add_appeal(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: FundManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<AppealInput>,
) -> AppResult<Response> {
    let id: FundId = parse_id(&id)?;
    done(&state, lang, &g.0, id, book::add_appeal(&state, &g.0, id, &input).await).await
}

/// The fund a grant in scope is paid from: where its forms come back to.
async fn fund_of_grant(state: &AppState, auth: &Auth, id: &str) -> AppResult<FundId> {
    match wushe_store::grants::get(&state.db, &auth.scope(), id.trim()).await? {
        Some(g) => Ok(g.fund_id),
        None => {
            let elsewhere = wushe_store::grants::region_of(&state.db, id.trim()).await?;
            Err(wushe_app::steps::not_found(state, &auth.actor(), "grant", &id, elsewhere).await.into())
        }
    }
}

async fn decide(
    state: &AppState,
    lang: Lang,
    auth: &Auth,
    id: &str,
    pay: bool,
    input: &GrantDecision,
) -> AppResult<Response> {
    let fund = fund_of_grant(state, auth, id).await?;
    done(state, lang, auth, fund, grants::decide(state, auth, id, pay, input).await).await
}

pub async fn approve_grant(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: FundManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<GrantDecision>,
) -> AppResult<Response> {
    decide(&state, lang, &g.0, &id, true, &input).await
}

pub async fn decline_grant(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: FundManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<GrantDecision>,
) -> AppResult<Response> {
    decide(&state, lang, &g.0, &id, false, &input).await
}

/// Reverses a movement from the fund's page.
pub async fn reverse(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: FundManager,
    Path(seq): Path<String>,
    FormBody(input): FormBody<ReverseInput>,
) -> AppResult<Response> {
    let seq: i64 = seq.trim().parse().map_err(|_| AppError::NotFound)?;
    let Some(Some(fund)) = wushe_store::ledger::fund_of(&state.db, &g.0.scope(), seq).await? else {
        let elsewhere = wushe_store::ledger::region_of(&state.db, seq).await?;
        return Err(wushe_app::steps::not_found(&state, &g.0.actor(), "money", &seq, elsewhere).await.into());
    };
    done(&state, lang, &g.0, fund, rules::reverse(&state, &g.0, seq, &input).await).await
}

pub async fn close(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    g: FundManager,
    Path(id): Path<String>,
    FormBody(input): FormBody<ReverseInput>,
) -> AppResult<Response> {
    let id: FundId = parse_id(&id)?;
    done(&state, lang, &g.0, id, rules::close(&state, &g.0, id, &input).await).await
}

wushe_domain::texts! {
    /// The texts this module shows.
    struct FundsTexts, texts {
        rule_line: "{matcher} 按 {numerator}:{denominator} 配捐（{from} 至 {to}）· 单笔上限 {per_gift} · 每人上限 {per_donor} · 总额上限 {total} · 已配捐 {matched} · 配捐池余额 {pool_left}",
            "{matcher} matches {numerator}:{denominator} ({from} to {to}) · per gift {per_gift} · per donor {per_donor} · in total {total} · matched {matched} · pool left {pool_left}",
        none: "不限",
            "none",
        anonymous: "匿名捐赠方",
            "anonymous",
        anonymous_short: "匿名",
            "anonymous",
    }
}
