//! Micro-wishes (微心愿): the social worker publishes a need as a wish with nobody identifiable in
//! it; anyone offers to take it up on the public page, leaving a name and a phone; staff call and
//! confirm one offer, which takes it up; the worker records it fulfilled, or withdraws it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wushe_domain::authz::Action;
use wushe_domain::money::{parse_yuan, yuan};
use wushe_domain::validate::{optional_text, phone, required_text};
use wushe_domain::wish::wish_text;
use wushe_domain::{Field, FieldError, NeedId, Reason, RegionCode};
use wushe_store::Scope;
use wushe_store::wish_claims::{self, Claim};
use wushe_store::wishes::{self as store, Wish};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::needs::need::{get as get_need, throttled};
use crate::state::AppState;
use crate::steps::{authorize, not_found};
use crate::views::format_ms;

/// A wish as the public sees it: the community and what is wished, nothing more.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicWish {
    pub id: String,
    pub community: String,
    pub wish: String,
    /// Yuan, as the social worker judges it.
    pub value: String,
    /// open | taken | fulfilled
    pub status: String,
    pub published_at: String,
}

impl From<&Wish> for PublicWish {
    fn from(w: &Wish) -> Self {
        PublicWish {
            id: w.id.clone(),
            community: w.region_name.clone(),
            wish: w.wish.clone(),
            value: yuan(w.value),
            status: w.status.clone(),
            published_at: format_ms(w.published_at),
        }
    }
}

/// An offer to take a wish up, as staff see it (phone masked until revealed by a call).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OfferView {
    pub id: String,
    pub name: String,
    pub phone: Option<String>,
    /// pending | confirmed | declined
    pub status: String,
    pub offered_at: String,
}

impl From<&Claim> for OfferView {
    fn from(c: &Claim) -> Self {
        OfferView {
            id: c.id.clone(),
            name: c.name.clone(),
            phone: c.phone.as_deref().map(wushe_domain::mask::phone),
            status: c.status.clone(),
            offered_at: format_ms(c.claimed_at),
        }
    }
}

/// A wish as staff see it, with who took it up (phone masked).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WishView {
    #[serde(flatten)]
    pub public: PublicWish,
    pub need_id: String,
    pub taker_name: Option<String>,
    pub taker_phone: Option<String>,
    pub taken_at: Option<String>,
    pub fulfilled_at: Option<String>,
    pub note: Option<String>,
    /// The offers to take it up (on a single wish; empty in lists).
    pub offers: Vec<OfferView>,
}

