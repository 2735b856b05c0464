//! Requests that are well-formed but impossible in a record's current state (409), with the
//! sentence each answers in both languages.

use crate::Lang;

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
            Conflict::NeedTransition { from, to } => match lang {
                Lang::Zh => format!("需求当前为“{}”，不能改为“{}”", from.label(lang), to.label(lang)),
                Lang::En => format!("The need is {} and cannot become {}", from.label(lang), to.label(lang)),
            },
            Conflict::ServicePointClosed => lang
                .pick("该服务阵地已关闭，不能再修改", "The service point is closed and can no longer be changed")
                .into(),
            Conflict::ServicePointAlreadyClosed => {
                lang.pick("该服务阵地已经关闭", "The service point is already closed").into()
            }
            Conflict::OwnAccount => lang.pick("不能停用自己的账号", "You cannot disable your own account").into(),
            Conflict::OwnSecondFactor => lang
                .pick("自己的双重验证请在“我的账号”中管理", "Manage your own two-step verification on your own page")
                .into(),
            Conflict::SecondFactorInForce => lang.pick("双重验证已启用", "Two-step verification is already on").into(),
            Conflict::NoSecondFactor => lang
                .pick(
                    "尚未启用双重验证，或设置已过期，请重新开始",
                    "Two-step verification is not on, or its setup lapsed; start again",
                )
                .into(),
            Conflict::SecondFactorOff => {
                lang.pick("本平台未开放双重验证设置", "Setting up two-step verification is turned off here").into()
            }
            Conflict::CaseExists => {
                lang.pick("该需求已有社工接案", "A social worker has already taken this need as a case").into()
            }
            Conflict::NotAssessed => lang
                .pick(
                    "需求需先评估，或已办结，不能联动",
                    "The need must be assessed (and still open) before it is linked",
                )
                .into(),
            Conflict::NotClosed => lang.pick("需求尚未结案", "The need is not closed yet").into(),
            Conflict::AlreadyReviewed => lang.pick("该需求已经审核", "The need has already been reviewed").into(),
            Conflict::ReferralOpen => lang
                .pick(
                    "已向该组织转介此需求，正在等待答复",
                    "This need is already referred to the organization and awaits an answer",
                )
                .into(),
            Conflict::ReferralAnswered => lang.pick("该转介已经答复", "The referral has already been answered").into(),
            Conflict::NotCheckedIn => lang.pick("您还没有签到", "You have not checked in").into(),
            Conflict::AlreadyCheckedIn => lang.pick("您已经签到", "You have already checked in").into(),
            Conflict::AlreadyCheckedOut => lang.pick("您已经签退", "You have already checked out").into(),
            Conflict::CheckInClosed => lang
                .pick(
                    "任务开始前一小时至结束前才能签到",
                    "Check-in opens an hour before the task and closes at its end",
                )
                .into(),
            Conflict::HoursRefused(r) => r.message(lang).into(),
            Conflict::NotAMember => lang
                .pick(
                    "该志愿者不是本组织的成员，不能由本组织记录",
                    "The volunteer is not a member of your organization",
                )
                .into(),
            Conflict::OwnRequest => lang
                .pick(
                    "补录须由记录单位的其他人员审核，不能审核自己提交的补录",
                    "Someone else must approve a back-entry you asked for",
                )
                .into(),
            Conflict::AlreadyDecided => lang.pick("该补录申请已经审核", "The request has already been decided").into(),
            Conflict::AlreadyAmended => {
                lang.pick("该记录已被更正，请更正最新的记录", "The entry has been amended; amend the latest one").into()
            }
            Conflict::NotYourUnit => lang
                .pick(
                    "该记录由其他单位记录，只能由记录单位审核或更正（谁记录谁证明）",
                    "Another unit recorded it: only that unit approves or corrects it",
                )
                .into(),
            Conflict::NothingToCertify => lang
                .pick(
                    "该时段内没有该单位记录的有效服务时长，无法出具证明",
                    "The unit recorded no service in force for the volunteer in that period",
                )
                .into(),
            Conflict::CertificateDecided => {
                lang.pick("该证明申请已经处理", "The certificate request has already been decided").into()
            }
            Conflict::CertificateNotValid => {
                lang.pick("该证明已撤销或尚未出具", "The certificate is revoked or not issued").into()
            }
            Conflict::CorrectionOpen => {
                lang.pick("该记录已有待处理的更正申请", "The entry already has a correction request waiting").into()
            }
            Conflict::NotYourEntry => lang
                .pick("只能对本人有效的服务记录申请更正", "You can ask to correct only your own entries in force")
                .into(),
            Conflict::ActivityNotHeld => lang
                .pick(
                    "活动已发布并结束后，才能填写活动总结、上传照片",
                    "An activity's report and photos come after it has been published and has ended",
                )
                .into(),
            Conflict::TooManyPhotos => {
                lang.pick("每场活动最多上传 9 张照片", "An activity takes at most 9 photos").into()
            }
            Conflict::InsufficientBalance => lang
                .pick(
                    "余额不足：这笔支出会使基金或配捐池余额小于零",
                    "Not enough money: the fund or pool would go below zero",
                )
                .into(),
            Conflict::IdempotencyReused => lang
                .pick(
                    "该请求编号已用于另一笔不同的款项，请换一个编号",
                    "This idempotency key was used for a different request; use a new one",
                )
                .into(),
            Conflict::AlreadyReversed => {
                lang.pick("该笔交易已经冲正", "The transaction has already been reversed").into()
            }
            Conflict::ReversalOfReversal => lang
                .pick("冲正交易不能再冲正，如需恢复请重新记账", "A reversal is not reversed; post the movement again")
                .into(),
            Conflict::OwnGrant => lang
                .pick(
                    "资助申请须由基金管理人中的其他人员审批，不能审批自己提交的申请",
                    "Someone else of the fund's keepers must approve a grant you asked for",
                )
                .into(),
            Conflict::ReliefRefused(r) => r.message(lang),
            Conflict::SameApprover => lang
                .pick(
                    "关爱金申请须由两位不同的审核人批准，您已审核过这份申请",
                    "Relief needs two different approvers; you have already approved this application",
                )
                .into(),
            Conflict::OwnApplication => lang
                .pick(
                    "不能审核自己提交或为自己提交的申请",
                    "You cannot decide an application you made or that is for you",
                )
                .into(),
            Conflict::NotACareFund => {
                lang.pick("该基金不是社工关爱基金", "The fund is not a social workers' care fund").into()
            }
            Conflict::ReliefDecided => {
                lang.pick("该申请已审结，不能再审核", "The application has already been decided").into()
            }
            Conflict::TooManyDocuments => {
                lang.pick("每份申请最多上传 5 份证明材料", "An application takes at most 5 documents").into()
            }
            Conflict::WishNotOpen => {
                lang.pick("该心愿已被认领或已撤回", "The wish has been taken up or withdrawn").into()
            }
            Conflict::WishClaimPending => lang
                .pick(
                    "您已申请认领这个心愿，请等待社区工作人员电话联系确认",
                    "You have already offered to take this wish up; the community will call you to confirm",
                )
                .into(),
            Conflict::WishClaimDecided => lang.pick("该认领申请已处理", "This offer has already been decided").into(),
            Conflict::WishNotTaken => {
                lang.pick("该心愿尚未被认领，或已经实现", "The wish is not taken up, or is already fulfilled").into()
            }
            Conflict::CareFundByRelief => lang
                .pick(
                    "社工关爱基金只通过关爱金申请、经两位审核人批准后拨付，不能直接资助需求",
                    "A care fund pays relief to social workers after two approvals, not grants to needs",
                )
                .into(),
            Conflict::NeedNotOpen => {
                lang.pick("需求已经结束，不能再发布微心愿", "The need is over: it cannot be published as a wish").into()
            }
            Conflict::WishExists => lang.pick("该需求已发布为微心愿", "The need is already published as a wish").into(),
            Conflict::FundClosed => lang.pick("该基金已关闭，不再接收款项", "The fund is closed").into(),
            Conflict::ActivityFull => lang.pick("活动名额已满", "The activity is full").into(),
            Conflict::ActivityClosed => {
                lang.pick("活动未发布、已取消或已结束，不能报名", "The activity is not open for sign-up").into()
            }
            Conflict::AlreadySignedUp => lang.pick("您已报名此活动", "You have already signed up").into(),
            Conflict::NotSignedUp => lang.pick("您没有报名此活动", "You have not signed up for this activity").into(),
            Conflict::ActivityCheckInClosed => lang
                .pick(
                    "活动开始前一小时至结束后两小时内才能签到签退",
                    "Check-in is open from an hour before the activity to two hours after it",
                )
                .into(),
            Conflict::TaskFull => lang.pick("任务名额已满", "The task is full").into(),
            Conflict::TaskClosed => lang.pick("任务已取消或已结束", "The task is cancelled or over").into(),
            Conflict::AlreadyAccepted => lang.pick("您已报名此任务", "You have already accepted this task").into(),
            Conflict::NotAccepted => lang.pick("您没有报名此任务", "You have not accepted this task").into(),
            Conflict::Erased => {
                lang.pick("此人的个人信息已按要求删除", "This person's data has been erased on request").into()
            }
        }
    }
}
