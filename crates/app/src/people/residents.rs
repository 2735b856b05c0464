use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use wushe_domain::authz::Action;
use wushe_domain::resident::{ConsentInput, NewConsent, NewResident, ResidentInput};
use wushe_domain::{AccountId, Field, Lang, ResidentId};
use wushe_store::residents::{self as store, Consent, Filter, Resident};
use wushe_store::{Db, Scope, StoreError, regions};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::network::points::today;
use crate::people::registry::{Problem, parse_rows, row_problems};
use crate::people::rights;
use crate::state::AppState;
use crate::steps::{authorize, blank, page_bounds};
use crate::views::{Page, ResidentView};

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// A name, pinyin initials, or a full phone or ID number.
    pub q: Option<String>,
    /// One category, e.g. 独居老人.
    pub category: Option<String>,
    /// Region code: only records under it.
    pub region: Option<String>,
    pub offset: Option<i64>,
    pub limit: Option<i64>,
}

pub async fn list(state: &AppState, auth: &Auth, q: &ListQuery) -> AppResult<Page<ResidentView>> {
    let filter = Filter { query: blank(&q.q).map(str::to_owned), category: blank(&q.category).map(str::to_owned) };
    let (offset, limit) = page_bounds(q.offset, q.limit);
    let scope = crate::steps::narrowed(state, auth, &q.region).await?;
    let (items, total) = store::list(&state.db, &scope, &filter, offset, limit).await?;
    Ok(Page { items: items.iter().map(ResidentView::from).collect(), total, offset, limit })
}

// A resident as a form and as a spreadsheet row: one list of columns.
crate::people::registry::sheet_columns! {
    ResidentInput {
        "姓名", "李秀英", PersonName => name;
        "证件类型", "居民身份证", IdKind => id_kind;
        "证件号码", "11010519491231002X", IdNumber => id_number;
        "手机号", "", Phone => phone;
        "性别", "", Gender => gender;
        "出生日期", "", BirthDate => birth_date;
        "住址", "万州区白岩路 8 号", Address => address;
        "所属村（社区）代码", "500101001001", Region => region;
        "户号", "H-0012", Household => household;
        "人员类别", "独居老人、低保", PersonCategories => categories;
    }
}

/// Checks every entry and writes all of them in one transaction, or none and the problems.
pub async fn validate_and_insert(
    db: &Db,
    scope: &Scope,
    by: Option<AccountId>,
    rows: &[(usize, ResidentInput)],
    action: &str,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Result<Vec<ResidentId>, Vec<Problem>>, StoreError> {
    let today = today();
    let (parsed, kept, mut problems) = parse_rows(rows, |i| NewResident::parse(i, today), raw_value);
    problems.extend(row_problems(store::check(db, scope, &parsed).await?, &kept, raw_value));
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.row);
        return Ok(Err(problems));
    }
    Ok(Ok(store::insert(db, scope, &parsed, by, action, progress).await?))
}

pub async fn create(state: &AppState, auth: &Auth, input: &ResidentInput) -> AppResult<Resident> {
    let actor = auth.actor();
    let scope = auth.scope();
    let home = regions::get(&state.db, &scope, &actor.region).await?.ok_or(AppError::NotFound)?;
    authorize(state, &actor, Action::ManagePeople, "resident", &actor.region, (&home.code, &home.path)).await?;
    let rows = [(0, input.clone())];
    match validate_and_insert(&state.db, &scope, Some(actor.id), &rows, "resident.create", &mut |_| {}).await? {
        Ok(ids) => get(state, auth, *ids.first().ok_or_else(|| AppError::Internal("no id returned".into()))?).await,
        Err(mut problems) => Err(problems.swap_remove(0).error.into()),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsentView {
    pub purpose: wushe_domain::resident::Purpose,
    pub given: bool,
    pub guardian: Option<String>,
    /// Epoch milliseconds.
    pub recorded_at: i64,
}

impl From<&Consent> for ConsentView {
    fn from(c: &Consent) -> Self {
        ConsentView { purpose: c.purpose, given: c.given, guardian: c.guardian.clone(), recorded_at: c.recorded_at }
    }
}

/// Records a consent given (or withdrawn) for a resident; a minor's needs the guardian.
pub async fn consent(
    state: &AppState,
    auth: &Auth,
    id: ResidentId,
    input: &ConsentInput,
    given: bool,
) -> AppResult<Vec<ConsentView>> {
    let r = get_to_manage(state, auth, id).await?;
    let consent = NewConsent::parse(input, r.birth_date, today())?;
    let list = store::record_consent(&state.db, &auth.scope(), id, &consent, given, Some(auth.actor().id)).await?;
    Ok(list.ok_or(AppError::NotFound)?.iter().map(ConsentView::from).collect())
}

pub async fn consents(state: &AppState, auth: &Auth, id: ResidentId) -> AppResult<Vec<ConsentView>> {
    get(state, auth, id).await?;
    let list = store::consents(&state.db, &auth.scope(), id).await?;
    Ok(list.ok_or(AppError::NotFound)?.iter().map(ConsentView::from).collect())
}

/// Corrects a resident's data on request (rectification).
pub async fn correct(state: &AppState, auth: &Auth, id: ResidentId, input: &ResidentInput) -> AppResult<Resident> {
    get_to_manage(state, auth, id).await?;
    let new = NewResident::parse(input, today())?;
    store::correct(&state.db, &auth.scope(), id, &new, Some(auth.actor().id)).await?.ok_or(AppError::NotFound)
}

crate::people::register::register!(Residents, ResidentId, Resident, "resident", ManagePeople, person);

/// What a reveal shows in full.
fn revealed(r: Resident) -> Vec<Option<String>> {
    vec![r.id_number, r.phone, r.address]
}

/// Everything held about the person, labelled by field, for their copy.
async fn held(state: &AppState, auth: &Auth, r: Resident, lang: Lang) -> AppResult<Vec<(Field, Option<String>)>> {
    let consents = store::consents(&state.db, &auth.scope(), r.id).await?.unwrap_or_default();
    let consents = consents
        .iter()
        .map(|c| {
            let given = if c.given { texts(lang).given } else { texts(lang).withdrawn };
            let on = wushe_domain::validate::format_date(
                time::OffsetDateTime::from_unix_timestamp(c.recorded_at / 1000)
                    .map(|t| t.date())
                    .unwrap_or(time::Date::MIN),
            );
            format!("{} {given} {on}", c.purpose.label(lang))
        })
        .collect::<Vec<_>>()
        .join("；");
    Ok(vec![
        (Field::PersonName, Some(r.name)),
        (Field::IdKind, r.id_kind.map(|k| k.label(lang).to_owned())),
        (Field::IdNumber, r.id_number),
        (Field::Phone, r.phone),
        (Field::Gender, r.gender.map(|g| g.label(lang).to_owned())),
        (Field::BirthDate, r.birth_date.map(wushe_domain::validate::format_date)),
        (Field::Address, r.address),
        (Field::Region, Some(format!("{} {}", r.region_name, r.region_code))),
        (Field::Household, r.household),
        (Field::PersonCategories, Some(r.categories.join("、"))),
        (Field::Purpose, Some(consents)),
        (Field::Status, Some(rights::status_label(&r.status, lang))),
    ])
}

wushe_domain::texts! {
    /// The texts this module shows.
    struct ResidentsTexts, texts {
        given: "同意",
            "given",
        withdrawn: "撤回",
            "withdrawn",
    }
}