impl From<&Wish> for WishView {
    fn from(w: &Wish) -> Self {
        WishView {
            public: w.into(),
            need_id: w.need_id.to_string(),
            taker_name: w.taker_name.clone(),
            taker_phone: w.taker_phone.as_deref().map(wushe_domain::mask::phone),
            taken_at: w.taken_at.map(format_ms),
            fulfilled_at: w.fulfilled_at.map(format_ms),
            note: w.fulfil_note.clone(),
            offers: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct WishInput {
    /// What is wished, with no name, address or number in it.
    pub wish: String,
    /// What it is worth, in yuan.
    pub value: String,
}

/// Publishes a need in scope as a wish. What the platform knows of the resident and the contact
/// is kept out of the text.
pub async fn publish(state: &AppState, auth: &Auth, need: NeedId, input: &WishInput) -> AppResult<WishView> {
    let n = get_need(state, auth, need).await?;
    authorize(state, &auth.actor(), Action::ManageNeeds, "need", &need, (&n.region_code, &n.region_path)).await?;
    if !n.status.is_open() {
        return Err(wushe_store::StoreError::Conflict(wushe_domain::Conflict::NeedNotOpen).into());
    }
    let mut known: Vec<String> = n.contact_name.iter().chain(n.contact_phone.iter()).cloned().collect();
    if let Some(r) = n.resident_id
        && let Some(r) = wushe_store::residents::get(&state.db, &Scope::all(), r).await?
    {
        known.push(r.name);
        known.extend(r.address);
        known.extend(r.phone);
        known.extend(r.id_number);
    }
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    let wish = wish_text(&input.wish, &known)?;
    let value = parse_yuan(Field::Value, &input.value)?;
    let id = store::publish(&state.db, &auth.scope(), need, &wish, value, auth.actor().id)
        .await?
        .ok_or(AppError::NotFound)?;
    let w = store::get(&state.db, &id).await?.ok_or(AppError::NotFound)?;
    Ok((&w).into())
}

pub async fn of_need(state: &AppState, auth: &Auth, need: NeedId) -> AppResult<Option<WishView>> {
    get_need(state, auth, need).await?;
    let Some(w) = store::of_need(&state.db, need).await? else { return Ok(None) };
    let mut view = WishView::from(&w);
    view.offers = wish_claims::of_wish(&state.db, &w.id).await?.iter().map(OfferView::from).collect();
    Ok(Some(view))
}

pub async fn in_scope(state: &AppState, auth: &Auth) -> AppResult<Vec<WishView>> {
    Ok(store::in_scope(&state.db, &auth.scope(), 200).await?.iter().map(WishView::from).collect())
}

/// Open wishes of an area for anyone; the whole country when none is named.
pub async fn open_in(state: &AppState, region: Option<&str>) -> AppResult<Vec<PublicWish>> {
    let area = match region.map(str::trim).filter(|r| !r.is_empty()) {
        None => Scope::all(),
        Some(raw) => {
            let code = RegionCode::parse(raw)?;
            let r = wushe_store::regions::get(&state.db, &Scope::all(), &code).await?.ok_or(AppError::NotFound)?;
            Scope::under(r.path)
        }
    };
    Ok(store::open_in(&state.db, &area, 100).await?.iter().map(PublicWish::from).collect())
}

/// One wish for anyone; a withdrawn one is gone.
pub async fn public(state: &AppState, id: &str) -> AppResult<PublicWish> {
    let w = store::get(&state.db, id.trim()).await?.filter(|w| w.status != "withdrawn").ok_or(AppError::NotFound)?;
    Ok((&w).into())
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct TakeInput {
    /// How the social worker may address the donor.
    pub name: String,
    pub phone: String,
}

/// Someone offers to take a wish up from the public page: at most 20 offers an hour from one
/// address and 5 a day from one phone. The wish stays open until staff confirm an offer.
pub async fn offer(state: &AppState, id: &str, input: &TakeInput, address: &str) -> AppResult<PublicWish> {
    throttled(state, &format!("wish-address:{address}"), 3_600_000, 20).await?;
    let name = required_text(Field::ContactName, &input.name, 50)?;
    let phone = phone(Field::ContactPhone, &input.phone)?;
    throttled(state, &format!("wish-phone:{phone}"), 86_400_000, 5).await?;
    wish_claims::offer(&state.db, id.trim(), &name, &phone).await?.ok_or(AppError::NotFound)?;
    public(state, id).await
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ConfirmInput {
    /// The offer confirmed by a call (its id, from the wish's `offers`).
    pub offer: String,
}

/// Staff who manage the wish's need confirm one offer after calling its phone: the wish is taken
/// up, and the other offers are declined.
pub async fn confirm(state: &AppState, auth: &Auth, id: &str, input: &ConfirmInput) -> AppResult<WishView> {
    let w = get_in(state, auth, id).await?;
    let n = get_need(state, auth, w.need_id).await?;
    authorize(state, &auth.actor(), Action::ManageNeeds, "need", &w.need_id, (&n.region_code, &n.region_path)).await?;
    let offer = required_text(Field::Offer, &input.offer, 64)?;
    wish_claims::confirm(&state.db, &auth.scope(), &w.id, &offer, auth.actor().id)
        .await?
        .ok_or(FieldError::new(Field::Offer, Reason::NotFound))?;
    of_need(state, auth, w.need_id).await?.ok_or(AppError::NotFound)
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CloseInput {
    pub note: String,
}

/// A wish in scope; another region's is not found, and the look is audited.
async fn get_in(state: &AppState, auth: &Auth, id: &str) -> AppResult<Wish> {
    match store::get_in(&state.db, &auth.scope(), id.trim()).await? {
        Some(w) => Ok(w),
        None => {
            let elsewhere = store::region_of(&state.db, id.trim()).await?;
            Err(not_found(state, &auth.actor(), "wish", &id, elsewhere).await)
        }
    }
}

/// The need a wish in scope was published from.
pub async fn need_of(state: &AppState, auth: &Auth, id: &str) -> AppResult<NeedId> {
    Ok(get_in(state, auth, id).await?.need_id)
}

/// Records a wish fulfilled, or withdraws it, for staff who manage its need.
pub async fn close(state: &AppState, auth: &Auth, id: &str, fulfil: bool, input: &CloseInput) -> AppResult<WishView> {
    let w = get_in(state, auth, id).await?;
    let n = get_need(state, auth, w.need_id).await?;
    authorize(state, &auth.actor(), Action::ManageNeeds, "need", &w.need_id, (&n.region_code, &n.region_path)).await?;
    let note = optional_text(Field::Note, Some(&input.note), 500)?;
    store::close(&state.db, &auth.scope(), &w.id, fulfil, note.as_deref(), auth.actor().id)
        .await?
        .ok_or(AppError::NotFound)?;
    let w = store::get(&state.db, &w.id).await?.ok_or(AppError::NotFound)?;
    Ok((&w).into())
}
