//! Persons: the one identity behind every registry entry. A person who is both a volunteer and a
//! resident is one row, found by the keyed index of their ID document.

use std::collections::HashMap;

use sqlx::{Any, Row, Transaction};
use wushe_domain::person::{Identity, initials};
use wushe_domain::validate::format_date;
use wushe_domain::{PersonId, RegionCode};

use crate::crypto::at;
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
    /// The region that entered the person: their data is that region's.
    pub region: String,
    pub name: String,
    pub volunteer_no: Option<String>,
    pub resident: bool,
    pub social_worker: bool,
}

const CHUNK: usize = 200;

/// The persons on record for these ID indexes (keyed hashes) whose region lies in `scope`, by
/// index. A person entered in another region is not returned: their data is not the caller's to
/// see, and a registration here makes a person of its own.
pub async fn existing(db: &Db, scope: &crate::Scope, indexes: &[String]) -> Result<HashMap<String, Vec<Existing>>> {
    let mut out: HashMap<String, Vec<Existing>> = HashMap::new();
    for chunk in indexes.chunks(CHUNK) {
        let marks = (3..chunk.len() + 3).map(|i| format!("${i}")).collect::<Vec<_>>().join(",");
        let sql = format!(
            "SELECT p.id, p.id_index, p.region_code, p.name, v.volunteer_no, rs.id AS resident_id, w.id AS worker_id \
             FROM persons p JOIN regions pr ON pr.code = p.region_code \
             LEFT JOIN volunteers v ON v.person_id = p.id LEFT JOIN residents rs ON rs.person_id = p.id \
             LEFT JOIN social_workers w ON w.person_id = p.id \
             WHERE pr.path >= $1 AND pr.path < $2 AND p.id_index IN ({marks})"
        );
        let q = sqlx::query(&sql).bind(scope.lo().to_owned()).bind(scope.hi().to_owned());
        let rows = chunk.iter().fold(q, |q, c| q.bind(c.as_str())).fetch_all(&db.pool).await?;
        for r in rows {
            let id: String = r.try_get("id")?;
            let resident: Option<String> = r.try_get("resident_id")?;
            let worker: Option<String> = r.try_get("worker_id")?;
            out.entry(r.try_get("id_index")?).or_default().push(Existing {
                person: id.parse().map_err(|_| crate::StoreError::corrupt(format!("person id {id}")))?,
                region: r.try_get("region_code")?,
                name: r.try_get("name")?,
                volunteer_no: r.try_get("volunteer_no")?,
                resident: resident.is_some(),
                social_worker: worker.is_some(),
            });
        }
    }
    Ok(out)
}

/// Whether the person's ID number is also on record for a person entered in another region.
/// Only the keyed index is compared: staff learn that the number is known elsewhere, never by
/// whom or where.
pub async fn known_elsewhere(db: &Db, person: PersonId) -> Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM persons o JOIN persons p ON p.id_index = o.id_index \
         WHERE p.id = $1 AND o.id <> p.id AND o.region_code <> p.region_code",
    )
    .bind(person.to_string())
    .fetch_one(&db.pool)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// Joins and condition tying the registration aliased `x` to the account aliased `a` by phone
/// (keyed hash): the person's phone is the account's, and the registration's region and the
/// account's lie one inside the other (a room worker's account over a station posting, a
/// volunteer's account over their village). Without the region, anyone who could set a
/// registration's phone anywhere would reach that account's ledgers, or the account another
/// region's; whoever could make such an account in the same line of regions sees the
/// registration anyway.
pub fn of_account(x: &str) -> String {
    format!(
        "JOIN persons p ON p.id = {x}.person_id JOIN accounts a ON a.phone_index = p.phone_index \
         JOIN regions xr ON xr.code = {x}.region_code JOIN regions ar ON ar.code = a.region_code \
         AND (xr.path LIKE ar.path || '%' OR ar.path LIKE xr.path || '%')"
    )
}

