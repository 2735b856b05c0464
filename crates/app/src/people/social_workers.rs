use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use wushe_domain::authz::Action;
use wushe_domain::social_worker::{Licence, NewSocialWorker, SocialWorkerInput};
use wushe_domain::validate::{format_date, parse_date};
use wushe_domain::{Field, Lang, ServicePointId, SocialWorkerId};
use wushe_store::social_workers::{self as store, Filter, SocialWorker};
use wushe_store::{regions, service_points};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::network::points::today;
use crate::people::rights;
use crate::state::AppState;
use crate::steps::{authorize, blank, page_bounds};
use crate::views::{Page, SocialWorkerView};

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// A name, pinyin initials, or a full phone or ID number.
    pub q: Option<String>,
    /// assistant | intermediate | senior | unlicensed
    pub licence: Option<String>,
    /// Region code: only records under it.
    pub region: Option<String>,
    pub offset: Option<i64>,
    pub limit: Option<i64>,
}

pub fn filter(q: &ListQuery) -> AppResult<Filter> {
    Ok(Filter { query: blank(&q.q).map(str::to_owned), licence: blank(&q.licence).map(Licence::parse).transpose()? })
}

pub async fn list(state: &AppState, auth: &Auth, q: &ListQuery) -> AppResult<Page<SocialWorkerView>> {
    let filter = filter(q)?;
    let (offset, limit) = page_bounds(q.offset, q.limit);
    let scope = crate::steps::narrowed(state, auth, &q.region).await?;
    let (items, total) = store::list(&state.db, &scope, &filter, offset, limit).await?;
    Ok(Page { items: items.iter().map(SocialWorkerView::from).collect(), total, offset, limit })
}

pub async fn create(state: &AppState, auth: &Auth, input: &SocialWorkerInput) -> AppResult<SocialWorker> {
    let new = NewSocialWorker::parse(input, today())?;
    let actor = auth.actor();
    let scope = auth.scope();
    let home = regions::get(&state.db, &scope, &actor.region).await?.ok_or(AppError::NotFound)?;
    authorize(state, &actor, Action::ManageWorkers, "social_worker", &actor.region, (&home.code, &home.path)).await?;
    Ok(store::create(&state.db, &scope, &new, Some(actor.id)).await?)
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RepostInput {
    /// Id of the new service point.
    pub posting: String,
    /// YYYY-MM-DD; today when empty.
    pub on: String,
}

pub async fn repost(state: &AppState, auth: &Auth, id: SocialWorkerId, input: &RepostInput) -> AppResult<SocialWorker> {
    let w = get(state, auth, id).await?;
    let actor = auth.actor();
    authorize(state, &actor, Action::ManageWorkers, "social_worker", &id, (&w.region_code, &w.region_path)).await?;
    let on = match input.on.trim() {
        "" => today(),
        d => parse_date(Field::PostedOn, d)?,
    };
    store::repost(&state.db, &auth.scope(), id, &input.posting, on, Some(actor.id)).await?.ok_or(AppError::NotFound)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostingView {
    pub service_point_id: ServicePointId,
    pub service_point_name: Option<String>,
    pub region_code: String,
    pub from: String,
    pub to: Option<String>,
}

pub async fn postings(state: &AppState, auth: &Auth, id: SocialWorkerId) -> AppResult<Vec<PostingView>> {
    get(state, auth, id).await?;
    let list = store::postings(&state.db, &auth.scope(), id).await?.ok_or(AppError::NotFound)?;
    let mut out = Vec::with_capacity(list.len());
    for p in list {
        let point = service_points::get(&state.db, &auth.scope(), p.service_point_id).await?;
        out.push(PostingView {
            service_point_id: p.service_point_id,
            service_point_name: point.map(|sp| sp.name),
            region_code: p.region_code.to_string(),
            from: format_date(p.from),
            to: p.to.map(format_date),
        });
    }
    Ok(out)
}

/// Corrects a worker's data on request (rectification); a move of posting is [`repost`].
pub async fn correct(
    state: &AppState,
    auth: &Auth,
    id: SocialWorkerId,
    input: &SocialWorkerInput,
) -> AppResult<SocialWorker> {
    let w = get_to_manage(state, auth, id).await?;
    // The posting is not corrected here; an empty one in the body means "as it is".
    let mut input = input.clone();
    if input.posting.trim().is_empty() {
        input.posting = w.service_point_id.to_string();
    }
    let new = NewSocialWorker::parse(&input, today())?;
    store::correct(&state.db, &auth.scope(), id, &new, Some(auth.actor().id)).await?.ok_or(AppError::NotFound)
}

crate::people::register::register!(SocialWorkers, SocialWorkerId, SocialWorker, "social_worker", ManageWorkers, person);

/// What a reveal shows in full.
fn revealed(r: SocialWorker) -> Vec<Option<String>> {
    vec![r.id_number, r.phone]
}

/// Everything held about the person, labelled by field, for their copy.
async fn held(state: &AppState, auth: &Auth, r: SocialWorker, lang: Lang) -> AppResult<Vec<(Field, Option<String>)>> {
    let postings = postings(state, auth, r.id)
        .await?
        .iter()
        .map(|p| {
            let name = p.service_point_name.clone().unwrap_or_else(|| p.service_point_id.to_string());
            format!("{name} {}–{}", p.from, p.to.clone().unwrap_or_default())
        })
        .collect::<Vec<_>>()
        .join("；");
    let employer = match r.employer_id {
        Some(e) => wushe_store::organizations::get(&state.db, &auth.scope(), e).await?.map(|o| o.name),
        None => None,
    };
    Ok(vec![
        (Field::PersonName, Some(r.name)),
        (Field::IdKind, r.id_kind.map(|k| k.label(lang).to_owned())),
        (Field::IdNumber, r.id_number),
        (Field::Phone, r.phone),
        (Field::Licence, Some(r.licence.label(lang).to_owned())),
        (Field::LicenceNo, r.licence_no),
        (Field::LicenceYear, r.licence_year.map(|y| y.to_string())),
        (Field::Employer, employer),
        (Field::Posting, Some(postings)),
        (Field::Status, Some(rights::status_label(&r.status, lang))),
    ])
}
