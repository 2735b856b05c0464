//! Community activities (社区活动): planned by a room, station, centre or organization for a
//! community, published on a public page, signed up for by volunteers and residents, and checked
//! into with a code that changes every minute. One activity held is one 场次; each person served
//! one 人次.

use serde::Deserialize;

use crate::choices::choices;
use crate::task::window;
use crate::validate::{optional_text, required_text};
use crate::{Field, FieldError, Reason, RegionCode};

choices!(
    /// What kind of activity it is.
    ActivityCategory, Field::Categories, {
        Culture = "culture", "文体活动", "culture and sports";
        Health = "health", "健康讲座", "health talk";
        Elderly = "elderly", "为老服务", "for the elderly";
        Children = "children", "儿童关爱", "for children";
        Volunteering = "volunteering", "志愿服务", "volunteering";
        Legal = "legal", "法律咨询", "legal advice";
        Neighbourhood = "neighbourhood", "邻里互助", "neighbourhood";
        Other = "other", "其他", "other";
    }
);

choices!(
    /// Who an activity is for.
    TargetGroup, Field::PersonCategories, {
        Elderly = "elderly", "老年人", "the elderly";
        Disabled = "disabled", "残疾人", "people with disabilities";
        Youth = "youth", "青少年", "children and youth";
        Hardship = "hardship", "困难群众", "people in hardship";
        All = "all", "全体居民", "all residents";
    }
);

choices!(
    /// Where an activity stands.
    ActivityStatus, Field::Status, {
        Draft = "draft", "草稿", "draft";
        Published = "published", "已发布", "published";
        Cancelled = "cancelled", "已取消", "cancelled";
    }
);

choices!(
    /// As whom a person signs up.
    SignupRole, Field::Role, {
        Volunteer = "volunteer", "志愿者", "volunteer";
        Participant = "participant", "参与居民", "participant";
    }
);

/// An activity as staff plan it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ActivityInput {
    pub title: String,
    /// A key or Chinese label of [`ActivityCategory`].
    pub category: String,
    /// Village (community) code.
    pub region: String,
    pub place: String,
    /// "YYYY-MM-DD HH:MM", China time.
    pub starts_at: String,
    pub ends_at: String,
    /// Places for residents taking part (1–10000).
    pub participant_places: String,
    /// Places for volunteers (0–1000).
    pub volunteer_places: String,
    /// Target groups, separated by 、 or commas.
    pub target_groups: String,
    /// Partner organizations and donors, as their names, separated by 、 or commas; optional.
    pub partners: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActivity {
    pub title: String,
    pub category: ActivityCategory,
    pub region: RegionCode,
    pub place: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub participant_places: i64,
    pub volunteer_places: i64,
    pub target_groups: Vec<TargetGroup>,
    pub partners: Vec<String>,
    pub description: String,
}

fn places(field: Field, raw: &str, min: i64, max: i64) -> Result<i64, FieldError> {
    let n: i64 = match raw.trim() {
        "" => return Err(FieldError::new(field, Reason::Required)),
        s => s.parse().map_err(|_| FieldError::new(field, Reason::NumberRange { min, max }))?,
    };
    if (min..=max).contains(&n) { Ok(n) } else { Err(FieldError::new(field, Reason::NumberRange { min, max })) }
}

fn list(raw: &str) -> impl Iterator<Item = &str> {
    raw.split(['、', ',', '，', ';', '；']).map(str::trim).filter(|s| !s.is_empty())
}

impl NewActivity {
    /// Checks an activity planned at `now`: it starts ahead and lasts at most three days.
    pub fn parse(input: &ActivityInput, now: i64) -> Result<NewActivity, FieldError> {
        let title = required_text(Field::Title, &input.title, 60)?;
        let category = match input.category.trim() {
            "" => return Err(FieldError::new(Field::Categories, Reason::Required)),
            raw => ActivityCategory::parse(raw)?,
        };
        let region = RegionCode::parse(&input.region).map_err(|e| FieldError::new(Field::Region, e.reason))?;
        let place = required_text(Field::Place, &input.place, 100)?;
        let (starts_at, ends_at) = window(&input.starts_at, &input.ends_at, now, 72)?;
        let participant_places = places(Field::Places, &input.participant_places, 1, 10_000)?;
        let volunteer_places = places(Field::VolunteerPlaces, &input.volunteer_places, 0, 1_000)?;
        let mut target_groups = Vec::new();
        for raw in list(&input.target_groups) {
            let g = TargetGroup::parse(raw)
                .map_err(|_| FieldError::new(Field::TargetGroups, Reason::UnknownItem(raw.into())))?;
            if !target_groups.contains(&g) {
                target_groups.push(g);
            }
        }
        if target_groups.is_empty() {
            target_groups.push(TargetGroup::All);
        }
        let partners: Vec<String> = list(&input.partners).map(String::from).collect();
        if partners.iter().any(|p| p.chars().count() > 60) || partners.len() > 20 {
            return Err(FieldError::new(Field::Partners, Reason::TooLong { max: 60 }));
        }
        let description = optional_text(Field::Description, Some(&input.description), 2000)?.unwrap_or_default();
        Ok(NewActivity {
            title,
            category,
            region,
            place,
            starts_at,
            ends_at,
            participant_places,
            volunteer_places,
            target_groups,
            partners,
            description,
        })
    }
}

