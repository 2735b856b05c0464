//! Donors in and out of spreadsheets.

use wushe_domain::authz::Action;
use wushe_domain::donor::{DonorInput, NewDonor};
use wushe_domain::validate::yes_no;
use wushe_domain::{AccountId, Field, FieldError, Lang};
use wushe_store::donors as store;
use wushe_store::{Db, Scope, StoreError};

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::people::donors::ListQuery;
use crate::people::registry::{
    Problem, Registry, check_unmasked, export_xlsx, parse_rows, row_problems, sheet_columns, shown,
};
use crate::state::AppState;

pub use crate::people::donors::Donors;

/// A row as the sheet has it: "是否匿名" still as text.
#[derive(Debug, Clone, Default)]
pub struct DonorRow {
    pub input: DonorInput,
    pub anonymous: String,
}

fn parse(row: &DonorRow) -> Result<NewDonor, FieldError> {
    let anonymous = yes_no(Field::Anonymous, &row.anonymous)?;
    NewDonor::parse(&DonorInput { anonymous, ..row.input.clone() })
}

sheet_columns! {
    DonorRow {
        "捐赠方类型", "单位", DonorKind => input.kind;
        "名称", "重庆万州某某有限公司", Name => input.name;
        "是否匿名", "否", Anonymous => anonymous;
        "联系电话", "023-58211234", Phone => input.phone;
        "统一社会信用代码", "91500101MA5U5X7A1X", CreditCode => input.credit_code;
        "登记区域代码", "500101", Region => input.region;
    }
}

impl Registry for Donors {
    type Input = DonorRow;
    const ENTITY: &'static str = "donor";
    const SHEET: &'static str = "捐赠方";
    const HEADERS: &'static [&'static str] = &HEADERS;
    const EXAMPLE: &'static [&'static str] = EXAMPLE;
    const MANAGE: Action = Action::ManagePeople;

    fn from_cells(c: &[String]) -> DonorRow {
        from_cells(c)
    }

    async fn validate_and_insert(
        db: &Db,
        scope: &Scope,
        by: Option<AccountId>,
        rows: &[(usize, DonorRow)],
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<Result<usize, Vec<Problem>>, StoreError> {
        let (parsed, kept, mut problems) = parse_rows(rows, parse, raw_value);
        problems.extend(row_problems(store::check(db, scope, &parsed).await?, &kept, raw_value));
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.row);
            return Ok(Err(problems));
        }
        Ok(Ok(store::insert(db, scope, &parsed, by, "donor.import", progress).await?.len()))
    }
}

/// The filtered list as `.xlsx`. Anonymous donors stay anonymous even unmasked: their name is
/// kept for receipts, not for lists.
pub async fn export(state: &AppState, auth: &Auth, q: &ListQuery, unmasked: bool) -> AppResult<Vec<u8>> {
    check_unmasked(state, auth, Donors::ENTITY, unmasked).await?;
    let query = q.q.as_deref().unwrap_or("").trim();
    let scope = crate::steps::narrowed(state, auth, &q.region).await?;
    let (items, _) = store::list(&state.db, &scope, query, 0, 200_000).await?;
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|d| {
            vec![
                d.kind.label(Lang::Zh).to_owned(),
                if d.anonymous { "匿名".to_owned() } else { d.name.clone().unwrap_or_default() },
                if d.anonymous { "是" } else { "否" }.to_owned(),
                if d.anonymous { String::new() } else { shown(&d.phone, unmasked, wushe_domain::mask::phone) },
                d.credit_code.clone().unwrap_or_default(),
                d.region_code.to_string(),
            ]
        })
        .collect();
    export_xlsx::<Donors>(state, auth, &rows, unmasked).await
}
