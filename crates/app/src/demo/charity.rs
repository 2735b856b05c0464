//! The demo's charity resources: a relief fund of 万州区 with a matching rule, an appeal and gifts
//! of money and goods; the social workers' care fund; and one need published as a micro-wish — all
//! through the ledger's own rules, so that the fund pages and the disclosure have something to show.

use time::Date;
use wushe_domain::RegionCode;
use wushe_domain::money::MatchingRule;
use wushe_domain::need::NeedCategory;
use wushe_domain::relief::Eligibility;
use wushe_domain::validate::format_date;
use wushe_store::appeals::{self, NewAppeal};
use wushe_store::donations::{self, NewDonation};
use wushe_store::funds::{self, NewFund, NewRule};
use wushe_store::{Db, Scope, StoreError, accounts, donors, needs, wishes};

fn field(e: wushe_domain::FieldError) -> StoreError {
    StoreError::Field(e)
}

pub(crate) async fn load(db: &Db, today: Date) -> Result<(), StoreError> {
    let all = Scope::all();
    if !funds::list(db, &all, 1).await?.is_empty() {
        return Ok(());
    }
    let Some((centre, _)) = accounts::find_for_login(db, "wz.center").await? else { return Ok(()) };
    let by = Some(centre.id);
    let wanzhou = RegionCode::parse("500101").map_err(field)?;
    let day = format_date(today);
    let mut relief = NewFund::special(wanzhou.clone(), "万州区困难群众救助基金", "困难群众临时救助、助老助残");
    relief.rules = "单笔资助一般不超过 2000 元；资助情况每月公开。".into();
    let Some(fund) = funds::create(db, &all, &relief, by).await? else { return Ok(()) };
    let rule = NewRule {
        matcher: "万州区慈善会".into(),
        rule: MatchingRule {
            numerator: 1,
            denominator: 1,
            per_donation: Some(100_000),
            per_donor: None,
            total: Some(1_000_000),
        },
        pool: 500_000,
        starts_on: format_date(today - time::Duration::days(30)),
        ends_on: format_date(today + time::Duration::days(335)),
    };
    funds::add_rule(db, &all, fund.id, &rule, by).await?;
    let appeal = NewAppeal {
        name: "冬季送温暖".into(),
        goal: 2_000_000,
        starts_on: format_date(today - time::Duration::days(10)),
        ends_on: format_date(today + time::Duration::days(80)),
    };
    let appeal = appeals::create(db, &all, fund.id, &appeal, centre.id).await?;
    let named = |name: &'static str| async move {
        let (found, _) = donors::list(db, &Scope::all(), name, 0, 1).await?;
        Ok::<_, StoreError>(found.first().map(|d| d.id))
    };
    let company = named("重庆万州某某商贸有限公司").await?;
    let gifts = [
        NewDonation { appeal: appeal.clone(), ..NewDonation::money(fund.id, company, 300_000) },
        NewDonation::money(fund.id, named("刘建国").await?, 50_000),
        NewDonation::money(fund.id, None, 20_000),
        NewDonation {
            goods: Some("大米 20 袋、食用油 20 桶".into()), ..NewDonation::money(fund.id, company, 160_000)
        },
    ];
    for gift in &gifts {
        donations::donate(db, &all, gift, &day, by).await?;
    }

    let mut care = NewFund::special(wanzhou, "万州区社会工作者关爱基金", "持证社工重大疾病、意外事故救助");
    care.care =
        Some(Eligibility { needs_licence: true, needs_region: true, one_per_event: true, cap: Some(2_000_000) });
    if let Some(care) = funds::create(db, &all, &care, by).await? {
        donations::donate(db, &all, &NewDonation::money(care.id, None, 5_000_000), &day, by).await?;
    }

    // The children's need asks donors for books, with nobody named.
    let filter = needs::Filter { category: Some(NeedCategory::ChildrenYouth), ..Default::default() };
    let (found, _) = needs::list(db, &all, &filter, 0, 1).await?;
    if let (Some(need), Some((room, _))) = (found.first(), accounts::find_for_login(db, "wz.room").await?) {
        wishes::publish(db, &all, need.id, "一套初中课外辅导书和一个书包", 20_000, room.id).await?;
    }
    Ok(())
}
