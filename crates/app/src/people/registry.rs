//! What the registries share when they meet a spreadsheet: the problem report, the template and
//! the all-or-nothing import. A registry says how a row becomes its input and how a batch is
//! checked and written; everything else is here once.

use serde::Serialize;
use utoipa::ToSchema;
use wushe_domain::authz::{Action, Decision};
use wushe_domain::{AccountId, Field, FieldError, Lang, Reason};
use wushe_sheets::{Limits, SheetError, column_map, read_table, write_xlsx};
use wushe_store::audit::{self, Event, Outcome};
use wushe_store::{Db, Scope, StoreError, regions};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::people::sheet_errors;
use crate::state::AppState;
use crate::steps::authorize;

/// One problem of a batch: the row (as the spreadsheet numbers it, header = 1; 0 for a form),
/// the error, and the value at fault.
#[derive(Debug, Clone)]
pub struct Problem {
    pub row: usize,
    pub error: FieldError,
    pub value: String,
}

/// A problem as the user reads it, in their language; personal values masked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowProblem {
    pub row: usize,
    pub field: String,
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl Problem {
    pub fn report(&self, lang: Lang) -> RowProblem {
        let value = match self.error.field {
            Field::IdNumber => wushe_domain::idcard::mask(&self.value),
            Field::Phone | Field::ContactPhone => wushe_domain::mask::phone(&self.value),
            _ => self.value.chars().take(60).collect(),
        };
        RowProblem {
            row: self.row,
            field: self.error.field.key().to_owned(),
            column: self.error.field.label(lang).to_owned(),
            value,
            reason: self.error.message(lang),
        }
    }
}

pub fn sheet_error(e: SheetError) -> AppError {
    AppError::Sheet { zh: sheet_errors::message(&e, Lang::Zh), en: sheet_errors::message(&e, Lang::En) }
}

/// What an import did: either every row loaded, or nothing and the list of problems.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportOutcome {
    pub loaded: usize,
    pub problems: Vec<RowProblem>,
}

/// A problem as the report shows it, with advice when Excel has eaten a long number's digits.
pub fn report(p: &Problem, lang: Lang) -> RowProblem {
    let mut r = p.report(lang);
    if wushe_sheets::is_lost_precision_number(&p.value) {
        r.reason.push_str(texts(lang).lost_precision_hint);
    }
    r
}

/// Declares a registry's spreadsheet columns once, in order: each column's header, the template's
/// example value, the field its problems are reported under, and where the row keeps it. The
/// template (`HEADERS`, `EXAMPLE`), the reading of a row (`from_cells`) and the report's value at
/// fault (`raw_value`) all come from this one list, so they cannot disagree.
macro_rules! sheet_columns {
    ($row:ty { $( $header:literal, $example:literal, $field:ident => $($path:ident).+ ; )* }) => {
        /// The template's columns, in order.
        pub const HEADERS: [&str; [$($header),*].len()] = [$($header),*];
        /// The template's example row.
        pub(crate) const EXAMPLE: &[&str] = &[$($example),*];

        /// A row's cells, in the order of [`HEADERS`].
        pub(crate) fn from_cells(cells: &[String]) -> $row {
            let mut row = <$row>::default();
            let mut cells = cells.iter().cloned();
            $( row.$($path).+ = cells.next().unwrap_or_default(); )*
            row
        }

        /// The raw value of the field at fault, for the report.
        pub(crate) fn raw_value(row: &$row, field: wushe_domain::Field) -> &str {
            match field {
                $( wushe_domain::Field::$field => &row.$($path).+, )*
                _ => "",
            }
        }
    };
}
pub(crate) use sheet_columns;

/// A registry that can be filled from a spreadsheet.
pub trait Registry {
    type Input: Clone + Send + Sync;
    /// The audit entity, e.g. `volunteer`.
    const ENTITY: &'static str;
    /// The worksheet's name in templates and exports.
    const SHEET: &'static str;
    /// The template's columns; an import wants exactly these, in any order.
    const HEADERS: &'static [&'static str];
    /// The template's example row.
    const EXAMPLE: &'static [&'static str];
    /// The permission an import needs.
    const MANAGE: Action;

    /// A row's cells, in the order of [`Self::HEADERS`].
    fn from_cells(cells: &[String]) -> Self::Input;

    /// Checks every row and writes all of them in one transaction, or none and the problems.
    fn validate_and_insert(
        db: &Db,
        scope: &Scope,
        by: Option<AccountId>,
        rows: &[(usize, Self::Input)],
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> impl Future<Output = Result<Result<usize, Vec<Problem>>, StoreError>> + Send;
}

pub fn template<R: Registry>() -> AppResult<Vec<u8>> {
    let rows = vec![R::EXAMPLE.iter().map(|s| (*s).to_owned()).collect()];
    write_xlsx(R::SHEET, R::HEADERS, &rows).map_err(sheet_error)
}

/// The rows of an uploaded file, numbered as the spreadsheet numbers them.
pub fn rows_of<R: Registry>(bytes: &[u8]) -> AppResult<Vec<(usize, R::Input)>> {
    let table = read_table(bytes, &Limits::default()).map_err(sheet_error)?;
    let cols = column_map(&table, R::HEADERS).map_err(sheet_error)?;
    let rows: Vec<(usize, R::Input)> = table
        .rows
        .iter()
        .map(|row| {
            let cells: Vec<String> = cols.iter().map(|&c| row.cells.get(c).cloned().unwrap_or_default()).collect();
            (row.number, R::from_cells(&cells))
        })
        .collect();
    if rows.is_empty() {
        return Err(FieldError::new(Field::File, Reason::NoRows).into());
    }
    Ok(rows)
}