/// Rows per INSERT: small, for the reason given at the region loader's batch size.
const BATCH: usize = 48;

/// The person of each entry: the one entered in the same region with the same ID document, or a
/// new one written now (in the caller's transaction). A person is never shared across regions, so
/// a registration in one region gives no access to what another region entered.
pub async fn insert_or_reuse(
    db: &Db,
    tx: &mut Transaction<'static, Any>,
    people: &[NewPerson<'_>],
) -> Result<Vec<PersonId>> {
    let indexes: Vec<String> = people.iter().map(|p| db.crypto.index("id", &p.identity.index_key())).collect();
    let known = existing(db, &crate::Scope::all(), &indexes).await?;
    let mut ids = Vec::with_capacity(people.len());
    let mut fresh: Vec<(PersonId, &NewPerson<'_>, &String)> = Vec::new();
    // The same person twice in one batch is one person: found by a map, since a search of the
    // batch for every row made a large import quadratic.
    let mut in_batch: HashMap<(&str, &str), PersonId> = HashMap::new();
    for (p, index) in people.iter().zip(&indexes) {
        let here = known.get(index).and_then(|all| all.iter().find(|e| e.region == p.region.as_str()));
        let key = (index.as_str(), p.region.as_str());
        match (here, in_batch.get(&key)) {
            (Some(e), _) => ids.push(e.person),
            (None, Some(id)) => ids.push(*id),
            (None, None) => {
                let id = PersonId::new();
                ids.push(id);
                in_batch.insert(key, id);
                fresh.push((id, p, index));
            }
        }
    }
    write_new(db, tx, &fresh).await?;
    Ok(ids)
}

async fn write_new(
    db: &Db,
    tx: &mut Transaction<'static, Any>,
    fresh: &[(PersonId, &NewPerson<'_>, &String)],
) -> Result<()> {
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
            let pid = id.to_string();
            let seal = |column, v: &str| db.crypto.seal_in(at("persons", column, &pid), v);
            q = q
                .bind(pid.clone())
                .bind(p.region.as_str().to_owned())
                .bind(p.name.to_owned())
                .bind(initials(p.name))
                .bind(p.identity.kind.key())
                .bind(seal("id_number", &p.identity.number)?)
                .bind((*index).clone())
                .bind(p.phone.map(|v| seal("phone", v)).transpose()?)
                .bind(p.phone.map(|v| db.crypto.index("phone", v)))
                .bind(p.address.map(|v| seal("address", v)).transpose()?)
                .bind(p.identity.gender.map(|g| g.key()))
                .bind(p.identity.birth_date.map(format_date))
                .bind(now);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
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

/// The personal fields of a row selected with `person_id, p.name, p.id_kind, p.id_number, p.phone,
/// p.gender, p.birth_date`, opened.
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
    let person: String = r.try_get("person_id")?;
    let open = |col: &'static str| -> Result<Option<String>> {
        let sealed: Option<String> = r.try_get(col)?;
        Ok(sealed.and_then(|s| db.open_shown(at("persons", col, &person), &s)))
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

/// The registries that refer to a person, by their table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registry {
    Volunteers,
    Residents,
    SocialWorkers,
}

impl Registry {
    pub const ALL: [Registry; 3] = [Registry::Volunteers, Registry::Residents, Registry::SocialWorkers];

    pub fn table(self) -> &'static str {
        match self {
            Registry::Volunteers => "volunteers",
            Registry::Residents => "residents",
            Registry::SocialWorkers => "social_workers",
        }
    }
}

/// How many registrations, other than `registration` in `registry`, refer to the person.
async fn others(
    tx: &mut Transaction<'static, Any>,
    id: PersonId,
    registry: Registry,
    registration: &str,
) -> Result<i64> {
    let mut n = 0;
    for r in Registry::ALL {
        let sql = format!("SELECT COUNT(*) AS n FROM {} WHERE person_id = $1 AND id <> $2", r.table());
        let other = if r == registry { registration } else { "" };
        let row = sqlx::query(&sql).bind(id.to_string()).bind(other).fetch_one(&mut **tx).await?;
        n += row.try_get::<i64, _>("n")?;
    }
    Ok(n)
}

fn duplicate_or(e: sqlx::Error) -> crate::StoreError {
    if crate::error::is_unique_violation(&e, "persons_region_id_key", "persons.region_code, persons.id_index")
        || crate::error::is_unique_violation(&e, "volunteers_person_key", "volunteers.person_id")
        || crate::error::is_unique_violation(&e, "residents_person_key", "residents.person_id")
        || crate::error::is_unique_violation(&e, "social_workers_person_key", "social_workers.person_id")
    {
        wushe_domain::FieldError::new(
            wushe_domain::Field::IdNumber,
            wushe_domain::Reason::Duplicate("另一条记录 / another record".into()),
        )
        .into()
    } else {
        e.into()
    }
}

/// Rewrites a person's fields in the caller's transaction (rectification on request), through
/// one registration. The address is rewritten only when `with_address`: registries that do not
/// hold it leave it alone. A registration moved to another region while other registrations of
/// the same person stay behind takes a person of its own there: a correction never carries the
/// others' data out of the region that entered it.
pub async fn correct(
    db: &Db,
    tx: &mut Transaction<'static, Any>,
    id: PersonId,
    registration: (Registry, &str),
    p: &NewPerson<'_>,
    with_address: bool,
) -> Result<()> {
    let (registry, registration) = registration;
    let region: String = sqlx::query("SELECT region_code FROM persons WHERE id = $1")
        .bind(id.to_string())
        .fetch_one(&mut **tx)
        .await?
        .try_get("region_code")?;
    if region != p.region.as_str() && others(tx, id, registry, registration).await? > 0 {
        let moved = insert_or_reuse(db, tx, std::slice::from_ref(p)).await?;
        let person = moved.first().ok_or_else(|| crate::StoreError::corrupt("no person written"))?;
        let sql = format!("UPDATE {} SET person_id = $1 WHERE id = $2", registry.table());
        sqlx::query(&sql).bind(person.to_string()).bind(registration).execute(&mut **tx).await.map_err(duplicate_or)?;
        return Ok(());
    }
    let pid = id.to_string();
    let seal = |column, v: &str| db.crypto.seal_in(at("persons", column, &pid), v);
    let address_sql = if with_address { ", address = $13" } else { "" };
    let sql = format!(
        "UPDATE persons SET name = $1, name_initials = $2, id_kind = $3, id_number = $4, id_index = $5, phone = $6, \
         phone_index = $7, gender = $8, birth_date = $9, region_code = $10, updated_at = $11{address_sql} WHERE id = $12"
    );
    let mut q = sqlx::query(&sql)
        .bind(p.name.to_owned())
        .bind(initials(p.name))
        .bind(p.identity.kind.key())
        .bind(seal("id_number", &p.identity.number)?)
        .bind(db.crypto.index("id", &p.identity.index_key()))
        .bind(p.phone.map(|v| seal("phone", v)).transpose()?)
        .bind(p.phone.map(|v| db.crypto.index("phone", v)))
        .bind(p.identity.gender.map(|g| g.key()))
        .bind(p.identity.birth_date.map(format_date))
        .bind(p.region.as_str().to_owned())
        .bind(now_ms())
        .bind(id.to_string());
    if with_address {
        q = q.bind(p.address.map(|v| seal("address", v)).transpose()?);
    }
    q.execute(&mut **tx).await.map_err(duplicate_or)?;
    Ok(())
}

/// Gives every registration a person entered in its own region: a registration whose person
/// was entered elsewhere (one identity shared across regions, as earlier releases linked them)
/// gets a copy of that person in its region, so a correction or erasure through one region
/// never reaches another's. Runs after the migrations; a no-op once done.
pub async fn separate_regions(db: &Db) -> Result<usize> {
    let mut moved = 0;
    for registry in Registry::ALL {
        let sql = format!(
            "SELECT x.id, x.person_id, x.region_code FROM {} x JOIN persons p ON p.id = x.person_id \
             WHERE x.region_code <> p.region_code ORDER BY x.person_id, x.region_code",
            registry.table()
        );
        let rows = sqlx::query(&sql).fetch_all(&db.pool).await?;
        for r in rows {
            let registration: String = r.try_get("id")?;
            let person: String = r.try_get("person_id")?;
            let region: String = r.try_get("region_code")?;
            let mut tx = db.begin_write().await?;
            let id: PersonId = person.parse().map_err(|_| crate::StoreError::corrupt(format!("person id {person}")))?;
            if others(&mut tx, id, registry, &registration).await? == 0 {
                // The only registration: the person simply follows it.
                sqlx::query("UPDATE persons SET region_code = $1 WHERE id = $2")
                    .bind(&region)
                    .bind(&person)
                    .execute(&mut *tx)
                    .await?;
            } else {
                let copy = copy_to(db, &mut tx, id, &region).await?;
                let sql = format!("UPDATE {} SET person_id = $1 WHERE id = $2", registry.table());
                sqlx::query(&sql).bind(copy.to_string()).bind(&registration).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            moved += 1;
        }
    }
    Ok(moved)
}

/// The person entered in `region` with the same identity as `id`: found, or copied from `id`.
async fn copy_to(db: &Db, tx: &mut Transaction<'static, Any>, id: PersonId, region: &str) -> Result<PersonId> {
    let found = sqlx::query(
        "SELECT o.id FROM persons o JOIN persons p ON p.id_index = o.id_index WHERE p.id = $1 AND o.region_code = $2",
    )
    .bind(id.to_string())
    .bind(region)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(row) = found {
        let found: String = row.try_get("id")?;
        return found.parse().map_err(|_| crate::StoreError::corrupt(format!("person id {found}")));
    }
    let copy = PersonId::new();
    sqlx::query(
        "INSERT INTO persons (id, region_code, name, name_initials, id_kind, id_number, id_index, phone, phone_index, \
         address, gender, birth_date, erased_at, created_at, updated_at) \
         SELECT $1, $2, name, name_initials, id_kind, id_number, id_index, phone, phone_index, address, gender, \
         birth_date, erased_at, created_at, $3 FROM persons WHERE id = $4",
    )
    .bind(copy.to_string())
    .bind(region)
    .bind(now_ms())
    .bind(id.to_string())
    .execute(&mut **tx)
    .await?;
    // Sealed values are bound to their row: the copy's are sealed again for it.
    let (from, to) = (id.to_string(), copy.to_string());
    for column in ["id_number", "phone", "address"] {
        let sql = format!("SELECT {column} AS sealed FROM persons WHERE id = $1");
        let sealed: Option<String> = sqlx::query(&sql).bind(&from).fetch_one(&mut **tx).await?.try_get("sealed")?;
        let Some(sealed) = sealed else { continue };
        let plain = db.crypto.open_in(at("persons", column, &from), &sealed)?;
        sqlx::query(&format!("UPDATE persons SET {column} = $1 WHERE id = $2"))
            .bind(db.crypto.seal_in(at("persons", column, &to), &plain)?)
            .bind(&to)
            .execute(&mut **tx)
            .await?;
    }
    Ok(copy)
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
    let registered =
        sqlx::query("SELECT id FROM residents WHERE person_id = $1").bind(&person).fetch_all(&mut **tx).await?;
    for r in registered {
        let resident: String = r.try_get("id")?;
        sqlx::query(
            "UPDATE residents SET status = $1, household = NULL, categories = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(ERASED)
        .bind(db.crypto.seal_in(at("residents", "categories", &resident), "[]")?)
        .bind(now)
        .bind(&resident)
        .execute(&mut **tx)
        .await?;
    }
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
