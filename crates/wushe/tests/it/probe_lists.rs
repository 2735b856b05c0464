//! What a list may carry: nothing from outside the reader's area. Every record the fixture
//! plants (in the reader's region, a sibling's, a parent's and another province's) is known by
//! texts that appear only in its own answers — its name, its marker and its id — and a list
//! body, JSON or HTML, must hold none of those of a record outside the reader's area, whether
//! the list is asked for plainly or with `?region=` naming another area.

use std::collections::BTreeSet;

use axum::http::Method;
use wushe_domain::RegionPath;
use wushe_testkit::fixture::Fixture;
use wushe_testkit::fixture::FxMarked;
use wushe_testkit::{Session, TestApp};

/// One planted record: what it is, where it lives, the texts that betray it.
struct Planted {
    what: &'static str,
    path: RegionPath,
    /// Its name or marker, and its id: found in a body, each betrays the record.
    needles: Vec<String>,
    /// Which of the needles are ids.
    ids: Vec<String>,
    /// Shown by the public pages to anyone (published activities, open wishes, funds' sums).
    public: bool,
    /// Read by everyone below its region, not only above it: a fund serves its whole area.
    serves_below: bool,
    /// Named on the records below its region it acts on: an account (who published a wish),
    /// an organization (the one a volunteer belongs to, those serving a need's village).
    acts: bool,
}

/// Ids long enough to name one record; sequence numbers are not.
fn id_needle(id: &str) -> Option<String> {
    (id.len() >= 16).then(|| id.to_owned())
}

fn marked(what: &'static str, records: &[FxMarked], public: bool, serves_below: bool) -> Vec<Planted> {
    records
        .iter()
        .map(|m| {
            let ids: Vec<String> = id_needle(&m.id).into_iter().collect();
            let mut needles = ids.clone();
            needles.extend((!m.marker.is_empty()).then(|| m.marker.clone()));
            Planted { what, path: m.path.clone(), needles, ids, public, serves_below, acts: false }
        })
        .collect()
}

fn planted(fx: &Fixture) -> Vec<Planted> {
    let one = |what, path: &RegionPath, text: String, id: Option<String>| Planted {
        what,
        path: path.clone(),
        needles: [Some(text), id.clone()].into_iter().flatten().collect(),
        ids: id.into_iter().collect(),
        public: false,
        serves_below: false,
        acts: what == "account" || what == "organization",
    };
    let mut out = Vec::new();
    out.extend(fx.points.iter().map(|p| one("point", &p.path, p.name.clone(), Some(p.id.to_string()))));
    out.extend(fx.accounts.iter().map(|a| one("account", &a.path, format!("{}名", a.username), None)));
    out.extend(fx.donors.iter().map(|d| one("donor", &d.path, d.name.clone(), Some(d.id.to_string()))));
    out.extend(fx.workers.iter().map(|w| one("social worker", &w.path, w.name.clone(), Some(w.id.to_string()))));
    out.extend(fx.residents.iter().map(|r| one("resident", &r.path, r.name.clone(), Some(r.id.to_string()))));
    out.extend(fx.volunteers.iter().map(|v| one("volunteer", &v.path, v.name.clone(), Some(v.id.to_string()))));
    out.extend(fx.tasks.iter().map(|t| one("task", &t.path, t.title.clone(), Some(t.id.to_string()))));
    out.extend(fx.needs.iter().map(|n| one("need", &n.path, n.description.clone(), Some(n.id.to_string()))));
    out.extend(fx.organizations.iter().map(|o| one("organization", &o.path, o.name.clone(), Some(o.id.to_string()))));
    out.extend(marked("referral", &fx.referrals, false, false));
    out.extend(marked("service record", &fx.services, false, false));
    out.extend(marked("activity", &fx.activities, true, false));
    out.extend(marked("activity photo", &fx.photos, false, false));
    out.extend(marked("hours entry", &fx.hours, false, false));
    out.extend(marked("hours request", &fx.hours_requests, false, false));
    out.extend(marked("certificate", &fx.certificates, false, false));
    out.extend(marked("hours correction", &fx.corrections, false, false));
    out.extend(marked("fund", &fx.funds, true, true));
    out.extend(marked("donation", &fx.donations, false, false));
    out.extend(marked("grant", &fx.grants, false, false));
    out.extend(marked("wish", &fx.wishes, true, false));
    out.extend(marked("relief", &fx.relief, false, false));
    out.extend(marked("relief document", &fx.relief_documents, false, false));
    out
}

/// What `body` (an answer to `route`) shows that a reader of area `area` may not see; `None`
/// is a client with no session, who sees only what is public. `record`: the answer is about
/// one record in the reader's area (its page, or a form on it), not a list.
pub(crate) fn leaks(fx: &Fixture, area: Option<&RegionPath>, record: bool, body: &str, route: &str) -> Vec<String> {
    let public_route = route.contains("/public/");
    // The audit log names the path a refused request asked for, with whatever id someone in the
    // area typed into it: it is searched for what a record holds, not for ids.
    let typed_ids = route.ends_with("/audit");
    let mut out = Vec::new();
    for p in planted(fx) {
        let visible = match area {
            Some(a) => a.contains(&p.path) || ((p.serves_below || (record && p.acts)) && p.path.contains(a)),
            None => false,
        };
        if visible || (public_route && p.public) {
            continue;
        }
        let shown = |n: &&String| body.contains(n.as_str()) && !(typed_ids && p.ids.contains(*n));
        for n in p.needles.iter().filter(shown) {
            out.push(format!("leaks {} {n} (at {})", p.what, p.path));
        }
    }
    let numbers = fx.volunteers.iter().map(|v| &v.id_number).chain(fx.residents.iter().map(|r| &r.id_number));
    out.extend(numbers.filter(|n| body.contains(n.as_str())).map(|n| format!("shows the ID number {n} in full")));
    out
}

/// The kinds of planted record whose texts `body` shows: what the lists were seen to carry, so
/// that a marker no list ever shows cannot pass for a check.
pub(crate) fn shown_kinds(fx: &Fixture, body: &str) -> BTreeSet<&'static str> {
    planted(fx).into_iter().filter(|p| p.needles.iter().any(|n| body.contains(n.as_str()))).map(|p| p.what).collect()
}

/// Every kind of planted record.
pub(crate) fn kinds(fx: &Fixture) -> BTreeSet<&'static str> {
    planted(fx).into_iter().map(|p| p.what).collect()
}

/// Regions a list may be asked about: a sibling district, a sibling township, a village of the
/// sibling district, another province, and the country.
pub(crate) const ASKED: [&str; 5] = ["500102", "500101017", "500102006001", "11", "CN"];

/// Reads the list at `route` with `?region=` naming each of `ASKED`; returns every leak.
pub(crate) async fn foreign_regions(
    app: &TestApp,
    fx: &Fixture,
    route: &str,
    area: &RegionPath,
    s: &Session,
) -> Vec<String> {
    let mut out = Vec::new();
    for code in ASKED {
        let path = format!("{route}?region={code}");
        let res = if route.starts_with("/api/") {
            app.api(Method::GET, &path, Some(s), None).await
        } else {
            app.get(&path, Some(s)).await
        };
        if res.status.is_server_error() {
            out.push(format!("GET {path} from {area}: {} ({})", res.status, res.text()));
        }
        out.extend(
            leaks(fx, Some(area), false, &crate::bodies::readable(&res.body), route)
                .into_iter()
                .map(|l| format!("GET {path} from {area}: {l}")),
        );
    }
    out
}
