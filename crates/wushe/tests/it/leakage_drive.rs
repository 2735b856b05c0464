//! Drives marker ID and mobile numbers through everything that handles personal numbers, over
//! HTTP against the real server: registrations by API and page form, imports (clean files and
//! files with bad rows), searches, reveals, corrections, sign-ins by phone that fail, needs and
//! their tracking codes, offers on wishes, exports and PDFs, and the audit log.

use serde_json::json;
use wushe_sheets::write_xlsx;
use wushe_testkit::fixture::{Fixture, PASSWORD, resident_id};

use crate::leakage_server::Client;

/// The n-th marker ID number: valid, born in a distinct year, in 万州区.
pub(crate) fn id(n: u32) -> String {
    resident_id("500101", &format!("{}0{}1{}", 1940 + n, 1 + n % 9, 1 + n % 8), &format!("{}", 500 + n))
}

/// The n-th marker mobile number.
pub(crate) fn phone(n: u32) -> String {
    format!("1995555{n:04}")
}

/// The n-th marker mobile number as people also type it: grouped, with the country code.
fn typed_phone(n: u32) -> String {
    let p = phone(n);
    format!("+86 {}-{}-{}", &p[..3], &p[3..7], &p[7..])
}

/// How many of each marker the drive uses.
pub(crate) const MARKERS: u32 = 30;

/// Names registered in the clear beside the markers: the scan must find these where it looks.
pub(crate) const NAMES: [&str; 3] = ["泄露居民甲", "泄露志愿甲", "泄露社工甲"];

fn csv(headers: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = headers.join(",");
    for r in rows {
        out.push('\n');
        out.push_str(&r.join(","));
    }
    out.push('\n');
    out.into_bytes()
}

fn cells(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| (*s).to_owned()).collect()
}

