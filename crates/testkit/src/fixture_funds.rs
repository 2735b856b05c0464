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
}
