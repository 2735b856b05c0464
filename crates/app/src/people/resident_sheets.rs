//! Residents in and out of spreadsheets.

use wushe_domain::authz::Action;
use wushe_domain::resident::ResidentInput;
use wushe_domain::{AccountId, Lang};
use wushe_store::residents as store;
use wushe_store::{Db, Scope, StoreError};

use crate::access::session::Auth;
use crate::error::AppResult;
use crate::people::registry::{Problem, Registry, check_unmasked, export_xlsx, shown};
pub use crate::people::residents::HEADERS;
use crate::people::residents::{EXAMPLE, ListQuery, from_cells, validate_and_insert};
use crate::state::AppState;
use crate::views::mask_address;

pub use crate::people::residents::Residents;

impl Registry for Residents {
    type Input = ResidentInput;
    const ENTITY: &'static str = "resident";
    const SHEET: &'static str = "服务对象";
    const HEADERS: &'static [&'static str] = &HEADERS;
    const EXAMPLE: &'static [&'static str] = EXAMPLE;
    const MANAGE: Action = Action::ManagePeople;

    fn from_cells(c: &[String]) -> ResidentInput {
        from_cells(c)
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
