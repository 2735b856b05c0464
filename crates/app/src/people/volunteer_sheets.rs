//! Volunteers in and out of spreadsheets: the registry's columns, and the masked export. A row
//! may name the volunteer's organization (by credit code) and team; the membership is written
//! with the volunteer, in the same transaction.

use std::collections::HashMap;

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use wushe_domain::authz::Action;
use wushe_domain::validate::optional_text;
use wushe_domain::volunteer::{NewVolunteer, VolunteerInput};
use wushe_domain::{AccountId, Field, FieldError, Lang, OrganizationId, Reason};
use wushe_store::volunteers::{self as store, Joining};
use wushe_store::{Db, Scope, StoreError, memberships, organizations};

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::network::points::today;
use crate::people::registry::{
    Problem, Registry, check_unmasked, export_xlsx, parse_rows, row_problems, sheet_columns, shown,
};
use crate::people::volunteers::{ListQuery, filter};
use crate::state::AppState;

pub use crate::people::volunteers::Volunteers;

/// A row as the sheet has it: the volunteer, and the organization and team by name.
#[derive(Debug, Clone, Default)]
pub struct VolunteerRow {
    pub input: VolunteerInput,
    pub organization: String,
    pub team: String,
}

/// The row's volunteer and membership, parsed; the organization still by its credit code.
struct Parsed {
    volunteer: NewVolunteer,
    organization: Option<String>,
    team: Option<String>,
}

fn parse(row: &VolunteerRow, today: time::Date) -> Result<Parsed, FieldError> {
    let volunteer = NewVolunteer::parse(&row.input, today)?;
    let organization = optional_text(Field::Organization, Some(&row.organization), 18)?.map(|c| c.to_ascii_uppercase());
    let team = optional_text(Field::Team, Some(&row.team), 60)?;
    if team.is_some() && organization.is_none() {
        return Err(FieldError::new(Field::Organization, Reason::Required));
    }
    Ok(Parsed { volunteer, organization, team })
}

sheet_columns! {
    VolunteerRow {
        "姓名", "张三", PersonName => input.name;
        "证件类型", "居民身份证", IdKind => input.id_kind;
        "证件号码", "11010519491231002X", IdNumber => input.id_number;
        "手机号", "13800138000", Phone => input.phone;
        "性别", "", Gender => input.gender;
        "出生日期", "", BirthDate => input.birth_date;
        "所属村（社区）代码", "500101001001", Region => input.region;
        "技能", "陪伴探访、心理疏导", Skills => input.skills;
        "可服务时间", "周六 09:00-12:00；周日 14:00-17:00", Availability => input.availability;
        "志愿者编号", "", VolunteerNo => input.volunteer_no;
        "所属组织统一社会信用代码", "53100000500021676K", Organization => organization;
        "所属队伍", "助老服务队", Team => team;
    }
}

impl Registry for Volunteers {
    type Input = VolunteerRow;
    const ENTITY: &'static str = "volunteer";
    const SHEET: &'static str = "志愿者";
    const HEADERS: &'static [&'static str] = &HEADERS;
    const EXAMPLE: &'static [&'static str] = EXAMPLE;
    const MANAGE: Action = Action::ManagePeople;

    fn from_cells(c: &[String]) -> VolunteerRow {
        from_cells(c)
    }

    async fn validate_and_insert(
        db: &Db,
        scope: &Scope,
        by: Option<AccountId>,
        rows: &[(usize, VolunteerRow)],
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<Result<usize, Vec<Problem>>, StoreError> {
        let today = today();
        let (parsed, kept, mut problems) = parse_rows(rows, |r| parse(r, today), raw_value);
        let volunteers: Vec<NewVolunteer> = parsed.iter().map(|p| p.volunteer.clone()).collect();
        problems.extend(row_problems(store::check(db, scope, &volunteers).await?, &kept, raw_value));
        // Organizations the importer sees, or that serve the importer's area.
        let mut found: HashMap<String, Option<OrganizationId>> = HashMap::new();
        let mut joins: Vec<Joining> = Vec::with_capacity(parsed.len());
        for (p, (row, input)) in parsed.iter().zip(&kept) {
            let Some(code) = &p.organization else {
                joins.push(None);
                continue;
            };
            if !found.contains_key(code) {
                let o = organizations::find_serving_by_credit_code(db, scope, code, scope.path()).await?;
                found.insert(code.clone(), o.map(|o| o.id));
            }
            match found[code] {
                Some(id) => joins.push(Some((id, p.team.clone(), today))),
                None => {
                    let error = FieldError::new(Field::Organization, Reason::NotFound);
                    problems.push(Problem { row: *row, value: input.organization.clone(), error });
                    joins.push(None);
                }
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.row);
            return Ok(Err(problems));
        }
        let ids =
            store::insert_with_memberships(db, scope, &volunteers, &joins, by, "volunteer.import", progress).await?;
        Ok(Ok(ids.len()))
    }
}

/// Most rows one export writes.
const EXPORT_LIMIT: i64 = 200_000;

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// A name, pinyin initials, or a full phone or ID number.
    pub q: Option<String>,
    /// One skill from the managed list.
    pub skill: Option<String>,
    /// Region code: only volunteers whose home lies under it.
    pub region: Option<String>,
    /// 1 for full ID and phone numbers (needs the permission; audited).
    pub unmasked: Option<String>,
}

/// The filtered list as `.xlsx`, in the template's columns, masked unless asked otherwise by
/// someone allowed to.
pub async fn export(state: &AppState, auth: &Auth, q: &ExportQuery) -> AppResult<Vec<u8>> {
    let unmasked = q.unmasked.as_deref().is_some_and(|v| v == "1" || v == "true");
    check_unmasked(state, auth, Volunteers::ENTITY, unmasked).await?;
    let list = ListQuery { q: q.q.clone(), skill: q.skill.clone(), region: q.region.clone(), ..ListQuery::default() };
    let filter = filter(state, auth, &list).await?;
    let (items, _) = store::list(&state.db, &auth.scope(), &filter, 0, EXPORT_LIMIT).await?;
    let ids: Vec<_> = items.iter().map(|v| v.id).collect();
    let teams = memberships::current_of(&state.db, &ids).await?;
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|v| {
            let (org, team) = teams.get(&v.id).cloned().unwrap_or_default();
            vec![
                v.name.clone(),
                v.id_kind.map(|k| k.label(Lang::Zh).to_owned()).unwrap_or_default(),
                shown(&v.id_number, unmasked, wushe_domain::idcard::mask),
                shown(&v.phone, unmasked, wushe_domain::mask::phone),
                v.gender.map(|g| g.label(Lang::Zh).to_owned()).unwrap_or_default(),
                crate::people::registry::shown_birth(v.birth_date, unmasked),
                v.region_code.to_string(),
                v.skills.join("、"),
                v.availability.iter().map(|w| w.format(Lang::Zh)).collect::<Vec<_>>().join("；"),
                v.volunteer_no.clone(),
                org,
                team.unwrap_or_default(),
            ]
        })
        .collect();
    export_xlsx::<Volunteers>(state, auth, &rows, unmasked).await
}
