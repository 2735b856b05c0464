//! Requests that are well-formed but impossible in a record's current state (409), with the
//! sentence each answers in both languages.

use crate::Lang;
use crate::text::fill;

/// A request that is well-formed but impossible in the record's current state (409).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    #[error("a need cannot move from {from:?} to {to:?}")]
    NeedTransition { from: crate::need::NeedStatus, to: crate::need::NeedStatus },
    #[error("the service point is closed and can no longer be changed")]
    ServicePointClosed,
    #[error("the service point is already closed")]
    ServicePointAlreadyClosed,
    #[error("you cannot disable your own account")]
    OwnAccount,
    #[error("an account's own second factor is changed on its own page")]
    OwnSecondFactor,
    #[error("the second factor is already in force")]
    SecondFactorInForce,
    #[error("no second factor is in force, or no enrolment was started")]
    NoSecondFactor,
    #[error("enrolment of a second factor is turned off")]
    SecondFactorOff,
    #[error("the person's data has been erased")]
    Erased,
    #[error("the need already has a case")]
    CaseExists,
    #[error("the need must be assessed before it is linked")]
    NotAssessed,
    #[error("the task is full")]
    TaskFull,
    #[error("the task is closed or over")]
    TaskClosed,
    #[error("the volunteer has already accepted the task")]
    AlreadyAccepted,
    #[error("the volunteer has not accepted the task")]
    NotAccepted,
    #[error("the need is not closed")]
    NotClosed,
    #[error("the need has been reviewed")]
    AlreadyReviewed,
    #[error("the organization already has an unanswered referral of this need")]
    ReferralOpen,
    #[error("the referral has been answered")]
    ReferralAnswered,
    #[error("the volunteer has not checked in")]
    NotCheckedIn,
    #[error("the volunteer has already checked in")]
    AlreadyCheckedIn,
    #[error("the volunteer has already checked out")]
    AlreadyCheckedOut,
    #[error("check-in is not open for this task now")]
    CheckInClosed,
    #[error("the activity is full")]
    ActivityFull,
    #[error("the activity is not open for sign-up")]
    ActivityClosed,
    #[error("already signed up")]
    AlreadySignedUp,
    #[error("not signed up")]
    NotSignedUp,
    #[error("check-in is not open for this activity now")]
    ActivityCheckInClosed,
    #[error("the hours ledger refuses the entry: {0:?}")]
    HoursRefused(crate::hours::Refusal),
    #[error("the volunteer is not a member of the organization")]
    NotAMember,
    #[error("a back-entry is approved by someone other than who asked")]
    OwnRequest,
    #[error("the request has been decided")]
    AlreadyDecided,
    #[error("the entry has been amended already")]
    AlreadyAmended,
    #[error("another unit recorded it")]
    NotYourUnit,
    #[error("the unit recorded no service in force for the volunteer in the period")]
    NothingToCertify,
    #[error("the service of the period adds up to zero hours")]
    ZeroHours,
    #[error("the certificate is not waiting to be issued")]
    CertificateDecided,
    #[error("the certificate is not in force")]
    CertificateNotValid,
    #[error("the entry already has an open correction request")]
    CorrectionOpen,
    #[error("the entry is not the volunteer's own, or no longer in force")]
    NotYourEntry,
    #[error("the activity has not taken place yet")]
    ActivityNotHeld,
    #[error("the activity has as many photos as it may")]
    TooManyPhotos,
    #[error("the account's balance would go below zero")]
    InsufficientBalance,
    #[error("the idempotency key was used for another request")]
    IdempotencyReused,
    #[error("the transaction has been reversed already")]
    AlreadyReversed,
    #[error("a reversal is not reversed; post the movement again")]
    ReversalOfReversal,
    #[error("the fund is closed")]
    FundClosed,
    #[error("a grant is approved by someone other than who asked for it")]
    OwnGrant,
    #[error("the care fund's rules refuse the application: {0:?}")]
    ReliefRefused(crate::relief::Refusal),
    #[error("relief is approved by two different keepers, neither the applicant")]
    SameApprover,
    #[error("relief is not approved by whoever applied or by the worker it is for")]
    OwnApplication,
    #[error("the fund is not a care fund")]
    NotACareFund,
    #[error("the application is not waiting for a decision")]
    ReliefDecided,
    #[error("the application has as many documents as it may")]
    TooManyDocuments,
    #[error("the wish has been taken up or withdrawn")]
    WishNotOpen,
    #[error("the wish is not taken up, or already fulfilled")]
    WishNotTaken,
    #[error("this phone has already offered to take the wish up")]
    WishClaimPending,
    #[error("the offer to take the wish up was already decided")]
    WishClaimDecided,
    #[error("the need already has a wish")]
    WishExists,
    #[error("a care fund pays relief to social workers, not grants to needs")]
    CareFundByRelief,
    #[error("the need is closed")]
    NeedNotOpen,
}

