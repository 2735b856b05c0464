//! Social workers in and out of spreadsheets. A sheet names a worker's posting by the service
//! point's name and region code, and the employer by its credit code, as people who keep the
//! roster in Excel know them; they are resolved to records in the importer's scope.

use std::collections::HashMap;

use wushe_domain::authz::Action;
use wushe_domain::social_worker::{NewSocialWorker, SocialWorkerInput};
use wushe_domain::validate::format_date;
use wushe_domain::{AccountId, Field, FieldError, Lang, Reason, RegionCode};
use wushe_store::social_workers as store;
use wushe_store::{Db, Scope, StoreError, organizations, service_points};

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::network::points::today;
use crate::people::registry::{
    Problem, Registry, check_unmasked, export_xlsx, parse_rows, row_problems, sheet_columns, shown,
};
use crate::people::social_workers::ListQuery;
use crate::state::AppState;

pub use crate::people::social_workers::SocialWorkers;

/// A row as the sheet has it: the posting and employer still by name and code.
#[derive(Debug, Clone, Default)]
pub struct WorkerRow {
    pub input: SocialWorkerInput,
    pub point_name: String,
    pub point_region: String,
    pub employer_code: String,
}

/// Fills in the ids of the postings and employers the rows name; a name that finds nothing in
/// scope is a problem of its row.
async fn resolve(
    db: &Db,
    scope: &Scope,
    rows: &[(usize, WorkerRow)],
) -> Result<(Vec<(usize, WorkerRow)>, Vec<Problem>), StoreError> {
    let mut points: HashMap<(String, String), Option<String>> = HashMap::new();
    let mut employers: HashMap<String, Option<String>> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    for (n, row) in rows {
        let mut row = row.clone();
        let key = (row.point_region.trim().to_owned(), row.point_name.trim().to_owned());
        let point = match points.get(&key) {
            Some(p) => p.clone(),
            None => {
                let found = match RegionCode::parse(&key.0) {
                    Ok(code) => service_points::find_by_name(db, scope, &code, &key.1).await?.map(|p| p.id.to_string()),
                    Err(_) => None,
                };
                points.insert(key.clone(), found.clone());
                found
            }
        };
        match point {
            Some(id) => row.input.posting = id,
            None => {
                let field = if RegionCode::parse(&key.0).is_err() { Field::Region } else { Field::Posting };
                let error = FieldError::new(field, if key.1.is_empty() { Reason::Required } else { Reason::NotFound });
                problems.push(Problem { row: *n, value: raw_value(&row, field).to_owned(), error });
                continue;
            }
        }
        let code = row.employer_code.trim().to_owned();
        if !code.is_empty() {
            let employer = match employers.get(&code) {
                Some(e) => e.clone(),
                None => {
                    let found = organizations::find_by_credit_code(db, scope, &code).await?.map(|o| o.id.to_string());
                    employers.insert(code.clone(), found.clone());
                    found
                }
            };
            match employer {
                Some(id) => row.input.employer = id,
                None => {
                    let error = FieldError::new(Field::Employer, Reason::NotFound);
                    problems.push(Problem { row: *n, value: code, error });
                    continue;
                }
            }
        }
        out.push((*n, row));
    }
    Ok((out, problems))
}

sheet_columns! {
    WorkerRow {
        "姓名", "周敏", PersonName => input.name;
        "证件类型", "居民身份证", IdKind => input.id_kind;
        "证件号码", "11010519491231002X", IdNumber => input.id_number;
        "手机号", "13800138000", Phone => input.phone;
        "职业资格", "社会工作师", Licence => input.licence;
        "证书编号", "S2019500101", LicenceNo => input.licence_no;
        "取证年份", "2019", LicenceYear => input.licence_year;
        "所在机构统一社会信用代码", "53100000500021676K", Employer => employer_code;
        "派驻阵地名称", "高笋塘街道社会工作服务站", Posting => point_name;
        "阵地所在区域代码", "500101001", Region => point_region;
        "派驻日期", "2024-03-01", PostedOn => input.posted_on;
    }
}

impl Registry for SocialWorkers {
    type Input = WorkerRow;
    const ENTITY: &'static str = "social_worker";
    const SHEET: &'static str = "社会工作者";
    const HEADERS: &'static [&'static str] = &HEADERS;
    const EXAMPLE: &'static [&'static str] = EXAMPLE;
    const MANAGE: Action = Action::ManageWorkers;

    fn from_cells(c: &[String]) -> WorkerRow {
        from_cells(c)
    }

    async fn validate_and_insert(
        db: &Db,
        scope: &Scope,
        by: Option<AccountId>,
        rows: &[(usize, WorkerRow)],
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<Result<usize, Vec<Problem>>, StoreError> {
        let today = today();
        let (resolved, mut problems) = resolve(db, scope, rows).await?;
        let (parsed, kept, parse_problems) =
            parse_rows(&resolved, |r| NewSocialWorker::parse(&r.input, today), raw_value);
        problems.extend(parse_problems);
        problems.extend(row_problems(store::check(db, scope, &parsed).await?, &kept, raw_value));
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.row);
            return Ok(Err(problems));
        }
        Ok(Ok(store::insert(db, scope, &parsed, by, "social_worker.import", progress).await?.len()))
    }
}

/// The filtered list as `.xlsx`: masked, or in full for those allowed (audited).
pub async fn export(state: &AppState, auth: &Auth, q: &ListQuery, unmasked: bool) -> AppResult<Vec<u8>> {
    check_unmasked(state, auth, SocialWorkers::ENTITY, unmasked).await?;
    let all = ListQuery { offset: Some(0), limit: None, ..q.clone() };
    let filter = crate::people::social_workers::filter(&all)?;
    let scope = crate::steps::narrowed(state, auth, &q.region).await?;
    let (items, _) = store::list(&state.db, &scope, &filter, 0, 200_000).await?;
    let mut points: HashMap<String, (String, String)> = HashMap::new();
    let mut employers: HashMap<String, String> = HashMap::new();
    let mut rows = Vec::with_capacity(items.len());
    for w in &items {
        let point_key = w.service_point_id.to_string();
        if !points.contains_key(&point_key) {
            let p = service_points::get(&state.db, &scope, w.service_point_id).await?;
            points.insert(point_key.clone(), p.map(|p| (p.name, p.region_code.to_string())).unwrap_or_default());
        }
        let employer = match w.employer_id {
            None => String::new(),
            Some(e) => {
                let key = e.to_string();
                if !employers.contains_key(&key) {
                    let o = organizations::get(&state.db, &scope, e).await?;
                    employers.insert(key.clone(), o.map(|o| o.credit_code).unwrap_or_default());
                }
                employers[&key].clone()
            }
        };
        let (point, region) = points[&point_key].clone();
        let postings = store::postings(&state.db, &scope, w.id).await?.unwrap_or_default();
        rows.push(vec![
            w.name.clone(),
            w.id_kind.map(|k| k.label(Lang::Zh).to_owned()).unwrap_or_default(),
            shown(&w.id_number, unmasked, wushe_domain::idcard::mask),
            shown(&w.phone, unmasked, wushe_domain::mask::phone),
            w.licence.label(Lang::Zh).to_owned(),
            w.licence_no.clone().unwrap_or_default(),
            w.licence_year.map(|y| y.to_string()).unwrap_or_default(),
            employer,
            point,
            region,
            postings.last().map(|p| format_date(p.from)).unwrap_or_default(),
        ]);
    }
    export_xlsx::<SocialWorkers>(state, auth, &rows, unmasked).await
}
