//! Messages (消息): written in the transaction of the event that makes them, to exactly the
//! accounts that can act on it and whose area holds the record, so none is lost, doubled or sent
//! to a neighbouring region. Listing reads one account's rows by index, newest first, a page at a
//! time from a cursor, so an account with 100,000 messages lists as fast as one with ten.

use sqlx::{Any, Row, Transaction};
use wushe_domain::message::MessageKind;
use wushe_domain::{AccountId, Lang, OrganizationId, RegionCode, ServicePointLevel, SocialWorkerId, VolunteerId};

use crate::{Db, Result};

/// Who a message is for. Every receiver is an active account whose region holds the record's.
#[derive(Debug, Clone, Copy)]
pub enum To {
    /// The staff of the service point level that holds the record (room, station or centre).
    Level(ServicePointLevel),
    /// The staff of an organization.
    Organization(OrganizationId),
    /// The account of a volunteer (tied by phone, as everywhere).
    Volunteer(VolunteerId),
    /// The account of a social worker.
    SocialWorker(SocialWorkerId),
    /// Those who may approve a payment from a fund: its organization's staff when it has one,
    /// else the nearest centre staff or administrators over the record.
    Keepers(Option<OrganizationId>),
    /// Those who approve a back-entry of hours: the unit's staff when an organization recorded
    /// it, else the nearest staff of the network over the record.
    Approvers(Option<OrganizationId>),
}

/// One message to write.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    pub kind: MessageKind,
    pub subject: &'a str,
    /// The page the message opens.
    pub link: String,
    /// The region of the record the message is about.
    pub region: &'a RegionCode,
    /// The account whose action made the message: it is not told of its own act.
    pub by: Option<AccountId>,
}

fn receivers(to: To) -> (String, Option<String>) {
    // `$1` is the record's region; each query keeps accounts whose region path is a prefix of it.
    let within = "JOIN regions ar ON ar.code = a.region_code JOIN regions rr ON rr.code = $1 \
                  AND rr.path LIKE ar.path || '%'";
    let active = "a.status = 'active'";
    // A person's own account: the record and the account lie in one line of regions.
    let line = "JOIN regions rr ON rr.code = $1 AND (rr.path LIKE ar.path || '%' OR ar.path LIKE rr.path || '%')";
    match to {
        To::Level(level) => (
            format!("SELECT a.id FROM accounts a {within} WHERE {active} AND a.role = $2"),
            Some(wushe_domain::need::role_at(level).key().to_owned()),
        ),
        To::Organization(org) | To::Keepers(Some(org)) | To::Approvers(Some(org)) => (
            format!(
                "SELECT a.id FROM accounts a {within} WHERE {active} AND a.role = 'org_staff' AND a.organization_id = $2"
            ),
            Some(org.to_string()),
        ),
        // The nearest of them only: a district's fund is the district centre's to approve, not
        // every administrator's above it.
        To::Keepers(None) => (
            format!(
                "SELECT a.id FROM accounts a {within} WHERE {active} AND a.role IN ('center_staff', 'platform_admin') \
                 AND LENGTH(ar.path) = (SELECT MAX(LENGTH(br.path)) FROM accounts b \
                 JOIN regions br ON br.code = b.region_code AND rr.path LIKE br.path || '%' \
                 WHERE b.status = 'active' AND b.role IN ('center_staff', 'platform_admin'))"
            ),
            None,
        ),
        To::Approvers(None) => (
            format!(
                "SELECT a.id FROM accounts a {within} WHERE {active} \
                 AND a.role IN ('room_worker', 'station_staff', 'center_staff') \
                 AND LENGTH(ar.path) = (SELECT MAX(LENGTH(br.path)) FROM accounts b \
                 JOIN regions br ON br.code = b.region_code AND rr.path LIKE br.path || '%' \
                 WHERE b.status = 'active' AND b.role IN ('room_worker', 'station_staff', 'center_staff'))"
            ),
            None,
        ),
        To::Volunteer(v) => (
            format!(
                "SELECT a.id FROM volunteers x {} {line} WHERE {active} AND a.role = 'volunteer' AND x.id = $2",
                crate::persons::of_account("x")
            ),
            Some(v.to_string()),
        ),
        To::SocialWorker(w) => (
            format!(
                "SELECT a.id FROM social_workers x {} {line} \
                 WHERE {active} AND a.role IN ('room_worker', 'station_staff', 'center_staff') AND x.id = $2",
                crate::persons::of_account("x")
            ),
            Some(w.to_string()),
        ),
    }
}

