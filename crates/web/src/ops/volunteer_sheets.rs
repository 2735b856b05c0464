//! Volunteers in and out of spreadsheets: the registry's columns, and the masked export.

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use wushe_domain::authz::{Action, Decision, decide};
use wushe_domain::volunteer::VolunteerInput;
use wushe_domain::{AccountId, Lang};
use wushe_sheets::write_xlsx;
use wushe_store::audit::{self, Event, Outcome};
use wushe_store::volunteers as store;
use wushe_store::{Db, Scope, StoreError};

use super::registry::{Problem, Registry, sheet_error};
use super::volunteers::{ListQuery, filter, validate_and_insert_with_progress};
use crate::auth::Auth;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The volunteer registry as a spreadsheet.
pub struct Volunteers;

/// The template's columns, in order.
pub const HEADERS: [&str; 10] = [
    "姓名",
    "证件类型",
    "证件号码",
    "手机号",
    "性别",
    "出生日期",
    "所属村（社区）代码",
    "技能",
    "可服务时间",
    "志愿者编号",
];

impl Registry for Volunteers {
    type Input = VolunteerInput;
    const ENTITY: &'static str = "volunteer";
    const SHEET: &'static str = "志愿者";
    const HEADERS: &'static [&'static str] = &HEADERS;
    const EXAMPLE: &'static [&'static str] = &[
        "张三",
        "居民身份证",
        "11010519491231002X",
        "13800138000",
        "",
        "",
        "500101001001",
        "陪伴探访、心理疏导",
        "周六 09:00-12:00；周日 14:00-17:00",
        "",
    ];
    const MANAGE: Action = Action::ManagePeople;

    fn from_cells(c: &[String]) -> VolunteerInput {
        let cell = |i: usize| c.get(i).cloned().unwrap_or_default();
        VolunteerInput {
            name: cell(0),
            id_kind: cell(1),
            id_number: cell(2),
            phone: cell(3),
            gender: cell(4),
            birth_date: cell(5),
            region: cell(6),
            skills: cell(7),
            availability: cell(8),
            volunteer_no: cell(9),
        }
    }

    async fn validate_and_insert(
        db: &Db,
        scope: &Scope,
        by: Option<AccountId>,
        rows: &[(usize, VolunteerInput)],
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<Result<usize, Vec<Problem>>, StoreError> {
        let done = validate_and_insert_with_progress(db, scope, by, rows, "volunteer.import", progress).await?;
        Ok(done.map(|ids| ids.len()))
    }
}

/// Most rows one export writes.
const EXPORT_LIMIT: i64 = 200_000;

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
pub struct ExportQuery {
    #[serde(flatten)]
    #[param(inline)]
    pub list: ListQuery,
    /// 1 for full ID and phone numbers (needs the permission; audited).
    pub unmasked: Option<String>,
}

/// The filtered list as `.xlsx`, masked unless asked otherwise by someone allowed to.
pub async fn export(state: &AppState, auth: &Auth, q: &ExportQuery) -> AppResult<Vec<u8>> {
    let actor = auth.actor();
    let unmasked = q.unmasked.as_deref().is_some_and(|v| v == "1" || v == "true");
    if unmasked && decide(&actor, Action::ExportUnmasked, None) != Decision::Allow {
        let event = Event::new(Some(actor.id), "volunteer.export_unmasked", "volunteer")
            .region(&actor.region)
            .outcome(Outcome::Forbidden);
        audit::record(&state.db, &event).await?;
        return Err(AppError::Forbidden);
    }
    let filter = filter(state, auth, &q.list).await?;
    let (items, _) = store::list(&state.db, &auth.scope(), &filter, 0, EXPORT_LIMIT).await?;
    let mask_id = |s: &Option<String>| s.as_deref().map(wushe_domain::idcard::mask).unwrap_or_default();
    let mask_phone = |s: &Option<String>| s.as_deref().map(wushe_domain::mask::phone).unwrap_or_default();
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|v| {
            vec![
                v.name.clone(),
                v.id_kind.map(|k| k.label(Lang::Zh).to_owned()).unwrap_or_default(),
                if unmasked { v.id_number.clone().unwrap_or_default() } else { mask_id(&v.id_number) },
                if unmasked { v.phone.clone().unwrap_or_default() } else { mask_phone(&v.phone) },
                v.gender.map(|g| g.label(Lang::Zh).to_owned()).unwrap_or_default(),
                v.birth_date.map(wushe_domain::validate::format_date).unwrap_or_default(),
                v.region_code.to_string(),
                v.skills.join("、"),
                v.availability.iter().map(|w| w.format(Lang::Zh)).collect::<Vec<_>>().join("；"),
                v.volunteer_no.clone(),
            ]
        })
        .collect();
    let event = Event::new(Some(actor.id), "volunteer.export", "volunteer")
        .region(&actor.region)
        .detail(serde_json::json!({ "rows": rows.len(), "unmasked": unmasked }));
    audit::record(&state.db, &event).await?;
    write_xlsx("志愿者", &HEADERS, &rows).map_err(sheet_error)
}
