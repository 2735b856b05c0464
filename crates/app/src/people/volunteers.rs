use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use wushe_domain::authz::Action;
use wushe_domain::volunteer::{NewVolunteer, VolunteerInput};
use wushe_domain::{AccountId, Field, FieldError, Lang, Reason, RegionCode, VolunteerId};
use wushe_store::volunteers::{self as store, Filter, Volunteer};
use wushe_store::{Db, Scope, StoreError, regions};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::network::points::today;
use crate::state::AppState;
use crate::steps::{authorize, blank, page_bounds};
use crate::views::{Page, VolunteerView};

pub use crate::people::registry::{Problem, RowProblem};
use crate::people::registry::{parse_rows, row_problems};
use crate::people::rights;

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// A name, pinyin initials (zs finds 张三), or a full phone or ID number.
    pub q: Option<String>,
    /// One skill from the managed list.
    pub skill: Option<String>,
    /// Region code: only volunteers whose home lies under it.
    pub region: Option<String>,
    pub offset: Option<i64>,
    pub limit: Option<i64>,
}

pub async fn filter(state: &AppState, auth: &Auth, q: &ListQuery) -> AppResult<Filter> {
    let region = match blank(&q.region) {
        None => None,
        Some(code) => {
            let code = RegionCode::parse(code)?;
            let r = regions::get(&state.db, &auth.scope(), &code)
                .await?
                .ok_or(FieldError::new(Field::Region, Reason::NotFound))?;
            Some(r.path)
        }
    };
    Ok(Filter { query: blank(&q.q).map(str::to_owned), skill: blank(&q.skill).map(str::to_owned), region })
}

pub async fn list(state: &AppState, auth: &Auth, q: &ListQuery) -> AppResult<Page<VolunteerView>> {
    let filter = filter(state, auth, q).await?;
    let (offset, limit) = page_bounds(q.offset, q.limit);
    let (items, total) = store::list(&state.db, &auth.scope(), &filter, offset, limit).await?;
    Ok(Page { items: items.iter().map(VolunteerView::from).collect(), total, offset, limit })
}

/// The raw value of the field at fault, for the report.
pub fn raw_value(input: &VolunteerInput, field: Field) -> &str {
    match field {
        Field::PersonName => &input.name,
        Field::IdKind => &input.id_kind,
        Field::IdNumber => &input.id_number,
        Field::Phone => &input.phone,
        Field::Gender => &input.gender,
        Field::BirthDate => &input.birth_date,
        Field::Region => &input.region,
        Field::Skills => &input.skills,
        Field::Availability => &input.availability,
        Field::VolunteerNo => &input.volunteer_no,
        _ => "",
    }
}

/// Validates a batch completely, then writes all of it in one transaction — or, if any row has
/// a problem, nothing. (Spreadsheets go through `volunteer_sheets`, which adds memberships.)
pub async fn validate_and_insert(
    db: &Db,
    scope: &Scope,
    by: Option<AccountId>,
    inputs: &[(usize, VolunteerInput)],
    action: &str,
) -> Result<Result<Vec<VolunteerId>, Vec<Problem>>, StoreError> {
    let today = today();
    let (parsed, kept, mut problems) = parse_rows(inputs, |i| NewVolunteer::parse(i, today), raw_value);
    problems.extend(row_problems(store::check(db, scope, &parsed).await?, &kept, raw_value));
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.row);
        return Ok(Err(problems));
    }
    Ok(Ok(store::insert(db, scope, &parsed, by, action).await?))
}

/// [`validate_and_insert`] for a signed-in actor who may register people.
pub async fn register(
    state: &AppState,
    auth: &Auth,
    inputs: &[(usize, VolunteerInput)],
    action: &str,
) -> AppResult<Result<Vec<VolunteerId>, Vec<Problem>>> {
    let actor = auth.actor();
    let scope = auth.scope();
    let home = regions::get(&state.db, &scope, &actor.region).await?.ok_or(AppError::NotFound)?;
    authorize(state, &actor, Action::ManagePeople, "volunteer", &actor.region, (&home.code, &home.path)).await?;
    Ok(validate_and_insert(&state.db, &scope, Some(actor.id), inputs, action).await?)
}

/// One volunteer from a form or JSON body; its first problem is the field error.
pub async fn create(state: &AppState, auth: &Auth, input: &VolunteerInput) -> AppResult<Volunteer> {
    match register(state, auth, &[(0, input.clone())], "volunteer.create").await? {
        Ok(ids) => {
            let id = ids.first().copied().ok_or_else(|| AppError::Internal("no id returned".into()))?;
            get(state, auth, id).await
        }
        Err(mut problems) => Err(problems.swap_remove(0).error.into()),
    }
}

/// Corrects a volunteer's data (the person's right to rectification).
pub async fn correct(state: &AppState, auth: &Auth, id: VolunteerId, input: &VolunteerInput) -> AppResult<Volunteer> {
    get_to_manage(state, auth, id).await?;
    let new = NewVolunteer::parse(input, today())?;
    let scope = auth.scope();
    let region = regions::get(&state.db, &scope, &new.region).await?;
    if region.is_none_or(|r| r.level != wushe_domain::RegionLevel::Village) {
        return Err(FieldError::new(Field::Region, Reason::NotFound).into());
    }
    let known = store::skills(&state.db).await?;
    if let Some(s) = new.skills.iter().find(|s| !known.contains(s)) {
        return Err(FieldError::new(Field::Skills, Reason::UnknownItem(s.clone())).into());
    }
    store::correct(&state.db, &scope, id, &new, Some(auth.actor().id)).await?.ok_or(AppError::NotFound)
}

crate::people::register::register!(Volunteers, VolunteerId, Volunteer, "volunteer", ManagePeople, person);

/// What a reveal shows in full.
fn revealed(r: Volunteer) -> Vec<Option<String>> {
    vec![r.id_number, r.phone]
}

/// Everything held about the person, labelled by field, for their copy.
async fn held(_: &AppState, _: &Auth, r: Volunteer, lang: Lang) -> AppResult<Vec<(Field, Option<String>)>> {
    Ok(vec![
        (Field::VolunteerNo, Some(r.volunteer_no)),
        (Field::PersonName, Some(r.name)),
        (Field::IdKind, r.id_kind.map(|k| k.label(lang).to_owned())),
        (Field::IdNumber, r.id_number),
        (Field::Phone, r.phone),
        (Field::Gender, r.gender.map(|g| g.label(lang).to_owned())),
        (Field::BirthDate, r.birth_date.map(wushe_domain::validate::format_date)),
        (Field::Region, Some(format!("{} {}", r.region_name, r.region_code))),
        (Field::Skills, Some(r.skills.join("、"))),
        (Field::Availability, Some(r.availability.iter().map(|w| w.format(lang)).collect::<Vec<_>>().join("；"))),
        (Field::Status, Some(rights::status_label(&r.status, lang))),
    ])
}
