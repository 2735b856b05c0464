//! The demo volunteer's service record: a month of service for the demo organization, entered
//! through the ledger's own rules, and a certificate the organization issued for it — so that
//! `/me/hours`, the desk and the verification page have something to show.

use time::Date;
use wushe_domain::certificate::Period;
use wushe_domain::hours::{HoursSource, Span};
use wushe_domain::{OrganizationId, RegionCode, VolunteerId};
use wushe_store::certificates::{self, Issue};
use wushe_store::hours::Recorder;
use wushe_store::hours::{self, NewEntry};
use wushe_store::{Db, Scope, StoreError, accounts, organizations};

const SERVICE: [(i64, &str, &str, i64); 3] = [
    (20, "敬老助餐", "万州区高笋塘街道长者食堂", 120),
    (13, "社区环境整治", "白岩路社区", 90),
    (6, "防诈骗宣传", "高笋塘广场", 150),
];

pub(crate) async fn load(
    db: &Db,
    volunteer: VolunteerId,
    region: &RegionCode,
    org: OrganizationId,
    today: Date,
) -> Result<(), StoreError> {
    let all = Scope::all();
    let Some(o) = organizations::get(db, &all, org).await? else { return Ok(()) };
    // 09:00 China time, `days` before today.
    let nine =
        |days: i64| (today - time::Duration::days(days)).midnight().assume_utc().unix_timestamp() * 1000 + 3_600_000;
    for (days, content, place, minutes) in SERVICE {
        let starts_at = nine(days);
        let entry = NewEntry {
            volunteer,
            region: region.clone(),
            organization: Some(org),
            recorder: o.name.clone(),
            content: content.into(),
            place: place.into(),
            span: Span { starts_at, ends_at: starts_at + minutes * 60_000, minutes },
            source: HoursSource::BackEntry,
            source_ref: Some(format!("demo-{days}")),
            amends: None,
            reason: Some("演示数据".into()),
        };
        let mut tx = db.begin_write().await?;
        // The ledger's rules decide; a refused demo entry is simply not there.
        let _ = hours::append(&mut tx, &entry, None).await?;
        tx.commit().await?;
    }
    let Some((staff, _)) = accounts::find_for_login(db, "wz.org").await? else { return Ok(()) };
    let by = Recorder { account: staff.id, organization: Some(org), name: o.name };
    let period = Period { from: today - time::Duration::days(30), to: today };
    let mut random = [0u8; 5];
    getrandom::getrandom(&mut random).map_err(|e| StoreError::corrupt(format!("random: {e}")))?;
    certificates::issue_for(db, &all, volunteer, &period, &by, Issue { today, random }).await?;
    Ok(())
}
