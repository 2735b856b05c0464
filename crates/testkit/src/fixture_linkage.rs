//! The fixture's referrals and service records: one of each in each fixture community, so that
//! the probe walks them like every other record.

use wushe_domain::RegionPath;
use wushe_domain::referral::NewReferral;
use wushe_domain::service::{NewServiceRecord, ServiceKind};
use wushe_store::{Db, Scope, now_ms, referrals, service_records};

use crate::fixture::Fixture;

/// A record known by its id, a text shown only in its own answers, and its community's path.
#[derive(Debug, Clone)]
pub struct FxMarked {
    pub id: String,
    pub marker: String,
    pub path: RegionPath,
}

pub(crate) async fn load(db: &Db, fx: &mut Fixture) {
    let all = Scope::all();
    // The assessed need of each community (the one with a task) is referred to the organization
    // of its district.
    let pairs = [
        ("万州任务FX", "万州阳光社工FX", "万州"),
        ("涪陵任务FX", "涪陵同心社工FX", "涪陵"),
        ("东城任务FX", "东城互助会FX", "东城"),
    ];
    for (task, org, place) in pairs {
        let t = fx.tasks.iter().find(|t| t.title == task).expect("fixture task").clone();
        let need = wushe_store::tasks::get(db, &all, t.id).await.expect("task").expect("task exists").need_id;
        let o = fx.organizations.iter().find(|o| o.name == org).expect("fixture organization");
        let marker = format!("{place}转介说明FX");
        let new = NewReferral { organization: o.id, note: Some(marker.clone()) };
        let f = referrals::send(db, &all, need, &new, None).await.expect("refer").expect("need in scope");
        fx.referrals.push(FxMarked { id: f.id.to_string(), marker, path: t.path.clone() });
    }
    let recorder = wushe_store::recorder::Recorder::start(db.clone());
    let residents: Vec<_> = fx.residents.clone();
    for r in residents {
        let region = r.path.codes().last().cloned().expect("a community");
        let marker = format!("{}走访记录FX", r.name.trim_end_matches("FX"));
        let new = NewServiceRecord {
            kind: ServiceKind::Visit,
            region,
            need: None,
            social_worker: None,
            served_at: now_ms() - 3_600_000,
            minutes: 40,
            place: Some("家中".into()),
            residents: vec![r.id],
            note: Some(marker.clone()),
        };
        let checked = service_records::check(db, &all, new, None, "社工FX").await.expect("check service record");
        let id = recorder.write(checked).await.expect("write service record");
        fx.services.push(FxMarked { id: id.to_string(), marker, path: r.path.clone() });
    }
}
