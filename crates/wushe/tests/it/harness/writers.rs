//! Clients on threads of their own, each with its own runtime and connections, writing until told
//! to stop, and keeping what the server acknowledged. A request that got no answer (the server
//! was killed under it) is uncertain: a donation's key is sent again later, and the server must
//! then answer the first donation or make it once; nothing else uncertain is counted either way.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::{Value, json};

use super::install::Installation;

/// What every client needs: tokens, the fund, a resident, the activity.
#[derive(Clone)]
pub struct Plan {
    pub base: String,
    pub station: String,
    pub fund_keeper: String,
    pub fund: String,
    pub resident: String,
    pub region: String,
    pub activity: String,
    pub staff: String,
    pub volunteers: Vec<String>,
    pub volunteer_ids: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Acked {
    pub records: Vec<String>,
    /// Idempotency key and the donation it made.
    pub donations: Vec<(String, String)>,
    /// Volunteers (indexes into the plan) whose check-in was answered.
    pub check_ins: BTreeSet<usize>,
    /// Donation keys sent without an answer, to send again.
    pub uncertain: Vec<String>,
    /// Keys sent again, and how many of those the server answered with the donation it had
    /// already made (the first request was written, its answer lost in the kill).
    pub resent: usize,
    pub replayed: usize,
    /// Answers that were neither success nor the database being away: each is a failure.
    pub wrong: Vec<String>,
}

async fn sign_in(client: &reqwest::Client, base: &str, login: &str) -> String {
    let res = client
        .post(format!("{base}/api/v1/session"))
        .json(&json!({"login": login, "password": "wushe-demo-2026"}))
        .send()
        .await
        .expect("sign in");
    let body: Value = res.json().await.expect("json");
    body["token"].as_str().unwrap_or_else(|| panic!("no token for {login}: {body}")).to_owned()
}

async fn get(client: &reqwest::Client, url: String, token: &str) -> Value {
    client.get(url).bearer_auth(token).send().await.expect("get").json().await.expect("json")
}

impl Plan {
    /// Reads what the writers need from the served demo.
    pub fn read(inst: &Installation) -> Plan {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async {
            let (client, base) = (reqwest::Client::new(), inst.base());
            let station = sign_in(&client, &base, "wz.station").await;
            let fund_keeper = sign_in(&client, &base, "cq.admin").await;
            let funds = get(&client, format!("{base}/api/v1/funds"), &fund_keeper).await;
            let fund = funds.as_array().expect("funds").iter().find(|f| f["care"] == false).expect("a relief fund");
            let residents = get(&client, format!("{base}/api/v1/residents?limit=1"), &station).await;
            let resident = &residents["items"][0];
            assert!(resident.is_object(), "the demo has residents: {residents}");
            let seed = &inst.seed;
            Plan {
                base,
                station,
                fund_keeper,
                fund: fund["id"].as_str().expect("id").to_owned(),
                resident: resident["id"].as_str().expect("id").to_owned(),
                region: resident["region_code"].as_str().expect("region").to_owned(),
                activity: seed["activity"].as_str().expect("activity").to_owned(),
                staff: seed["staff"].as_str().expect("staff").to_owned(),
                volunteers: seed["tokens"]
                    .as_array()
                    .expect("tokens")
                    .iter()
                    .map(|t| t.as_str().expect("token").to_owned())
                    .collect(),
                volunteer_ids: seed["volunteers"]
                    .as_array()
                    .expect("volunteers")
                    .iter()
                    .map(|t| t.as_str().expect("id").to_owned())
                    .collect(),
            }
        })
    }
}

pub struct Writers {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

/// The next volunteer who has not yet scanned, shared by every client of the whole run.
pub type NextVolunteer = Arc<AtomicUsize>;

impl Writers {
    pub fn start(plan: &Plan, clients: usize, acked: &Arc<Mutex<Acked>>, next: &NextVolunteer) -> Writers {
        let stop = Arc::new(AtomicBool::new(false));
        let threads = (0..clients)
            .map(|i| {
                let (plan, acked, next, stop) = (plan.clone(), acked.clone(), next.clone(), stop.clone());
                std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                    rt.block_on(client(i, plan, acked, next, stop));
                })
            })
            .collect();
        Writers { stop, threads }
    }

    pub fn stop(self) {
        self.stop.store(true, Ordering::SeqCst);
        for t in self.threads {
            t.join().expect("a writer thread panicked");
        }
    }
}

