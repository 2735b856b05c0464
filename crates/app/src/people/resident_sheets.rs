//! Residents in and out of spreadsheets.

use wushe_domain::authz::Action;
use wushe_domain::resident::ResidentInput;
use wushe_domain::{AccountId, Lang};
use wushe_store::residents as store;
use wushe_store::{Db, Scope, StoreError};

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::people::registry::{Problem, Registry, check_unmasked, export_xlsx, shown};
use crate::people::residents::{ListQuery, validate_and_insert};
use crate::state::AppState;
use crate::views::mask_address;

/// The resident registry as a spreadsheet.
pub struct Residents;

pub const HEADERS: [&str; 10] =
    ["姓名", "证件类型", "证件号码", "手机号", "性别", "出生日期", "住址", "所属村（社区）代码", "户号", "人员类别"];

impl Registry for Residents {
    type Input = ResidentInput;
    const ENTITY: &'static str = "resident";
    const SHEET: &'static str = "服务对象";
    const HEADERS: &'static [&'static str] = &HEADERS;
    const EXAMPLE: &'static [&'static str] = &[
        "李秀英",
        "居民身份证",
        "11010519491231002X",
        "",
        "",
        "",
        "万州区白岩路 8 号",
        "500101001001",
        "H-0012",
        "独居老人、低保",
    ];
    const MANAGE: Action = Action::ManagePeople;

    fn from_cells(c: &[String]) -> ResidentInput {
        let cell = |i: usize| c.get(i).cloned().unwrap_or_default();
        ResidentInput {
            name: cell(0),
            id_kind: cell(1),
            id_number: cell(2),
            phone: cell(3),
            gender: cell(4),
            birth_date: cell(5),
            address: cell(6),
            region: cell(7),
            household: cell(8),
            categories: cell(9),
        }
    }

    async fn validate_and_insert(
        db: &Db,
        scope: &Scope,
        by: Option<AccountId>,
        rows: &[(usize, ResidentInput)],
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<Result<usize, Vec<Problem>>, StoreError> {
        let done = validate_and_insert(db, scope, by, rows, "resident.import", progress).await?;
        Ok(done.map(|ids| ids.len()))
    }
}

/// The filtered list as `.xlsx`: masked, or in full for those allowed (audited).
pub async fn export(state: &AppState, auth: &Auth, q: &ListQuery, unmasked: bool) -> AppResult<Vec<u8>> {
    check_unmasked(state, auth, Residents::ENTITY, unmasked).await?;
    let filter = store::Filter {
        query: q.q.clone().filter(|s| !s.trim().is_empty()),
        category: q.category.clone().filter(|s| !s.trim().is_empty()),
    };
    let scope = crate::steps::narrowed(state, auth, &q.region).await?;
    let (items, _) = store::list(&state.db, &scope, &filter, 0, 200_000).await?;
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|r| {
            vec![
                r.name.clone(),
                r.id_kind.map(|k| k.label(Lang::Zh).to_owned()).unwrap_or_default(),
                shown(&r.id_number, unmasked, wushe_domain::idcard::mask),
                shown(&r.phone, unmasked, wushe_domain::mask::phone),
                r.gender.map(|g| g.label(Lang::Zh).to_owned()).unwrap_or_default(),
                crate::people::registry::shown_birth(r.birth_date, unmasked),
                shown(&r.address, unmasked, mask_address),
                r.region_code.to_string(),
                r.household.clone().unwrap_or_default(),
                r.categories.join("、"),
            ]
        })
        .collect();
    export_xlsx::<Residents>(state, auth, &rows, unmasked).await
}
