//! What every people register has in common — volunteers, residents, social workers and donors:
//! finding a record in the caller's area (and auditing a probe into another's), the permission to
//! manage it, and the person's rights over it: their numbers shown with a reason, a copy of
//! everything held, erasure. A register says only what is its own: where its records are, what
//! its reveal shows and what its copy holds.

use std::fmt::Display;

use wushe_domain::authz::Action;
use wushe_domain::validate::required_text;
use wushe_domain::{AccountId, Field, Lang, RegionCode, RegionPath};
use wushe_store::{Db, Scope, StoreError};

use crate::access::session::Auth;
use crate::error::{AppError, AppResult};
use crate::people::rights::{self, PersonalData};
use crate::state::AppState;
use crate::steps::{authorize, not_found};
use crate::views::Revealed;

type Stored<T> = Result<T, StoreError>;

/// A people register.
pub trait Register: Sync {
    type Id: Display + Copy + Send + Sync + 'static;
    type Record: Send;
    /// The audit entity, e.g. `volunteer`.
    const ENTITY: &'static str;
    /// The permission that manages a record.
    const MANAGE: Action;

    /// The record, if it lies in `scope`.
    fn find(db: &Db, scope: &Scope, id: Self::Id) -> impl Future<Output = Stored<Option<Self::Record>>> + Send;
    /// The region of the record wherever it lies, for auditing a probe.
    fn region_of(db: &Db, id: Self::Id) -> impl Future<Output = Stored<Option<RegionCode>>> + Send;
    /// Clears the person's data, keeping the record's id for the ledgers.
    fn erase_stored(
        db: &Db,
        scope: &Scope,
        id: Self::Id,
        reason: &str,
        by: Option<AccountId>,
    ) -> impl Future<Output = Stored<Option<Self::Record>>> + Send;
    fn region(record: &Self::Record) -> (&RegionCode, &RegionPath);
    /// What a record shows of itself on its own page beyond its row: persons say whether their
    /// number is known elsewhere (from the keyed index only).
    fn complete(db: &Db, record: &mut Self::Record) -> impl Future<Output = Stored<()>> + Send {
        let _ = (db, record);
        async { Ok(()) }
    }
    /// The numbers a reveal shows in full.
    fn revealed(record: Self::Record) -> Vec<Option<String>>;
    /// Everything held about the person, labelled by field, for their copy.
    fn held(
        state: &AppState,
        auth: &Auth,
        record: Self::Record,
        lang: Lang,
    ) -> impl Future<Output = AppResult<Vec<(Field, Option<String>)>>> + Send;
}

/// The record in the caller's area; another area's answers "not found" and is audited there.
pub async fn get<R: Register>(state: &AppState, auth: &Auth, id: R::Id) -> AppResult<R::Record> {
    match R::find(&state.db, &auth.scope(), id).await? {
        Some(mut record) => {
            R::complete(&state.db, &mut record).await?;
            Ok(record)
        }
        None => {
            let elsewhere = R::region_of(&state.db, id).await?;
            Err(not_found(state, &auth.actor(), R::ENTITY, &id, elsewhere).await)
        }
    }
}

/// A record the caller may manage, or a 404/403.
pub async fn get_to_manage<R: Register>(state: &AppState, auth: &Auth, id: R::Id) -> AppResult<R::Record> {
    let record = get::<R>(state, auth, id).await?;
    let (code, path) = R::region(&record);
    authorize(state, &auth.actor(), R::MANAGE, R::ENTITY, &id, (code, path)).await?;
    Ok(record)
}

/// The person's numbers in full, for someone who gives a reason (audited).
pub async fn reveal<R: Register>(state: &AppState, auth: &Auth, id: R::Id, reason: &str) -> AppResult<Revealed> {
    let record = get_to_manage::<R>(state, auth, id).await?;
    rights::audit_access(state, auth, R::ENTITY, "reveal", &id, R::region(&record).0, reason).await?;
    let parts: Vec<String> = R::revealed(record).into_iter().map(Option::unwrap_or_default).collect();
    Ok(Revealed { value: Some(parts.join(" / ")) })
}

/// Everything held about the person, for handing to them on request (audited with the reason).
pub async fn personal_data<R: Register>(
    state: &AppState,
    auth: &Auth,
    id: R::Id,
    reason: &str,
    lang: Lang,
) -> AppResult<PersonalData> {
    let record = get_to_manage::<R>(state, auth, id).await?;
    rights::audit_access(state, auth, R::ENTITY, "personal_data", &id, R::region(&record).0, reason).await?;
    Ok(rights::personal_data(R::ENTITY, lang, R::held(state, auth, record, lang).await?))
}

