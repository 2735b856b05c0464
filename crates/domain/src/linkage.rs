//! The kinds of linkage (联动) one need can have: several of the five societies may answer the
//! same need. Each kind has its own records; this is the list the need's page walks.

use crate::Lang;
use crate::text::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkageKind {
    /// A social worker takes the need as a case.
    Case,
    /// Volunteers serve through tasks.
    Task,
    /// A social organization accepts a referral.
    Referral,
    /// Charity money or goods are linked to the need. Recorded by the charity ledger, which
    /// writes its own rows against the need; until then a need has none.
    Charity,
}

impl LinkageKind {
    pub const ALL: [LinkageKind; 4] =
        [LinkageKind::Case, LinkageKind::Task, LinkageKind::Referral, LinkageKind::Charity];

    pub fn key(self) -> &'static str {
        match self {
            LinkageKind::Case => "case",
            LinkageKind::Task => "task",
            LinkageKind::Referral => "referral",
            LinkageKind::Charity => "charity",
        }
    }

    /// Which of the five societies answers through this kind.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            LinkageKind::Case => Text::new("社工接案", "social worker case").get(lang),
            LinkageKind::Task => Text::new("志愿服务", "volunteer tasks").get(lang),
            LinkageKind::Referral => Text::new("社会组织转介", "referral to an organization").get(lang),
            LinkageKind::Charity => Text::new("慈善资源", "charity resources").get(lang),
        }
    }
}
