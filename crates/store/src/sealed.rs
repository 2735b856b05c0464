//! Every column that holds sealed text, declared once beside the schema. Key rotation, `wushe
//! verify` and the sealing function itself read this list: a value sealed into a column missing
//! here fails every debug build's test that writes it (`crypto::at`), and a test walks the
//! fixture's whole database for sealed values in columns not declared.

/// How key rotation moves a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rotated {
    /// From its own value, with its keyed index if it has one.
    Alone,
    /// With the rest of its row (persons' numbers and their indexes, residents' categories and
    /// their tags), by a walk of its own.
    WithItsRow,
}

/// One column of sealed text, with the keyed index (column, kind) computed from its value, if any.
#[derive(Debug, Clone, Copy)]
pub struct SealedColumn {
    pub table: &'static str,
    pub column: &'static str,
    pub index: Option<(&'static str, &'static str)>,
    pub rotated: Rotated,
}

const fn alone(table: &'static str, column: &'static str, index: Option<(&'static str, &'static str)>) -> SealedColumn {
    SealedColumn { table, column, index, rotated: Rotated::Alone }
}

const fn with_its_row(table: &'static str, column: &'static str) -> SealedColumn {
    SealedColumn { table, column, index: None, rotated: Rotated::WithItsRow }
}

pub const SEALED_COLUMNS: [SealedColumn; 23] = [
    with_its_row("persons", "id_number"),
    with_its_row("persons", "phone"),
    with_its_row("persons", "address"),
    with_its_row("residents", "categories"),
    alone("wish_claims", "phone", Some(("phone_index", "phone"))),
    alone("needs", "tracking_code", Some(("tracking_index", "tracking"))),
    alone("key_check", "sealed", None),
    alone("accounts", "phone", Some(("phone_index", "phone"))),
    alone("donors", "phone", Some(("phone_index", "phone"))),
    alone("service_points", "contact_phone", None),
    alone("organizations", "contact_phone", None),
    alone("needs", "description", None),
    alone("needs", "contact_name", None),
    alone("needs", "contact_phone", None),
    alone("needs", "address", None),
    alone("need_events", "note", None),
    alone("cases", "plan", None),
    alone("case_notes", "note", None),
    alone("service_records", "note", None),
    alone("wishes", "taker_phone", Some(("taker_phone_index", "phone"))),
    alone("relief_applications", "event", None),
    alone("relief_documents", "content", None),
    alone("second_factors", "secret", None),
];

/// Whether `table`.`column` is declared sealed.
pub fn is_sealed(table: &str, column: &str) -> bool {
    SEALED_COLUMNS.iter().any(|s| s.table == table && s.column == column)
}