/// Erases the person's data on request; the reason is kept in the audit log.
pub async fn erase<R: Register>(state: &AppState, auth: &Auth, id: R::Id, reason: &str) -> AppResult<R::Record> {
    get_to_manage::<R>(state, auth, id).await?;
    let reason = required_text(Field::Reason, reason, 200)?;
    R::erase_stored(&state.db, &auth.scope(), id, &reason, Some(auth.actor().id)).await?.ok_or(AppError::NotFound)
}

/// Declares a register over its store module (`get`, `region_of`, `erase`): the [`Register`]
/// impl and the use cases every register shares (`get`, `reveal`, `erase`, `personal_data`, and
/// the module's own `get_to_manage`), so that a register module writes only what it reveals and
/// what a copy holds: its functions `revealed` and `held`. `person` registers also say whether
/// the person's number is known elsewhere.
macro_rules! register {
    ($kind:ident, $id:ty, $record:ty, $entity:literal, $manage:ident $(, $person:ident)?) => {
        #[doc = concat!("The ", $entity, " register.")]
        pub struct $kind;

        impl $crate::people::register::Register for $kind {
            type Id = $id;
            type Record = $record;
            const ENTITY: &'static str = $entity;
            const MANAGE: wushe_domain::authz::Action = wushe_domain::authz::Action::$manage;

            async fn find(
                db: &wushe_store::Db,
                scope: &wushe_store::Scope,
                id: $id,
            ) -> Result<Option<$record>, wushe_store::StoreError> {
                store::get(db, scope, id).await
            }

            async fn region_of(
                db: &wushe_store::Db,
                id: $id,
            ) -> Result<Option<wushe_domain::RegionCode>, wushe_store::StoreError> {
                store::region_of(db, id).await
            }

            async fn erase_stored(
                db: &wushe_store::Db,
                scope: &wushe_store::Scope,
                id: $id,
                reason: &str,
                by: Option<wushe_domain::AccountId>,
            ) -> Result<Option<$record>, wushe_store::StoreError> {
                store::erase(db, scope, id, reason, by).await
            }

            fn region(r: &$record) -> (&wushe_domain::RegionCode, &wushe_domain::RegionPath) {
                (&r.region_code, &r.region_path)
            }

            $($crate::people::register::register!(@$person $record);)?

            fn revealed(r: $record) -> Vec<Option<String>> {
                revealed(r)
            }

            async fn held(
                state: &AppState,
                auth: &Auth,
                r: $record,
                lang: wushe_domain::Lang,
            ) -> AppResult<Vec<(wushe_domain::Field, Option<String>)>> {
                held(state, auth, r, lang).await
            }
        }

        pub async fn get(state: &AppState, auth: &Auth, id: $id) -> AppResult<$record> {
            $crate::people::register::get::<$kind>(state, auth, id).await
        }

        /// The record in scope, when the caller may also manage it.
        pub async fn get_to_manage(state: &AppState, auth: &Auth, id: $id) -> AppResult<$record> {
            $crate::people::register::get_to_manage::<$kind>(state, auth, id).await
        }

        /// The person's numbers in full, for someone who gives a reason (audited).
        pub async fn reveal(state: &AppState, auth: &Auth, id: $id, reason: &str) -> AppResult<$crate::views::Revealed> {
            $crate::people::register::reveal::<$kind>(state, auth, id, reason).await
        }

        /// Erases the person's data on request; the reason is kept in the audit log.
        pub async fn erase(state: &AppState, auth: &Auth, id: $id, reason: &str) -> AppResult<$record> {
            $crate::people::register::erase::<$kind>(state, auth, id, reason).await
        }

        /// Everything held about the person, for handing to them on request.
        pub async fn personal_data(
            state: &AppState,
            auth: &Auth,
            id: $id,
            reason: &str,
            lang: wushe_domain::Lang,
        ) -> AppResult<$crate::people::rights::PersonalData> {
            $crate::people::register::personal_data::<$kind>(state, auth, id, reason, lang).await
        }
    };
    (@person $record:ty) => {
        async fn complete(db: &wushe_store::Db, r: &mut $record) -> Result<(), wushe_store::StoreError> {
            r.known_elsewhere = Some(wushe_store::persons::known_elsewhere(db, r.person_id).await?);
            Ok(())
        }
    };
}
pub(crate) use register;
