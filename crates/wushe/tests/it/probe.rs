//! The cross-region probe: every route of the route table, every role, and records at every
//! level around each actor's home (sibling, parent, child, elsewhere). A route added to the table
//! is probed without touching this file; a route whose path names a record kind this file does
//! not know fails the test until it is taught.

use axum::http::{Method, StatusCode};
use wushe_domain::authz::{may_manage_account, may_manage_point};
use wushe_domain::{RegionPath, Role};
use wushe_testkit::fixture::{self, Fixture};
use wushe_testkit::{Engine, Session, TestApp, TestResponse, postgres_url};
use wushe_web::routes::{Guard, RouteDef, table};

/// The actors: one per role, with two administrators at different heights.
const ACTORS: [&str; 8] =
    ["root", "cq.admin", "wz.center", "wz.station", "wz.room", "wz.org", "wz.volunteer", "wz.resident"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    None,
    Region,
    Point,
    Account,
    Volunteer,
    Organization,
    Resident,
    Worker,
    Donor,
    Need,
    Task,
    Referral,
    ServiceRecord,
    Activity,
    HoursEntry,
    HoursRequest,
    Certificate,
    HoursCorrection,
    ActivityPhoto,
    Fund,
    Money,
    Grant,
    Donation,
    Wish,
    Relief,
    ReliefDocument,
}

fn kind(def: &RouteDef) -> Kind {
    let p = def.path;
    if !p.contains('{') {
        Kind::None
    } else if p.contains("{code}") && (p.contains("/regions/") || p.contains("/figures/")) {
        Kind::Region
    } else if p.contains("/service-points/{id}") {
        Kind::Point
    } else if p.contains("/accounts/{id}") {
        Kind::Account
    } else if p.contains("/volunteers/{id}") {
        Kind::Volunteer
    } else if p.contains("/organizations/{id}") {
        Kind::Organization
    } else if p.contains("/residents/{id}") {
        Kind::Resident
    } else if p.contains("/social-workers/{id}") {
        Kind::Worker
    } else if p.contains("/donors/{id}") {
        Kind::Donor
    } else if p.contains("/needs/{id}") {
        Kind::Need
    } else if p.contains("/tasks/{id}") {
        Kind::Task
    } else if p.contains("/referrals/{id}") {
        Kind::Referral
    } else if p.contains("/service-records/{id}") {
        Kind::ServiceRecord
    } else if p.starts_with("/api/v1/public/") || p.starts_with("/public/") {
        // Public lookups by a code or an id that names no one's data: probed as plain routes.
        Kind::None
    } else if p.contains("/activities/{id}") {
        Kind::Activity
    } else if p.contains("/hours-requests/{id}") {
        Kind::HoursRequest
    } else if p.contains("/hours/{id}") {
        Kind::HoursEntry
    } else if p.contains("/certificates/{id}") {
        Kind::Certificate
    } else if p.contains("/hours-corrections/{id}") {
        Kind::HoursCorrection
    } else if p.contains("/activity-photos/{id}") {
        Kind::ActivityPhoto
    } else if p.contains("/funds/{id}") {
        Kind::Fund
    } else if p.contains("/money/{id}") {
        Kind::Money
    } else if p.contains("/grants/{id}") {
        Kind::Grant
    } else if p.contains("/donations/{id}") {
        Kind::Donation
    } else if p.contains("/wishes/{id}") {
        Kind::Wish
    } else if p.contains("/relief/{id}") {
        Kind::Relief
    } else if p.contains("/relief-documents/{id}") {
        Kind::ReliefDocument
    } else {
        panic!("the probe does not know what the parameter of {} {} names: teach probe::kind", def.method, p)
    }
}

/// The charity records' own rules. The fixture's funds are the network's: an organization's staff
/// keep only their own organization's, so they move no money in them, export no ledger and hand
/// out no receipt. Relief is seen by the keepers of its fund in the area and by its applicant
/// (nobody the probe acts as), and only the applicant adds documents.
fn charity_refusal(kind: Kind, path: &str, role: Role, method: &Method) -> bool {
    let keeper = role.rank() >= 3 || role == Role::OrgStaff;
    match kind {
        Kind::Fund | Kind::Money | Kind::Grant => {
            role == Role::OrgStaff && (*method == Method::POST || path.ends_with("/ledger.xlsx"))
        }
        Kind::Donation => role == Role::OrgStaff,
        Kind::Relief | Kind::ReliefDocument => !keeper || role == Role::OrgStaff || path.ends_with("/documents"),
        _ => false,
    }
}

