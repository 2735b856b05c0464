//! Certificates of volunteer service. A request names the volunteer, the recording unit and the
//! period; issuing copies what the ledger says then (entries in force that the unit recorded in
//! the period) into the certificate, which never changes after. Revoking keeps the row, and a
//! reissue is a new certificate that names the one it replaces.

use sqlx::Row;
use sqlx::any::AnyRow;
use wushe_domain::certificate::{CertificateNo, CertificateStatus, Period, Served, summary};
use wushe_domain::hours::HoursSource;
use wushe_domain::message::MessageKind;
use wushe_domain::{
    AccountId, CertificateId, Conflict, Field, FieldError, OrganizationId, Reason, RegionCode, VolunteerId,
};

use crate::audit::{self, Event};
use crate::hours::Recorder;
use crate::messages::{self, Outgoing, To};
use crate::scope::decide_row;
use crate::{Db, Result, Scope, StoreError, now_ms, volunteers};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub id: CertificateId,
    pub number: Option<String>,
    pub volunteer_id: VolunteerId,
    pub region_code: RegionCode,
    pub organization_id: Option<OrganizationId>,
    pub period_from: String,
    pub period_to: String,
    pub status: CertificateStatus,
    pub requested_at: i64,
    pub decided_at: Option<i64>,
    pub decision_note: Option<String>,
    pub issuer: Option<String>,
    pub name: Option<String>,
    pub id_masked: Option<String>,
    pub minutes: Option<i64>,
    pub entries: Option<i64>,
    pub summary: Option<String>,
    pub issued_on: Option<String>,
    pub revoked_at: Option<i64>,
    pub revoke_reason: Option<String>,
    /// The number of the certificate issued in its place, if any.
    pub replaced_by: Option<String>,
    /// The volunteer's name now, for staff's lists (the certificate's own is `name`).
    pub volunteer_name: String,
}

const SELECT: &str = "SELECT c.id, c.number, c.volunteer_id, c.region_code, c.organization_id, c.period_from, \
    c.period_to, c.status, c.requested_at, c.decided_at, c.decision_note, c.issuer, c.name, c.id_masked, c.minutes, \
    c.entries, c.summary, c.issued_on, c.revoked_at, c.revoke_reason, \
    (SELECT x.number FROM certificates x WHERE x.replaces = c.id) AS replaced_by, p.name AS volunteer_name \
    FROM certificates c JOIN regions r ON r.code = c.region_code JOIN volunteers v ON v.id = c.volunteer_id \
    JOIN persons p ON p.id = v.person_id";

fn decode(r: &AnyRow) -> Result<Certificate> {
    let bad = |what: &str| StoreError::corrupt(format!("certificate: bad {what}"));
    let org: Option<String> = r.try_get("organization_id")?;
    Ok(Certificate {
        id: r.try_get::<String, _>("id")?.parse().map_err(|_| bad("id"))?,
        number: r.try_get("number")?,
        volunteer_id: r.try_get::<String, _>("volunteer_id")?.parse().map_err(|_| bad("volunteer"))?,
        region_code: RegionCode::parse(&r.try_get::<String, _>("region_code")?).map_err(|_| bad("region"))?,
        organization_id: org.map(|o| o.parse().map_err(|_| bad("organization"))).transpose()?,
        period_from: r.try_get("period_from")?,
        period_to: r.try_get("period_to")?,
        status: CertificateStatus::parse(&r.try_get::<String, _>("status")?).map_err(|_| bad("status"))?,
        requested_at: r.try_get("requested_at")?,
        decided_at: r.try_get("decided_at")?,
        decision_note: r.try_get("decision_note")?,
        issuer: r.try_get("issuer")?,
        name: r.try_get("name")?,
        id_masked: r.try_get("id_masked")?,
        minutes: r.try_get("minutes")?,
        entries: r.try_get("entries")?,
        summary: r.try_get("summary")?,
        issued_on: r.try_get("issued_on")?,
        revoked_at: r.try_get("revoked_at")?,
        revoke_reason: r.try_get("revoke_reason")?,
        replaced_by: r.try_get("replaced_by")?,
        volunteer_name: r.try_get("volunteer_name")?,
    })
}

