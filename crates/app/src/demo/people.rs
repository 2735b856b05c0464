//! The demo's people: organizations, volunteers (some in a team), residents with consents,
//! social workers at the demo's stations and rooms, and donors, all in 万州区高笋塘街道, so that
//! every registry page has something to show. Numbers are made up but pass their check digits.

use time::Date;
use wushe_domain::donor::{DonorInput, NewDonor};
use wushe_domain::organization::{NewOrganization, OrganizationInput};
use wushe_domain::resident::{ConsentInput, NewConsent, NewResident, ResidentInput};
use wushe_domain::social_worker::{NewSocialWorker, SocialWorkerInput};
use wushe_domain::volunteer::{NewVolunteer, VolunteerInput};
use wushe_domain::{OrganizationId, RegionCode, ServicePointLevel};
use wushe_store::{Db, Scope, StoreError, donors, memberships, organizations, regions, residents, service_points};
use wushe_store::{social_workers, volunteers};

const TOWNSHIP: &str = "500101001";

const SURNAMES: [&str; 12] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙"];
const GIVEN: [&str; 12] = ["秀英", "建华", "晓燕", "志强", "丽娟", "国庆", "海燕", "明", "桂兰", "伟", "红梅", "德明"];
const SKILLS: [&str; 6] = ["陪伴探访", "助餐送餐", "心理疏导", "课业辅导", "家电维修", "医疗护理"];

fn field(e: wushe_domain::FieldError) -> StoreError {
    StoreError::Field(e)
}

/// A valid resident ID number for a county, birth date (YYYYMMDD) and sequence.
fn id_number(county: &str, birth: &str, seq: u32) -> String {
    let first17 = format!("{county}{birth}{:03}", seq % 1000);
    let check = wushe_domain::idcard::check_char(first17.as_bytes()).unwrap_or('0');
    format!("{first17}{check}")
}

/// A valid unified social credit code from its first characters, padded to 17 with zeros.
fn credit_code(body: &str) -> String {
    let first17 = format!("{body:0<17}");
    let check = wushe_domain::uscc::check_char(first17.as_bytes()).unwrap_or('0');
    format!("{first17}{check}")
}

