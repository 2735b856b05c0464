use std::fmt;

use crate::Lang;

pub use crate::conflict::Conflict;

/// A form or API field, with its label in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Username,
    Password,
    CurrentPassword,
    NewPassword,
    DisplayName,
    Phone,
    Role,
    Region,
    ServicePoint,
    Level,
    Name,
    Address,
    ContactName,
    ContactPhone,
    OpenedOn,
    ClosedOn,
    Status,
    Reason,
    Zone,
    Parent,
    Lang,
    Body,
    IdKind,
    IdNumber,
    Gender,
    BirthDate,
    Skills,
    Availability,
    VolunteerNo,
    File,
    CreditCode,
    OrgKind,
    Authority,
    RegisteredOn,
    LegalRep,
    Categories,
    Serves,
    Capacity,
    Household,
    Purpose,
    Guardian,
    Licence,
    LicenceNo,
    LicenceYear,
    Employer,
    Posting,
    PostedOn,
    DonorKind,
    Organization,
    Team,
    JoinedOn,
    LeftOn,
    Anonymous,
    Confirm,
    /// A person's name (the key is `name`, as in every body).
    PersonName,
    /// A resident's categories (the key is `categories`).
    PersonCategories,
    NeedCategory,
    Urgency,
    Description,
    Resident,
    Outcome,
    TrackingCode,
    SocialWorker,
    Plan,
    NextContact,
    Title,
    Place,
    StartsAt,
    EndsAt,
    Places,
    Satisfaction,
    Note,
    ServiceKind,
    ServedAt,
    Minutes,
    Residents,
    Need,
    VolunteerPlaces,
    TargetGroups,
    Partners,
    CheckInCode,
    Activity,
    Evidence,
    PeriodFrom,
    PeriodTo,
    Certificate,
    Unit,
    Correction,
    Amount,
    Fund,
    IdempotencyKey,
    Ratio,
    Donor,
}

