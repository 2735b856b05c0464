//! Messages (消息): what the platform tells a person because something waits on them. A message
//! is a kind and a subject that is never a resident's personal data (a need's category, a task's
//! title, a fund's name, a certificate's number); the reader's language renders it.

use crate::Lang;
use crate::need::NeedCategory;
use crate::text::Text;

use crate::choices::choices;

choices!(
    /// What happened, and so what the reader is asked to do.
    MessageKind, crate::Field::Status, {
        NeedSubmitted = "need_submitted", "新需求待评估", "new need to assess";
        NeedEscalated = "need_escalated", "需求超时上交", "need passed up";
        ReferralReceived = "referral_received", "转介待答复", "referral to answer";
        TaskOffered = "task_offered", "志愿任务邀请", "task offered";
        GrantAwaiting = "grant_awaiting", "资助待审批", "grant to approve";
        ReliefAwaiting = "relief_awaiting", "关爱救助待审批", "relief to approve";
        BackEntryAwaiting = "back_entry_awaiting", "补录时长待审批", "back-entry to approve";
        CertificateIssued = "certificate_issued", "证明已出具", "certificate issued";
        CertificateRefused = "certificate_refused", "证明未出具", "certificate refused";
        CorrectionDecided = "correction_decided", "更正申请已处理", "correction decided";
        NeedClosed = "need_closed", "个案已结案", "case closed";
    }
);

impl MessageKind {
    /// The sentence the reader sees, with the subject in it.
    pub fn text(self, subject: &str, lang: Lang) -> String {
        use MessageKind::*;
        let category = || NeedCategory::parse(subject).map(|c| c.label(lang)).unwrap_or(subject);
        match (self, lang) {
            (NeedSubmitted, Lang::Zh) => format!("有一条新的{}需求提交到您处，请评估受理", category()),
            (NeedSubmitted, Lang::En) => format!("A new {} need was submitted to you: please assess it", category()),
            (NeedEscalated, Lang::Zh) => {
                format!("有一条{}需求超过响应时限未受理，已上交到您处，请尽快处理", category())
            }
            (NeedEscalated, Lang::En) => {
                format!("A {} need was not taken up in time and has passed to you: please act soon", category())
            }
            (ReferralReceived, Lang::Zh) => format!("您的机构收到一条{}需求的转介，请答复是否接收", category()),
            (ReferralReceived, Lang::En) => {
                format!("Your organization was referred a {} need: please accept or decline", category())
            }
            (TaskOffered, Lang::Zh) => format!("邀请您参加志愿任务「{subject}」，可在“志愿任务”中接受"),
            (TaskOffered, Lang::En) => {
                format!("You are invited to the volunteer task “{subject}”: accept it under Tasks")
            }
            (GrantAwaiting, Lang::Zh) => format!("「{subject}」有一笔资助申请等待您审批"),
            (GrantAwaiting, Lang::En) => format!("A grant from “{subject}” waits for your approval"),
            (ReliefAwaiting, Lang::Zh) => format!("「{subject}」有一份关爱救助申请等待您审批"),
            (ReliefAwaiting, Lang::En) => format!("A relief application to “{subject}” waits for your approval"),
            (BackEntryAwaiting, Lang::Zh) => "有一条补录的志愿服务时长等待您审批".to_owned(),
            (BackEntryAwaiting, Lang::En) => "A back-entered volunteer hours entry waits for your approval".to_owned(),
            (CertificateIssued, Lang::Zh) => format!("您申请的志愿服务证明已出具，编号 {subject}"),
            (CertificateIssued, Lang::En) => {
                format!("Your certificate of volunteer service is issued: number {subject}")
            }
            (CertificateRefused, Lang::Zh) => "您申请的志愿服务证明未予出具，原因请在“我的时长”中查看".to_owned(),
            (CertificateRefused, Lang::En) => {
                "Your certificate request was refused: see the reason under My hours".to_owned()
            }
            (CorrectionDecided, Lang::Zh) => format!("您提出的服务时长更正申请已处理：{}", decision(subject, lang)),
            (CorrectionDecided, Lang::En) => {
                format!("Your hours correction request was decided: {}", decision(subject, lang))
            }
            (NeedClosed, Lang::Zh) => format!("您负责的{}需求已结案，请按计划回访", category()),
            (NeedClosed, Lang::En) => format!("The {} need on your case is closed: follow up as planned", category()),
        }
    }
}

/// A correction's decision as its subject names it.
fn decision(subject: &str, lang: Lang) -> &str {
    match subject {
        "amended" => Text::new("已按您的申请更正", "the entry was corrected").get(lang),
        "kept" => {
            Text::new("维持原记录，理由见“我的时长”", "the entry stands; see the reason under My hours").get(lang)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_speaks_both_languages_and_names_its_subject() {
        for kind in MessageKind::ALL {
            let zh = kind.text("elderly_care", Lang::Zh);
            let en = kind.text("elderly_care", Lang::En);
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
            assert!(en.is_ascii() || en.contains('“'), "{en}");
            assert_ne!(zh, en);
            assert_eq!(MessageKind::parse(kind.key()), Ok(*kind));
        }
        assert!(MessageKind::TaskOffered.text("送餐", Lang::Zh).contains("送餐"));
    }
}
