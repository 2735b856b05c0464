//! The fixture's activities: one published in each fixture community, so that the probe walks
//! them like every other record.

use wushe_domain::activity::{ActivityCategory, ActivityStatus, NewActivity, TargetGroup};
use wushe_store::{Db, Scope, activities, now_ms};

use crate::fixture::Fixture;
use crate::fixture_linkage::FxMarked;

pub(crate) async fn load(db: &Db, fx: &mut Fixture) {
    let all = Scope::all();
    for (title, village) in
        [("万州活动FX", "500101001001"), ("涪陵活动FX", "500102006001"), ("东城活动FX", "110101001001")]
    {
        let new = NewActivity {
            title: title.into(),
            category: ActivityCategory::Elderly,
            region: wushe_domain::RegionCode::parse(village).expect("village"),
            place: "社区活动室".into(),
            starts_at: now_ms() + 30 * 60_000,
            ends_at: now_ms() + 150 * 60_000,
            participant_places: 2,
            volunteer_places: 2,
            target_groups: vec![TargetGroup::Elderly],
            partners: Vec::new(),
            description: String::new(),
        };
        let a = activities::create(db, &all, &new, None, None).await.expect("create activity");
        activities::set_status(db, &all, a.id, ActivityStatus::Published, None)
            .await
            .expect("publish")
            .expect("in scope");
        fx.activities.push(FxMarked { id: a.id.to_string(), marker: title.into(), path: a.region_path });
    }
}
