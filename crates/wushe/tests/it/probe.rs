//! The cross-region probe: every route of the route table, every role, and records at every
//! level around each actor's home (sibling, parent, child, elsewhere), and a client with no
//! session (`probe_anon`). Lists are read plainly and for other areas by name (`probe_lists`);
//! public routes naming a record are walked by `probe_public`. A route added to the table is
//! probed without touching this file; a route whose path names a record kind `probe_targets`
//! does not know fails the test until it is taught.

use axum::http::{Method, StatusCode};
use wushe_testkit::fixture::{self, Fixture};
use wushe_testkit::{Engine, Session, TestApp, TestResponse, postgres_url};
use wushe_web::routes::{Guard, RouteDef, table};

use crate::probe_targets::targets;
use crate::{probe_anon, probe_lists};
use wushe_web::routes::Record;

/// What a probe found: its failures, the kinds of planted record its answers were seen to show
/// to someone who may see them, and how many requests it sent.
#[derive(Default)]
struct Run {
    failures: Vec<String>,
    seen: std::collections::BTreeSet<&'static str>,
    requests: usize,
}

impl Run {
    fn check(&mut self, ok: bool, what: String) {
        if !ok {
            self.failures.push(what);
        }
    }

    /// Reads an answer as `reader` (of a list, or of one record's page) for leaks.
    fn read(
        &mut self,
        fx: &Fixture,
        reader: &wushe_domain::RegionPath,
        record: bool,
        body: &[u8],
        route: &str,
        label: &str,
    ) {
        let body = crate::bodies::readable(body);
        self.seen.extend(probe_lists::shown_kinds(fx, &body));
        for leak in probe_lists::leaks(fx, Some(reader), record, &body, route) {
            self.failures.push(format!("{label} {leak}"));
        }
    }
}

/// The actors: one per role, with two administrators at different heights.
const ACTORS: [&str; 8] =
    ["root", "cq.admin", "wz.center", "wz.station", "wz.room", "wz.org", "wz.volunteer", "wz.resident"];

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

pub(crate) async fn hidden_events(app: &TestApp) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT COUNT(*) AS n FROM audit_events WHERE outcome = 'hidden'")
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
        .try_get("n")
        .expect("n")
}

async fn probe_route(app: &TestApp, fx: &Fixture, def: &RouteDef, run: &mut Run) {
    let kind = def.record;
    if kind == Record::Public {
        return;
    }
    let all_targets = targets(fx, kind);
    run.failures.extend(probe_anon::signed_out(app, fx, def, kind).await);
    run.requests += all_targets.len().max(1);
    for actor_name in ACTORS {
        reset_accounts(app).await;
        let actor = fx.account(actor_name).clone();
        let session = app.session_for(actor.id).await;
        if kind == Record::None {
            let res = send(app, def, def.path, &session).await;
            run.requests += 1;
            let label = format!("{} {} as {actor_name}: {}", def.method, def.path, res.status);
            run.check(res.status.as_u16() < 500, format!("{label} (server error: {})", res.text()));
            if def.guard != Guard::Public {
                run.check(
                    (res.status == StatusCode::FORBIDDEN) != def.guard.allows(actor.role),
                    format!("{label} (guard)"),
                );
            }
            // Lists never carry a record from outside the actor's area, asked plainly or for
            // another area by name.
            run.read(fx, &actor.path, false, &res.body, def.path, &label);
            if def.method == Method::GET {
                run.failures.extend(probe_lists::foreign_regions(app, fx, def.path, &actor.path, &session).await);
                run.requests += probe_lists::ASKED.len();
            }
            continue;
        }
        for t in &all_targets {
            let path = def.path.replace("{code}", &t.id).replace("{id}", &t.id);
            let before = hidden_events(app).await;
            let res = send(app, def, &path, &session).await;
            run.requests += 1;
            let label =
                format!("{} {path} as {actor_name} ({:?} at {}): {}", def.method, actor.role, actor.path, res.status);
            let status = res.status;
            run.check(status.as_u16() < 500, format!("{label} (server error: {})", res.text()));
            if !def.guard.allows(actor.role) {
                run.check(status == StatusCode::FORBIDDEN, format!("{label}: role must be refused with 403"));
            } else if !actor.path.contains(&t.path) || not_theirs(fx, kind, &t.id, &actor) {
                run.check(status == StatusCode::NOT_FOUND, format!("{label}: another region's record must answer 404"));
                run.check(
                    hidden_events(app).await == before + 1,
                    format!("{label}: the hidden access must be audited once"),
                );
                run.check(
                    t.marker.is_empty() || !res.text().contains(&t.marker),
                    format!("{label}: body shows the record"),
                );
            } else if (t.refuse)(def.path, actor.role, &def.method) {
                run.check(
                    status == StatusCode::FORBIDDEN,
                    format!("{label}: the record-level rule must refuse with 403"),
                );
            } else {
                run.check(
                    status != StatusCode::NOT_FOUND && status != StatusCode::FORBIDDEN,
                    format!("{label}: an allowed access was refused: {}", res.text()),
                );
                // What a record's page lists (a fund's gifts, a need's grants, a volunteer's
                // hours) is bound by the same area.
                run.read(fx, &actor.path, true, &res.body, def.path, &label);
            }
        }
    }
}

/// A message in the actor's area that is someone else's: as hidden as another region's record.
fn not_theirs(fx: &Fixture, kind: Record, id: &str, actor: &wushe_testkit::fixture::FxAccount) -> bool {
    kind == Record::Message && fx.messages.iter().any(|m| m.id == id && m.owner != actor.id)
}

/// The route table says what every path parameter names, so a new route with one cannot be left
/// out of the probe, and a route without one names nothing.
#[test]
fn every_path_parameter_names_a_record() {
    for def in table() {
        let named = def.record != Record::None;
        assert_eq!(def.path.contains('{'), named, "{} {} names {:?}", def.method, def.path, def.record);
    }
}

async fn probe(engine: Engine, api: bool) {
    let routes: Vec<RouteDef> = table().into_iter().filter(|d| d.path.starts_with("/api/") == api).collect();
    assert!(routes.len() > 10, "the route table is enumerated");
    let mut run = Run::default();
    // Reads share one app; each writing route gets its own, so that writes cannot mask each other.
    let shared = TestApp::spawn(engine).await;
    let shared_fx = fixture::load(&shared).await;
    for def in &routes {
        if def.method == Method::GET {
            probe_route(&shared, &shared_fx, def, &mut run).await;
        } else {
            let app = TestApp::spawn(engine).await;
            let fx = fixture::load(&app).await;
            probe_route(&app, &fx, def, &mut run).await;
        }
    }
    // A marker no answer ever showed, even to those who may see it, would check nothing.
    for what in probe_lists::kinds(&shared_fx).difference(&run.seen) {
        run.failures.push(format!("no answer showed a {what} to anyone: its marker is not one"));
    }
    eprintln!("probe ({}): {} routes, {} requests", if api { "API" } else { "pages" }, routes.len(), run.requests);
    assert!(run.failures.is_empty(), "{} probe failures:\n{}", run.failures.len(), run.failures.join("\n"));
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