impl Field {
    /// The name used in JSON bodies and form fields.
    pub fn key(self) -> &'static str {
        match self {
            Field::Username => "username",
            Field::Password => "password",
            Field::CurrentPassword => "current_password",
            Field::NewPassword => "new_password",
            Field::DisplayName => "display_name",
            Field::Phone => "phone",
            Field::Role => "role",
            Field::Region => "region",
            Field::ServicePoint => "service_point",
            Field::Level => "level",
            Field::Name => "name",
            Field::Address => "address",
            Field::ContactName => "contact_name",
            Field::ContactPhone => "contact_phone",
            Field::OpenedOn => "opened_on",
            Field::ClosedOn => "closed_on",
            Field::Status => "status",
            Field::Reason => "reason",
            Field::Zone => "zone",
            Field::Parent => "parent",
            Field::Lang => "lang",
            Field::Body => "body",
            Field::IdKind => "id_kind",
            Field::IdNumber => "id_number",
            Field::Gender => "gender",
            Field::BirthDate => "birth_date",
            Field::Skills => "skills",
            Field::Availability => "availability",
            Field::VolunteerNo => "volunteer_no",
            Field::File => "file",
            Field::CreditCode => "credit_code",
            Field::OrgKind => "kind",
            Field::Authority => "authority",
            Field::RegisteredOn => "registered_on",
            Field::LegalRep => "legal_rep",
            Field::Categories => "categories",
            Field::Serves => "serves",
            Field::Capacity => "capacity",
            Field::Household => "household",
            Field::Purpose => "purpose",
            Field::Guardian => "guardian",
            Field::Licence => "licence",
            Field::LicenceNo => "licence_no",
            Field::LicenceYear => "licence_year",
            Field::Employer => "employer",
            Field::Posting => "posting",
            Field::PostedOn => "posted_on",
            Field::DonorKind => "kind",
            Field::Organization => "organization",
            Field::Team => "team",
            Field::JoinedOn => "joined_on",
            Field::LeftOn => "left_on",
            Field::Anonymous => "anonymous",
            Field::Confirm => "confirm",
            Field::PersonName => "name",
            Field::PersonCategories => "categories",
            Field::NeedCategory => "category",
            Field::Urgency => "urgency",
            Field::Description => "description",
            Field::Resident => "resident",
            Field::Outcome => "outcome",
            Field::TrackingCode => "code",
            Field::SocialWorker => "social_worker",
            Field::Plan => "plan",
            Field::NextContact => "next_contact",
            Field::Title => "title",
            Field::Place => "place",
            Field::StartsAt => "starts_at",
            Field::EndsAt => "ends_at",
            Field::Places => "places",
            Field::Satisfaction => "satisfaction",
            Field::Note => "note",
            Field::ServiceKind => "kind",
            Field::ServedAt => "served_at",
            Field::Minutes => "minutes",
            Field::Residents => "residents",
            Field::Need => "need",
            Field::VolunteerPlaces => "volunteer_places",
            Field::TargetGroups => "target_groups",
            Field::Partners => "partners",
            Field::CheckInCode => "code",
            Field::Activity => "activity",
            Field::Evidence => "evidence",
            Field::PeriodFrom => "from",
            Field::PeriodTo => "to",
            Field::Certificate => "number",
            Field::Unit => "unit",
            Field::Correction => "request",
            Field::Amount => "amount",
            Field::Fund => "fund",
            Field::IdempotencyKey => "idempotency_key",
            Field::Ratio => "ratio",
            Field::Donor => "donor",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Field::Username => ("用户名", "username"),
            Field::Password => ("密码", "password"),
            Field::CurrentPassword => ("当前密码", "current password"),
            Field::NewPassword => ("新密码", "new password"),
            Field::DisplayName => ("姓名", "name"),
            Field::Phone => ("手机号", "phone"),
            Field::Role => ("角色", "role"),
            Field::Region => ("所属区域", "region"),
            Field::ServicePoint => ("所属服务阵地", "service point"),
            Field::Level => ("层级", "level"),
            Field::Name => ("名称", "name"),
            Field::Address => ("地址", "address"),
            Field::ContactName => ("联系人", "contact person"),
            Field::ContactPhone => ("联系电话", "contact phone"),
            Field::OpenedOn => ("建成日期", "opening date"),
            Field::ClosedOn => ("关闭日期", "closing date"),
            Field::Status => ("状态", "status"),
            Field::Reason => ("原因", "reason"),
            Field::Zone => ("功能区", "functional zone"),
            Field::Parent => ("上级区域", "parent region"),
            Field::Lang => ("语言", "language"),
            Field::Body => ("请求内容", "request body"),
            Field::IdKind => ("证件类型", "ID type"),
            Field::IdNumber => ("证件号码", "ID number"),
            Field::Gender => ("性别", "gender"),
            Field::BirthDate => ("出生日期", "birth date"),
            Field::Skills => ("技能", "skills"),
            Field::Availability => ("可服务时间", "availability"),
            Field::VolunteerNo => ("志愿者编号", "volunteer number"),
            Field::File => ("文件", "file"),
            Field::CreditCode => ("统一社会信用代码", "unified social credit code"),
            Field::OrgKind => ("组织类型", "organization type"),
            Field::Authority => ("登记管理机关", "registration authority"),
            Field::RegisteredOn => ("登记日期", "registration date"),
            Field::LegalRep => ("法定代表人", "legal representative"),
            Field::Categories => ("服务类别", "service categories"),
            Field::Serves => ("服务区域", "regions served"),
            Field::Capacity => ("服务容量", "capacity"),
            Field::Household => ("户号", "household"),
            Field::Purpose => ("同意事项", "purpose"),
            Field::Guardian => ("监护人", "guardian"),
            Field::Licence => ("职业资格", "licence"),
            Field::LicenceNo => ("证书编号", "certificate number"),
            Field::LicenceYear => ("取证年份", "licence year"),
            Field::Employer => ("所在机构", "employer"),
            Field::Posting => ("派驻阵地", "posting"),
            Field::PostedOn => ("派驻日期", "posting date"),
            Field::DonorKind => ("捐赠方类型", "donor type"),
            Field::Organization => ("所属组织", "organization"),
            Field::Team => ("队伍", "team"),
            Field::JoinedOn => ("加入日期", "date joined"),
            Field::LeftOn => ("退出日期", "date left"),
            Field::Anonymous => ("是否匿名", "anonymous"),
            Field::Confirm => ("确认", "confirmation"),
            Field::PersonName => ("姓名", "name"),
            Field::PersonCategories => ("人员类别", "categories"),
            Field::NeedCategory => ("需求类别", "need category"),
            Field::Urgency => ("紧急程度", "urgency"),
            Field::Description => ("需求描述", "description"),
            Field::Resident => ("服务对象", "resident"),
            Field::Outcome => ("结案结果", "outcome"),
            Field::TrackingCode => ("查询码", "tracking code"),
            Field::SocialWorker => ("接案社工", "social worker"),
            Field::Plan => ("服务计划", "service plan"),
            Field::NextContact => ("下次联系日期", "next contact date"),
            Field::Title => ("任务名称", "title"),
            Field::Place => ("服务地点", "place"),
            Field::StartsAt => ("开始时间", "start"),
            Field::EndsAt => ("结束时间", "end"),
            Field::Places => ("需要人数", "places"),
            Field::Satisfaction => ("满意度", "satisfaction"),
            Field::Note => ("说明", "note"),
            Field::ServiceKind => ("服务方式", "kind of service"),
            Field::ServedAt => ("服务时间", "time of service"),
            Field::Minutes => ("服务时长（分钟）", "minutes"),
            Field::Residents => ("服务对象", "residents served"),
            Field::Need => ("需求", "need"),
            Field::VolunteerPlaces => ("志愿者名额", "volunteer places"),
            Field::TargetGroups => ("服务对象类别", "target groups"),
            Field::Partners => ("合作方", "partners"),
            Field::CheckInCode => ("签到码", "check-in code"),
            Field::Activity => ("活动", "activity"),
            Field::Evidence => ("证明材料", "evidence"),
            Field::PeriodFrom => ("起始日期", "from"),
            Field::PeriodTo => ("截止日期", "to"),
            Field::Certificate => ("证明编号", "certificate number"),
            Field::Unit => ("记录单位", "recording unit"),
            Field::Correction => ("更正内容", "what to correct"),
            Field::Amount => ("金额（元）", "amount (yuan)"),
            Field::Fund => ("专项基金", "fund"),
            Field::IdempotencyKey => ("请求编号", "idempotency key"),
            Field::Ratio => ("配捐比例", "matching ratio"),
            Field::Donor => ("捐赠方", "donor"),
        };
        lang.pick(zh, en)
    }
}

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    Required,
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    InvalidChars,
    BadPhone,
    BadDate,
    DateInFuture,
    /// A date and time later than now.
    InFuture,
    DateBeforeOpening,
    BeforeJoining,
    InPast,
    EndBeforeStart,
    NumberRange {
        min: i64,
        max: i64,
    },
    BadDateTime,
    BadCode,
    UnknownChoice,
    WeakPassword,
    SameAsOld,
    WrongLevel {
        expected: &'static str,
        expected_en: &'static str,
    },
    NotFound,
    Incorrect,
    Taken,
    IdShape,
    IdBirthDate,
    IdCheckDigit,
    CreditCodeShape,
    BadWindow,
    NoRows,
    RequiredForMinor,
    BadYear,
    OnlyForOrganizations,
    NotANumber,
    FileTooLarge {
        max_mib: usize,
    },
    NotAnImage,
    TooManyDecimals,
    UnknownItem(String),
    Duplicate(String),
    /// Repeats an earlier entry of the same batch: its index, until the caller turns it into
    /// the row number the user sees.
    Repeats(usize),
    Malformed(String),
}

