//! The fixture's funds: one in each fixture district, with an anonymous donation, so that the
//! probe walks funds and money movements like every other record.

use wushe_store::donations::{self, NewDonation};
use wushe_store::funds::{self, NewFund};
use wushe_store::{Db, Scope};

use crate::fixture::Fixture;
use crate::fixture_linkage::FxMarked;

pub(crate) async fn load(db: &Db, fx: &mut Fixture) {
    let all = Scope::all();
    for (name, district) in [("万州关爱基金FX", "500101"), ("涪陵关爱基金FX", "500102"), ("东城关爱基金FX", "110101")]
    {
        let new = NewFund {
            region: wushe_domain::RegionCode::parse(district).expect("district"),
            organization: None,
            name: name.into(),
            purpose: "困难群众救助".into(),
            rules: String::new(),
        };
        let f = funds::create(db, &all, &new, None).await.expect("fund").expect("in scope");
        let gift = NewDonation { fund: f.id, donor: None, amount: 100_000, idempotency: None };
        let d = donations::donate(db, &all, &gift, "2026-11-30", None).await.expect("donation").expect("in scope");
        fx.money.push(FxMarked { id: d.txn_seq.to_string(), marker: String::new(), path: f.region_path.clone() });
        fx.funds.push(FxMarked { id: f.id.to_string(), marker: name.into(), path: f.region_path });
    }
    // In each district's first village, a need of its own (so that other tests' needs keep
    // their timelines) with a grant asked of the district's fund.
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
            tracking_index: None,
        };
        let need = wushe_store::needs::create(db, &new, &at, None, wushe_store::now_ms()).await.expect("need");
        let fund = fx.funds[fund].id.parse().expect("fund id");
        let id = wushe_store::grants::request(db, &all, need, fund, 10_000, "临时救助", root)
            .await
            .expect("grant")
            .expect("in scope");
        fx.grants.push(FxMarked { id, marker: String::new(), path: v.path.clone() });
    }
}