/// What the ledger says for a certificate: the entries in force that `unit` (an organization, or
/// the network as one unit) recorded for the volunteer in the period.
async fn served(
    conn: &mut sqlx::AnyConnection,
    volunteer: VolunteerId,
    unit: Option<OrganizationId>,
    period: &Period,
) -> Result<Vec<(HoursSource, String, i64)>> {
    let (from, to) = period.bounds();
    let rows = sqlx::query(
        "SELECT e.source, e.content, e.minutes FROM hours_entries e \
         WHERE e.volunteer_id = $1 AND e.starts_at >= $2 AND e.starts_at < $3 \
         AND (($4 = '' AND e.organization_id IS NULL) OR e.organization_id = $4) \
         AND NOT EXISTS (SELECT 1 FROM hours_entries x WHERE x.amends = e.seq) ORDER BY e.starts_at, e.seq",
    )
    .bind(volunteer.to_string())
    .bind(from)
    .bind(to)
    .bind(unit.map(|o| o.to_string()).unwrap_or_default())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let source = HoursSource::parse(&r.try_get::<String, _>("source")?)
                .map_err(|_| StoreError::corrupt("hours entry: bad source"))?;
            Ok((source, r.try_get("content")?, r.try_get("minutes")?))
        })
        .collect()
}

/// The minutes a certificate of these entries would state: refused when there are none, or
/// when they add up to nothing.
fn certifiable(lines: &[(HoursSource, String, i64)]) -> Result<i64> {
    if lines.is_empty() {
        return Err(StoreError::Conflict(Conflict::NothingToCertify));
    }
    match lines.iter().map(|l| l.2).sum() {
        0 => Err(StoreError::Conflict(Conflict::ZeroHours)),
        minutes => Ok(minutes),
    }
}

/// A certificate's row in scope: its state, unit, volunteer, region and period.
async fn in_scope(db: &Db, scope: &Scope, id: CertificateId) -> Result<Option<AnyRow>> {
    let row = sqlx::query(
        "SELECT c.status, c.organization_id, c.volunteer_id, c.region_code, c.period_from, c.period_to \
         FROM certificates c JOIN regions r ON r.code = c.region_code WHERE c.id = $1 AND r.path >= $2 AND r.path < $3",
    )
    .bind(id.to_string())
    .bind(scope.lo())
    .bind(scope.hi())
    .fetch_optional(&db.pool)
    .await?;
    Ok(row)
}

/// What a requested certificate would state if issued now: its minutes and entries (of the unit
/// it was asked of, in its period). `None` when it is not a request in scope.
pub async fn preview(db: &Db, scope: &Scope, id: CertificateId) -> Result<Option<(i64, i64)>> {
    let row = in_scope(db, scope, id).await?;
    let Some(row) = row.filter(|r| r.try_get::<String, _>("status").is_ok_and(|s| s == "requested")) else {
        return Ok(None);
    };
    let bad = || StoreError::corrupt("certificate");
    let volunteer: VolunteerId = row.try_get::<String, _>("volunteer_id")?.parse().map_err(|_| bad())?;
    let unit: Option<OrganizationId> =
        row.try_get::<Option<String>, _>("organization_id")?.map(|o| o.parse().map_err(|_| bad())).transpose()?;
    let mut conn = db.pool.acquire().await?;
    let lines = served(&mut conn, volunteer, unit, &period_of(&row)?).await?;
    Ok(Some((lines.iter().map(|l| l.2).sum(), lines.len() as i64)))
}

fn period_of(c: &AnyRow) -> Result<Period> {
    let bad = || StoreError::corrupt("certificate: bad period");
    let day = |col: &str| -> Result<time::Date> {
        wushe_domain::validate::parse_date(Field::PeriodFrom, &c.try_get::<String, _>(col)?).map_err(|_| bad())
    };
    Ok(Period { from: day("period_from")?, to: day("period_to")? })
}

/// A volunteer asks the unit that recorded their service for a certificate; refused at once when
/// that unit recorded nothing in force in the period.
pub async fn request(
    db: &Db,
    volunteer: VolunteerId,
    unit: Option<OrganizationId>,
    period: &Period,
    by: AccountId,
) -> Result<CertificateId> {
    let v =
        volunteers::get(db, &Scope::all(), volunteer).await?.ok_or(FieldError::new(Field::Unit, Reason::NotFound))?;
    let mut conn = db.pool.acquire().await?;
    certifiable(&served(&mut conn, volunteer, unit, period).await?)?;
    drop(conn);
    let id = CertificateId::new();
    let mut tx = db.begin_write().await?;
    insert_request(&mut tx, id, volunteer, &v.region_code, unit, period, by).await?;
    tx.commit().await?;
    Ok(id)
}