impl Reason {
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::Required, Lang::Zh) => "不能为空".into(),
            (Reason::Required, Lang::En) => "is required".into(),
            (Reason::TooLong { max }, Lang::Zh) => format!("不能超过 {max} 个字符"),
            (Reason::TooLong { max }, Lang::En) => format!("must be at most {max} characters"),
            (Reason::TooShort { min }, Lang::Zh) => format!("至少需要 {min} 个字符"),
            (Reason::TooShort { min }, Lang::En) => format!("must be at least {min} characters"),
            (Reason::InvalidChars, Lang::Zh) => "含有不允许的字符".into(),
            (Reason::InvalidChars, Lang::En) => "contains characters that are not allowed".into(),
            (Reason::BadPhone, Lang::Zh) => "不是有效的手机号或座机号".into(),
            (Reason::BadPhone, Lang::En) => "is not a valid mobile or landline number".into(),
            (Reason::BadDate, Lang::Zh) => "不是有效日期（格式 YYYY-MM-DD）".into(),
            (Reason::BadDate, Lang::En) => "is not a valid date (YYYY-MM-DD)".into(),
            (Reason::InFuture, Lang::Zh) => "不能晚于现在".into(),
            (Reason::InFuture, Lang::En) => "cannot be in the future".into(),
            (Reason::DateInFuture, Lang::Zh) => "不能晚于今天".into(),
            (Reason::DateInFuture, Lang::En) => "cannot be later than today".into(),
            (Reason::DateBeforeOpening, Lang::Zh) => "不能早于建成日期".into(),
            (Reason::DateBeforeOpening, Lang::En) => "cannot be before the opening date".into(),
            (Reason::BeforeJoining, Lang::Zh) => "不能早于加入日期".into(),
            (Reason::InPast, Lang::Zh) => "不能早于现在".into(),
            (Reason::InPast, Lang::En) => "cannot be in the past".into(),
            (Reason::EndBeforeStart, Lang::Zh) => "应晚于开始时间".into(),
            (Reason::EndBeforeStart, Lang::En) => "must be after the start".into(),
            (Reason::NumberRange { min, max }, Lang::Zh) => format!("应为 {min} 到 {max} 之间的整数"),
            (Reason::NumberRange { min, max }, Lang::En) => format!("must be a whole number from {min} to {max}"),
            (Reason::BadDateTime, Lang::Zh) => "不是有效的时间（应为 YYYY-MM-DD HH:MM）".into(),
            (Reason::BadDateTime, Lang::En) => "is not a valid time (YYYY-MM-DD HH:MM)".into(),
            (Reason::BeforeJoining, Lang::En) => "cannot be before the date joined".into(),
            (Reason::BadCode, Lang::Zh) => "不是有效的区划代码".into(),
            (Reason::BadCode, Lang::En) => "is not a valid division code".into(),
            (Reason::UnknownChoice, Lang::Zh) => "不是可选的值".into(),
            (Reason::UnknownChoice, Lang::En) => "is not one of the allowed values".into(),
            (Reason::WeakPassword, Lang::Zh) => "至少 10 个字符，且须同时包含字母和数字".into(),
            (Reason::WeakPassword, Lang::En) => "must be at least 10 characters and contain letters and digits".into(),
            (Reason::SameAsOld, Lang::Zh) => "不能与原密码相同".into(),
            (Reason::SameAsOld, Lang::En) => "must differ from the current password".into(),
            (Reason::WrongLevel { expected, .. }, Lang::Zh) => format!("必须是{expected}"),
            (Reason::WrongLevel { expected_en, .. }, Lang::En) => format!("must be {expected_en}"),
            (Reason::NotFound, Lang::Zh) => "不存在或不在您的管辖范围内".into(),
            (Reason::NotFound, Lang::En) => "does not exist or is outside your area".into(),
            (Reason::Incorrect, Lang::Zh) => "不正确".into(),
            (Reason::Incorrect, Lang::En) => "is incorrect".into(),
            (Reason::Taken, Lang::Zh) => "已被使用".into(),
            (Reason::Taken, Lang::En) => "is already in use".into(),
            (Reason::IdShape, Lang::Zh) => "应为 18 位，前 17 位为数字，末位为数字或 X".into(),
            (Reason::IdShape, Lang::En) => "must be 18 characters: 17 digits and a digit or X".into(),
            (Reason::IdBirthDate, Lang::Zh) => "中的出生日期不存在或晚于今天".into(),
            (Reason::IdBirthDate, Lang::En) => "holds a birth date that does not exist or is in the future".into(),
            (Reason::IdCheckDigit, Lang::Zh) => "校验位不正确".into(),
            (Reason::IdCheckDigit, Lang::En) => "has a wrong check character".into(),
            (Reason::CreditCodeShape, Lang::Zh) => "应为 18 位，由数字和大写字母组成（不含 I、O、S、V、Z）".into(),
            (Reason::CreditCodeShape, Lang::En) => {
                "must be 18 digits or capital letters (without I, O, S, V, Z)".into()
            }
            (Reason::NotANumber, Lang::Zh) => "应为 0 到 1000000 之间的整数".into(),
            (Reason::NotANumber, Lang::En) => "must be a whole number from 0 to 1,000,000".into(),
            (Reason::OnlyForOrganizations, Lang::Zh) => "只适用于单位捐赠方".into(),
            (Reason::OnlyForOrganizations, Lang::En) => "applies to organizations only".into(),
            (Reason::BadYear, Lang::Zh) => "应为 2008 年（首次全国社会工作者职业水平考试）至今年之间的年份".into(),
            (Reason::BadYear, Lang::En) => {
                "must be a year from 2008 (the first national examination) to this year".into()
            }
            (Reason::RequiredForMinor, Lang::Zh) => "不能为空：服务对象未满 18 周岁，须由监护人同意".into(),
            (Reason::RequiredForMinor, Lang::En) => {
                "is required: the resident is under 18, so a guardian must consent".into()
            }
            (Reason::NoRows, Lang::Zh) => "中没有数据行".into(),
            (Reason::NoRows, Lang::En) => "has no data rows".into(),
            (Reason::FileTooLarge { max_mib }, Lang::Zh) => format!("超过 {max_mib} MB，请拆分后分批上传"),
            (Reason::FileTooLarge { max_mib }, Lang::En) => {
                format!("is larger than {max_mib} MB; split it and upload the parts")
            }
            (Reason::TooManyDecimals, Lang::Zh) => "最多保留两位小数（精确到分）".into(),
            (Reason::TooManyDecimals, Lang::En) => "may have at most two decimals (to the fen)".into(),
            (Reason::NotAnImage, Lang::Zh) => "只能是 JPEG、PNG 或 WebP 格式的照片".into(),
            (Reason::NotAnImage, Lang::En) => "must be a JPEG, PNG or WebP photo".into(),
            (Reason::BadWindow, Lang::Zh) => "应写成“周一 09:00-12:00”，多个时段用分号隔开".into(),
            (Reason::BadWindow, Lang::En) => {
                "must look like \"Mon 09:00-12:00\", several separated by semicolons".into()
            }
            (Reason::UnknownItem(item), Lang::Zh) => format!("中的“{item}”不在可选列表中"),
            (Reason::UnknownItem(item), Lang::En) => format!("holds \"{item}\", which is not on the list"),
            (Reason::Repeats(row), Lang::Zh) => format!("与第 {row} 行重复"),
            (Reason::Repeats(row), Lang::En) => format!("repeats row {row}"),
            (Reason::Duplicate(holder), Lang::Zh) => format!("已登记在 {holder}"),
            (Reason::Duplicate(holder), Lang::En) => format!("is already registered to {holder}"),
            (Reason::Malformed(detail), Lang::Zh) => format!("格式错误：{detail}"),
            (Reason::Malformed(detail), Lang::En) => format!("is malformed: {detail}"),
        }
    }
}

/// A refused input value: which field, and why. Shown to the user in their language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FieldError {
    pub field: Field,
    pub reason: Reason,
}

impl FieldError {
    pub fn new(field: Field, reason: Reason) -> Self {
        Self { field, reason }
    }

    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{}{}", self.field.label(lang), self.reason.text(lang)),
            Lang::En => {
                let label = self.field.label(lang);
                let mut chars = label.chars();
                let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
                format!("{}{} {}", first.unwrap_or_default(), chars.as_str(), self.reason.text(lang))
            }
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_field_and_reason_in_both_languages() {
        let e = FieldError::new(Field::ContactPhone, Reason::BadPhone);
        assert_eq!(e.message(Lang::Zh), "联系电话不是有效的手机号或座机号");
        assert_eq!(e.message(Lang::En), "Contact phone is not a valid mobile or landline number");
    }
}
