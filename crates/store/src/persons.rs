//! Persons: the one identity behind every registry entry. A person who is both a volunteer and a
//! resident is one row, found by the keyed index of their ID document.

use std::collections::HashMap;

use sqlx::{Any, Row, Transaction};
use wushe_domain::person::{Identity, initials};
use wushe_domain::validate::format_date;
use wushe_domain::{PersonId, RegionCode};

use crate::{Db, Result, now_ms};

/// What a new registry entry says about its person.
pub struct NewPerson<'a> {
    pub name: &'a str,
    pub identity: &'a Identity,
    pub phone: Option<&'a str>,
    pub address: Option<&'a str>,
    pub region: &'a RegionCode,
}

/// A person already on record, and where they are registered.
#[derive(Debug, Clone)]
pub struct Existing {
    pub person: PersonId,
    pub name: String,
    pub volunteer_no: Option<String>,
    pub resident: bool,
    pub social_worker: bool,
}

const CHUNK: usize = 200;

/// The persons on record for these ID indexes (keyed hashes), by index.
pub async fn existing(db: &Db, indexes: &[String]) -> Result<HashMap<String, Existing>> {
    let mut out = HashMap::new();
    for chunk in indexes.chunks(CHUNK) {
        let marks = (1..=chunk.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(",");
        let sql = format!(
            "SELECT p.id, p.id_index, p.name, v.volunteer_no, rs.id AS resident_id, w.id AS worker_id FROM persons p \
             LEFT JOIN volunteers v ON v.person_id = p.id LEFT JOIN residents rs ON rs.person_id = p.id \
             LEFT JOIN social_workers w ON w.person_id = p.id \
             WHERE p.id_index IN ({marks})"
        );
        let rows = chunk.iter().fold(sqlx::query(&sql), |q, c| q.bind(c.as_str())).fetch_all(&db.pool).await?;
        for r in rows {
            let id: String = r.try_get("id")?;
            let resident: Option<String> = r.try_get("resident_id")?;
            let worker: Option<String> = r.try_get("worker_id")?;
            out.insert(
                r.try_get("id_index")?,
                Existing {
                    person: id.parse().map_err(|_| crate::StoreError::corrupt(format!("person id {id}")))?,
                    name: r.try_get("name")?,
                    volunteer_no: r.try_get("volunteer_no")?,
                    resident: resident.is_some(),
                    social_worker: worker.is_some(),
                },
            );
        }
    }
    Ok(out)
}

/// Rows per INSERT: small, for the reason given at the region loader's batch size.
const BATCH: usize = 48;

/// The person of each entry: the one on record with the same ID document, or a new one written
/// now (in the caller's transaction).
pub async fn insert_or_reuse(
    db: &Db,
    tx: &mut Transaction<'static, Any>,
    people: &[NewPerson<'_>],
) -> Result<Vec<PersonId>> {
    let indexes: Vec<String> = people.iter().map(|p| db.crypto.index("id", &p.identity.index_key())).collect();
    let known = existing(db, &indexes).await?;
    let mut ids = Vec::with_capacity(people.len());
    let mut fresh = Vec::new();
    for (p, index) in people.iter().zip(&indexes) {
        match known.get(index) {
            Some(e) => ids.push(e.person),
            None => {
                let id = PersonId::new();
                ids.push(id);
                fresh.push((id, p, index));
            }
        }
    }
    let now = now_ms();
    for chunk in fresh.chunks(BATCH) {
        let mut sql = String::from(
            "INSERT INTO persons (id, region_code, name, name_initials, id_kind, id_number, id_index, phone, phone_index, \
             address, gender, birth_date, erased_at, created_at, updated_at) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = i * 13;
            let marks = (1..=12).map(|k| format!("${}", b + k)).collect::<Vec<_>>().join(", ");
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("({marks}, NULL, ${0}, ${0})", b + 13));
        }
        let mut q = sqlx::query(&sql);
        for (id, p, index) in chunk {
            q = q
                .bind(id.to_string())
                .bind(p.region.as_str().to_owned())
                .bind(p.name.to_owned())
                .bind(initials(p.name))
                .bind(p.identity.kind.key())
                .bind(db.crypto.seal(&p.identity.number)?)
                .bind((*index).clone())
                .bind(p.phone.map(|v| db.crypto.seal(v)).transpose()?)
                .bind(p.phone.map(|v| db.crypto.index("phone", v)))
                .bind(p.address.map(|v| db.crypto.seal(v)).transpose()?)
                .bind(p.identity.gender.map(|g| g.key()))
                .bind(p.identity.birth_date.map(format_date))
                .bind(now);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(ids)
}

/// The condition matching a person by name, pinyin initials, or a full phone or ID number, on
/// parameters `$3`–`$10` (after the scope's `$1` and `$2`); an empty query matches everyone.
pub const SEARCH: &str = "($3 = '' OR p.name LIKE $4 OR p.name_initials LIKE $5 OR p.phone_index = $6 \
    OR p.id_index IN ($7, $8, $9, $10))";

/// The values of `$1`–`$10`: the scope's bounds, then [`SEARCH`]'s. Numbers are compared by
/// their keyed hashes, so nothing is decrypted to search.
pub fn search_values(db: &Db, scope: &crate::Scope, query: &str) -> Vec<String> {
    let q = query.trim().to_owned();
    let plain = q.replace(['%', '_'], "");
    let phone_index =
        wushe_domain::validate::phone(wushe_domain::Field::Phone, &q).ok().map(|p| db.crypto.index("phone", &p));
    let mut values = vec![
        scope.lo().to_owned(),
        scope.hi().to_owned(),
        q.clone(),
        format!("%{plain}%"),
        format!("{}%", plain.to_lowercase()),
        phone_index.unwrap_or_default(),
    ];
    values.extend(
        wushe_domain::person::IdKind::ALL
            .iter()
            .map(|k| db.crypto.index("id", &format!("{}:{}", k.key(), q.to_ascii_uppercase()))),
    );
    values
}

/// The personal fields of a row selected with `p.name, p.id_kind, p.id_number, p.phone, p.gender,
/// p.birth_date`, opened.
pub struct Fields {
    pub name: String,
    pub id_kind: Option<wushe_domain::person::IdKind>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub gender: Option<wushe_domain::idcard::Gender>,
    pub birth_date: Option<time::Date>,
}

pub fn fields(db: &Db, r: &sqlx::any::AnyRow) -> Result<Fields> {
    let bad = |what: &str| crate::StoreError::corrupt(format!("person: bad {what}"));
    let open = |col: &str| -> Result<Option<String>> {
        let sealed: Option<String> = r.try_get(col)?;
        sealed.map(|s| db.crypto.open(&s)).transpose()
    };
    let kind: Option<String> = r.try_get("id_kind")?;
    let gender: Option<String> = r.try_get("gender")?;
    let birth: Option<String> = r.try_get("birth_date")?;
    Ok(Fields {
        name: r.try_get("name")?,
        id_kind: kind
            .as_deref()
            .map(|k| wushe_domain::person::IdKind::parse(k).map_err(|_| bad("id kind")))
            .transpose()?,
        id_number: open("id_number")?,
        phone: open("phone")?,
        gender: gender
            .as_deref()
            .map(|g| wushe_domain::idcard::Gender::parse(g).map_err(|_| bad("gender")))
            .transpose()?
            .flatten(),
        birth_date: birth
            .map(|b| {
                wushe_domain::validate::parse_date(wushe_domain::Field::BirthDate, &b).map_err(|_| bad("birth date"))
            })
            .transpose()?,
    })
}

/// What a registration holds about its person now, to compare with a correction.
pub struct Current<'a> {
    pub name: &'a str,
    pub id_kind: Option<wushe_domain::person::IdKind>,
    pub id_number: Option<&'a str>,
    pub phone: Option<&'a str>,
}

/// The person fields a correction names as changed (never their values, which stay out of the
/// audit log).
pub fn changed(before: Current<'_>, after: &NewPerson<'_>) -> Vec<&'static str> {
    let mut out = Vec::new();
    if before.name != after.name {
        out.push("name");
    }
    if before.id_number != Some(after.identity.number.as_str()) || before.id_kind != Some(after.identity.kind) {
        out.push("id_number");
    }
    if before.phone != after.phone {
        out.push("phone");
    }
    out
}

/// Rewrites a person's fields in the caller's transaction (rectification on request). The
/// address is rewritten only when `with_address`: registries that do not hold it leave it alone.
pub async fn correct(
    db: &Db,
    tx: &mut Transaction<'static, Any>,
    id: PersonId,
    p: &NewPerson<'_>,
    with_address: bool,
) -> Result<()> {
    let address_sql = if with_address { ", address = $13" } else { "" };
    let sql = format!(
        "UPDATE persons SET name = $1, name_initials = $2, id_kind = $3, id_number = $4, id_index = $5, phone = $6, \
         phone_index = $7, gender = $8, birth_date = $9, region_code = $10, updated_at = $11{address_sql} WHERE id = $12"
    );
    let mut q = sqlx::query(&sql)
        .bind(p.name.to_owned())
        .bind(initials(p.name))
        .bind(p.identity.kind.key())
        .bind(db.crypto.seal(&p.identity.number)?)
        .bind(db.crypto.index("id", &p.identity.index_key()))
        .bind(p.phone.map(|v| db.crypto.seal(v)).transpose()?)
        .bind(p.phone.map(|v| db.crypto.index("phone", v)))
        .bind(p.identity.gender.map(|g| g.key()))
        .bind(p.identity.birth_date.map(format_date))
        .bind(p.region.as_str().to_owned())
        .bind(now_ms())
        .bind(id.to_string());
    if with_address {
        q = q.bind(p.address.map(|v| db.crypto.seal(v)).transpose()?);
    }
    match q.execute(&mut **tx).await {
        Ok(_) => Ok(()),
        Err(e) if crate::error::is_unique_violation(&e, "persons_id_index_key", "persons.id_index") => {
            Err(wushe_domain::FieldError::new(
                wushe_domain::Field::IdNumber,
                wushe_domain::Reason::Duplicate("另一条记录 / another record".into()),
            )
            .into())
        }
        Err(e) => Err(e.into()),
    }
}

/// The status of a registration whose person's data was erased on request.
pub const ERASED: &str = "erased";

/// Erases a person's data on request, in the caller's transaction. The person keeps its id, so
/// hours and money ledgers that refer to it stay whole; name, numbers, address, gender and birth
/// date go, and so does what each registry holds about them personally (skills and availability,
/// household, categories and their search tags, licence number, guardians' names on consents).
/// Every registration of the person is marked erased: the data was one person's, wherever it
/// was entered.
pub async fn erase(db: &Db, tx: &mut Transaction<'static, Any>, id: PersonId) -> Result<()> {
    let now = now_ms();
    let person = id.to_string();
    sqlx::query(
        "UPDATE persons SET name = '已删除', name_initials = '', id_kind = NULL, id_number = NULL, id_index = NULL, \
         phone = NULL, phone_index = NULL, address = NULL, gender = NULL, birth_date = NULL, erased_at = $1, updated_at = $1 \
         WHERE id = $2",
    )
    .bind(now)
    .bind(&person)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE volunteers SET status = $1, skills = '[]', availability = '[]', updated_at = $2 WHERE person_id = $3",
    )
    .bind(ERASED)
    .bind(now)
    .bind(&person)
    .execute(&mut **tx)
    .await?;
    let residents = "SELECT id FROM residents WHERE person_id = $1";
    sqlx::query(&format!("DELETE FROM resident_tags WHERE resident_id IN ({residents})"))
        .bind(&person)
        .execute(&mut **tx)
        .await?;
    sqlx::query(&format!("UPDATE consents SET guardian = NULL WHERE resident_id IN ({residents})"))
        .bind(&person)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE residents SET status = $1, household = NULL, categories = $2, updated_at = $3 WHERE person_id = $4",
    )
    .bind(ERASED)
    .bind(db.crypto.seal("[]")?)
    .bind(now)
    .bind(&person)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE social_workers SET status = $1, licence_no = NULL, updated_at = $2 WHERE person_id = $3")
        .bind(ERASED)
        .bind(now)
        .bind(&person)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Erases a registration's person on request in one transaction with its audit event
/// (`<entity>.erase`, with the reason and the pseudonymous person id that stays).
pub async fn erase_on_request(
    db: &Db,
    entity: &'static str,
    id: &(dyn std::fmt::Display + Sync),
    region: &RegionCode,
    person: PersonId,
    reason: &str,
    by: Option<wushe_domain::AccountId>,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    erase(db, &mut tx, person).await?;
    let event = crate::audit::Event::new(by, format!("{entity}.erase"), entity)
        .id(id)
        .region(region)
        .detail(serde_json::json!({ "reason": reason, "person": person.to_string() }));
    crate::audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(())
}