/// Whether a record-level rule refuses an actor (route path, role, method) although the record is in scope.
type Refusal = Box<dyn Fn(&str, Role, &Method) -> bool>;

struct Target {
    id: String,
    path: RegionPath,
    /// A text that appears in this record's answers and nowhere else.
    marker: String,
    refuse: Refusal,
}

fn targets(fx: &Fixture, kind: Kind) -> Vec<Target> {
    match kind {
        Kind::None => Vec::new(),
        Kind::Region => {
            let wanted = [
                "CN",
                "50",
                "5001",
                "500101",
                "500102",
                "500101001",
                "500101017",
                "500102006",
                "500101001001",
                "500101017001",
                "500102006001",
                "11",
                "110101",
            ];
            wanted
                .iter()
                .map(|c| {
                    let r = fx
                        .regions
                        .iter()
                        .find(|r| r.code.as_str() == *c)
                        .unwrap_or_else(|| panic!("fixture region {c}"));
                    Target {
                        id: c.to_string(),
                        path: r.path.clone(),
                        marker: String::new(),
                        refuse: Box::new(|_, _, _| false),
                    }
                })
                .collect()
        }
        Kind::Point => fx
            .points
            .iter()
            .map(|p| {
                let level = p.level;
                Target {
                    id: p.id.to_string(),
                    path: p.path.clone(),
                    marker: p.name.clone(),
                    // Showing a point is for all staff; everything else about it is managing it.
                    refuse: Box::new(move |path, role, method| {
                        let shows = *method == Method::GET && !path.ends_with("/edit");
                        !shows && !may_manage_point(role, level)
                    }),
                }
            })
            .collect(),
        Kind::Account => fx
            .accounts
            .iter()
            .map(|a| {
                let target_role = a.role;
                Target {
                    id: a.id.to_string(),
                    path: a.path.clone(),
                    marker: format!("{}名", a.username),
                    refuse: Box::new(move |_, role, method| {
                        *method != Method::GET && !may_manage_account(role, target_role)
                    }),
                }
            })
            .collect(),
        Kind::Volunteer => fx
            .volunteers
            .iter()
            .map(|v| Target {
                id: v.id.to_string(),
                path: v.path.clone(),
                marker: v.name.clone(),
                refuse: Box::new(|_, _, _| false),
            })
            .collect(),
        Kind::Donor => fx
            .donors
            .iter()
            .map(|d| Target {
                id: d.id.to_string(),
                path: d.path.clone(),
                marker: d.name.clone(),
                refuse: Box::new(|_, _, _| false),
            })
            .collect(),
        Kind::Worker => fx
            .workers
            .iter()
            .map(|w| Target {
                id: w.id.to_string(),
                path: w.path.clone(),
                marker: w.name.clone(),
                refuse: Box::new(|_, _, _| false),
            })
            .collect(),
        Kind::Task => fx
            .tasks
            .iter()
            .map(|t| Target {
                id: t.id.to_string(),
                path: t.path.clone(),
                marker: t.title.clone(),
                refuse: Box::new(|_, _, _| false),
            })
            .collect(),
        Kind::Certificate => {
            // Only the volunteer it is for (or staff) may have its PDF; wz.volunteer is 万州志愿甲FX.
            let own = fx.account("wz.volunteer").path.clone();
            fx.certificates
                .iter()
                .map(|m| {
                    let mine = m.path == own;
                    Target {
                        id: m.id.clone(),
                        path: m.path.clone(),
                        marker: m.marker.clone(),
                        // An organization's staff see their organization's, not the network's.
                        refuse: Box::new(move |path, role, method| {
                            (path.ends_with("/pdf") && !role.is_staff() && !(mine && role == Role::Volunteer))
                                || (role == Role::OrgStaff && *method == Method::GET)
                        }),
                    }
                })
                .collect()
        }
        Kind::Referral
        | Kind::ServiceRecord
        | Kind::Activity
        | Kind::HoursEntry
        | Kind::HoursRequest
        | Kind::HoursCorrection
        | Kind::ActivityPhoto
        | Kind::Fund
        | Kind::Money
        | Kind::Grant
        | Kind::Donation
        | Kind::Wish
        | Kind::Relief
        | Kind::ReliefDocument => {
            let records = match kind {
                Kind::Grant => &fx.grants,
                Kind::Donation => &fx.donations,
                Kind::Wish => &fx.wishes,
                Kind::Relief => &fx.relief,
                Kind::ReliefDocument => &fx.relief_documents,
                Kind::ActivityPhoto => &fx.photos,
                Kind::Fund => &fx.funds,
                Kind::Money => &fx.money,
                Kind::Referral => &fx.referrals,
                Kind::HoursCorrection => &fx.corrections,
                Kind::ServiceRecord => &fx.services,
                Kind::HoursEntry => &fx.hours,
                Kind::HoursRequest => &fx.hours_requests,
                _ => &fx.activities,
            };
            records
                .iter()
                .map(|m| Target {
                    id: m.id.clone(),
                    path: m.path.clone(),
                    marker: m.marker.clone(),
                    refuse: Box::new(move |path, role, method| charity_refusal(kind, path, role, method)),
                })
                .collect()
        }
        Kind::Need => fx
            .needs
            .iter()
            .map(|n| Target {
                id: n.id.to_string(),
                path: n.path.clone(),
                marker: n.description.clone(),
                refuse: Box::new(|_, _, _| false),
            })
            .collect(),
        Kind::Resident => fx
            .residents
            .iter()
            .map(|r| Target {
                id: r.id.to_string(),
                path: r.path.clone(),
                marker: r.name.clone(),
                refuse: Box::new(|_, _, _| false),
            })
            .collect(),
        Kind::Organization => fx
            .organizations
            .iter()
            .map(|o| Target {
                id: o.id.to_string(),
                path: o.path.clone(),
                marker: o.name.clone(),
                refuse: Box::new(|_, _, _| false),
            })
            .collect(),
    }
}