/// Runs every path; returns the tracking codes handed out.
pub(crate) async fn drive(c: &mut Client, fx: &Fixture) -> Vec<String> {
    let center = c.sign_in("wz.center", PASSWORD).await;
    let root = c.sign_in("root", PASSWORD).await;
    let station = fx.point("高笋塘站FX").id.to_string();
    let reason = json!({"reason": "核对身份"});

    // Registrations by the API and by the page forms.
    let v = json!({"name": "泄露居民甲", "id_number": id(1), "phone": phone(1), "address": "泄露路一号",
        "region": "500101001001", "categories": "独居老人"});
    let resident = c.api("POST", "/api/v1/residents", Some(&center), Some(v)).await["id"].clone();
    let resident = resident.as_str().expect("resident").to_owned();
    let v = json!({"name": "泄露志愿甲", "id_number": id(3), "phone": typed_phone(3), "region": "500101001001",
        "skills": "陪伴探访", "availability": "周六 09:00-12:00"});
    let volunteer = c.api("POST", "/api/v1/volunteers", Some(&center), Some(v)).await["id"].clone();
    let volunteer = volunteer.as_str().expect("volunteer").to_owned();
    let v = json!({"name": "泄露社工甲", "id_number": id(5), "phone": phone(5), "licence": "unlicensed",
        "posting": station, "posted_on": "2024-01-01"});
    let worker = c.api("POST", "/api/v1/social-workers", Some(&center), Some(v)).await["id"].clone();
    let worker = worker.as_str().expect("worker").to_owned();
    let v = json!({"kind": "person", "name": "泄露捐赠甲", "phone": phone(7), "region": "500101"});
    let donor = c.api("POST", "/api/v1/donors", Some(&center), Some(v)).await["id"].clone();
    let donor = donor.as_str().expect("donor").to_owned();
    let (i2, p2, i4, p4, i6, p6, p8) = (id(2), typed_phone(2), id(4), phone(4), id(6), phone(6), phone(8));
    let forms: [(&str, Vec<(&str, &str)>); 4] = [
        (
            "/residents",
            vec![
                ("name", "泄露居民乙"),
                ("id_number", &i2),
                ("phone", &p2),
                ("address", "泄露路二号"),
                ("region", "500101001001"),
                ("categories", "独居老人"),
            ],
        ),
        (
            "/volunteers",
            vec![
                ("name", "泄露志愿乙"),
                ("id_number", &i4),
                ("phone", &p4),
                ("region", "500101001001"),
                ("skills", "陪伴探访"),
                ("availability", "周六 09:00-12:00"),
            ],
        ),
        (
            "/social-workers",
            vec![
                ("name", "泄露社工乙"),
                ("id_number", &i6),
                ("phone", &p6),
                ("licence", "unlicensed"),
                ("posting", &station),
                ("posted_on", "2024-01-01"),
            ],
        ),
        ("/donors", vec![("kind", "person"), ("name", "泄露捐赠乙"), ("phone", &p8), ("region", "500101")]),
    ];
    for (path, fields) in &forms {
        let a = c.form(path, Some(&center), fields).await;
        assert_eq!(a.status, 303, "{path}: {}", String::from_utf8_lossy(&a.body));
    }

    // Imports: a clean spreadsheet, and spreadsheets and CSV files with rows that fail.
    let vh = wushe_app::people::volunteer_sheets::HEADERS;
    let vrow = |name: &str, id: &str, phone: &str, village: &str, skills: &str| {
        cells(&[name, "居民身份证", id, phone, "", "", village, skills, "周六 09:00-12:00", "", "", ""])
    };
    let good = vec![vrow("泄露导入甲", &id(9), &phone(9), "500101001001", "陪伴探访")];
    let a = c.upload_api("/api/v1/volunteers/import", &center, write_xlsx("志愿者", &vh, &good).expect("xlsx")).await;
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    let bad = vec![
        vrow("泄露导入乙", &id(10), &phone(10), "999999999999", "陪伴探访"),
        vrow("泄露导入丙", &id(11), &phone(11), "500101001001", "飞行"),
        vrow("泄露导入丁", &id(3), &phone(12), "500101001001", "陪伴探访"),
        vrow("泄露导入戊", &id(12), "1995555", "500101001001", "陪伴探访"),
    ];
    let a = c.upload_api("/api/v1/volunteers/import", &center, write_xlsx("志愿者", &vh, &bad).expect("xlsx")).await;
    assert_eq!(a.status, 422, "{}", String::from_utf8_lossy(&a.body));
    let a =
        c.upload_page("/volunteers/import", &center, "v.xlsx", write_xlsx("志愿者", &vh, &bad).expect("xlsx")).await;
    assert!(a.status == 200 || a.status == 422, "{}", String::from_utf8_lossy(&a.body));
    let rh = wushe_app::people::resident_sheets::HEADERS;
    let rrow = |name: &str, id: &str, phone: &str, category: &str| {
        cells(&[name, "居民身份证", id, phone, "", "", "泄露路三号", "500101001001", "", category])
    };
    let rows = vec![rrow("泄露导入己", &id(13), &phone(13), "火星人"), rrow("泄露导入庚", &id(14), &phone(14), "低保")];
    c.upload_page("/residents/import", &center, "r.csv", csv(&rh, &rows)).await;
    let rows = vec![rrow("泄露导入辛", &id(15), &phone(15), "低保")];
    let a = c.upload_page("/residents/import", &center, "r.csv", csv(&rh, &rows)).await;
    assert!(a.status < 400, "{}", String::from_utf8_lossy(&a.body));
    let wh = wushe_app::people::social_worker_sheets::HEADERS;
    let rows = vec![cells(&[
        "泄露导入壬",
        "居民身份证",
        &id(16),
        &phone(16),
        "未持证",
        "",
        "",
        "",
        "没有的站",
        "500101001",
        "",
    ])];
    c.upload_api("/api/v1/social-workers/import", &center, csv(&wh, &rows)).await;
    let dh = wushe_app::people::donor_sheets::HEADERS;
    let rows = vec![cells(&["个人", "泄露导入癸", "否", &phone(17), "", "999999"])];
    c.upload_page("/donors/import", &center, "d.csv", csv(&dh, &rows)).await;

    // Searches by a full number, by the API and on the pages.
    for (list, q) in [
        ("residents", id(1)),
        ("residents", phone(1)),
        ("volunteers", id(3)),
        ("volunteers", phone(3)),
        ("social-workers", phone(5)),
        ("donors", phone(7)),
    ] {
        c.api("GET", &format!("/api/v1/{list}?q={q}"), Some(&center), None).await;
        c.get(&format!("/{list}?q={q}"), Some(&center)).await;
    }

    // Reveals (permitted), copies of the personal data, and the records shown.
    c.api("POST", &format!("/api/v1/residents/{resident}/reveal"), Some(&center), Some(reason.clone())).await;
    c.form(&format!("/volunteers/{volunteer}/reveal"), Some(&center), &[("reason", "核对身份")]).await;
    for (list, record) in
        [("residents", &resident), ("volunteers", &volunteer), ("social-workers", &worker), ("donors", &donor)]
    {
        c.api("POST", &format!("/api/v1/{list}/{record}/personal-data"), Some(&center), Some(reason.clone())).await;
        c.api("GET", &format!("/api/v1/{list}/{record}"), Some(&center), None).await;
        c.get(&format!("/{list}/{record}"), Some(&center)).await;
        c.get(&format!("/{list}/{record}/edit"), Some(&center)).await;
    }

    // Corrections.
    let v = json!({"name": "泄露居民甲", "id_number": id(18), "phone": phone(18), "region": "500101001001",
        "categories": "独居老人"});
    c.api("PUT", &format!("/api/v1/residents/{resident}"), Some(&center), Some(v)).await;
    let p19 = phone(19);
    let fields = [
        ("name", "泄露志愿甲"),
        ("id_number", ""),
        ("phone", p19.as_str()),
        ("region", "500101001001"),
        ("skills", "陪伴探访"),
        ("availability", "周六 09:00-12:00"),
    ];
    c.form(&format!("/volunteers/{volunteer}"), Some(&center), &fields).await;
    let v = json!({"kind": "person", "name": "泄露捐赠甲", "phone": phone(20), "region": "500101"});
    c.api("PUT", &format!("/api/v1/donors/{donor}"), Some(&center), Some(v)).await;

    // An account with a marker phone; sign-ins by phone that fail, by the API and the page.
    let v = json!({"username": "leak.user", "display_name": "泄露账号", "phone": phone(21), "role": "volunteer",
        "region": "500101001001", "password": "first-pass-2026"});
    c.api("POST", "/api/v1/accounts", Some(&center), Some(v)).await;
    for login in [phone(21), phone(22), typed_phone(21)] {
        c.api("POST", "/api/v1/session", None, Some(json!({"login": login, "password": "wrong-pass-2026"}))).await;
        c.form("/login", None, &[("login", &login), ("password", "wrong-pass-2026")]).await;
    }
    c.api("POST", "/api/v1/session", None, Some(json!({"login": phone(21), "password": "first-pass-2026"}))).await;

    // Needs: recorded by staff with a contact, submitted by the public, tracked.
    let v = json!({"region": "500101001001", "category": "elderly_care", "description": "泄露需求",
        "contact_name": "泄露联系人", "contact_phone": phone(23)});
    let need =
        c.api("POST", "/api/v1/needs", Some(&center), Some(v)).await["id"].as_str().unwrap_or_default().to_owned();
    c.api("GET", &format!("/api/v1/needs/{need}"), Some(&center), None).await;
    c.get(&format!("/needs/{need}"), Some(&center)).await;
    let v = json!({"region": "500101001001", "category": "elderly_care", "description": "泄露求助",
        "contact_name": "泄露求助人", "contact_phone": phone(24), "consent": "1"});
    let code =
        c.api("POST", "/api/v1/public/needs", None, Some(v)).await["tracking_code"].as_str().expect("code").to_owned();
    let p25 = phone(25);
    let fields = [
        ("region", "500101001001"),
        ("category", "elderly_care"),
        ("description", "泄露求助二"),
        ("contact_name", "泄露求助人二"),
        ("contact_phone", p25.as_str()),
        ("consent", "1"),
    ];
    c.form("/help", None, &fields).await;
    c.api("GET", &format!("/api/v1/public/needs/{code}"), None, None).await;
    c.get(&format!("/help/track?code={code}"), None).await;
    c.api("GET", "/api/v1/needs?region=500101001001", Some(&center), None).await;

    // Offers on wishes, with a phone.
    let w = &fx.wishes[0].id;
    c.api(
        "POST",
        &format!("/api/v1/public/wishes/{w}/take"),
        None,
        Some(json!({"name": "泄露认领人", "phone": phone(26)})),
    )
    .await;
    let p27 = phone(27);
    c.form(&format!("/public/wishes/{}/take", fx.wishes[0].id), None, &[("name", "泄露认领人二"), ("phone", &p27)])
        .await;
    c.get(&format!("/needs/{}", need), Some(&center)).await;

    // Exports and PDFs.
    for list in ["residents", "volunteers", "social-workers", "donors", "organizations"] {
        c.get(&format!("/api/v1/{list}/export.xlsx"), Some(&center)).await;
        c.get(&format!("/{list}/export.xlsx"), Some(&center)).await;
    }
    let fund = &fx.funds[0].id;
    let gift = c
        .api(
            "POST",
            &format!("/api/v1/funds/{fund}/donations"),
            Some(&center),
            Some(json!({"amount": "100", "donor": donor})),
        )
        .await;
    let gift = gift["id"].as_str().unwrap_or_default().to_owned();
    for path in [
        "/api/v1/hours/totals.xlsx".to_owned(),
        "/api/v1/figures/500101/summary.xlsx".to_owned(),
        "/api/v1/figures/500101/records.xlsx?metric=needs_received".to_owned(),
        "/api/v1/figures/500101/report.pdf".to_owned(),
        format!("/api/v1/funds/{fund}/ledger.xlsx"),
        format!("/api/v1/donations/{gift}/receipt.pdf"),
        format!("/api/v1/certificates/{}/pdf", fx.certificates[0].id),
    ] {
        c.get(&path, Some(&center)).await;
    }

    // The audit log.
    c.api("GET", "/api/v1/audit?limit=1000", Some(&root), None).await;
    c.get("/audit", Some(&root)).await;
    vec![code]
}