/// Writes the message to everyone `to` names, in the event's transaction; returns how many.
pub async fn send(tx: &mut Transaction<'static, Any>, to: To, msg: &Outgoing<'_>, now: i64) -> Result<usize> {
    let (sql, arg) = receivers(to);
    let mut q = sqlx::query(&sql).bind(msg.region.as_str());
    if let Some(arg) = arg {
        q = q.bind(arg);
    }
    let rows = q.fetch_all(&mut **tx).await?;
    let by = msg.by.map(|a| a.to_string());
    let mut sent = 0;
    let mut seen = std::collections::HashSet::new();
    for r in rows {
        let account: String = r.try_get("id")?;
        if by.as_deref() == Some(account.as_str()) || !seen.insert(account.clone()) {
            continue;
        }
        sqlx::query(
            "INSERT INTO messages (id, account_id, region_code, kind, need_id, text, subject, link, created_at, \
             delivered_at, read_at) VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8, NULL, NULL)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(&account)
        .bind(msg.region.as_str())
        .bind(msg.kind.key())
        // The outbox sender (SMS) reads the Chinese sentence.
        .bind(msg.kind.text(msg.subject, Lang::Zh))
        .bind(msg.subject)
        .bind(&msg.link)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        sent += 1;
    }
    Ok(sent)
}

/// A message as its reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: String,
    pub kind: Option<MessageKind>,
    pub subject: Option<String>,
    /// The sentence as written, for messages from before kinds had subjects.
    pub text: String,
    pub link: Option<String>,
    pub created_at: i64,
    pub read: bool,
}

impl Message {
    pub fn text(&self, lang: Lang) -> String {
        match (self.kind, &self.subject) {
            (Some(kind), Some(subject)) => kind.text(subject, lang),
            _ => self.text.clone(),
        }
    }

    /// Where the list continues after this message.
    pub fn cursor(&self) -> String {
        format!("{}.{}", self.created_at, self.id)
    }
}

const COLUMNS: &str = "id, kind, need_id, text, subject, link, created_at, read_at";

fn decode(r: &sqlx::any::AnyRow) -> Result<Message> {
    let need: Option<String> = r.try_get("need_id")?;
    let link: Option<String> = r.try_get("link")?;
    Ok(Message {
        id: r.try_get("id")?,
        kind: MessageKind::parse(&r.try_get::<String, _>("kind")?).ok(),
        subject: r.try_get("subject")?,
        text: r.try_get("text")?,
        link: link.or(need.map(|n| format!("/needs/{n}"))),
        created_at: r.try_get("created_at")?,
        read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
    })
}

/// An account's messages, newest first, after `cursor` (from [`Message::cursor`]) when given.
pub async fn list(db: &Db, account: AccountId, cursor: Option<&str>, limit: i64) -> Result<Vec<Message>> {
    let after = cursor.and_then(|c| {
        let (at, id) = c.split_once('.')?;
        Some((at.parse::<i64>().ok()?, id.to_owned()))
    });
    let rows =
        match after {
            Some((at, id)) => {
                sqlx::query(&format!(
                    "SELECT {COLUMNS} FROM messages WHERE account_id = $1 AND (created_at, id) < ($2, $3) \
                 ORDER BY created_at DESC, id DESC LIMIT {limit}"
                ))
                .bind(account.to_string())
                .bind(at)
                .bind(id)
                .fetch_all(&db.pool)
                .await?
            }
            None => sqlx::query(&format!(
                "SELECT {COLUMNS} FROM messages WHERE account_id = $1 ORDER BY created_at DESC, id DESC LIMIT {limit}"
            ))
            .bind(account.to_string())
            .fetch_all(&db.pool)
            .await?,
        };
    rows.iter().map(decode).collect()
}

