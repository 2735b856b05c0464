//! The fixture's funds: one in each fixture district, with an anonymous donation, a need asking
//! it for a grant and published as a micro-wish; and a care fund in each Chongqing district with
//! an application for relief and its document — so that the probe walks every charity record.

use wushe_domain::relief::{Eligibility, NewRelief, ReliefReason};
use wushe_store::donations::{self, NewDonation};
use wushe_store::funds::{self, NewFund};
use wushe_store::{Db, Scope};

use crate::fixture::Fixture;
use crate::fixture_linkage::FxMarked;

pub(crate) async fn load(db: &Db, fx: &mut Fixture) {
    let all = Scope::all();
    for (name, district) in [("万州关爱基金FX", "500101"), ("涪陵关爱基金FX", "500102"), ("东城关爱基金FX", "110101")]
    {
        let new = NewFund::special(wushe_domain::RegionCode::parse(district).expect("district"), name, "困难群众救助");
        let f = funds::create(db, &all, &new, None).await.expect("fund").expect("in scope");
        let gift = NewDonation::money(f.id, None, 100_000);
        let d = donations::donate(db, &all, &gift, "2026-11-30", None).await.expect("donation").expect("in scope");
        fx.money.push(FxMarked { id: d.txn_seq.to_string(), marker: String::new(), path: f.region_path.clone() });
        fx.donations.push(FxMarked { id: d.id.to_string(), marker: d.receipt_no.clone(), path: f.region_path.clone() });
        fx.funds.push(FxMarked { id: f.id.to_string(), marker: name.into(), path: f.region_path });
    }
    // In each district's first village, a need of its own (so that other tests' needs keep
    // their timelines) with a grant asked of the district's fund, published as a wish.
    let root = fx.account("root").id;
    for (village, fund) in [("500101001001", 0), ("500102006001", 1), ("110101001001", 2)] {
        let input = wushe_domain::need::NeedInput {
            region: village.into(),
            category: "hardship_relief".into(),
            description: "资助需求FX".into(),
            ..Default::default()
        };
        let new = wushe_domain::need::NewNeed::parse(&input).expect("fixture need");
        let v = wushe_store::regions::get(db, &all, &wushe_domain::RegionCode::parse(village).expect("village"))
            .await
            .expect("village")
            .expect("fixture village");
        let at = wushe_store::needs::Placement {
            region: v.code.clone(),
            resident: None,
            level: wushe_domain::ServicePointLevel::Room,
            due_at: wushe_store::now_ms() + 72 * 3_600_000,
            tracking: None,
        };
        let need = wushe_store::needs::create(db, &new, &at, None, wushe_store::now_ms()).await.expect("need");
        let mark = ["甲", "乙", "丙"][fund];
        let purpose = format!("临时救助{mark}FX");
        let fund = fx.funds[fund].id.parse().expect("fund id");
        let ask = wushe_store::grants::Ask { fund, amount: 10_000, goods: false, purpose: &purpose };
        let id = wushe_store::grants::request(db, &all, need, &ask, root).await.expect("grant").expect("in scope");
        fx.grants.push(FxMarked { id, marker: purpose, path: v.path.clone() });
        let wish = format!("一台助行器{mark}号FX");
        let id =
            wushe_store::wishes::publish(db, &all, need, &wish, 30_000, root).await.expect("wish").expect("in scope");
        fx.wishes.push(FxMarked { id, marker: wish, path: v.path.clone() });
    }
    // The care funds, each with an application for its district's social worker.
    // Filed by an account the probe does not act as, so that no actor is the applicant.
    let applicant = fx.account("bj.admin").id;
    let rules = Eligibility { needs_licence: true, needs_region: true, one_per_event: true, cap: Some(2_000_000) };
    for (i, (name, district)) in
        [("万州社工关爱基金FX", "500101"), ("涪陵社工关爱基金FX", "500102")].into_iter().enumerate()
    {
        let mut new = NewFund::special(wushe_domain::RegionCode::parse(district).expect("district"), name, "社工关爱");
        new.care = Some(rules);
        let f = funds::create(db, &all, &new, None).await.expect("care fund").expect("in scope");
        let gift = NewDonation::money(f.id, None, 1_000_000);
        donations::donate(db, &all, &gift, "2026-11-30", None).await.expect("donation").expect("in scope");
        let relief = NewRelief {
            reason: ReliefReason::Illness,
            event_on: "2026-11-01".into(),
            event: format!("关爱申请FX{district}"),
            amount: 500_000,
        };
        let id = wushe_store::relief::apply(db, &f, fx.workers[i].id, &relief, applicant).await.expect("relief");
        let a = wushe_store::relief::get(db, &all, &id).await.expect("read").expect("in scope");
        let doc =
            wushe_store::relief_documents::add(db, &a, "诊断证明", "application/pdf", b"%PDF-1.4\n%FX\n", applicant)
                .await
                .expect("document");
        fx.relief.push(FxMarked { id, marker: relief.event.clone(), path: f.region_path.clone() });
        fx.relief_documents.push(FxMarked { id: doc, marker: String::new(), path: f.region_path.clone() });
        fx.funds.push(FxMarked { id: f.id.to_string(), marker: name.into(), path: f.region_path });
    }
}
