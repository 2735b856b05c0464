//! Volunteers in and out of spreadsheets: the template, the all-or-nothing import, the export.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use wushe_domain::authz::{Action, Decision, decide};
use wushe_domain::volunteer::VolunteerInput;
use wushe_domain::{Field, FieldError, Lang, Reason};
use wushe_sheets::{Limits, SheetError, Table, column_map, read_table, write_xlsx};
use wushe_store::audit::{self, Event, Outcome};
use wushe_store::volunteers as store;

use super::volunteers::{ListQuery, Problem, RowProblem, filter, register};
use crate::auth::Auth;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The template's columns, in order; an import wants exactly these (in any order).
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

/// Most rows one export writes.
const EXPORT_LIMIT: i64 = 200_000;

pub fn template() -> AppResult<Vec<u8>> {
    let example = [
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
    let rows = vec![example.iter().map(|s| (*s).to_owned()).collect()];
    write_xlsx("志愿者", &HEADERS, &rows).map_err(sheet_error)
}

fn sheet_error(e: SheetError) -> AppError {
    AppError::Sheet { zh: e.message_zh(), en: e.message_en() }
}

/// What an import did: either every row loaded, or nothing and the list of problems.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportOutcome {
    pub loaded: usize,
    pub problems: Vec<RowProblem>,
}

fn row_input(table: &Table, cols: &[usize], row: usize) -> VolunteerInput {
    let cell = |i: usize| table.rows[row].cells.get(cols[i]).cloned().unwrap_or_default();
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

/// The rows of an uploaded file, numbered as the spreadsheet numbers them.
pub fn rows_of(bytes: &[u8]) -> AppResult<Vec<(usize, VolunteerInput)>> {
    let table = read_table(bytes, &Limits::default()).map_err(sheet_error)?;
    let cols = column_map(&table, &HEADERS).map_err(sheet_error)?;
    let inputs: Vec<(usize, VolunteerInput)> =
        (0..table.rows.len()).map(|i| (table.rows[i].number, row_input(&table, &cols, i))).collect();
    if inputs.is_empty() {
        return Err(FieldError::new(Field::File, Reason::NoRows).into());
    }
    Ok(inputs)
}

/// Reads, checks every row, and loads all of them in one transaction — or none.
pub async fn import(state: &AppState, auth: &Auth, bytes: &[u8], lang: Lang) -> AppResult<ImportOutcome> {
    let inputs = rows_of(bytes)?;
    match register(state, auth, &inputs, "volunteer.import").await? {
        Ok(ids) => Ok(ImportOutcome { loaded: ids.len(), problems: Vec::new() }),
        Err(problems) => Ok(ImportOutcome { loaded: 0, problems: problems.iter().map(|p| report(p, lang)).collect() }),
    }
}

/// A problem as the report shows it, with advice when Excel has eaten a long number's digits.
pub fn report(p: &Problem, lang: Lang) -> RowProblem {
    let mut r = p.report(lang);
    if wushe_sheets::is_lost_precision_number(&p.value) {
        r.reason.push_str(lang.pick(
            "（该列被 Excel 当作数字，末几位已丢失：请将该列设为“文本”格式后重新填写）",
            " (Excel stored this column as numbers and lost the last digits: format the column as Text and type them again)",
        ));
    }
    r
}

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
