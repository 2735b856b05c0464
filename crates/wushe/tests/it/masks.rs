//! Masks that cannot be put back together. Area (the region), birth date and the last four
//! characters rebuild an ID number from a few dozen candidates, so every view, API answer, form
//! and export shows an ID number as its first and last character only, a mobile number as
//! `1******5678`, and the birth year only. Three people with distinctive numbers are registered,
//! then every answer about them is read back — spreadsheets unzipped — and searched.

use axum::http::{Method, StatusCode};
use serde_json::json;
use wushe_testkit::dual_test;
use wushe_testkit::fixture::{self, PASSWORD, resident_id};

/// What `text` shows that rebuilds more of `id` or `phone` than the masks allow.
pub(crate) fn rebuilt(text: &str, id: &str, phone: &str) -> Vec<String> {
    let mut out = Vec::new();
    for whole in [id, &id[..17], phone] {
        if text.contains(whole) {
            out.push(format!("shows {whole} in full"));
        }
    }
    let (y, m, d) = (&id[6..10], &id[10..12], &id[12..14]);
    let (mn, dn) = (m.trim_start_matches('0'), d.trim_start_matches('0'));
    for date in [
        format!("{y}-{m}-{d}"),
        format!("{y}{m}{d}"),
        format!("{y}/{m}/{d}"),
        format!("{y}.{m}.{d}"),
        format!("{y}年{m}月{d}日"),
        format!("{y}年{mn}月{dn}日"),
        format!("{y}-{mn}-{dn}"),
    ] {
        if text.contains(&date) {
            out.push(format!("shows the birth date {date}"));
        }
    }
    // Every masked run: an ID keeps one character at each end, any other value (a mobile
    // number, a landline, a mistyped number in an import's report) at most its first character
    // and its last four.
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let maskish = |c: char| c.is_ascii_digit() || c == '*' || c == 'X' || c == 'x';
        if !maskish(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && maskish(chars[i]) {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        if !run.contains('*') || run.len() < 7 {
            continue;
        }
        let kept_before = run.find('*').unwrap_or(0);
        let kept_after = run.len() - 1 - run.rfind('*').unwrap_or(0);
        let stars = run.chars().filter(|c| *c == '*').count();
        // Every mask the product writes is one block of stars; stars scattered among digits are
        // not a mask but bytes of a binary part (a PDF's drawing of a QR code reads "3*3*981").
        if stars != run.len() - kept_before - kept_after {
            continue;
        }
        let most_kept = if run.len() == 18 { 1 } else { 4 };
        if !(kept_before <= 1 && kept_after <= most_kept) {
            out.push(format!("a mask keeps too much: {run}"));
        }
    }
    out
}

dual_test!(no_view_form_or_export_rebuilds_a_sealed_number, |app| {
    let fx = fixture::load(&app).await;
    let s = app.login("wz.center", PASSWORD).await;
    let station = fx.point("高笋塘站FX").id.to_string();
    let people = [
        ("residents", resident_id("500101", "19630415", "357"), "13712345678"),
        ("volunteers", resident_id("500101", "19720926", "468"), "13787654321"),
        ("social-workers", resident_id("500101", "19810117", "579"), "13711223344"),
    ];
    let mut failures = Vec::new();
    for (list, id, phone) in &people {
        let name = match *list {
            "residents" => "掩码居民",
            "volunteers" => "掩码志愿者",
            _ => "掩码社工",
        };
        let body = match *list {
            "residents" => json!({"name": name, "id_number": id, "phone": phone, "address": "掩码路一号",
                "region": "500101001001", "categories": "独居老人"}),
            "volunteers" => json!({"name": name, "id_number": id, "phone": phone, "region": "500101001001",
                "skills": "陪伴探访", "availability": "周六 09:00-12:00"}),
            _ => json!({"name": name, "id_number": id, "phone": phone, "licence": "unlicensed",
                "posting": station, "posted_on": "2024-01-01"}),
        };
        let res = app.api(Method::POST, &format!("/api/v1/{list}"), Some(&s), Some(body)).await;
        assert_eq!(res.status, StatusCode::CREATED, "{list}: {}", res.text());
        failures.extend(rebuilt(&res.text(), id, phone).into_iter().map(|f| format!("POST /api/v1/{list}: {f}")));
        let record = res.json()["id"].as_str().expect("id").to_owned();
        let paths = [
            format!("/api/v1/{list}"),
            format!("/api/v1/{list}?{}", wushe_testkit::client::form_body(&[("q", name)])),
            format!("/api/v1/{list}/{record}"),
            format!("/api/v1/{list}/export.xlsx"),
            format!("/{list}"),
            format!("/{list}/{record}"),
            format!("/{list}/{record}/edit"),
            format!("/{list}/export.xlsx"),
        ];
        for path in paths {
            let res = if path.starts_with("/api/") {
                app.api(Method::GET, &path, Some(&s), None).await
            } else {
                app.get(&path, Some(&s)).await
            };
            assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.text());
            let text = crate::bodies::readable(&res.body);
            assert!(text.contains(name), "{path} shows the person");
            failures.extend(rebuilt(&text, id, phone).into_iter().map(|f| format!("GET {path}: {f}")));
        }
    }
    // Each one's birth year is shown; that is all of the date.
    let query = wushe_testkit::client::form_body(&[("q", "掩码居民")]);
    let shown = app.api(Method::GET, &format!("/api/v1/residents?{query}"), Some(&s), None).await.text();
    assert!(shown.contains("1963"), "the birth year is shown: {shown}");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
});

/// The scan itself: a mask that keeps too much is found, a right one and binary noise are not.
#[test]
fn the_mask_scan_tells_masks_apart() {
    let (id, phone) = ("11010119900307001X", "13800001234");
    assert!(rebuilt("电话 1******1234", id, phone).is_empty());
    assert!(rebuilt("证件 1****************X", id, phone).is_empty());
    assert!(rebuilt("stream 3*3*981 endstream", id, phone).is_empty());
    assert_eq!(rebuilt("电话 13800****234", id, phone), vec!["a mask keeps too much: 13800****234"]);
    assert_eq!(rebuilt("证件 1101****************X", id, phone).len(), 1);
    assert_eq!(rebuilt("shown 13800001234", id, phone), vec!["shows 13800001234 in full"]);
}
