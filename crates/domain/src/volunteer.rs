//! Volunteers (社区志愿者): who they are, what they can do, when they are free.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::person::{Identity, identity, name};
use crate::validate::{optional_text, phone};
use crate::{Field, FieldError, Lang, Reason, RegionCode};

/// A weekly window in which a volunteer can serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Window {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    /// Minutes after midnight.
    pub start: u16,
    pub end: u16,
}

const DAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const DAYS_ALT: [&str; 7] = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"];
const DAYS_EN: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn hhmm(s: &str) -> Option<u16> {
    let (h, m) = s.trim().split_once([':', '：'])?;
    let (h, m) = (h.trim().parse::<u16>().ok()?, m.trim().parse::<u16>().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
}

impl Window {
    /// `周一 09:00-12:00` (also 星期一, Mon).
    pub fn parse(raw: &str) -> Option<Window> {
        let s = raw.trim();
        let (day, times) = s.split_once(char::is_whitespace)?;
        let lower = day.to_lowercase();
        let weekday = (0..7).find(|&i| DAYS_ZH[i] == day || DAYS_ALT[i] == day || lower.starts_with(DAYS_EN[i]))?;
        let (a, b) = times.split_once(['-', '–', '~', '～', '至'])?;
        let (start, end) = (hhmm(a)?, hhmm(b)?);
        (start < end).then_some(Window { weekday: u8::try_from(weekday + 1).ok()?, start, end })
    }

    pub fn format(&self, lang: Lang) -> String {
        let i = usize::from(self.weekday.clamp(1, 7) - 1);
        let day = match lang {
            Lang::Zh => DAYS_ZH[i].to_owned(),
            Lang::En => {
                let d = DAYS_EN[i];
                format!("{}{}", d[..1].to_uppercase(), &d[1..])
            }
        };
        format!("{day} {:02}:{:02}-{:02}:{:02}", self.start / 60, self.start % 60, self.end / 60, self.end % 60)
    }
}

/// Splits a list written in one cell: commas, Chinese enumeration commas, semicolons, new lines.
pub fn split_list(raw: &str) -> Vec<String> {
    raw.split([',', '，', '、', ';', '；', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

pub fn availability(raw: &str) -> Result<Vec<Window>, FieldError> {
    let mut out = Vec::new();
    for part in raw.split([';', '；', '\n', ',', '，']).map(str::trim).filter(|s| !s.is_empty()) {
        out.push(Window::parse(part).ok_or(FieldError::new(Field::Availability, Reason::BadWindow))?);
    }
    Ok(out)
}

/// Skills a volunteer can be asked for; the list is managed in the database, these are its seed.
pub const DEFAULT_SKILLS: [&str; 14] = [
    "陪伴探访",
    "助餐送餐",
    "心理疏导",
    "法律咨询",
    "医疗护理",
    "康复训练",
    "课业辅导",
    "文体活动",
    "家电维修",
    "信息技术",
    "应急救援",
    "外语翻译",
    "驾驶接送",
    "摄影宣传",
];

/// The text of a volunteer form, JSON body or spreadsheet row.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct VolunteerInput {
    pub name: String,
    /// resident_id (default), hk_macao, taiwan, passport — or the Chinese label.
    pub id_kind: String,
    pub id_number: String,
    pub phone: String,
    /// 男 / 女; taken from the ID card when it is a resident ID.
    pub gender: String,
    /// YYYY-MM-DD; taken from the ID card when it is a resident ID.
    pub birth_date: String,
    /// Code of the home village or community (12 digits).
    pub region: String,
    /// Skill names separated by commas, e.g. 陪伴探访、心理疏导.
    pub skills: String,
    /// Weekly windows, e.g. 周一 09:00-12:00；周六 14:00-18:00.
    pub availability: String,
    /// Left empty, a number is assigned.
    pub volunteer_no: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVolunteer {
    pub name: String,
    pub identity: Identity,
    pub phone: String,
    pub region: RegionCode,
    pub skills: Vec<String>,
    pub availability: Vec<Window>,
    pub volunteer_no: Option<String>,
}

impl NewVolunteer {
    /// Validates every field except those that need the database (region, skills, duplicates).
    pub fn parse(input: &VolunteerInput, today: Date) -> Result<NewVolunteer, FieldError> {
        let name = name(&input.name)?;
        let identity = identity(&input.id_kind, &input.id_number, &input.gender, &input.birth_date, today)?;
        let phone = phone(Field::Phone, &input.phone)?;
        let region = RegionCode::parse(&input.region)?;
        let skills = split_list(&input.skills);
        let availability = availability(&input.availability)?;
        let volunteer_no = optional_text(Field::VolunteerNo, Some(&input.volunteer_no), 32)?;
        Ok(NewVolunteer { name, identity, phone, region, skills, availability, volunteer_no })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn windows_parse_and_format() {
        let w = availability("周一 09:00-12:00；Sat 14:00～18:30\n星期日 8:00-9:00").expect("valid");
        assert_eq!(w.len(), 3);
        assert_eq!(w[1], Window { weekday: 6, start: 14 * 60, end: 18 * 60 + 30 });
        assert_eq!(w[0].format(Lang::Zh), "周一 09:00-12:00");
        assert_eq!(w[1].format(Lang::En), "Sat 14:00-18:30");
        assert_eq!(availability("周一 12:00-09:00").expect_err("reversed").field, Field::Availability);
        assert_eq!(availability("sometime").expect_err("nonsense").reason, Reason::BadWindow);
    }

    #[test]
    fn a_row_parses() {
        let input = VolunteerInput {
            name: "张三".into(),
            id_number: "11010519491231002X".into(),
            phone: "13800138000".into(),
            region: "110105001001".into(),
            skills: "陪伴探访、心理疏导".into(),
            availability: "周六 09:00-12:00".into(),
            ..Default::default()
        };
        let v = NewVolunteer::parse(&input, date!(2026 - 11 - 29)).expect("valid");
        assert_eq!(v.skills, ["陪伴探访", "心理疏导"]);
        assert_eq!(v.identity.birth_date, Some(date!(1949 - 12 - 31)));
    }

    proptest! {
        #[test]
        fn parsing_never_panics(s in "\\PC{0,60}") {
            let _ = availability(&s);
            let _ = split_list(&s);
        }
    }
}
