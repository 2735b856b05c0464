//! Accounts. Lookups for login are by name or by the keyed hash of a phone number; everything
//! else is scoped.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::account::{AccountStatus, LOCKOUT_MS, MAX_FAILED_LOGINS, NewAccount};
use wushe_domain::authz::Actor;
use wushe_domain::{
    AccountId, Field, FieldError, Lang, OrganizationId, Reason, RegionCode, RegionPath, Role, ServicePointId,
};

use crate::audit::{self, Event, Outcome};
use crate::crypto::at;
use crate::error::is_unique_violation;
use crate::{Db, Result, Scope, StoreError, now_ms, regions, service_points};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub username: String,
    pub display_name: String,
    /// In clear inside the process only; every view masks it.
    pub phone: Option<String>,
    pub role: Role,
    pub region_code: RegionCode,
    pub region_name: String,
    pub region_path: RegionPath,
    pub service_point_id: Option<ServicePointId>,
    /// For organization staff: the organization they speak for.
    pub organization_id: Option<OrganizationId>,
    pub must_change_password: bool,
    /// A confirmed second factor (TOTP) is in force: sign-in asks for a code.
    pub second_factor: bool,
    pub status: AccountStatus,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    pub locale: Option<Lang>,
    pub created_at: i64,
}

impl Account {
    pub fn actor(&self) -> Actor {
        Actor { id: self.id, role: self.role, region: self.region_code.clone(), scope: self.region_path.clone() }
    }

    pub fn is_locked(&self, now: i64) -> bool {
        self.locked_until.is_some_and(|t| t > now)
    }
}

pub(crate) const SELECT: &str = "SELECT a.id, a.username, a.display_name, a.phone, a.role, a.region_code, r.name AS region_name, \
    r.path AS region_path, a.service_point_id, a.organization_id, a.must_change_password, a.status, a.failed_logins, a.locked_until, \
    a.locale, a.created_at, a.password_hash, sf.confirmed_at AS second_factor_at FROM accounts a \
    JOIN regions r ON r.code = a.region_code LEFT JOIN second_factors sf ON sf.id = a.id";

pub(crate) fn decode(db: &Db, r: &AnyRow) -> Result<Account> {
    let id: String = r.try_get("id")?;
    let bad = |what: &str| StoreError::corrupt(format!("account {id}: bad {what}"));
    let sealed: Option<String> = r.try_get("phone")?;
    let sp: Option<String> = r.try_get("service_point_id")?;
    let locale: Option<String> = r.try_get("locale")?;
    Ok(Account {
        id: id.parse().map_err(|_| bad("id"))?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        phone: sealed.and_then(|s| db.open_shown(at("accounts", "phone", &id), &s)),
        role: Role::parse(&r.try_get::<String, _>("role")?).map_err(|_| bad("role"))?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        region_name: r.try_get("region_name")?,
        region_path: RegionPath::from_stored(r.try_get("region_path")?).ok_or_else(|| bad("path"))?,
        service_point_id: sp.map(|s| s.parse().map_err(|_| bad("service point"))).transpose()?,
        organization_id: r
            .try_get::<Option<String>, _>("organization_id")?
            .map(|s| s.parse().map_err(|_| bad("organization")))
            .transpose()?,
        must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
        second_factor: r.try_get::<Option<i64>, _>("second_factor_at")?.is_some(),
        status: AccountStatus::parse(&r.try_get::<String, _>("status")?).ok_or_else(|| bad("status"))?,
        failed_logins: r.try_get("failed_logins")?,
        locked_until: r.try_get("locked_until")?,
        locale: locale.as_deref().and_then(Lang::parse),
        created_at: r.try_get("created_at")?,
    })
}

/// The account a login name refers to (user name, or phone number), with its password hash.
/// Unscoped: nobody is signed in yet.
pub async fn find_for_login(db: &Db, login: &str) -> Result<Option<(Account, String)>> {
    let login = login.trim();
    let by_phone = wushe_domain::validate::phone(Field::Username, login).ok();
    let (sql, key) = match by_phone {
        Some(p) => (format!("{SELECT} WHERE a.phone_index = $1"), db.crypto.index("phone", &p)),
        None => (format!("{SELECT} WHERE a.username = $1"), login.to_ascii_lowercase()),
    };
    let row = sqlx::query(&sql).bind(key).fetch_optional(&db.pool).await?;
    match row {
        None => Ok(None),
        Some(r) => Ok(Some((decode(db, &r)?, r.try_get("password_hash")?))),
    }
}

/// The account behind a session, unscoped: the session proves who is asking.
pub async fn get_self(db: &Db, id: AccountId) -> Result<Option<(Account, String)>> {
    let sql = format!("{SELECT} WHERE a.id = $1");
    let row = sqlx::query(&sql).bind(id.to_string()).fetch_optional(&db.pool).await?;
    match row {
        None => Ok(None),
        Some(r) => Ok(Some((decode(db, &r)?, r.try_get("password_hash")?))),
    }
}