async fn send(app: &TestApp, def: &RouteDef, path: &str, s: &Session) -> TestResponse {
    let api = path.starts_with("/api/");
    match (api, &def.method) {
        (_, m) if *m == Method::GET => {
            if api {
                app.api(Method::GET, path, Some(s), None).await
            } else {
                app.get(path, Some(s)).await
            }
        }
        (true, m) if *m == Method::DELETE => app.api(m.clone(), path, Some(s), None).await,
        (true, m) => app.api(m.clone(), path, Some(s), Some(serde_json::json!({}))).await,
        (false, _) => app.post_form(path, Some(s), &[]).await,
    }
}

/// Every fixture account active, with its password set, before each actor's turn: a previous
/// actor may have disabled or reset it through the very route under test.
async fn reset_accounts(app: &TestApp) {
    sqlx::query("UPDATE accounts SET status = 'active', must_change_password = 0, locked_until = NULL")
        .execute(&app.db.pool)
        .await
        .expect("reset accounts");
}

async fn hidden_events(app: &TestApp) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT COUNT(*) AS n FROM audit_events WHERE outcome = 'hidden'")
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
        .try_get("n")
        .expect("n")
}

async fn probe_route(app: &TestApp, fx: &Fixture, def: &RouteDef, failures: &mut Vec<String>) {
    let kind = kind(def);
    let all_targets = targets(fx, kind);
    for actor_name in ACTORS {
        reset_accounts(app).await;
        let actor = fx.account(actor_name).clone();
        let session = app.session_for(actor.id).await;
        let mut check = |ok: bool, what: String| {
            if !ok {
                failures.push(what);
            }
        };
        if kind == Kind::None {
            let res = send(app, def, def.path, &session).await;
            let label = format!("{} {} as {actor_name}: {}", def.method, def.path, res.status);
            check(res.status.as_u16() < 500, format!("{label} (server error: {})", res.text()));
            if def.guard != Guard::Public {
                check(
                    (res.status == StatusCode::FORBIDDEN) != def.guard.allows(actor.role),
                    format!("{label} (guard)"),
                );
            }
            // Lists never carry a record from outside the actor's area.
            let body = res.text();
            for p in &fx.points {
                check(actor.path.contains(&p.path) || !body.contains(&p.name), format!("{label} leaks {}", p.name));
            }
            for a in &fx.accounts {
                let marker = format!("{}名", a.username);
                check(actor.path.contains(&a.path) || !body.contains(&marker), format!("{label} leaks {marker}"));
            }
            for d in &fx.donors {
                check(actor.path.contains(&d.path) || !body.contains(&d.name), format!("{label} leaks {}", d.name));
            }
            for w in &fx.workers {
                check(actor.path.contains(&w.path) || !body.contains(&w.name), format!("{label} leaks {}", w.name));
            }
            for r in &fx.residents {
                check(actor.path.contains(&r.path) || !body.contains(&r.name), format!("{label} leaks {}", r.name));
                check(!body.contains(&r.id_number), format!("{label} shows an ID number in full"));
            }
            for t in &fx.tasks {
                check(actor.path.contains(&t.path) || !body.contains(&t.title), format!("{label} leaks {}", t.title));
            }
            for n in &fx.needs {
                let marker = &n.description;
                check(actor.path.contains(&n.path) || !body.contains(marker), format!("{label} leaks {marker}"));
            }
            for o in &fx.organizations {
                check(actor.path.contains(&o.path) || !body.contains(&o.name), format!("{label} leaks {}", o.name));
            }
            for m in fx.referrals.iter().chain(&fx.services) {
                check(actor.path.contains(&m.path) || !body.contains(&m.marker), format!("{label} leaks {}", m.marker));
            }
            // Published activities are public; only staff lists are scoped.
            for m in fx.activities.iter().filter(|_| !def.path.contains("/public/")) {
                check(actor.path.contains(&m.path) || !body.contains(&m.marker), format!("{label} leaks {}", m.marker));
            }
            for v in &fx.volunteers {
                check(actor.path.contains(&v.path) || !body.contains(&v.name), format!("{label} leaks {}", v.name));
                check(!body.contains(&v.id_number), format!("{label} shows an ID number in full"));
            }
            continue;
        }
        for t in &all_targets {
            let path = def.path.replace("{code}", &t.id).replace("{id}", &t.id);
            let before = hidden_events(app).await;
            let res = send(app, def, &path, &session).await;
            let label =
                format!("{} {path} as {actor_name} ({:?} at {}): {}", def.method, actor.role, actor.path, res.status);
            let status = res.status;
            check(status.as_u16() < 500, format!("{label} (server error: {})", res.text()));
            if !def.guard.allows(actor.role) {
                check(status == StatusCode::FORBIDDEN, format!("{label}: role must be refused with 403"));
            } else if !actor.path.contains(&t.path) {
                check(status == StatusCode::NOT_FOUND, format!("{label}: another region's record must answer 404"));
                check(
                    hidden_events(app).await == before + 1,
                    format!("{label}: the hidden access must be audited once"),
                );
                check(
                    t.marker.is_empty() || !res.text().contains(&t.marker),
                    format!("{label}: body shows the record"),
                );
            } else if (t.refuse)(def.path, actor.role, &def.method) {
                check(status == StatusCode::FORBIDDEN, format!("{label}: the record-level rule must refuse with 403"));
            } else {
                check(
                    status != StatusCode::NOT_FOUND && status != StatusCode::FORBIDDEN,
                    format!("{label}: an allowed access was refused: {}", res.text()),
                );
            }
        }
    }
}

async fn probe(engine: Engine, api: bool) {
    let routes: Vec<RouteDef> = table().into_iter().filter(|d| d.path.starts_with("/api/") == api).collect();
    assert!(routes.len() > 10, "the route table is enumerated");
    let mut failures = Vec::new();
    // Reads share one app; each writing route gets its own, so that writes cannot mask each other.
    let shared = TestApp::spawn(engine).await;
    let shared_fx = fixture::load(&shared).await;
    for def in &routes {
        if def.method == Method::GET {
            probe_route(&shared, &shared_fx, def, &mut failures).await;
        } else {
            let app = TestApp::spawn(engine).await;
            let fx = fixture::load(&app).await;
            probe_route(&app, &fx, def, &mut failures).await;
        }
    }
    assert!(failures.is_empty(), "{} probe failures:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_sqlite() {
    probe(Engine::Sqlite, false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_sqlite() {
    probe(Engine::Sqlite, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_postgres() {
    if postgres_url().is_some() {
        probe(Engine::Postgres, false).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_postgres() {
    if postgres_url().is_some() {
        probe(Engine::Postgres, true).await;
    }
}