async fn insert_request(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: CertificateId,
    volunteer: VolunteerId,
    region: &RegionCode,
    unit: Option<OrganizationId>,
    period: &Period,
    by: AccountId,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO certificates (id, volunteer_id, region_code, organization_id, period_from, period_to, status, \
         requested_by, requested_at) VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7, $8)",
    )
    .bind(id.to_string())
    .bind(volunteer.to_string())
    .bind(region.as_str())
    .bind(unit.map(|o| o.to_string()))
    .bind(period.from_text())
    .bind(period.to_text())
    .bind(by.to_string())
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    let event = Event::new(Some(by), "certificate.request", "volunteer")
        .id(volunteer)
        .region(region)
        .detail(serde_json::json!({ "certificate": id, "from": period.from_text(), "to": period.to_text() }));
    audit::append(tx, &event).await?;
    Ok(())
}

/// Where and how a certificate is issued: the day, and five random bytes for its number.
#[derive(Debug, Clone, Copy)]
pub struct Issue {
    pub today: time::Date,
    pub random: [u8; 5],
}

/// Copies the ledger into a requested certificate and gives it a number, in the caller's
/// transaction; refused when there is nothing to certify or someone decided first. The volunteer
/// is read before the transaction: a read on another connection inside SQLite's write lock could
/// wait on writers that wait on it.
async fn issue_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    v: &volunteers::Volunteer,
    id: CertificateId,
    by: &Recorder,
    at: Issue,
) -> Result<String> {
    let row = sqlx::query("SELECT volunteer_id, region_code, period_from, period_to FROM certificates WHERE id = $1")
        .bind(id.to_string())
        .fetch_one(&mut **tx)
        .await?;
    let bad = || StoreError::corrupt("certificate");
    let volunteer: VolunteerId = row.try_get::<String, _>("volunteer_id")?.parse().map_err(|_| bad())?;
    let region = RegionCode::parse(&row.try_get::<String, _>("region_code")?).map_err(|_| bad())?;
    let period = period_of(&row)?;
    if volunteer != v.id {
        return Err(bad());
    }
    // The network is one unit: its certificate counts what any of its staff recorded, whoever
    // issues it, as the request counted.
    let lines = served(&mut *tx, volunteer, by.organization, &period).await?;
    let minutes = certifiable(&lines)?;
    let text = summary(&lines.iter().map(|l| Served { source: l.0, content: &l.1, minutes: l.2 }).collect::<Vec<_>>());
    let number = CertificateNo::generate(at.today.year(), at.random);
    let id_masked = v.id_number.as_deref().map(wushe_domain::idcard::mask).unwrap_or_else(|| "—".into());
    let moved = sqlx::query(
        "UPDATE certificates SET status = 'issued', number = $1, decided_by = $2, decided_at = $3, issuer = $4, \
         name = $5, id_masked = $6, minutes = $7, entries = $8, summary = $9, issued_on = $10 \
         WHERE id = $11 AND status = 'requested'",
    )
    .bind(number.as_str())
    .bind(by.account.to_string())
    .bind(now_ms())
    .bind(by.name.as_str())
    .bind(v.name.as_str())
    .bind(id_masked.as_str())
    .bind(minutes)
    .bind(lines.len() as i64)
    .bind(text.as_str())
    .bind(wushe_domain::validate::format_date(at.today))
    .bind(id.to_string())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Err(StoreError::Conflict(Conflict::CertificateDecided));
    }
    let printed = Printed {
        number: number.as_str(),
        issuer: by.name.as_str(),
        name: v.name.as_str(),
        id_masked: id_masked.as_str(),
        minutes,
        entries: lines.len() as i64,
        summary: text.as_str(),
        issued_on: &wushe_domain::validate::format_date(at.today),
    };
    let event = Event::new(Some(by.account), "certificate.issue", "volunteer").id(volunteer).region(&region).detail(
        serde_json::json!({ "certificate": id, "number": number.as_str(), "minutes": minutes, "printed": printed.digest() }),
    );
    audit::append(tx, &event).await?;
    let msg = Outgoing {
        kind: MessageKind::CertificateIssued,
        subject: number.as_str(),
        link: "/me/hours".to_owned(),
        region: &region,
        by: Some(by.account),
    };
    messages::send(tx, To::Volunteer(volunteer), &msg, now_ms()).await?;
    Ok(number.as_str().to_owned())
}

