/// What is wrong with one entry of a batch, found against the database: the entry's index in the
/// batch, the field and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub index: usize,
    pub field: wushe_domain::Field,
    pub reason: wushe_domain::Reason,
}
