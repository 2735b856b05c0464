//! The frame every page shares: language, navigation, CSRF token.

use askama::Template;
use wushe_domain::Lang;
use wushe_domain::authz::{Action, role_may_ever};

use crate::auth::Auth;
use crate::texts::{Texts, texts};
use crate::texts_activities::{ActivityTexts, activity_texts};
use crate::texts_charity::{CharityTexts, charity_texts};
use crate::texts_figures::{FigureTexts, figure_texts};
use crate::texts_hours::{HoursTexts, hours_texts};
use crate::texts_linkage::{LinkageTexts, linkage_texts};
use crate::texts_needs::{NeedTexts, need_texts};
use crate::texts_people::{PeopleTexts, people_texts};

/// The signed-in user as the header shows them.
pub struct UserChrome {
    pub display_name: String,
    pub role_label: &'static str,
    pub network: bool,
    pub accounts: bool,
    pub audit: bool,
    pub volunteer: bool,
    /// Organization staff answer referrals.
    pub organization: bool,
    /// Plans and runs activities.
    pub planner: bool,
    /// Sees funds: staff of the network, and the keepers of funds.
    pub funds: bool,
    /// Unread messages as the header badge shows them ("99+" past 99); empty when none.
    pub unread: String,
    /// The role's main places: on a phone only these show, the rest behind the menu button.
    pub main: &'static [&'static str],
}

impl UserChrome {
    /// The class of a header link: `more` when it folds into the phone's menu.
    pub fn fold(&self, href: &str) -> &'static str {
        if self.main.contains(&href) { "" } else { "more" }
    }
}

/// The four or five places each role goes to most, in the phone header.
fn main_places(role: wushe_domain::Role, organization: bool) -> &'static [&'static str] {
    use wushe_domain::Role::*;
    match role {
        Volunteer => &["/", "/tasks", "/me/hours", "/public/activities", "/inbox"],
        Resident => &["/", "/public/activities", "/inbox", "/me"],
        OrgStaff if organization => &["/", "/referrals", "/hours/desk", "/inbox"],
        OrgStaff => &["/", "/referrals", "/inbox", "/me"],
        _ => &["/", "/needs", "/service-records", "/inbox"],
    }
}

pub struct Chrome {
    pub lang: Lang,
    pub t: &'static Texts,
    pub p: &'static PeopleTexts,
    pub n: &'static NeedTexts,
    pub l: &'static LinkageTexts,
    pub a: &'static ActivityTexts,
    pub h: &'static HoursTexts,
    pub c: &'static CharityTexts,
    pub f: &'static FigureTexts,
    pub user: Option<UserChrome>,
    pub csrf: String,
    /// The current path, so the language switch comes back here.
    pub here: String,
    /// A one-line notice at the top of the page.
    pub notice: Option<String>,
}

impl Chrome {
    pub fn new(lang: Lang, auth: Option<&Auth>, here: &str) -> Chrome {
        let user = auth.filter(|a| !a.account.must_change_password && !a.must_enrol && !a.session.pending()).map(|a| {
            let role = a.account.role;
            UserChrome {
                display_name: a.account.display_name.clone(),
                role_label: role.label(lang),
                network: role_may_ever(role, Action::ViewNetwork),
                accounts: role_may_ever(role, Action::ViewAccounts),
                audit: role_may_ever(role, Action::ViewAudit),
                volunteer: role_may_ever(role, Action::TakeTasks),
                organization: role_may_ever(role, Action::AnswerReferrals),
                planner: role_may_ever(role, Action::PlanActivities),
                funds: role_may_ever(role, Action::ViewNetwork) || role_may_ever(role, Action::ManageFunds),
                main: main_places(role, a.account.organization_id.is_some()),
                unread: match a.session.unread {
                    0 => String::new(),
                    n if n > wushe_store::messages::UNREAD_SHOWN => format!("{}+", wushe_store::messages::UNREAD_SHOWN),
                    n => n.to_string(),
                },
            }
        });
        Chrome {
            lang,
            t: texts(lang),
            p: people_texts(lang),
            n: need_texts(lang),
            l: linkage_texts(lang),
            a: activity_texts(lang),
            h: hours_texts(lang),
            c: charity_texts(lang),
            f: figure_texts(lang),
            user,
            csrf: auth.map(|a| a.session.csrf_token.clone()).unwrap_or_default(),
            here: here.to_owned(),
            notice: None,
        }
    }

    pub fn with_csrf(mut self, csrf: &str) -> Chrome {
        self.csrf = csrf.to_owned();
        self
    }

    pub fn with_notice(mut self, notice: Option<String>) -> Chrome {
        self.notice = notice;
        self
    }

    pub fn other_lang(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "en",
            Lang::En => "zh-CN",
        }
    }

    pub fn here_encoded(&self) -> String {
        crate::pages::urlencode(&self.here)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub chrome: Chrome,
    pub status: u16,
    pub message: String,
}

impl ErrorPage {
    pub fn new(lang: Lang, status: u16, message: &str) -> ErrorPage {
        ErrorPage { chrome: Chrome::new(lang, None, "/"), status, message: message.to_owned() }
    }

    pub fn render_html(&self) -> String {
        self.render().unwrap_or_else(|e| {
            tracing::error!(error.cause = %e, "error page failed to render: {e}");
            format!("<!doctype html><title>{}</title><p>{}</p>", self.status, askama_escape(&self.message))
        })
    }
}

fn askama_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
