//! The public help page: a resident, without an account, tells the community what they need and
//! gets a tracking code; the tracking page shows the progress and nothing personal.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use wushe_domain::Lang;
use wushe_domain::need::{NeedCategory, PublicNeedInput, Urgency};

use super::layout::Chrome;
use super::{FormBody, form_message, render, rerender, with_cookie};
use crate::auth::{ClientAddress, MaybeAuth, PRELOGIN_CSRF_COOKIE, ReqLang, cookie, random_token};
use crate::error::{AppError, AppResult};
use wushe_app::needs::help_picker::{self, Picker};
use wushe_app::needs::need::{self as ops, Tracked};
use wushe_app::state::AppState;
use wushe_app::views::format_ms;

#[derive(Template)]
#[template(path = "help.html")]
struct HelpPage {
    chrome: Chrome,
    input: PublicNeedInput,
    /// The community's name when the page was opened from its link (`?c=`).
    community_name: Option<String>,
    categories: &'static [NeedCategory],
    urgencies: &'static [Urgency],
    error: Option<String>,
    tracking: Option<String>,
    /// Without a community yet: where the resident is in the picker.
    picker: Option<Picker>,
}

/// The page's chrome with a form token: the session's, or before sign-in the pre-login cookie's
/// (set on the answer when new).
pub(crate) fn chrome(
    lang: Lang,
    auth: Option<&crate::auth::Auth>,
    headers: &HeaderMap,
    here: &str,
) -> AppResult<(Chrome, Option<String>)> {
    if let Some(a) = auth {
        return Ok((Chrome::new(lang, Some(a), here), None));
    }
    let existing = cookie(headers, PRELOGIN_CSRF_COOKIE).map(str::to_owned);
    let token = match &existing {
        Some(t) => t.clone(),
        None => random_token()?,
    };
    let fresh = existing.is_none().then(|| token.clone());
    Ok((Chrome::new(lang, None, here).with_csrf(&token), fresh))
}

pub(crate) fn answer(html: axum::response::Html<String>, fresh: Option<String>) -> AppResult<Response> {
    let res = html.into_response();
    match fresh {
        Some(token) => with_cookie(res, &format!("{PRELOGIN_CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax")),
        None => Ok(res),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct HelpQuery {
    /// The community's code, from the link or QR code it posts, or as picked.
    c: String,
    /// The area being browsed in the picker.
    #[serde(rename = "in")]
    within: String,
    /// A community's name or pinyin initials, searched within that area.
    q: String,
}

async fn community_name(state: &AppState, code: &str) -> AppResult<Option<String>> {
    let Ok(code) = wushe_domain::RegionCode::parse(code) else { return Ok(None) };
    let found = wushe_store::regions::get(&state.db, &wushe_store::Scope::all(), &code).await?;
    Ok(found.filter(|r| r.level == wushe_domain::RegionLevel::Village).map(|r| r.name))
}

pub async fn form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeAuth(auth): MaybeAuth,
    headers: HeaderMap,
    Query(q): Query<HelpQuery>,
) -> AppResult<Response> {
    let (chrome, fresh) = chrome(lang, auth.as_ref(), &headers, "/help")?;
    let input = PublicNeedInput { region: q.c.trim().to_owned(), urgency: "normal".into(), ..Default::default() };
    let community_name = community_name(&state, &input.region).await?;
    let picker = match community_name {
        Some(_) => None,
        None => Some(help_picker::browse(&state, Some(q.within.trim()).filter(|w| !w.is_empty()), &q.q).await?),
    };
    let page = HelpPage {
        chrome,
        community_name,
        input,
        categories: NeedCategory::ALL,
        urgencies: Urgency::ALL,
        error: None,
        tracking: None,
        picker,
    };
    answer(render(&page)?, fresh)
}

pub async fn submit(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeAuth(auth): MaybeAuth,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    FormBody(input): FormBody<PublicNeedInput>,
) -> AppResult<Response> {
    let (chrome, fresh) = chrome(lang, auth.as_ref(), &headers, "/help")?;
    let mut page = HelpPage {
        chrome,
        community_name: community_name(&state, &input.region).await?,
        input: input.clone(),
        categories: NeedCategory::ALL,
        urgencies: Urgency::ALL,
        error: None,
        tracking: None,
        picker: None,
    };
    match ops::submit_public(&state, &input, &address).await {
        Ok(done) => {
            page.tracking = Some(done.tracking_code);
            answer(render(&page)?, fresh)
        }
        Err(e) => {
            let (msg, err) = form_message(e, lang)?;
            page.error = Some(msg);
            Ok(rerender(&page, &err))
        }
    }
}

#[derive(Template)]
#[template(path = "help_track.html")]
struct TrackPage {
    chrome: Chrome,
    code: String,
    tracked: Option<Tracked>,
    /// (when, state) of each step.
    steps: Vec<(String, String)>,
    error: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct TrackQuery {
    code: String,
}

pub async fn track(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeAuth(auth): MaybeAuth,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Query(q): Query<TrackQuery>,
) -> AppResult<Response> {
    let (chrome, fresh) = chrome(lang, auth.as_ref(), &headers, "/help/track")?;
    let mut page = TrackPage { chrome, code: q.code.trim().to_owned(), tracked: None, steps: Vec::new(), error: None };
    if !page.code.is_empty() {
        match ops::track(&state, &page.code, &address).await {
            Ok(t) => {
                page.steps = t
                    .steps
                    .iter()
                    .map(|s| (format_ms(s.at), s.status.map(|st| st.label(lang).to_owned()).unwrap_or_default()))
                    .collect();
                page.tracked = Some(t);
            }
            Err(AppError::NotFound) => page.error = Some(page.chrome.n.track_unknown.to_owned()),
            Err(e) => {
                let (msg, err) = form_message(e, lang)?;
                page.error = Some(msg);
                return Ok(rerender(&page, &err));
            }
        }
    }
    answer(render(&page)?, fresh)
}