/// Loads the demo's people unless they are there; the network (stations, rooms) must be there.
pub async fn load(db: &Db, today: Date) -> Result<(), StoreError> {
    let all = Scope::all();
    // The volunteers mark the demo's people as loaded (organizations come first and are reused).
    let (_, present) = volunteers::list(db, &all, &volunteers::Filter::default(), 0, 1).await?;
    if present > 0 {
        return Ok(());
    }
    let township = RegionCode::parse(TOWNSHIP).map_err(field)?;
    let villages: Vec<RegionCode> =
        regions::children(db, &all, &township).await?.into_iter().take(4).map(|v| v.code).collect();
    if villages.is_empty() {
        return Ok(());
    }
    let village = |i: usize| villages[i % villages.len()].to_string();

    let org_ids = organizations_of_demo(db, today).await?;

    let mut batch = Vec::new();
    for i in 0..24u32 {
        let n = i as usize;
        let input = VolunteerInput {
            name: if i == 0 { "王晓燕".into() } else { format!("{}{}", SURNAMES[n % 12], GIVEN[(n * 5 + 3) % 12]) },
            id_number: id_number("500101", &format!("19{:02}0{}1{}", 60 + i, 1 + i % 9, i % 10), 100 + i),
            // The first is the demo's volunteer account (志愿者小王): same phone, same person.
            phone: if i == 0 { "13800000007".into() } else { format!("1390583{:04}", 1000 + i) },
            region: if i == 0 { "500101001001".into() } else { village(n) },
            skills: format!("{}、{}", SKILLS[n % 6], SKILLS[(n + 2) % 6]),
            availability: if i % 2 == 0 {
                "周六 09:00-12:00".into()
            } else {
                "周三 14:00-17:00；周日 09:00-11:30".into()
            },
            ..Default::default()
        };
        batch.push(NewVolunteer::parse(&input, today).map_err(field)?);
    }
    let vids = volunteers::insert(db, &all, &batch, None, "volunteer.import").await?;
    for (i, v) in vids.iter().enumerate().take(10) {
        let team = if i < 6 { "助老服务队" } else { "青少年辅导队" };
        // Members for a season already: the demo's service record goes back a month.
        let joined = today - time::Duration::days(90);
        memberships::join(db, &all, *v, &org_ids[0].to_string(), Some(team), joined, None).await?;
    }
    let first = RegionCode::parse("500101001001").map_err(field)?;
    crate::demo::hours::load(db, vids[0], &first, org_ids[0], today).await?;

    let categories =
        ["独居老人、低保", "空巢老人", "失能老人、特困", "留守儿童", "困境儿童、低保", "重度残疾", "支出型困难家庭"];
    let mut batch = Vec::new();
    for i in 0..12u32 {
        let n = i as usize;
        let child = categories[n % categories.len()].contains("儿童");
        let birth =
            if child { format!("201{}0{}15", 2 + i % 6, 1 + i % 9) } else { format!("19{}0{}20", 38 + i, 1 + i % 9) };
        // The first is the demo's resident account (居民老李): same phone, same person.
        let input = ResidentInput {
            name: if i == 0 {
                "李建国".into()
            } else {
                format!("{}{}", SURNAMES[(n + 3) % 12], GIVEN[(n * 7 + 1) % 12])
            },
            id_number: id_number("500101", &birth, 300 + i),
            phone: match (i, child) {
                (0, _) => "13800000008".into(),
                (_, true) => String::new(),
                _ => format!("1379583{:04}", 2000 + i),
            },
            address: format!("重庆市万州区高笋塘街道{}号", 10 + i),
            region: if i == 0 { "500101001001".into() } else { village(n) },
            household: format!("GST-{:04}", 100 + i),
            categories: categories[n % categories.len()].into(),
            ..Default::default()
        };
        batch.push(NewResident::parse(&input, today).map_err(field)?);
    }
    let rids = residents::insert(db, &all, &batch, None, "resident.import", &mut |_| {}).await?;
    for (r, new) in rids.iter().zip(&batch) {
        let minor = new.identity.birth_date.is_some_and(|b| wushe_domain::resident::is_minor(b, today));
        let input = ConsentInput {
            purpose: "service".into(),
            guardian: if minor { "监护人".into() } else { String::new() },
        };
        let consent = NewConsent::parse(&input, new.identity.birth_date, today).map_err(field)?;
        residents::record_consent(db, &all, *r, &consent, true, None).await?;
    }

    let path = regions::get(db, &all, &township).await?.map(|r| r.path);
    let filter = service_points::Filter { region: path, ..Default::default() };
    let (points, _) = service_points::list(db, &all, &filter, 0, 50).await?;
    let stations: Vec<_> = points.iter().filter(|p| p.level == ServicePointLevel::Station).collect();
    let rooms: Vec<_> = points.iter().filter(|p| p.level == ServicePointLevel::Room).collect();
    let licences = ["社会工作师", "助理社会工作师", "高级社会工作师", "助理社会工作师", "未持证"];
    for (i, licence) in licences.iter().enumerate() {
        let Some(point) = (if i == 0 { stations.first() } else { rooms.get(i - 1) }) else { continue };
        let licensed = *licence != "未持证";
        let input = SocialWorkerInput {
            name: format!("{}{}", SURNAMES[(i + 7) % 12], GIVEN[(i * 3 + 2) % 12]),
            id_number: id_number("500101", &format!("19{}0{}08", 85 + i, 3 + i), 500 + i as u32),
            // The room worker in the demo's first community is the demo's room account (社区社工).
            phone: if point.region_code.as_str() == "500101001001" && i > 0 {
                "13800000005".into()
            } else {
                format!("1379583{:04}", 3000 + i)
            },
            licence: (*licence).into(),
            licence_no: if licensed { format!("S2019500{:03}", 101 + i) } else { String::new() },
            licence_year: if licensed { format!("{}", 2015 + i) } else { String::new() },
            employer: org_ids[0].to_string(),
            posting: point.id.to_string(),
            posted_on: "2023-03-01".into(),
            ..Default::default()
        };
        let new = NewSocialWorker::parse(&input, today).map_err(field)?;
        social_workers::create(db, &all, &new, None).await?;
    }

    let donor_list = [
        ("organization", "重庆万州某某商贸有限公司", false, "023-58219999", credit_code("91500101MA5U0D001"), "500101"),
        ("person", "爱心人士", true, "13605830001", String::new(), TOWNSHIP),
        ("person", "刘建国", false, "13605830002", String::new(), TOWNSHIP),
    ];
    for (kind, name, anonymous, phone, code, region) in donor_list {
        let input = DonorInput {
            kind: kind.into(),
            name: name.into(),
            anonymous,
            phone: phone.into(),
            credit_code: code,
            region: region.into(),
        };
        donors::create(db, &all, &NewDonor::parse(&input).map_err(field)?, None).await?;
    }
    let needs = [
        (Some(rids[0]), "elderly_care", "urgent", "独居老人近日摔伤，行动不便，需要助餐和陪同就医"),
        (Some(rids[3]), "children_youth", "normal", "留守儿童放学后无人看护，需要课业辅导"),
        (None, "home_repair", "low", "小区楼道灯损坏，老人夜间出行不便"),
    ];
    for (i, (resident, category, urgency, description)) in needs.into_iter().enumerate() {
        let input = wushe_domain::need::NeedInput {
            region: village(i),
            category: category.into(),
            urgency: urgency.into(),
            description: description.into(),
            ..Default::default()
        };
        let new = wushe_domain::need::NewNeed::parse(&input).map_err(field)?;
        let region = match resident {
            Some(r) => residents::get(db, &all, r).await?.map(|r| r.region_code).unwrap_or(villages[0].clone()),
            None => villages[i % villages.len()].clone(),
        };
        let path =
            regions::get(db, &all, &region).await?.map(|r| r.path).unwrap_or_else(wushe_domain::RegionPath::root);
        let level = service_points::nearest_open_level(db, &path).await?.unwrap_or(ServicePointLevel::Center);
        // The default time limits: the demo is loaded before any configuration matters.
        let limit = crate::Settings::default().need_limit_ms(new.urgency);
        let now = wushe_store::now_ms();
        let at = wushe_store::needs::Placement { region, resident, level, due_at: now + limit, tracking: None };
        wushe_store::needs::create(db, &new, &at, None, now).await?;
    }
    Ok(())
}