fn now_text(offset_ms: i64) -> String {
    let ms = wushe_store::now_ms() + offset_ms;
    let t = time::OffsetDateTime::from_unix_timestamp(ms / 1000 + 8 * 3600).expect("time");
    format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

/// A status that says "the database is away, try again", which is not a failure while it is.
fn unavailable(status: u16) -> bool {
    status == 503
}

async fn client(i: usize, plan: Plan, acked: Arc<Mutex<Acked>>, next: NextVolunteer, stop: Arc<AtomicBool>) {
    // No keep-alive pool between attempts: a killed server leaves dead connections behind.
    let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().expect("client");
    let mut n = 0usize;
    while !stop.load(Ordering::SeqCst) {
        n += 1;
        let answered = match (i + n) % 3 {
            0 => record(&http, &plan, &acked).await,
            1 => donate(&http, &plan, &acked, format!("c{i}-{}-{n}", wushe_store::now_ms())).await,
            _ => check_in(&http, &plan, &acked, &next).await,
        };
        if !answered {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

fn wrong(acked: &Mutex<Acked>, what: String) {
    acked.lock().expect("lock").wrong.push(what);
}

/// Whether the server answered at all.
async fn record(http: &reqwest::Client, plan: &Plan, acked: &Mutex<Acked>) -> bool {
    let body = json!({"kind": "phone", "region": plan.region, "served_at": now_text(-60_000), "minutes": "5",
        "residents": [plan.resident]});
    let sent = http.post(format!("{}/api/v1/service-records", plan.base)).bearer_auth(&plan.station).json(&body).send();
    let Ok(res) = sent.await else { return false };
    let status = res.status().as_u16();
    let Ok(v) = res.json::<Value>().await else { return false };
    match status {
        201 => acked.lock().expect("lock").records.push(v["id"].as_str().expect("id").to_owned()),
        s if unavailable(s) => return false,
        s => wrong(acked, format!("service record: {s} {v}")),
    }
    true
}

async fn donate(http: &reqwest::Client, plan: &Plan, acked: &Mutex<Acked>, fresh: String) -> bool {
    let again = acked.lock().expect("lock").uncertain.pop();
    let resending = again.is_some();
    let key = again.unwrap_or(fresh);
    let sent = http
        .post(format!("{}/api/v1/funds/{}/donations", plan.base, plan.fund))
        .bearer_auth(&plan.fund_keeper)
        .header("Idempotency-Key", &key)
        .json(&json!({"amount": "1.00"}))
        .send();
    let answer = match sent.await {
        Ok(res) => {
            let status = res.status().as_u16();
            res.json::<Value>().await.ok().map(|v| (status, v))
        }
        Err(_) => None,
    };
    let mut a = acked.lock().expect("lock");
    match answer {
        Some((s @ (200 | 201), v)) => {
            if resending {
                a.resent += 1;
                a.replayed += usize::from(s == 200);
            }
            a.donations.push((key, v["id"].as_str().expect("id").to_owned()));
        }
        Some((s, v)) if !unavailable(s) => a.wrong.push(format!("donation {key}: {s} {v}")),
        _ => {
            a.uncertain.push(key);
            return false;
        }
    }
    true
}

async fn check_in(http: &reqwest::Client, plan: &Plan, acked: &Mutex<Acked>, next: &NextVolunteer) -> bool {
    let v = next.fetch_add(1, Ordering::SeqCst);
    let Some(token) = plan.volunteers.get(v) else { return true };
    let code =
        http.get(format!("{}/api/v1/activities/{}/code", plan.base, plan.activity)).bearer_auth(&plan.staff).send();
    let Ok(code) = code.await else { return false };
    let Ok(code) = code.json::<Value>().await else { return false };
    let Some(code) = code["code"].as_str() else { return false };
    let body = json!({"activity": plan.activity, "code": code});
    // A scan toggles in and out, so one left unanswered is never sent again: that volunteer is
    // not counted either way.
    let Ok(res) = http.post(format!("{}/api/v1/check-in", plan.base)).bearer_auth(token).json(&body).send().await
    else {
        return false;
    };
    let status = res.status().as_u16();
    let Ok(body) = res.json::<Value>().await else { return false };
    match status {
        200 => {
            acked.lock().expect("lock").check_ins.insert(v);
        }
        s if unavailable(s) => return false,
        s => wrong(acked, format!("check-in: {s} {body}")),
    }
    true
}
