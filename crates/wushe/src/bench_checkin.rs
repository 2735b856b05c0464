//! Prepares the concurrent check-in benchmark on a database holding imported volunteers: an
//! account and a signed-in session for each of `count` volunteers, one published activity that
//! starts in ten minutes with a volunteer place for each, and every one of them signed up. Prints
//! the activity, a staff token (to read the check-in code) and the volunteers' tokens as JSON, for
//! `scripts/bench-checkins.sh` to drive the server with.

use std::process::ExitCode;

use wushe_domain::Role;
use wushe_domain::account::{AccountInput, NewAccount};
use wushe_domain::activity::{ActivityCategory, ActivityStatus, NewActivity, TargetGroup};
use wushe_store::activities::{self, Signer};
use wushe_store::{Db, Scope, StoreError, accounts, now_ms, sessions, volunteers};
use wushe_web::auth::{random_token, token_hash};

const PASSWORD: &str = "bench-check-ins-2026";

pub async fn prepare(db: &Db, count: usize) -> Result<ExitCode, String> {
    let all = Scope::all();
    let err = |e: &dyn std::fmt::Display| e.to_string();
    // A few more than needed: a volunteer whose phone already has an account (the demo's) is passed over.
    let (found, _) =
        volunteers::list(db, &all, &volunteers::Filter::default(), 0, count as i64 + 100).await.map_err(|e| err(&e))?;
    let hash = wushe_domain::password::hash(PASSWORD).map_err(|e| err(&e))?;
    let session = |account| async move {
        let token = random_token().map_err(|e| err(&e))?;
        let csrf = random_token().map_err(|e| err(&e))?;
        sessions::create(db, &token_hash(&token), account, &csrf).await.map_err(|e| err(&e))?;
        Ok::<_, String>(token)
    };
    let staff = account(db, "bench.staff", Role::PlatformAdmin, "50", None, &hash)
        .await?
        .ok_or("bench.staff has no phone to collide")?;
    let staff_token = session(staff).await?;
    let first = &found[0];
    let new = NewActivity {
        title: "并发签到基准活动".into(),
        category: ActivityCategory::Volunteering,
        region: first.region_code.clone(),
        place: "社区广场".into(),
        starts_at: now_ms() + 10 * 60_000,
        ends_at: now_ms() + 130 * 60_000,
        participant_places: 1,
        volunteer_places: count as i64,
        target_groups: vec![TargetGroup::All],
        partners: Vec::new(),
        description: String::new(),
    };
    let a = activities::create(db, &all, &new, None, None).await.map_err(|e| err(&e))?;
    activities::set_status(db, &all, a.id, ActivityStatus::Published, None).await.map_err(|e| err(&e))?;
    let (mut tokens, mut ids) = (Vec::with_capacity(count), Vec::with_capacity(count));
    for (i, v) in found.iter().enumerate() {
        if tokens.len() == count {
            break;
        }
        let phone = v.phone.clone().ok_or_else(|| format!("volunteer {} has no phone", v.id))?;
        let region = v.region_code.as_str();
        let Some(id) = account(db, &format!("bench.v{i}"), Role::Volunteer, region, Some(phone), &hash).await? else {
            continue;
        };
        tokens.push(session(id).await?);
        ids.push(v.id.to_string());
        activities::sign_up(db, a.id, Signer::Volunteer(v.id), Some(id)).await.map_err(|e| err(&e))?;
    }
    if tokens.len() < count {
        return Err(format!(
            "only {} volunteers without an account in the database; import {count} first",
            tokens.len()
        ));
    }
    let out = as_json(&a.id.to_string(), &staff_token, &tokens, &ids);
    println!("{out}");
    Ok(ExitCode::SUCCESS)
}

async fn account(
    db: &Db,
    username: &str,
    role: Role,
    region: &str,
    phone: Option<String>,
    hash: &str,
) -> Result<Option<wushe_domain::AccountId>, String> {
    let input = AccountInput {
        username: username.into(),
        display_name: username.into(),
        phone,
        role: role.key().into(),
        region: region.into(),
        password: PASSWORD.into(),
        ..Default::default()
    };
    let new = NewAccount::parse(&input).map_err(|e| e.message(wushe_domain::Lang::En))?;
    match accounts::create(db, &Scope::all(), &new, hash, false, None).await {
        Ok(a) => Ok(Some(a.id)),
        Err(StoreError::Field(f)) if f.field == wushe_domain::Field::Phone => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// The tokens are URL-safe base64 and the ids UUIDs: nothing in them needs escaping. The
/// volunteers' ids are in the tokens' order, for a check of whose check-in was kept.
fn as_json(activity: &str, staff: &str, tokens: &[String], volunteers: &[String]) -> String {
    let list = |xs: &[String]| xs.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(",");
    format!(
        "{{\"activity\":\"{activity}\",\"staff\":\"{staff}\",\"tokens\":[{}],\"volunteers\":[{}]}}",
        list(tokens),
        list(volunteers)
    )
}