/// What a certificate prints, fixed at issue. Its digest goes into the issue's audit event, so
/// the chain covers every printed figure: a changed column no longer matches it.
struct Printed<'a> {
    number: &'a str,
    issuer: &'a str,
    name: &'a str,
    id_masked: &'a str,
    minutes: i64,
    entries: i64,
    summary: &'a str,
    issued_on: &'a str,
}

impl Printed<'_> {
    fn digest(&self) -> String {
        let (minutes, entries) = (self.minutes.to_string(), self.entries.to_string());
        crate::audit::link(&[
            self.number,
            self.issuer,
            self.name,
            self.id_masked,
            &minutes,
            &entries,
            self.summary,
            self.issued_on,
        ])
    }
}

/// Issued (or since revoked) certificates whose printed columns no longer match the digest their
/// issue wrote into the audit chain, by number. Certificates issued before the digest was kept
/// are not checked. Reads a page at a time.
pub async fn printed_differences(db: &Db) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut after = String::new();
    loop {
        let rows = sqlx::query(
            "SELECT c.id, c.volunteer_id, c.number, c.issuer, c.name, c.id_masked, c.minutes, c.entries, c.summary, \
             c.issued_on FROM certificates c WHERE c.number IS NOT NULL AND c.id > $1 ORDER BY c.id LIMIT 1000",
        )
        .bind(&after)
        .fetch_all(&db.pool)
        .await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get("id")?;
        for r in &rows {
            let id: String = r.try_get("id")?;
            let text = |c: &str| -> Result<String> { Ok(r.try_get::<Option<String>, _>(c)?.unwrap_or_default()) };
            let number = text("number")?;
            let issued = sqlx::query(
                "SELECT detail FROM audit_events WHERE entity = 'volunteer' AND entity_id = $1 AND action = 'certificate.issue'",
            )
            .bind(r.try_get::<String, _>("volunteer_id")?)
            .fetch_all(&db.pool)
            .await?;
            let digest = issued.iter().find_map(|e| {
                let detail: serde_json::Value = serde_json::from_str(&e.try_get::<String, _>("detail").ok()?).ok()?;
                (detail["certificate"] == id.as_str()).then(|| detail["printed"].as_str().map(str::to_owned))?
            });
            let Some(digest) = digest else { continue };
            let (issuer, name, masked, summary, on) =
                (text("issuer")?, text("name")?, text("id_masked")?, text("summary")?, text("issued_on")?);
            let printed = Printed {
                number: &number,
                issuer: &issuer,
                name: &name,
                id_masked: &masked,
                minutes: r.try_get::<Option<i64>, _>("minutes")?.unwrap_or_default(),
                entries: r.try_get::<Option<i64>, _>("entries")?.unwrap_or_default(),
                summary: &summary,
                issued_on: &on,
            };
            if printed.digest() != digest {
                out.push(format!("certificates {number}"));
            }
        }
    }
    Ok(out)
}

/// A requested certificate of the caller's unit, in scope; `None` when it is not there for them.
async fn of_unit(db: &Db, scope: &Scope, id: CertificateId, by: &Recorder) -> Result<Option<AnyRow>> {
    let Some(row) = in_scope(db, scope, id).await? else { return Ok(None) };
    if row.try_get::<Option<String>, _>("organization_id")? != by.organization.map(|o| o.to_string()) {
        return Err(StoreError::Conflict(Conflict::NotYourUnit));
    }
    Ok(Some(row))
}

async fn volunteer_of(db: &Db, row: &AnyRow) -> Result<volunteers::Volunteer> {
    let bad = || StoreError::corrupt("certificate");
    let id: VolunteerId = row.try_get::<String, _>("volunteer_id")?.parse().map_err(|_| bad())?;
    volunteers::get(db, &Scope::all(), id).await?.ok_or_else(bad)
}

