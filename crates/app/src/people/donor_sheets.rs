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
use crate::people::registry::{Problem, Registry, check_unmasked, export_xlsx, parse_rows, row_problems, shown};
use crate::state::AppState;

pub struct Donors;

/// A row as the sheet has it: "是否匿名" still as text.
#[derive(Debug, Clone, Default)]
pub struct DonorRow {
    pub input: DonorInput,
    pub anonymous: String,
}

pub const HEADERS: [&str; 6] = ["捐赠方类型", "名称", "是否匿名", "联系电话", "统一社会信用代码", "登记区域代码"];

fn raw_value(row: &DonorRow, field: Field) -> &str {
    let i = &row.input;
    match field {
        Field::DonorKind => &i.kind,
        Field::Name => &i.name,
        Field::Anonymous => &row.anonymous,
        Field::Phone => &i.phone,
        Field::CreditCode => &i.credit_code,
        Field::Region => &i.region,
        _ => "",
    }
}

fn parse(row: &DonorRow) -> Result<NewDonor, FieldError> {
    let anonymous = yes_no(Field::Anonymous, &row.anonymous)?;
    NewDonor::parse(&DonorInput { anonymous, ..row.input.clone() })
}

impl Registry for Donors {
    type Input = DonorRow;
    const ENTITY: &'static str = "donor";
    const SHEET: &'static str = "捐赠方";
    const HEADERS: &'static [&'static str] = &HEADERS;
    const EXAMPLE: &'static [&'static str] =
        &["单位", "重庆万州某某有限公司", "否", "023-58211234", "91500101MA5U5X7A1X", "500101"];
    const MANAGE: Action = Action::ManagePeople;

    fn from_cells(c: &[String]) -> DonorRow {
        let cell = |i: usize| c.get(i).cloned().unwrap_or_default();
        DonorRow {
            input: DonorInput {
                kind: cell(0),
                name: cell(1),
                anonymous: false,
                phone: cell(3),
                credit_code: cell(4),
                region: cell(5),
            },
            anonymous: cell(2),
        }
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
