//! Social organizations in and out of spreadsheets.

use wushe_domain::authz::Action;
use wushe_domain::organization::{NewOrganization, OrganizationInput};
use wushe_domain::{AccountId, Lang};
use wushe_store::organizations as store;
use wushe_store::{Db, Scope, StoreError};

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::network::organizations::{ListQuery, filter};
use crate::network::points::today;
use crate::people::registry::{Problem, Registry, export_xlsx, parse_rows, row_problems, sheet_columns};
use crate::state::AppState;

/// The organization registry as a spreadsheet.
pub struct Organizations;

sheet_columns! {
    OrganizationInput {
        "名称", "万州区阳光社会工作服务中心", Name => name;
        "统一社会信用代码", "53100000500021676K", CreditCode => credit_code;
        "组织类型", "民办社会工作服务机构", OrgKind => kind;
        "登记管理机关", "万州区民政局", Authority => authority;
        "登记日期", "2018-06-01", RegisteredOn => registered_on;
        "法定代表人", "陈红", LegalRep => legal_rep;
        "联系电话", "023-58211234", ContactPhone => contact_phone;
        "服务类别", "养老服务、心理健康", Categories => categories;
        "服务区域代码", "500101001,500101017", Serves => serves;
        "登记区域代码", "500101", Region => region;
        "服务容量", "120", Capacity => capacity;
    }
}

impl Registry for Organizations {
    type Input = OrganizationInput;
    const ENTITY: &'static str = "organization";
    const SHEET: &'static str = "社会组织";
    const HEADERS: &'static [&'static str] = &HEADERS;
    const EXAMPLE: &'static [&'static str] = EXAMPLE;
    const MANAGE: Action = Action::ManageOrganizations;

    fn from_cells(c: &[String]) -> OrganizationInput {
        from_cells(c)
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