/// The demo's three organizations, created once and found again on later runs.
pub async fn organizations_of_demo(db: &Db, today: Date) -> Result<Vec<OrganizationId>, StoreError> {
    let all = Scope::all();
    let orgs = [
        (
            "万州区阳光社会工作服务中心",
            "52500101MJP0A001",
            "民办社会工作服务机构",
            "500101",
            "养老服务、心理健康",
            "500101",
        ),
        ("万州区志愿服务联合会", "51500101MJP0A002", "行业组织", "500101", "困难救助、儿童青少年", "500101"),
        ("高笋塘街道邻里互助会", "52500101MJP0A003", "社区社会组织", TOWNSHIP, "养老服务、矛盾调解", TOWNSHIP),
    ];
    let mut org_ids = Vec::new();
    for (name, code, kind, region, categories, serves) in orgs {
        let input = OrganizationInput {
            name: name.into(),
            credit_code: credit_code(code),
            kind: kind.into(),
            authority: "万州区民政局".into(),
            registered_on: "2019-06-01".into(),
            legal_rep: "陈红".into(),
            contact_phone: "023-58211234".into(),
            categories: categories.into(),
            serves: serves.into(),
            region: region.into(),
            capacity: "60".into(),
        };
        let new = NewOrganization::parse(&input, today).map_err(field)?;
        let org = match organizations::find_by_credit_code(db, &all, &new.credit_code).await? {
            Some(o) => o,
            None => organizations::create(db, &all, &new, None).await?,
        };
        org_ids.push(org.id);
    }
    Ok(org_ids)
}