/// Check-in codes change every minute; the code of the minute before is still taken, so that a
/// code scanned as it changes works.
pub const CODE_MINUTE_MS: i64 = 60_000;

/// The minute a check-in code belongs to.
pub fn code_minute(at: i64) -> i64 {
    at.div_euclid(CODE_MINUTE_MS)
}

/// Whether a code's minute is the current one or the one before.
pub fn code_minute_current(minute: i64, now: i64) -> bool {
    let m = code_minute(now);
    minute == m || minute == m - 1
}

/// Most photos one activity's report takes, and the largest photo.
pub const MAX_PHOTOS: i64 = 9;
pub const MAX_PHOTO_MIB: usize = 5;

/// The type of an uploaded photo, read from its first bytes rather than trusted from the upload:
/// JPEG, PNG or WebP, and within the size limit.
pub fn photo_kind(bytes: &[u8]) -> Result<&'static str, FieldError> {
    if bytes.is_empty() {
        return Err(FieldError::new(Field::File, Reason::Required));
    }
    if bytes.len() > MAX_PHOTO_MIB * 1024 * 1024 {
        return Err(FieldError::new(Field::File, Reason::FileTooLarge { max_mib: MAX_PHOTO_MIB }));
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok("image/png")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Ok("image/webp")
    } else {
        Err(FieldError::new(Field::File, Reason::NotAnImage))
    }
}

/// What happened at an activity, written after it: required, at most 2,000 characters.
pub fn report_note(raw: &str) -> Result<String, FieldError> {
    required_text(Field::Note, raw, 2000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_796_000_000_000; // 2026-11-29 (China time), for the fixed dates below

    fn input() -> ActivityInput {
        ActivityInput {
            title: "重阳节敬老活动".into(),
            category: "为老服务".into(),
            region: "500101001001".into(),
            place: "社区活动室".into(),
            starts_at: "2027-01-10 09:00".into(),
            ends_at: "2027-01-10 11:30".into(),
            participant_places: "40".into(),
            volunteer_places: "6".into(),
            target_groups: "老年人、残疾人".into(),
            partners: "万州阳光社工".into(),
            description: "包饺子、量血压".into(),
        }
    }

    #[test]
    fn an_activity_parses() {
        let a = NewActivity::parse(&input(), NOW).unwrap();
        assert_eq!(a.category, ActivityCategory::Elderly);
        assert_eq!(a.target_groups, vec![TargetGroup::Elderly, TargetGroup::Disabled]);
        assert_eq!((a.participant_places, a.volunteer_places), (40, 6));
    }

    #[test]
    fn bad_activities_name_the_field() {
        let err = |i: ActivityInput| {
            let e = NewActivity::parse(&i, NOW).unwrap_err();
            (e.field, e.reason)
        };
        assert_eq!(err(ActivityInput { starts_at: "2020-01-01 09:00".into(), ..input() }).0, Field::StartsAt);
        assert_eq!(err(ActivityInput { ends_at: "2027-01-10 08:00".into(), ..input() }).0, Field::EndsAt);
        assert_eq!(err(ActivityInput { participant_places: "0".into(), ..input() }).0, Field::Places);
        assert_eq!(
            err(ActivityInput { category: "聚餐".into(), ..input() }),
            (Field::Categories, Reason::UnknownChoice)
        );
        assert_eq!(err(ActivityInput { target_groups: "外星人".into(), ..input() }).0, Field::TargetGroups);
    }

    #[test]
    fn codes_live_for_this_minute_and_the_one_before() {
        let m = code_minute(NOW);
        assert!(code_minute_current(m, NOW) && code_minute_current(m - 1, NOW));
        assert!(!code_minute_current(m - 2, NOW) && !code_minute_current(m + 1, NOW));
    }

    proptest! {
        #[test]
        fn parsing_never_panics(title in ".{0,70}", places in ".{0,6}", groups in ".{0,20}") {
            let i = ActivityInput { title, participant_places: places, target_groups: groups, ..input() };
            if let Ok(a) = NewActivity::parse(&i, NOW) {
                prop_assert!(!a.target_groups.is_empty());
            }
        }
    }

    #[test]
    fn photos_are_known_by_their_first_bytes() {
        assert_eq!(photo_kind(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Ok("image/jpeg"));
        assert_eq!(photo_kind(b"\x89PNG\r\n\x1a\n...."), Ok("image/png"));
        assert_eq!(photo_kind(b"RIFF\0\0\0\0WEBPVP8 "), Ok("image/webp"));
        assert_eq!(photo_kind(b"<svg onload=alert(1)>").unwrap_err().reason, Reason::NotAnImage);
        assert_eq!(photo_kind(b"").unwrap_err().reason, Reason::Required);
        let big = vec![0xFF; MAX_PHOTO_MIB * 1024 * 1024 + 1];
        assert!(matches!(photo_kind(&big).unwrap_err().reason, Reason::FileTooLarge { .. }));
    }

    proptest! {
        #[test]
        fn any_bytes_are_an_answer_not_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = photo_kind(&bytes);
        }
    }
}
