//! A small, real slice of the network: two townships of 万州区 and one of its sibling 涪陵区
//! (Chongqing), and one of 东城区 (Beijing), with service points and one account per role.

use std::sync::OnceLock;

use wushe_domain::account::{AccountInput, NewAccount};
use wushe_domain::donor::{DonorInput, NewDonor};
use wushe_domain::organization::{NewOrganization, OrganizationInput};
use wushe_domain::resident::{NewResident, ResidentInput};
use wushe_domain::service_point::{ServicePointDetails, ServicePointInput};
use wushe_domain::social_worker::{NewSocialWorker, SocialWorkerInput};
use wushe_domain::volunteer::{NewVolunteer, VolunteerInput};
use wushe_domain::{
    AccountId, DonorId, OrganizationId, RegionCode, RegionLevel, RegionPath, ResidentId, Role, ServicePointId,
    ServicePointLevel, SocialWorkerId, VolunteerId,
};
use wushe_store::{
    Scope, accounts, donors, organizations, regions, residents, service_points, social_workers, volunteers,
};

use crate::TestApp;

/// The townships whose villages are loaded, with their ancestors.
pub const REGION_PREFIXES: &[&str] = &["500101001", "500101017", "500102006", "110101001"];

/// Every fixture account's password.
pub const PASSWORD: &str = "fixture-pass-2026";

#[derive(Debug, Clone)]
pub struct FxRegion {
    pub code: RegionCode,
    pub level: RegionLevel,
    pub path: RegionPath,
}

#[derive(Debug, Clone)]
pub struct FxPoint {
    pub id: ServicePointId,
    pub name: String,
    pub level: ServicePointLevel,
    pub region: RegionCode,
    pub path: RegionPath,
}

#[derive(Debug, Clone)]
pub struct FxAccount {
    pub id: AccountId,
    pub username: String,
    pub role: Role,
    pub region: RegionCode,
    pub path: RegionPath,
}

#[derive(Debug, Clone)]
pub struct FxVolunteer {
    pub id: VolunteerId,
    pub name: String,
    pub id_number: String,
    pub region: RegionCode,
    pub path: RegionPath,
}

#[derive(Debug, Clone)]
pub struct FxOrganization {
    pub id: OrganizationId,
    pub name: String,
    pub region: RegionCode,
    pub path: RegionPath,
}

#[derive(Debug, Clone)]
pub struct FxResident {
    pub id: ResidentId,
    pub name: String,
    pub id_number: String,
    pub path: RegionPath,
}

#[derive(Debug, Clone)]
pub struct FxWorker {
    pub id: SocialWorkerId,
    pub name: String,
    pub path: RegionPath,
}

#[derive(Debug, Clone)]
pub struct FxDonor {
    pub id: DonorId,
    pub name: String,
    pub path: RegionPath,
}

/// A need: its id, its description (a unique marker) and its community's path.
#[derive(Debug, Clone)]
pub struct FxNeed {
    pub id: wushe_domain::NeedId,
    pub description: String,
    pub path: RegionPath,
}

/// A volunteer task of a need in one of the fixture's communities (its need is linked).
#[derive(Debug, Clone)]
pub struct FxTask {
    pub id: wushe_domain::TaskId,
    pub title: String,
    pub path: RegionPath,
}

#[derive(Debug, Clone)]
pub struct Fixture {
    pub tasks: Vec<FxTask>,
    pub referrals: Vec<crate::fixture_linkage::FxMarked>,
    pub services: Vec<crate::fixture_linkage::FxMarked>,
    pub activities: Vec<crate::fixture_linkage::FxMarked>,
    /// Hours ledger entries (by sequence number) and back-entry requests.
    pub hours: Vec<crate::fixture_linkage::FxMarked>,
    pub hours_requests: Vec<crate::fixture_linkage::FxMarked>,
    /// Issued certificates; the marker is the volunteer's name.
    pub certificates: Vec<crate::fixture_linkage::FxMarked>,
    pub corrections: Vec<crate::fixture_linkage::FxMarked>,
    pub photos: Vec<crate::fixture_linkage::FxMarked>,
    pub funds: Vec<crate::fixture_linkage::FxMarked>,
    pub grants: Vec<crate::fixture_linkage::FxMarked>,
    /// Money transactions: the marker is empty, the id the sequence number.
    pub money: Vec<crate::fixture_linkage::FxMarked>,
    /// Gifts, by donation id (their receipts).
    pub donations: Vec<crate::fixture_linkage::FxMarked>,
    pub wishes: Vec<crate::fixture_linkage::FxMarked>,
    /// Care fund applications and their documents; a document's path is its application's.
    pub relief: Vec<crate::fixture_linkage::FxMarked>,
    pub relief_documents: Vec<crate::fixture_linkage::FxMarked>,
    pub needs: Vec<FxNeed>,
    pub regions: Vec<FxRegion>,
    pub points: Vec<FxPoint>,
    pub accounts: Vec<FxAccount>,
    pub volunteers: Vec<FxVolunteer>,
    pub organizations: Vec<FxOrganization>,
    pub residents: Vec<FxResident>,
    pub workers: Vec<FxWorker>,
    pub donors: Vec<FxDonor>,
}