/// Issues a requested certificate of the caller's unit. `None` when it is not in scope.
pub async fn issue(db: &Db, scope: &Scope, id: CertificateId, by: &Recorder, at: Issue) -> Result<Option<String>> {
    let Some(row) = of_unit(db, scope, id, by).await? else { return Ok(None) };
    let v = volunteer_of(db, &row).await?;
    let mut tx = db.begin_write().await?;
    let number = issue_in(&mut tx, &v, id, by, at).await?;
    tx.commit().await?;
    Ok(Some(number))
}

/// The unit asks for and issues a certificate for a volunteer in scope at once.
pub async fn issue_for(
    db: &Db,
    scope: &Scope,
    volunteer: VolunteerId,
    period: &Period,
    by: &Recorder,
    at: Issue,
) -> Result<(CertificateId, String)> {
    let v = volunteers::get(db, scope, volunteer).await?.ok_or(FieldError::new(Field::PersonName, Reason::NotFound))?;
    let id = CertificateId::new();
    let mut tx = db.begin_write().await?;
    insert_request(&mut tx, id, volunteer, &v.region_code, by.organization, period, by.account).await?;
    let number = issue_in(&mut tx, &v, id, by, at).await?;
    tx.commit().await?;
    Ok((id, number))
}

/// Declines a requested certificate with a reason. `None` when it is not in scope.
pub async fn refuse(db: &Db, scope: &Scope, id: CertificateId, note: &str, by: &Recorder) -> Result<Option<()>> {
    let Some(row) = of_unit(db, scope, id, by).await? else { return Ok(None) };
    let mut tx = db.begin_write().await?;
    let moved =
        decide_row(&mut tx, "certificates", &id.to_string(), ("requested", "refused"), by.account, Some(note)).await?;
    if !moved {
        return Err(StoreError::Conflict(Conflict::CertificateDecided));
    }
    audit_on(&mut tx, &row, by, "certificate.refuse", serde_json::json!({ "certificate": id, "note": note })).await?;
    let bad = || StoreError::corrupt("certificate");
    let volunteer: VolunteerId = row.try_get::<String, _>("volunteer_id")?.parse().map_err(|_| bad())?;
    let region = RegionCode::parse(&row.try_get::<String, _>("region_code")?).map_err(|_| bad())?;
    let msg = Outgoing {
        kind: MessageKind::CertificateRefused,
        subject: "",
        link: "/me/hours".to_owned(),
        region: &region,
        by: Some(by.account),
    };
    messages::send(&mut tx, To::Volunteer(volunteer), &msg, now_ms()).await?;
    tx.commit().await?;
    Ok(Some(()))
}

async fn audit_on(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    row: &AnyRow,
    by: &Recorder,
    action: &'static str,
    detail: serde_json::Value,
) -> Result<()> {
    let bad = || StoreError::corrupt("certificate");
    let volunteer: VolunteerId = row.try_get::<String, _>("volunteer_id")?.parse().map_err(|_| bad())?;
    let region = RegionCode::parse(&row.try_get::<String, _>("region_code")?).map_err(|_| bad())?;
    let event = Event::new(Some(by.account), action, "volunteer").id(volunteer).region(&region).detail(detail);
    audit::append(tx, &event).await?;
    Ok(())
}

/// Revokes an issued certificate of the caller's unit with a reason; with `reissue`, issues a new
/// one for the same volunteer and period from the ledger as it is now, naming the one it replaces.
/// `None` when it is not in scope; the new certificate's number otherwise, if reissued.
pub async fn revoke(
    db: &Db,
    scope: &Scope,
    id: CertificateId,
    reason: &str,
    by: &Recorder,
    reissue: Option<Issue>,
) -> Result<Option<Option<String>>> {
    let Some(row) = of_unit(db, scope, id, by).await? else { return Ok(None) };
    let v = volunteer_of(db, &row).await?;
    let mut tx = db.begin_write().await?;
    let moved = sqlx::query(
        "UPDATE certificates SET status = 'revoked', revoked_by = $1, revoked_at = $2, revoke_reason = $3 \
         WHERE id = $4 AND status = 'issued'",
    )
    .bind(by.account.to_string())
    .bind(now_ms())
    .bind(reason)
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Err(StoreError::Conflict(Conflict::CertificateNotValid));
    }
    audit_on(&mut tx, &row, by, "certificate.revoke", serde_json::json!({ "certificate": id, "reason": reason }))
        .await?;
    let mut number = None;
    if let Some(at) = reissue {
        let bad = || StoreError::corrupt("certificate");
        let volunteer: VolunteerId = row.try_get::<String, _>("volunteer_id")?.parse().map_err(|_| bad())?;
        let region = RegionCode::parse(&row.try_get::<String, _>("region_code")?).map_err(|_| bad())?;
        let new = CertificateId::new();
        insert_request(&mut tx, new, volunteer, &region, by.organization, &period_of(&row)?, by.account).await?;
        sqlx::query("UPDATE certificates SET replaces = $1 WHERE id = $2")
            .bind(id.to_string())
            .bind(new.to_string())
            .execute(&mut *tx)
            .await?;
        number = Some(issue_in(&mut tx, &v, new, by, at).await?);
    }
    tx.commit().await?;
    Ok(Some(number))
}