/// Marks one of the account's messages read and returns it; `None` when it is not theirs.
pub async fn open(db: &Db, account: AccountId, id: &str, now: i64) -> Result<Option<Message>> {
    sqlx::query("UPDATE messages SET read_at = $1 WHERE id = $2 AND account_id = $3 AND read_at IS NULL")
        .bind(now)
        .bind(id)
        .bind(account.to_string())
        .execute(&db.pool)
        .await?;
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM messages WHERE id = $1 AND account_id = $2"))
        .bind(id)
        .bind(account.to_string())
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(decode).transpose()
}

/// The region of a message, whoever it is for: to audit a probe into another's.
pub async fn region_of(db: &Db, id: &str) -> Result<Option<RegionCode>> {
    let row = sqlx::query("SELECT region_code FROM messages WHERE id = $1").bind(id).fetch_optional(&db.pool).await?;
    row.map(|r| {
        RegionCode::parse(&r.try_get::<String, _>("region_code")?)
            .map_err(|_| crate::StoreError::corrupt("message region"))
    })
    .transpose()
}

/// Marks all of an account's messages read.
pub async fn mark_all_read(db: &Db, account: AccountId, now: i64) -> Result<u64> {
    let done = sqlx::query("UPDATE messages SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL")
        .bind(now)
        .bind(account.to_string())
        .execute(&db.pool)
        .await?
        .rows_affected();
    Ok(done)
}

/// The header shows up to this many unread, then "99+".
pub const UNREAD_SHOWN: i64 = 99;

/// SQL for the unread count of the account aliased `a`, counting at most one past what is shown.
pub fn unread_column() -> String {
    format!(
        "(SELECT COUNT(*) FROM (SELECT 1 FROM messages m WHERE m.account_id = a.id AND m.read_at IS NULL LIMIT {}) u) \
         AS unread",
        UNREAD_SHOWN + 1
    )
}

/// An account's unread messages, counted to one past [`UNREAD_SHOWN`]: what the header shows.
pub async fn unread(db: &Db, account: AccountId) -> Result<i64> {
    let sql = format!("SELECT {} FROM accounts a WHERE a.id = $1", unread_column());
    Ok(sqlx::query(&sql).bind(account.to_string()).fetch_one(&db.pool).await?.try_get("unread")?)
}

/// Writes `count` delivered messages to one account, a minute apart from `start`, one in ten
/// unread, kinds in turn: the volume the benchmark of an inbox needs (`wushe bench messages`).
pub async fn write_many(db: &Db, account: AccountId, region: &RegionCode, count: usize, start: i64) -> Result<()> {
    let kinds = MessageKind::ALL;
    let all: Vec<usize> = (0..count).collect();
    for chunk in all.chunks(500) {
        let mut tx = db.begin_write().await?;
        for &i in chunk {
            let (kind, at) = (kinds[i % kinds.len()], start + i as i64 * 60_000);
            sqlx::query(
                "INSERT INTO messages (id, account_id, region_code, kind, need_id, text, subject, link, created_at, \
                 delivered_at, read_at) VALUES ($1, $2, $3, $4, NULL, $5, 'other', '/inbox', $6, $6, $7)",
            )
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(account.to_string())
            .bind(region.as_str())
            .bind(kind.key())
            .bind(kind.text("other", Lang::Zh))
            .bind(at)
            .bind(if i % 10 == 0 { None } else { Some(at) })
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// The outbox sender: passes undelivered messages on (for now, to the log: their kind and id,
/// never their text) and marks them delivered. Returns how many.
pub async fn deliver(db: &Db, now: i64) -> Result<u64> {
    let rows = sqlx::query("SELECT id, kind FROM messages WHERE delivered_at IS NULL ORDER BY created_at LIMIT 500")
        .fetch_all(&db.pool)
        .await?;
    let mut sent = 0;
    for r in rows {
        let id: String = r.try_get("id")?;
        let kind: String = r.try_get("kind")?;
        tracing::info!(message = %id, kind = %kind, "message delivered (log channel)");
        sent += sqlx::query("UPDATE messages SET delivered_at = $1 WHERE id = $2 AND delivered_at IS NULL")
            .bind(now)
            .bind(&id)
            .execute(&db.pool)
            .await?
            .rows_affected();
    }
    Ok(sent)
}