impl Fixture {
    pub fn account(&self, username: &str) -> &FxAccount {
        self.accounts.iter().find(|a| a.username == username).unwrap_or_else(|| panic!("no fixture account {username}"))
    }

    pub fn point(&self, name: &str) -> &FxPoint {
        self.points.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no fixture point {name}"))
    }
}

/// Service points: (name, level, region code). Names are unique so a leak shows in any body.
const POINTS: [(&str, ServicePointLevel, &str); 9] = [
    ("万州中心FX", ServicePointLevel::Center, "500101"),
    ("涪陵中心FX", ServicePointLevel::Center, "500102"),
    ("东城中心FX", ServicePointLevel::Center, "110101"),
    ("高笋塘站FX", ServicePointLevel::Station, "500101001"),
    ("万州二站FX", ServicePointLevel::Station, "500101017"),
    ("涪陵一站FX", ServicePointLevel::Station, "500102006"),
    ("万州一室FX", ServicePointLevel::Room, "500101001001"),
    ("万州二室FX", ServicePointLevel::Room, "500101017001"),
    ("涪陵一室FX", ServicePointLevel::Room, "500102006001"),
];

/// Volunteers: (name, home village, birth date digits, sequence). Names are unique markers.
const VOLUNTEERS: [(&str, &str, &str, &str); 4] = [
    ("万州志愿甲FX", "500101001001", "19850312", "101"),
    ("万州志愿乙FX", "500101017001", "19920705", "202"),
    ("涪陵志愿丙FX", "500102006001", "19780101", "313"),
    ("东城志愿丁FX", "110101001001", "20000229", "424"),
];

/// Organizations: (name, registration region, credit-code body). Names are unique markers.
const ORGANIZATIONS: [(&str, &str, &str); 3] = [
    ("万州阳光社工FX", "500101", "52500101MJP00001"),
    ("涪陵同心社工FX", "500102", "52500102MJP00002"),
    ("东城互助会FX", "110101", "51110101MJP00003"),
];

/// Residents: (name, home village, birth date, sequence). Names are unique markers.
const RESIDENTS: [(&str, &str, &str, &str); 3] = [
    ("万州居民甲FX", "500101001001", "19400101", "611"),
    ("涪陵居民乙FX", "500102006001", "19450606", "622"),
    ("东城居民丙FX", "110101001001", "19380303", "633"),
];

/// A valid unified social credit code from its first characters (padded to 17 with zeros).
pub fn credit_code(body: &str) -> String {
    let first17 = format!("{body:0<17}");
    let check = wushe_domain::uscc::check_char(first17.as_bytes()).expect("17 code characters");
    format!("{first17}{check}")
}

/// A valid resident ID number for a county, birth date and sequence.
pub fn resident_id(county: &str, birth: &str, seq: &str) -> String {
    let first17 = format!("{county}{birth}{seq}");
    let check = wushe_domain::idcard::check_char(first17.as_bytes()).expect("17 digits");
    format!("{first17}{check}")
}

/// Accounts: (user name, role, home region, phone).
pub const ACCOUNTS: [(&str, Role, &str, &str); 13] = [
    ("root", Role::PlatformAdmin, "CN", "13900000001"),
    ("cq.admin", Role::PlatformAdmin, "50", "13900000002"),
    ("bj.admin", Role::PlatformAdmin, "11", "13900000003"),
    ("wz.center", Role::CenterStaff, "500101", "13900000004"),
    ("fl.center", Role::CenterStaff, "500102", "13900000005"),
    ("wz.station", Role::StationStaff, "500101001", "13900000006"),
    ("wz2.station", Role::StationStaff, "500101017", "13900000007"),
    ("wz.room", Role::RoomWorker, "500101001001", "13900000008"),
    ("wz2.room", Role::RoomWorker, "500101017001", "13900000009"),
    ("wz.org", Role::OrgStaff, "500101", "13900000010"),
    ("fl.org", Role::OrgStaff, "500102", "13900000011"),
    // The same phone as the volunteer 万州志愿甲FX: the account signs that volunteer in.
    ("wz.volunteer", Role::Volunteer, "500101001001", "15800000000"),
    ("wz.resident", Role::Resident, "500101001001", "13900000013"),
];

fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| wushe_domain::password::hash(PASSWORD).expect("hash"))
}

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).expect("fixture code")
}

/// Creates the fixture's service points and accounts (the regions come with `TestApp::spawn`).
pub async fn load(app: &TestApp) -> Fixture {
    let db = &app.db;
    let all = Scope::all();
    let mut fx = Fixture {
        regions: Vec::new(),
        points: Vec::new(),
        accounts: Vec::new(),
        volunteers: Vec::new(),
        organizations: Vec::new(),
        needs: Vec::new(),
        tasks: Vec::new(),
        referrals: Vec::new(),
        services: Vec::new(),
        activities: Vec::new(),
        hours: Vec::new(),
        hours_requests: Vec::new(),
        certificates: Vec::new(),
        corrections: Vec::new(),
        photos: Vec::new(),
        funds: Vec::new(),
        grants: Vec::new(),
        money: Vec::new(),
        donations: Vec::new(),
        wishes: Vec::new(),
        relief: Vec::new(),
        relief_documents: Vec::new(),
        residents: Vec::new(),
        workers: Vec::new(),
        donors: Vec::new(),
    };
    let opened = time::macros::date!(2022 - 03 - 17);
    for (name, level, region) in POINTS {
        let input = ServicePointInput {
            name: name.into(),
            address: format!("{name}地址"),
            contact_name: Some("联系人".into()),
            contact_phone: Some("13700000000".into()),
            opened_on: "2022-03-17".into(),
        };
        let details = ServicePointDetails::parse(&input, opened).expect("fixture point");
        let p = service_points::create(db, &all, &code(region), level, &details, None).await.expect("create point");
        fx.points.push(FxPoint { id: p.id, name: name.into(), level, region: p.region_code, path: p.region_path });
    }
    for (name, region, body) in ORGANIZATIONS {
        let input = OrganizationInput {
            name: name.into(),
            credit_code: credit_code(body),
            kind: "social_work_agency".into(),
            authority: "民政局".into(),
            registered_on: "2019-01-01".into(),
            legal_rep: "负责人".into(),
            contact_phone: "13500000000".into(),
            categories: "养老服务".into(),
            region: region.into(),
            ..Default::default()
        };
        let new = NewOrganization::parse(&input, opened).expect("fixture organization");
        let o = organizations::create(db, &all, &new, None).await.expect("create organization");
        fx.organizations.push(FxOrganization {
            id: o.id,
            name: name.into(),
            region: o.region_code,
            path: o.region_path,
        });
    }
    for (username, role, region, phone) in ACCOUNTS {
        let input = AccountInput {
            username: username.into(),
            display_name: format!("{username}名"),
            phone: Some(phone.into()),
            role: role.key().into(),
            region: region.into(),
            service_point: None,
            // Each organization's staff speak for the organization of their home district.
            organization: (role == Role::OrgStaff).then(|| {
                let o = fx.organizations.iter().find(|o| o.region.as_str() == region).expect("fixture organization");
                o.id.to_string()
            }),
            password: PASSWORD.into(),
        };
        let new = NewAccount::parse(&input).expect("fixture account");
        let a = accounts::create(db, &all, &new, password_hash(), false, None).await.expect("create account");
        fx.accounts.push(FxAccount {
            id: a.id,
            username: username.into(),
            role,
            region: a.region_code,
            path: a.region_path,
        });
    }
    for (i, (name, village, birth, seq)) in VOLUNTEERS.into_iter().enumerate() {
        let id_number = resident_id(&village[..6], birth, seq);
        let input = VolunteerInput {
            name: name.into(),
            id_number: id_number.clone(),
            phone: format!("1580000000{i}"),
            region: village.into(),
            skills: "陪伴探访".into(),
            availability: "周六 09:00-12:00".into(),
            ..Default::default()
        };
        let new = NewVolunteer::parse(&input, opened + time::Duration::days(3000)).expect("fixture volunteer");
        let ids = volunteers::insert(db, &all, &[new], None, "volunteer.create").await.expect("create volunteer");
        let v = volunteers::get(db, &all, ids[0]).await.expect("read").expect("volunteer exists");
        fx.volunteers.push(FxVolunteer {
            id: v.id,
            name: name.into(),
            id_number,
            region: v.region_code,
            path: v.region_path,
        });
    }
    for (name, village, birth, seq) in RESIDENTS {
        let id_number = resident_id(&village[..6], birth, seq);
        let input = ResidentInput {
            name: name.into(),
            id_number: id_number.clone(),
            address: format!("{name}家"),
            region: village.into(),
            categories: "独居老人、低保".into(),
            ..Default::default()
        };
        let new = NewResident::parse(&input, opened).expect("fixture resident");
        let ids =
            residents::insert(db, &all, &[new], None, "resident.create", &mut |_| {}).await.expect("create resident");
        let r = residents::get(db, &all, ids[0]).await.expect("read").expect("resident exists");
        fx.residents.push(FxResident { id: r.id, name: name.into(), id_number, path: r.region_path });
    }
    for (i, (name, point)) in [("万州社工FX", "高笋塘站FX"), ("涪陵社工FX", "涪陵一站FX")].into_iter().enumerate()
    {
        let p = fx.point(point).clone();
        let input = SocialWorkerInput {
            name: name.into(),
            id_number: resident_id(&p.region.as_str()[..6], "19880808", &format!("{}", 900 + i)),
            phone: format!("1370000100{i}"),
            licence: "intermediate".into(),
            licence_no: format!("S20195000{i}"),
            licence_year: "2019".into(),
            posting: p.id.to_string(),
            posted_on: "2022-03-17".into(),
            ..Default::default()
        };
        let new = NewSocialWorker::parse(&input, opened).expect("fixture worker");
        let w = social_workers::create(db, &all, &new, None).await.expect("create worker");
        fx.workers.push(FxWorker { id: w.id, name: name.into(), path: w.region_path });
    }
    for (name, region) in [("万州爱心企业FX", "500101"), ("涪陵爱心人士FX", "500102")] {
        let input =
            DonorInput { kind: "organization".into(), name: name.into(), region: region.into(), ..Default::default() };
        let new = NewDonor::parse(&input).expect("fixture donor");
        let d = donors::create(db, &all, &new, None).await.expect("create donor");
        fx.donors.push(FxDonor { id: d.id, name: name.into(), path: d.region_path });
    }
    for (description, village) in
        [("万州需求FX", "500101001001"), ("涪陵需求FX", "500102006001"), ("东城需求FX", "110101001001")]
    {
        let input = wushe_domain::need::NeedInput {
            region: village.into(),
            category: "elderly_care".into(),
            description: description.into(),
            ..Default::default()
        };
        let new = wushe_domain::need::NewNeed::parse(&input).expect("fixture need");
        let v = regions::get(db, &all, &code(village)).await.expect("village").expect("fixture village");
        let at = wushe_store::needs::Placement {
            region: v.code.clone(),
            resident: None,
            level: ServicePointLevel::Room,
            due_at: wushe_store::now_ms() + 72 * 3_600_000,
            tracking: None,
        };
        let id = wushe_store::needs::create(db, &new, &at, None, wushe_store::now_ms()).await.expect("create need");
        fx.needs.push(FxNeed { id, description: description.into(), path: v.path.clone() });
        // A second need in the community, assessed, with a volunteer task of two places.
        let id = wushe_store::needs::create(db, &new, &at, None, wushe_store::now_ms()).await.expect("create need");
        let assessed = wushe_domain::need::NeedStatus::Assessed;
        wushe_store::needs::transition(db, &all, id, assessed, None, None, None).await.expect("assess");
        let title = description.replace("需求", "任务");
        let task = wushe_domain::task::NewTask {
            title: title.clone(),
            place: "社区服务站".into(),
            starts_at: wushe_store::now_ms() + 48 * 3_600_000,
            ends_at: wushe_store::now_ms() + 50 * 3_600_000,
            skills: vec!["陪伴探访".into()],
            places: 2,
        };
        let t = wushe_store::tasks::create(db, &all, id, &task, None).await.expect("task").expect("in scope");
        fx.tasks.push(FxTask { id: t.id, title, path: v.path });
    }
    let root = regions::get(db, &all, &RegionCode::root()).await.expect("root").expect("root exists");
    fx.regions.push(FxRegion { code: root.code, level: root.level, path: root.path });
    for u in crate::fixture_units() {
        let r = regions::get(db, &all, &u.code).await.expect("region").expect("fixture region exists");
        fx.regions.push(FxRegion { code: r.code, level: r.level, path: r.path });
    }
    crate::fixture_linkage::load(db, &mut fx).await;
    crate::fixture_activities::load(db, &mut fx).await;
    crate::fixture_activities::load_hours(db, &mut fx).await;
    crate::fixture_funds::load(db, &mut fx).await;
    fx
}