/// Whose certificates a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Units {
    /// Every unit's: the network's staff see what is issued in their area.
    All,
    /// One unit's: an organization's, or the network's own (`None`).
    Only(Option<OrganizationId>),
}

impl Units {
    fn bind(self) -> String {
        match self {
            Units::All => "*".to_owned(),
            Units::Only(unit) => unit.map(|o| o.to_string()).unwrap_or_default(),
        }
    }
}

/// Certificates in scope of the units asked for, latest first.
pub async fn list(
    db: &Db,
    scope: &Scope,
    units: Units,
    status: Option<CertificateStatus>,
    limit: i64,
) -> Result<Vec<Certificate>> {
    let sql = format!(
        "{SELECT} WHERE r.path >= $1 AND r.path < $2 \
         AND ($3 = '*' OR ($3 = '' AND c.organization_id IS NULL) OR c.organization_id = $3) \
         AND ($4 = '' OR c.status = $4) ORDER BY COALESCE(c.decided_at, c.requested_at) DESC LIMIT $5"
    );
    let rows = sqlx::query(&sql)
        .bind(scope.lo())
        .bind(scope.hi())
        .bind(units.bind())
        .bind(status.map(|s| s.key()).unwrap_or_default())
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(decode).collect()
}

/// A volunteer's own certificates and requests, latest first.
pub async fn of_volunteer(db: &Db, volunteer: VolunteerId) -> Result<Vec<Certificate>> {
    let sql = format!("{SELECT} WHERE c.volunteer_id = $1 ORDER BY c.requested_at DESC");
    let rows = sqlx::query(&sql).bind(volunteer.to_string()).fetch_all(&db.pool).await?;
    rows.iter().map(decode).collect()
}

/// Who looks at a certificate: staff of an area, or the volunteer it is for.
#[derive(Debug, Clone, Copy)]
pub enum Viewer<'a> {
    Staff(&'a Scope),
    Volunteer(VolunteerId),
}

/// One certificate, if the viewer may see it.
pub async fn get(db: &Db, viewer: Viewer<'_>, id: CertificateId) -> Result<Option<Certificate>> {
    let row = match viewer {
        Viewer::Staff(scope) => {
            let sql = format!("{SELECT} WHERE c.id = $1 AND r.path >= $2 AND r.path < $3");
            sqlx::query(&sql).bind(id.to_string()).bind(scope.lo()).bind(scope.hi()).fetch_optional(&db.pool).await?
        }
        Viewer::Volunteer(v) => {
            let sql = format!("{SELECT} WHERE c.id = $1 AND c.volunteer_id = $2");
            sqlx::query(&sql).bind(id.to_string()).bind(v.to_string()).fetch_optional(&db.pool).await?
        }
    };
    row.as_ref().map(decode).transpose()
}

/// An issued or revoked certificate by its number, for the public verification page.
pub async fn by_number(db: &Db, number: &CertificateNo) -> Result<Option<Certificate>> {
    let sql = format!("{SELECT} WHERE c.number = $1");
    let row = sqlx::query(&sql).bind(number.as_str()).fetch_optional(&db.pool).await?;
    row.as_ref().map(decode).transpose()
}

/// Where a certificate is, whoever asks: only for auditing a hidden access.
pub async fn region_of(db: &Db, id: CertificateId) -> Result<Option<RegionCode>> {
    crate::scope::region_of_row(db, "certificates", "id", &id.to_string()).await
}
