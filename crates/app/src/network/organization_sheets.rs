//! Social organizations in and out of spreadsheets.

use wushe_domain::authz::Action;
use wushe_domain::organization::{NewOrganization, OrganizationInput};
use wushe_domain::{AccountId, Field, Lang};
use wushe_store::organizations as store;
use wushe_store::{Db, Scope, StoreError};

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::network::organizations::{ListQuery, filter};
use crate::network::points::today;
use crate::people::registry::{Problem, Registry, export_xlsx, parse_rows, row_problems};
use crate::state::AppState;

/// The organization registry as a spreadsheet.
pub struct Organizations;

pub const HEADERS: [&str; 11] = [
    "名称",
    "统一社会信用代码",
    "组织类型",
    "登记管理机关",
    "登记日期",
    "法定代表人",
    "联系电话",
    "服务类别",
    "服务区域代码",
    "登记区域代码",
    "服务容量",
];

fn raw_value(input: &OrganizationInput, field: Field) -> &str {
    match field {
        Field::Name => &input.name,
        Field::CreditCode => &input.credit_code,
        Field::OrgKind => &input.kind,
        Field::Authority => &input.authority,
        Field::RegisteredOn => &input.registered_on,
        Field::LegalRep => &input.legal_rep,
        Field::ContactPhone => &input.contact_phone,
        Field::Categories => &input.categories,
        Field::Serves => &input.serves,
        Field::Region => &input.region,
        Field::Capacity => &input.capacity,
        _ => "",
    }
}

impl Registry for Organizations {
    type Input = OrganizationInput;
    const ENTITY: &'static str = "organization";
    const SHEET: &'static str = "社会组织";
    const HEADERS: &'static [&'static str] = &HEADERS;
    const EXAMPLE: &'static [&'static str] = &[
        "万州区阳光社会工作服务中心",
        "53100000500021676K",
        "民办社会工作服务机构",
        "万州区民政局",
        "2018-06-01",
        "陈红",
        "023-58211234",
        "养老服务、心理健康",
        "500101001,500101017",
        "500101",
        "120",
    ];
    const MANAGE: Action = Action::ManageOrganizations;

    fn from_cells(c: &[String]) -> OrganizationInput {
        let cell = |i: usize| c.get(i).cloned().unwrap_or_default();
        OrganizationInput {
            name: cell(0),
            credit_code: cell(1),
            kind: cell(2),
            authority: cell(3),
            registered_on: cell(4),
            legal_rep: cell(5),
            contact_phone: cell(6),
            categories: cell(7),
            serves: cell(8),
            region: cell(9),
            capacity: cell(10),
        }
    }

    async fn validate_and_insert(
        db: &Db,
        scope: &Scope,
        by: Option<AccountId>,
        rows: &[(usize, OrganizationInput)],
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<Result<usize, Vec<Problem>>, StoreError> {
        let today = today();
        let (parsed, kept, mut problems) = parse_rows(rows, |i| NewOrganization::parse(i, today), raw_value);
        problems.extend(row_problems(store::check(db, scope, &parsed).await?, &kept, raw_value));
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.row);
            return Ok(Err(problems));
        }
        Ok(Ok(store::insert_many(db, scope, &parsed, by, progress).await?))
    }
}

/// The filtered list as `.xlsx`; contact numbers masked.
pub async fn export(state: &AppState, auth: &Auth, q: &ListQuery) -> AppResult<Vec<u8>> {
    let filter = filter(q)?;
    let scope = crate::steps::narrowed(state, auth, &q.region).await?;
    let (items, _) = store::list(&state.db, &scope, &filter, 0, 200_000).await?;
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|o| {
            vec![
                o.name.clone(),
                o.credit_code.clone(),
                o.kind.label(Lang::Zh).to_owned(),
                o.authority.clone(),
                wushe_domain::validate::format_date(o.registered_on),
                o.legal_rep.clone(),
                o.contact_phone.as_deref().map(wushe_domain::mask::phone).unwrap_or_default(),
                o.categories.join("、"),
                o.serves.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(","),
                o.region_code.to_string(),
                o.capacity.to_string(),
            ]
        })
        .collect();
    export_xlsx::<Organizations>(state, auth, &rows, false).await
}