pub async fn get(db: &Db, scope: &Scope, id: AccountId) -> Result<Option<Account>> {
    let sql = format!("{SELECT} WHERE a.id = $1 AND r.path >= $2 AND r.path < $3");
    let row = sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?;
    row.map(|r| decode(db, &r)).transpose()
}

/// Where an account is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: AccountId) -> Result<Option<RegionCode>> {
    get(db, &Scope::all(), id).await.map(|a| a.map(|a| a.region_code))
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub role: Option<Role>,
    pub status: Option<AccountStatus>,
    pub name: Option<String>,
}

pub async fn list(db: &Db, scope: &Scope, filter: &Filter, offset: i64, limit: i64) -> Result<(Vec<Account>, i64)> {
    let cond = "WHERE r.path >= $1 AND r.path < $2 AND ($3 = '' OR a.role = $3) AND ($4 = '' OR a.status = $4) \
                AND ($5 = '' OR a.username LIKE $6 OR a.display_name LIKE $6)";
    let name = filter.name.clone().unwrap_or_default();
    let like = format!("%{}%", name.replace(['%', '_'], ""));
    let role = filter.role.map(|r| r.key()).unwrap_or("");
    let status = filter.status.map(|s| s.key()).unwrap_or("");
    let sql = format!("{SELECT} {cond} ORDER BY a.region_code, a.username LIMIT $7 OFFSET $8");
    let rows = sqlx::query(&sql)
        .bind(scope.lo())
        .bind(scope.hi())
        .bind(role)
        .bind(status)
        .bind(name.as_str())
        .bind(like.as_str())
        .bind(limit)
        .bind(offset)
        .fetch_all(&db.pool)
        .await?;
    let count_sql = format!("SELECT COUNT(*) AS n FROM accounts a JOIN regions r ON r.code = a.region_code {cond}");
    let total: i64 = sqlx::query(&count_sql)
        .bind(scope.lo())
        .bind(scope.hi())
        .bind(role)
        .bind(status)
        .bind(name.as_str())
        .bind(like.as_str())
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    Ok((rows.iter().map(|r| decode(db, r)).collect::<Result<_>>()?, total))
}

/// Creates an account in scope. The home region must suit the role, and a home service point
/// must sit on that region. `by` is `None` only for the command line and the demo.
pub async fn create(
    db: &Db,
    scope: &Scope,
    new: &NewAccount,
    password_hash: &str,
    must_change_password: bool,
    by: Option<AccountId>,
) -> Result<Account> {
    let region = regions::get(db, scope, &new.region).await?.ok_or(FieldError::new(Field::Region, Reason::NotFound))?;
    if let Some(level) = new.role.home_level()
        && region.level != level
    {
        let expected = level.label(Lang::Zh);
        let expected_en = level.label(Lang::En);
        return Err(FieldError::new(Field::Region, Reason::WrongLevel { expected, expected_en }).into());
    }
    if let Some(sp) = new.service_point {
        let point = service_points::get(db, scope, sp).await?;
        if point.is_none_or(|p| p.region_code != new.region) {
            return Err(FieldError::new(Field::ServicePoint, Reason::NotFound).into());
        }
    }
    if let Some(o) = new.organization
        && crate::organizations::get(db, scope, o).await?.is_none()
    {
        return Err(FieldError::new(Field::Organization, Reason::NotFound).into());
    }
    let id = AccountId::new();
    let now = now_ms();
    let phone =
        new.phone.as_deref().map(|p| db.crypto.seal_in(at("accounts", "phone", &id.to_string()), p)).transpose()?;
    let phone_index = new.phone.as_deref().map(|p| db.crypto.index("phone", p));
    let mut tx = db.begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO accounts (id, username, display_name, phone, phone_index, role, region_code, service_point_id, \
         organization_id, password_hash, must_change_password, status, failed_logins, locked_until, locale, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'active', 0, NULL, NULL, $12, $12)",
    )
    .bind(id.to_string())
    .bind(new.username.as_str())
    .bind(new.display_name.as_str())
    .bind(phone)
    .bind(phone_index)
    .bind(new.role.key())
    .bind(new.region.as_str())
    .bind(new.service_point.map(|s| s.to_string()))
    .bind(new.organization.map(|o| o.to_string()))
    .bind(password_hash)
    .bind(i64::from(must_change_password))
    .bind(now)
    .execute(&mut *tx)
    .await;
    if let Err(e) = inserted {
        if is_unique_violation(&e, "accounts_username_key", "accounts.username") {
            return Err(FieldError::new(Field::Username, Reason::Taken).into());
        }
        if is_unique_violation(&e, "accounts_phone_index_key", "accounts.phone_index") {
            return Err(FieldError::new(Field::Phone, Reason::Taken).into());
        }
        return Err(e.into());
    }
    let event = Event::new(by, "account.create", "account")
        .id(id)
        .region(&new.region)
        .detail(serde_json::json!({ "username": new.username, "role": new.role.key() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    get(db, scope, id).await?.ok_or_else(|| StoreError::corrupt("account vanished after insert"))
}

/// Enables or disables an account in scope. Disabling ends its sessions.
pub async fn set_status(
    db: &Db,
    scope: &Scope,
    id: AccountId,
    status: AccountStatus,
    by: AccountId,
) -> Result<Option<Account>> {
    let Some(before) = get(db, scope, id).await? else {
        return Ok(None);
    };
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE accounts SET status = $1, failed_logins = 0, locked_until = NULL, updated_at = $2 WHERE id = $3 \
         AND region_code IN (SELECT code FROM regions WHERE path >= $4 AND path < $5)",
    )
    .bind(status.key())
    .bind(now_ms())
    .bind(id.to_string())
    .bind(scope.lo())
    .bind(scope.hi())
    .execute(&mut *tx)
    .await?;
    if status == AccountStatus::Disabled {
        sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(id.to_string()).execute(&mut *tx).await?;
    }
    let action = if status == AccountStatus::Active { "account.enable" } else { "account.disable" };
    audit::append(&mut tx, &Event::new(Some(by), action, "account").id(id).region(&before.region_code)).await?;
    tx.commit().await?;
    get(db, scope, id).await
}

/// Sets a new password for an account in scope that its holder must change at next login, and
/// ends its sessions.
pub async fn reset_password(
    db: &Db,
    scope: &Scope,
    id: AccountId,
    password_hash: &str,
    by: AccountId,
) -> Result<Option<Account>> {
    let Some(before) = get(db, scope, id).await? else {
        return Ok(None);
    };
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE accounts SET password_hash = $1, must_change_password = 1, failed_logins = 0, locked_until = NULL, \
         updated_at = $2 WHERE id = $3 AND region_code IN (SELECT code FROM regions WHERE path >= $4 AND path < $5)",
    )
    .bind(password_hash)
    .bind(now_ms())
    .bind(id.to_string())
    .bind(scope.lo())
    .bind(scope.hi())
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(id.to_string()).execute(&mut *tx).await?;
    audit::append(
        &mut tx,
        &Event::new(Some(by), "account.reset_password", "account").id(id).region(&before.region_code),
    )
    .await?;
    tx.commit().await?;
    get(db, scope, id).await
}

