//! The demo: a slice of Chongqing's service network with one account per role, so that a new
//! installation has something to look at. Loading it twice changes nothing.

mod charity;
mod hours;
mod people;

use wushe_domain::account::{AccountInput, NewAccount};
use wushe_domain::service_point::{ServicePointDetails, ServicePointInput};
use wushe_domain::{RegionCode, RegionLevel, Role, ServicePointLevel};
use wushe_store::{Db, Scope, StoreError, accounts, regions, service_points};

/// The demo accounts' password. They are not forced to change it: it is a demo.
pub const DEMO_PASSWORD: &str = "wushe-demo-2026";

pub struct DemoAccount {
    pub username: &'static str,
    pub display_name: &'static str,
    pub role: Role,
    pub region: &'static str,
    pub phone: &'static str,
}

pub const ACCOUNTS: [DemoAccount; 8] = [
    DemoAccount {
        username: "admin",
        display_name: "平台管理员",
        role: Role::PlatformAdmin,
        region: "CN",
        phone: "13800000001",
    },
    DemoAccount {
        username: "cq.admin",
        display_name: "重庆市民政局",
        role: Role::PlatformAdmin,
        region: "50",
        phone: "13800000002",
    },
    DemoAccount {
        username: "wz.center",
        display_name: "万州区指导中心",
        role: Role::CenterStaff,
        region: "500101",
        phone: "13800000003",
    },
    DemoAccount {
        username: "wz.station",
        display_name: "高笋塘街道社工站",
        role: Role::StationStaff,
        region: "500101001",
        phone: "13800000004",
    },
    DemoAccount {
        username: "wz.room",
        display_name: "社区社工",
        role: Role::RoomWorker,
        region: "500101001001",
        phone: "13800000005",
    },
    DemoAccount {
        username: "wz.org",
        display_name: "社工服务机构",
        role: Role::OrgStaff,
        region: "500101",
        phone: "13800000006",
    },
    DemoAccount {
        username: "wz.volunteer",
        display_name: "志愿者小王",
        role: Role::Volunteer,
        region: "500101001001",
        phone: "13800000007",
    },
    DemoAccount {
        username: "wz.resident",
        display_name: "居民老李",
        role: Role::Resident,
        region: "500101001001",
        phone: "13800000008",
    },
];

/// Functional zones of Chongqing that run their own guidance centres (the seed's 41 = 38 + 3).
const ZONES: [&str; 3] = ["两江新区", "重庆高新区", "万盛经开区"];

fn code(s: &str) -> Result<RegionCode, StoreError> {
    RegionCode::parse(s).map_err(StoreError::Field)
}

/// Loads the demo if it is not there yet. Needs Chongqing's regions (code 50) loaded.
/// Returns false when the demo was already present.
pub async fn ensure(db: &Db) -> Result<bool, StoreError> {
    if accounts::find_for_login(db, "admin").await?.is_some() {
        // An older demo may lack the people or the funds; they load on their own.
        crate::demo::people::load(db, crate::network::points::today()).await?;
        crate::demo::charity::load(db, crate::network::points::today()).await?;
        return Ok(false);
    }
    let all = Scope::all();
    let cq = code("50")?;
    if regions::get(db, &all, &cq).await?.is_none() {
        return Err(StoreError::corrupt("the demo needs Chongqing's regions: run `wushe regions load` first"));
    }
    let opened = time::macros::date!(2022 - 03 - 17);
    let details = |name: String, address: String, phone: &str| -> Result<ServicePointDetails, StoreError> {
        let input = ServicePointInput {
            name,
            address,
            contact_name: Some("值班社工".into()),
            contact_phone: Some(phone.into()),
            opened_on: "2022-03-17".into(),
        };
        ServicePointDetails::parse(&input, opened).map_err(StoreError::Field)
    };
    let city = code("5001")?;
    let mut zones = Vec::new();
    for name in ZONES {
        zones.push(regions::add_zone(db, &all, &city, name, None).await?);
    }
    // Two townships of 渝北区 and 九龙坡区 are served by the first two zones.
    for (township, zone) in [("500112001", 0), ("500112002", 0), ("500107001", 1)] {
        if regions::get(db, &all, &code(township)?).await?.is_some() {
            regions::place_township(db, &all, &code(township)?, &zones[zone].code, None).await?;
        }
    }
    // A centre for every county-level unit of Chongqing, stations and rooms for 万州区's first townships.
    let municipality = regions::children(db, &all, &cq).await?;
    let mut n = 0u32;
    for c in municipality {
        for county in regions::children(db, &all, &c.code).await? {
            if county.level != RegionLevel::County {
                continue;
            }
            n += 1;
            let d = details(
                format!("{}社会工作指导中心", county.name),
                format!("{}民政局", county.name),
                &format!("0235{n:07}"),
            )?;
            service_points::create(db, &all, &county.code, ServicePointLevel::Center, &d, None).await?;
        }
    }
    let wanzhou = code("500101")?;
    for township in regions::children(db, &all, &wanzhou).await?.into_iter().take(6) {
        let d = details(
            format!("{}社会工作服务站", township.name),
            format!("{}便民服务中心", township.name),
            "02358211000",
        )?;
        service_points::create(db, &all, &township.code, ServicePointLevel::Station, &d, None).await?;
        for village in regions::children(db, &all, &township.code).await?.into_iter().take(4) {
            let name = format!("{}社会工作室", village.name.trim_end_matches("居委会").trim_end_matches("村委会"));
            let d = details(name, format!("{}党群服务中心", village.name), "13900000000")?;
            service_points::create(db, &all, &village.code, ServicePointLevel::Room, &d, None).await?;
        }
    }
    let hash = wushe_domain::password::hash(DEMO_PASSWORD).map_err(|e| StoreError::corrupt(e.to_string()))?;
    let orgs = crate::demo::people::organizations_of_demo(db, crate::network::points::today()).await?;
    for a in &ACCOUNTS {
        // The demo's organization staff speak for its first organization.
        let organization = (a.role == Role::OrgStaff).then(|| orgs[0].to_string());
        let input = AccountInput {
            username: a.username.into(),
            display_name: a.display_name.into(),
            phone: Some(a.phone.into()),
            role: a.role.key().into(),
            region: a.region.into(),
            service_point: None,
            organization,
            password: DEMO_PASSWORD.into(),
        };
        let new = NewAccount::parse(&input).map_err(StoreError::Field)?;
        accounts::create(db, &all, &new, &hash, false, None).await?;
    }
    crate::demo::people::load(db, crate::network::points::today()).await?;
    crate::demo::charity::load(db, crate::network::points::today()).await?;
    Ok(true)
}