impl Conflict {
    pub fn message(self, lang: Lang) -> String {
        match self {
            Conflict::NeedTransition { from, to } => {
                fill(conflict_texts(lang).need_transition, &[("from", &from.label(lang)), ("to", &to.label(lang))])
            }
            Conflict::ServicePointClosed => conflict_texts(lang).service_point_closed.into(),
            Conflict::ServicePointAlreadyClosed => conflict_texts(lang).service_point_already_closed.into(),
            Conflict::OwnAccount => conflict_texts(lang).own_account.into(),
            Conflict::OwnSecondFactor => conflict_texts(lang).own_second_factor.into(),
            Conflict::SecondFactorInForce => conflict_texts(lang).second_factor_in_force.into(),
            Conflict::NoSecondFactor => conflict_texts(lang).no_second_factor.into(),
            Conflict::SecondFactorOff => conflict_texts(lang).second_factor_off.into(),
            Conflict::CaseExists => conflict_texts(lang).case_exists.into(),
            Conflict::NotAssessed => conflict_texts(lang).not_assessed.into(),
            Conflict::NotClosed => conflict_texts(lang).not_closed.into(),
            Conflict::AlreadyReviewed => conflict_texts(lang).already_reviewed.into(),
            Conflict::ReferralOpen => conflict_texts(lang).referral_open.into(),
            Conflict::ReferralAnswered => conflict_texts(lang).referral_answered.into(),
            Conflict::NotCheckedIn => conflict_texts(lang).not_checked_in.into(),
            Conflict::AlreadyCheckedIn => conflict_texts(lang).already_checked_in.into(),
            Conflict::AlreadyCheckedOut => conflict_texts(lang).already_checked_out.into(),
            Conflict::CheckInClosed => conflict_texts(lang).check_in_closed.into(),
            Conflict::HoursRefused(r) => r.message(lang).into(),
            Conflict::NotAMember => conflict_texts(lang).not_a_member.into(),
            Conflict::OwnRequest => conflict_texts(lang).own_request.into(),
            Conflict::AlreadyDecided => conflict_texts(lang).already_decided.into(),
            Conflict::AlreadyAmended => conflict_texts(lang).already_amended.into(),
            Conflict::NotYourUnit => conflict_texts(lang).not_your_unit.into(),
            Conflict::NothingToCertify => conflict_texts(lang).nothing_to_certify.into(),
            Conflict::ZeroHours => conflict_texts(lang).zero_hours.into(),
            Conflict::CertificateDecided => conflict_texts(lang).certificate_decided.into(),
            Conflict::CertificateNotValid => conflict_texts(lang).certificate_not_valid.into(),
            Conflict::CorrectionOpen => conflict_texts(lang).correction_open.into(),
            Conflict::NotYourEntry => conflict_texts(lang).not_your_entry.into(),
            Conflict::ActivityNotHeld => conflict_texts(lang).activity_not_held.into(),
            Conflict::TooManyPhotos => conflict_texts(lang).too_many_photos.into(),
            Conflict::InsufficientBalance => conflict_texts(lang).insufficient_balance.into(),
            Conflict::IdempotencyReused => conflict_texts(lang).idempotency_reused.into(),
            Conflict::AlreadyReversed => conflict_texts(lang).already_reversed.into(),
            Conflict::ReversalOfReversal => conflict_texts(lang).reversal_of_reversal.into(),
            Conflict::OwnGrant => conflict_texts(lang).own_grant.into(),
            Conflict::ReliefRefused(r) => r.message(lang),
            Conflict::SameApprover => conflict_texts(lang).same_approver.into(),
            Conflict::OwnApplication => conflict_texts(lang).own_application.into(),
            Conflict::NotACareFund => conflict_texts(lang).not_a_care_fund.into(),
            Conflict::ReliefDecided => conflict_texts(lang).relief_decided.into(),
            Conflict::TooManyDocuments => conflict_texts(lang).too_many_documents.into(),
            Conflict::WishNotOpen => conflict_texts(lang).wish_not_open.into(),
            Conflict::WishClaimPending => conflict_texts(lang).wish_claim_pending.into(),
            Conflict::WishClaimDecided => conflict_texts(lang).wish_claim_decided.into(),
            Conflict::WishNotTaken => conflict_texts(lang).wish_not_taken.into(),
            Conflict::CareFundByRelief => conflict_texts(lang).care_fund_by_relief.into(),
            Conflict::NeedNotOpen => conflict_texts(lang).need_not_open.into(),
            Conflict::WishExists => conflict_texts(lang).wish_exists.into(),
            Conflict::FundClosed => conflict_texts(lang).fund_closed.into(),
            Conflict::ActivityFull => conflict_texts(lang).activity_full.into(),
            Conflict::ActivityClosed => conflict_texts(lang).activity_closed.into(),
            Conflict::AlreadySignedUp => conflict_texts(lang).already_signed_up.into(),
            Conflict::NotSignedUp => conflict_texts(lang).not_signed_up.into(),
            Conflict::ActivityCheckInClosed => conflict_texts(lang).activity_check_in_closed.into(),
            Conflict::TaskFull => conflict_texts(lang).task_full.into(),
            Conflict::TaskClosed => conflict_texts(lang).task_closed.into(),
            Conflict::AlreadyAccepted => conflict_texts(lang).already_accepted.into(),
            Conflict::NotAccepted => conflict_texts(lang).not_accepted.into(),
            Conflict::Erased => conflict_texts(lang).erased.into(),
        }
    }
}