/// Reads an upload, checks every row, and loads all of them in one transaction — or none.
pub async fn import<R: Registry>(state: &AppState, auth: &Auth, bytes: &[u8], lang: Lang) -> AppResult<ImportOutcome> {
    let actor = auth.actor();
    let scope = auth.scope();
    let home = regions::get(&state.db, &scope, &actor.region).await?.ok_or(AppError::NotFound)?;
    authorize(state, &actor, R::MANAGE, R::ENTITY, &actor.region, (&home.code, &home.path)).await?;
    // Imports take turns: each may hold a large sheet in memory while it is read and checked.
    let _turn = state.imports.acquire().await.map_err(|e| AppError::Internal(e.to_string()))?;
    let rows = rows_of::<R>(bytes)?;
    match R::validate_and_insert(&state.db, &scope, Some(actor.id), &rows, &mut |_| {}).await? {
        Ok(loaded) => {
            if R::ENTITY == "volunteer" {
                // One transaction stamped when it began: a refresh reading from its watermark
                // could miss it, so the volunteer index is built afresh, off the request.
                let (db, matcher) = (state.db.clone(), state.matcher.clone());
                tokio::spawn(async move {
                    if let Err(e) = matcher.rebuild(&db).await {
                        tracing::warn!(error.cause = %e, "rebuilding the volunteer index failed: {e}");
                    }
                });
            }
            Ok(ImportOutcome { loaded, problems: Vec::new() })
        }
        Err(problems) => Ok(ImportOutcome { loaded: 0, problems: problems.iter().map(|p| report(p, lang)).collect() }),
    }
}

/// Parses every row with a domain validator: the entries that parsed (with their row and input,
/// in order) and the problems of those that did not.
pub fn parse_rows<I, T>(
    rows: &[(usize, I)],
    parse: impl Fn(&I) -> Result<T, FieldError>,
    raw: fn(&I, Field) -> &str,
) -> (Vec<T>, Vec<(usize, &I)>, Vec<Problem>) {
    let mut parsed = Vec::with_capacity(rows.len());
    let mut kept = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    for (row, input) in rows {
        match parse(input) {
            Ok(t) => {
                parsed.push(t);
                kept.push((*row, input));
            }
            Err(error) => problems.push(Problem { row: *row, value: raw(input, error.field).to_owned(), error }),
        }
    }
    (parsed, kept, problems)
}

/// The store's problems (by index into the parsed entries) as row problems; a repeat names the
/// row it repeats.
pub fn row_problems<I>(
    found: Vec<wushe_store::batch::Problem>,
    kept: &[(usize, &I)],
    raw: fn(&I, Field) -> &str,
) -> Vec<Problem> {
    found
        .into_iter()
        .map(|p| {
            let (row, input) = kept[p.index];
            let reason = match p.reason {
                Reason::Repeats(first) => Reason::Repeats(kept[first].0),
                other => other,
            };
            let error = FieldError::new(p.field, reason);
            Problem { row, value: raw(input, error.field).to_owned(), error }
        })
        .collect()
}

/// Refuses (and audits) an unmasked export by someone not allowed one.
pub async fn check_unmasked(state: &AppState, auth: &Auth, entity: &'static str, unmasked: bool) -> AppResult<()> {
    let actor = auth.actor();
    if !unmasked || wushe_domain::authz::decide(&actor, Action::ExportUnmasked, None) == Decision::Allow {
        return Ok(());
    }
    let event = Event::new(Some(actor.id), format!("{entity}.export_unmasked"), entity)
        .region(&actor.region)
        .outcome(Outcome::Forbidden);
    audit::record(&state.db, &event).await?;
    Err(AppError::Forbidden)
}

/// Audits an export and writes it as `.xlsx` with the registry's sheet name and headers.
pub async fn export_xlsx<R: Registry>(
    state: &AppState,
    auth: &Auth,
    rows: &[Vec<String>],
    unmasked: bool,
) -> AppResult<Vec<u8>> {
    let actor = auth.actor();
    let event = Event::new(Some(actor.id), format!("{}.export", R::ENTITY), R::ENTITY)
        .region(&actor.region)
        .detail(serde_json::json!({ "rows": rows.len(), "unmasked": unmasked }));
    audit::record(&state.db, &event).await?;
    write_xlsx(R::SHEET, R::HEADERS, rows).map_err(sheet_error)
}

/// A cell shown in full only in an unmasked export.
/// A birth date in an export: whole when unmasked, else the year only (`1990-**-**`), since the
/// date beside a masked ID number helps rebuild it.
pub fn shown_birth(date: Option<time::Date>, unmasked: bool) -> String {
    match date {
        Some(d) if unmasked => wushe_domain::validate::format_date(d),
        Some(d) => format!("{:04}-**-**", d.year()),
        None => String::new(),
    }
}

pub fn shown(value: &Option<String>, unmasked: bool, mask: fn(&str) -> String) -> String {
    match value {
        Some(v) if unmasked => v.clone(),
        Some(v) => mask(v),
        None => String::new(),
    }
}

wushe_domain::texts! {
    /// The texts this module shows.
    struct RegistryTexts, texts {
        lost_precision_hint: "（该列被 Excel 当作数字，末几位已丢失：请将该列设为“文本”格式后重新填写）",
            " (Excel stored this column as numbers and lost the last digits: format the column as Text and type them again)",
    }
}