/// The holder changes their own password; other sessions of the account end.
pub async fn change_own_password(db: &Db, account: &Account, password_hash: &str, keep_session: &str) -> Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE accounts SET password_hash = $1, must_change_password = 0, updated_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(now_ms())
        .bind(account.id.to_string())
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2")
        .bind(account.id.to_string())
        .bind(keep_session)
        .execute(&mut *tx)
        .await?;
    let event =
        Event::new(Some(account.id), "account.change_password", "account").id(account.id).region(&account.region_code);
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_locale(db: &Db, id: AccountId, lang: Lang) -> Result<()> {
    sqlx::query("UPDATE accounts SET locale = $1 WHERE id = $2")
        .bind(lang.code())
        .bind(id.to_string())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Records failed login number `n` (taken by [`crate::login_guard::take_for_account`] before
/// the password was checked); the fifth in a row locks the account for a while. Both are
/// audited. Returns whether the account is now locked.
pub async fn record_failed_login(db: &Db, account: &Account, n: i64) -> Result<bool> {
    record_failure(db, account, n, serde_json::json!({ "failures": n })).await
}

/// [`record_failed_login`] with the detail the audit event carries (which step failed).
pub async fn record_failure(db: &Db, account: &Account, n: i64, detail: serde_json::Value) -> Result<bool> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let locked = n >= MAX_FAILED_LOGINS;
    let event = Event::new(None, "account.login", "account")
        .id(account.id)
        .region(&account.region_code)
        .outcome(Outcome::Failed)
        .detail(detail);
    audit::append(&mut tx, &event).await?;
    if locked {
        sqlx::query("UPDATE accounts SET locked_until = $1, failed_logins = 0 WHERE id = $2")
            .bind(now + LOCKOUT_MS)
            .bind(account.id.to_string())
            .execute(&mut *tx)
            .await?;
        let event = Event::new(None, "account.lockout", "account")
            .id(account.id)
            .region(&account.region_code)
            .outcome(Outcome::Failed)
            .detail(serde_json::json!({ "until": now + LOCKOUT_MS }));
        audit::append(&mut tx, &event).await?;
    }
    tx.commit().await?;
    Ok(locked)
}

/// A successful login clears the failure count and is audited.
pub async fn record_login(db: &Db, account: &Account) -> Result<()> {
    record_login_with(db, account, serde_json::Value::Null).await
}

/// [`record_login`] with the detail the audit event carries (the second factor used).
pub async fn record_login_with(db: &Db, account: &Account, detail: serde_json::Value) -> Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1")
        .bind(account.id.to_string())
        .execute(&mut *tx)
        .await?;
    let event = Event::new(Some(account.id), "account.login", "account")
        .id(account.id)
        .region(&account.region_code)
        .detail(detail);
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(())
}