crate::texts! {
    /// The texts this module shows.
    struct ConflictTexts, conflict_texts {
        need_transition: "需求当前为“{from}”，不能改为“{to}”",
            "The need is {from} and cannot become {to}",
        service_point_closed: "该服务阵地已关闭，不能再修改",
            "The service point is closed and can no longer be changed",
        service_point_already_closed: "该服务阵地已经关闭",
            "The service point is already closed",
        own_account: "不能停用自己的账号",
            "You cannot disable your own account",
        own_second_factor: "自己的双重验证请在“我的账号”中管理",
            "Manage your own two-step verification on your own page",
        second_factor_in_force: "双重验证已启用",
            "Two-step verification is already on",
        no_second_factor: "尚未启用双重验证，或设置已过期，请重新开始",
            "Two-step verification is not on, or its setup lapsed; start again",
        second_factor_off: "本平台未开放双重验证设置",
            "Setting up two-step verification is turned off here",
        case_exists: "该需求已有社工接案",
            "A social worker has already taken this need as a case",
        not_assessed: "需求需先评估，或已办结，不能联动",
            "The need must be assessed (and still open) before it is linked",
        not_closed: "需求尚未结案",
            "The need is not closed yet",
        already_reviewed: "该需求已经审核",
            "The need has already been reviewed",
        referral_open: "已向该组织转介此需求，正在等待答复",
            "This need is already referred to the organization and awaits an answer",
        referral_answered: "该转介已经答复",
            "The referral has already been answered",
        not_checked_in: "您还没有签到",
            "You have not checked in",
        already_checked_in: "您已经签到",
            "You have already checked in",
        already_checked_out: "您已经签退",
            "You have already checked out",
        check_in_closed: "任务开始前一小时至结束前才能签到",
            "Check-in opens an hour before the task and closes at its end",
        not_a_member: "该志愿者不是本组织的成员，不能由本组织记录",
            "The volunteer is not a member of your organization",
        own_request: "补录须由记录单位的其他人员审核，不能审核自己提交的补录",
            "Someone else must approve a back-entry you asked for",
        already_decided: "该补录申请已经审核",
            "The request has already been decided",
        already_amended: "该记录已被更正，请更正最新的记录",
            "The entry has been amended; amend the latest one",
        not_your_unit: "该记录由其他单位记录，只能由记录单位审核或更正（谁记录谁证明）",
            "Another unit recorded it: only that unit approves or corrects it",
        nothing_to_certify: "该时段内没有该单位记录的有效服务时长，无法出具证明",
            "The unit recorded no service in force for the volunteer in that period",
        zero_hours: "该时段内记录的服务时长合计为 0 小时（签到后不足 1 分钟即签退的记为 0 分钟），不能出具 0 小时的证明",
            "The service recorded in that period adds up to 0 hours (a check-out less than a minute after check-in counts 0 minutes): a certificate of 0 hours cannot be issued",
        certificate_decided: "该证明申请已经处理",
            "The certificate request has already been decided",
        certificate_not_valid: "该证明已撤销或尚未出具",
            "The certificate is revoked or not issued",
        correction_open: "该记录已有待处理的更正申请",
            "The entry already has a correction request waiting",
        not_your_entry: "只能对本人有效的服务记录申请更正",
            "You can ask to correct only your own entries in force",
        activity_not_held: "活动已发布并结束后，才能填写活动总结、上传照片",
            "An activity's report and photos come after it has been published and has ended",
        too_many_photos: "每场活动最多上传 9 张照片",
            "An activity takes at most 9 photos",
        insufficient_balance: "余额不足：这笔支出会使基金或配捐池余额小于零",
            "Not enough money: the fund or pool would go below zero",
        idempotency_reused: "该请求编号已用于另一笔不同的款项，请换一个编号",
            "This idempotency key was used for a different request; use a new one",
        already_reversed: "该笔交易已经冲正",
            "The transaction has already been reversed",
        reversal_of_reversal: "冲正交易不能再冲正，如需恢复请重新记账",
            "A reversal is not reversed; post the movement again",
        own_grant: "资助申请须由基金管理人中的其他人员审批，不能审批自己提交的申请",
            "Someone else of the fund's keepers must approve a grant you asked for",
        same_approver: "关爱金申请须由两位不同的审核人批准，您已审核过这份申请",
            "Relief needs two different approvers; you have already approved this application",
        own_application: "不能审核自己提交或为自己提交的申请",
            "You cannot decide an application you made or that is for you",
        not_a_care_fund: "该基金不是社工关爱基金",
            "The fund is not a social workers' care fund",
        relief_decided: "该申请已审结，不能再审核",
            "The application has already been decided",
        too_many_documents: "每份申请最多上传 5 份证明材料",
            "An application takes at most 5 documents",
        wish_not_open: "该心愿已被认领或已撤回",
            "The wish has been taken up or withdrawn",
        wish_claim_pending: "您已申请认领这个心愿，请等待社区工作人员电话联系确认",
            "You have already offered to take this wish up; the community will call you to confirm",
        wish_claim_decided: "该认领申请已处理",
            "This offer has already been decided",
        wish_not_taken: "该心愿尚未被认领，或已经实现",
            "The wish is not taken up, or is already fulfilled",
        care_fund_by_relief: "社工关爱基金只通过关爱金申请、经两位审核人批准后拨付，不能直接资助需求",
            "A care fund pays relief to social workers after two approvals, not grants to needs",
        need_not_open: "需求已经结束，不能再发布微心愿",
            "The need is over: it cannot be published as a wish",
        wish_exists: "该需求已发布为微心愿",
            "The need is already published as a wish",
        fund_closed: "该基金已关闭，不再接收款项",
            "The fund is closed",
        activity_full: "活动名额已满",
            "The activity is full",
        activity_closed: "活动未发布、已取消或已结束，不能报名",
            "The activity is not open for sign-up",
        already_signed_up: "您已报名此活动",
            "You have already signed up",
        not_signed_up: "您没有报名此活动",
            "You have not signed up for this activity",
        activity_check_in_closed: "活动开始前一小时至结束后两小时内才能签到签退",
            "Check-in is open from an hour before the activity to two hours after it",
        task_full: "任务名额已满",
            "The task is full",
        task_closed: "任务已取消或已结束",
            "The task is cancelled or over",
        already_accepted: "您已报名此任务",
            "You have already accepted this task",
        not_accepted: "您没有报名此任务",
            "You have not accepted this task",
        erased: "此人的个人信息已按要求删除",
            "This person's data has been erased on request",
    }
}
