//! The fixture's activities: one published in each fixture community, so that the probe walks
//! them like every other record.

use wushe_domain::activity::{ActivityCategory, ActivityStatus, NewActivity, TargetGroup};
use wushe_store::{Db, Scope, activities, now_ms};

use crate::fixture::Fixture;
use crate::fixture_linkage::FxMarked;

/// An activity for the elderly in `village`, starting in half an hour and lasting two hours.
pub fn new_activity(title: &str, village: &str) -> NewActivity {
    NewActivity {
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
    }
}

pub(crate) async fn load(db: &Db, fx: &mut Fixture) {
    let all = Scope::all();
    for (title, village) in
        [("万州活动FX", "500101001001"), ("涪陵活动FX", "500102006001"), ("东城活动FX", "110101001001")]
    {
        let new = new_activity(title, village);
        let a = activities::create(db, &all, &new, None, None).await.expect("create activity");
        activities::set_status(db, &all, a.id, ActivityStatus::Published, None)
            .await
            .expect("publish")
            .expect("in scope");
        // A photo of its report, written as a row: a fixture activity has not taken place yet.
        let photo = uuid::Uuid::now_v7().to_string();
        sqlx::query(
            "INSERT INTO activity_photos (id, activity_id, region_code, content_type, size, data, uploaded_at) \
             VALUES ($1, $2, $3, 'image/png', 8, 'iVBORw0KGgo=', $4)",
        )
        .bind(&photo)
        .bind(a.id.to_string())
        .bind(a.region_code.as_str())
        .bind(now_ms())
        .execute(&db.pool)
        .await
        .expect("photo");
        fx.photos.push(FxMarked { id: photo, marker: String::new(), path: a.region_path.clone() });
        fx.activities.push(FxMarked { id: a.id.to_string(), marker: title.into(), path: a.region_path });
    }
}

/// One ledger entry and one pending back-entry request for each fixture community's volunteer.
pub(crate) async fn load_hours(db: &Db, fx: &mut Fixture) {
    use wushe_domain::hours::{HoursSource, NewEntryText, Span};
    use wushe_store::hours::{self, NewEntry};
    use wushe_store::hours_requests::{self, Recorder};
    let all = Scope::all();
    let root = fx.account("root").id;
    let day_ago = now_ms() - 86_400_000;
    // Each volunteer's entries and requests carry a text of their own (`…0号FX`), which a list
    // of another area must never show.
    for (i, name) in ["万州志愿甲FX", "涪陵志愿丙FX", "东城志愿丁FX"].into_iter().enumerate() {
        let v = fx.volunteers.iter().find(|v| v.name == name).expect("fixture volunteer").clone();
        let span = Span { starts_at: day_ago, ends_at: day_ago + 2 * 3_600_000, minutes: 120 };
        let entry = NewEntry {
            volunteer: v.id,
            region: v.region.clone(),
            organization: None,
            recorder: "社工站FX".into(),
            content: "入户探访".into(),
            place: format!("居民家中{i}号FX"),
            span,
            source: HoursSource::BackEntry,
            source_ref: Some(format!("fixture-{name}")),
            amends: None,
            reason: Some("补录".into()),
        };
        let mut tx = db.begin_write().await.expect("begin");
        let seq = hours::append(&mut tx, &entry, None).await.expect("append").expect("the rules allow it");
        tx.commit().await.expect("commit");
        fx.hours.push(FxMarked { id: seq.to_string(), marker: entry.place.clone(), path: v.path.clone() });
        let later = Span { starts_at: day_ago + 5 * 3_600_000, ends_at: day_ago + 6 * 3_600_000, minutes: 60 };
        let text = NewEntryText {
            content: Some(format!("社区清扫{i}号FX")),
            place: Some("小区".into()),
            span: later,
            reason: "当天未签到".into(),
            evidence: Some("签到表照片".into()),
        };
        let by = Recorder { account: root, organization: None, name: "社工站FX".into() };
        let id = hours_requests::request(db, &all, v.id, &text, &by).await.expect("request");
        fx.hours_requests.push(FxMarked { id, marker: format!("社区清扫{i}号FX"), path: v.path.clone() });
        load_certificate(db, fx, &v, seq, &by, &format!("时长少记了半小时{i}号FX")).await;
    }
}

/// An issued certificate of the network's entry, and the volunteer's correction request on it.
async fn load_certificate(
    db: &Db,
    fx: &mut Fixture,
    v: &crate::fixture::FxVolunteer,
    seq: i64,
    by: &wushe_store::hours_requests::Recorder,
    reason: &str,
) {
    use wushe_domain::certificate::Period;
    use wushe_store::certificates::{self, Issue};
    let today = (time::OffsetDateTime::now_utc() + time::Duration::hours(8)).date();
    let period = Period { from: today - time::Duration::days(30), to: today };
    let random = *uuid::Uuid::new_v4().as_bytes();
    let at = Issue { today, random: [random[0], random[1], random[2], random[3], random[4]] };
    let (id, _) = certificates::issue_for(db, &Scope::all(), v.id, &period, by, at).await.expect("certificate");
    fx.certificates.push(FxMarked { id: id.to_string(), marker: v.name.clone(), path: v.path.clone() });
    let k = wushe_store::hours_corrections::raise(db, v.id, seq, reason, by.account).await.expect("correction");
    fx.corrections.push(FxMarked { id: k.to_string(), marker: reason.to_owned(), path: v.path.clone() });
}
