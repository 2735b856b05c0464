//! The data subject's rights (PIPL arts. 45–47) that every people registry offers alike: a copy
//! of everything held, given to the person on request, always with a reason that is audited.
//! Correction and erasure are per registry (they know their fields); their audit events share
//! the `<entity>.correct` / `<entity>.erase` names.

use serde::Serialize;
use utoipa::ToSchema;
use wushe_domain::validate::required_text;
use wushe_domain::{Field, Lang, RegionCode};
use wushe_store::audit::{self, Event};

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::state::AppState;

/// Everything a registry holds about one person, unmasked, labelled in the asker's language.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonalData {
    /// The registry: volunteer, resident, social_worker or donor.
    pub record: String,
    pub items: Vec<PersonalItem>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonalItem {
    /// The field's key, as in the registry's JSON body.
    pub field: String,
    pub label: String,
    pub value: String,
}

/// A registration's status as people read it.
pub fn status_label(status: &str, lang: Lang) -> String {
    match status {
        "active" => texts(lang).active.to_owned(),
        "erased" => texts(lang).erased.to_owned(),
        other => other.to_owned(),
    }
}

/// Builds a [`PersonalData`] from `(field, value)` pairs; missing values show as "—".
pub fn personal_data(record: &str, lang: Lang, entries: Vec<(Field, Option<String>)>) -> PersonalData {
    let items = entries
        .into_iter()
        .map(|(field, value)| PersonalItem {
            field: field.key().to_owned(),
            label: field.label(lang).to_owned(),
            value: value.filter(|v| !v.is_empty()).unwrap_or_else(|| "—".to_owned()),
        })
        .collect();
    PersonalData { record: record.to_owned(), items }
}

/// Records an access to a person's data in full — `what` is `reveal` (numbers shown on screen) or
/// `personal_data` (a copy handed to the person) — with the reason given; an empty reason fails.
pub async fn audit_access(
    state: &AppState,
    auth: &Auth,
    entity: &'static str,
    what: &str,
    id: &(dyn std::fmt::Display + Sync),
    region: &RegionCode,
    reason: &str,
) -> AppResult<()> {
    let reason = required_text(Field::Reason, reason, 200)?;
    let event = Event::new(Some(auth.actor().id), format!("{entity}.{what}"), entity)
        .id(id)
        .region(region)
        .detail(serde_json::json!({ "reason": reason }));
    audit::record(&state.db, &event).await?;
    Ok(())
}

wushe_domain::texts! {
    /// The texts this module shows.
    struct RightsTexts, texts {
        active: "正常",
            "active",
        erased: "已删除",
            "erased",
    }
}
