//! Reading CSV as Excel writes it on Chinese Windows, and `write_csv` round trips.

use wushe_sheets::{Limits, Row, SheetError, Table, read_table, write_csv};

fn read(bytes: &[u8]) -> Table {
    read_table(bytes, &Limits::default()).expect("readable table")
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn gbk_csv_from_excel_on_chinese_windows() {
    let text = "姓名,身份证号,住址\r\n张三,110105194912310021,北京市朝阳区\r\n李四,11010519491231002X,上海市\r\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk).is_err(), "really not UTF-8");
    let table = read(&gbk);
    assert_eq!(table.headers, ["姓名", "身份证号", "住址"]);
    assert_eq!(table.rows[0], Row { number: 2, cells: strings(&["张三", "110105194912310021", "北京市朝阳区"]) });
    assert_eq!(table.rows[1].cells, ["李四", "11010519491231002X", "上海市"]);
}

#[test]
fn utf8_with_and_without_bom() {
    for bom in ["\u{feff}", ""] {
        let text = format!("{bom}姓名,电话\n王五,13800000000\n");
        let table = read(text.as_bytes());
        assert_eq!(table.headers, ["姓名", "电话"], "bom {bom:?}");
        assert_eq!(table.rows[0].cells, ["王五", "13800000000"]);
    }
}

#[test]
fn utf16_tab_separated_unicode_text() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("姓名\t电话\r\n赵六\t139\r\n".encode_utf16().flat_map(u16::to_le_bytes));
    let table = read(&bytes);
    assert_eq!(table.headers, ["姓名", "电话"]);
    assert_eq!(table.rows[0].cells, ["赵六", "139"]);
}

#[test]
fn quoted_commas_quotes_and_newlines() {
    let text = "姓名,备注,电话\n\"张,三\",\"第一行\n第二行，\"\"引号\"\"\",138\n李四,,\n";
    let table = read(text.as_bytes());
    assert_eq!(table.rows[0], Row { number: 2, cells: strings(&["张,三", "第一行\n第二行，\"引号\"", "138"]) });
    // A record spanning two lines is one Excel row: the next record is row 3.
    assert_eq!(table.rows[1], Row { number: 3, cells: strings(&["李四", "", ""]) });
}

#[test]
fn row_numbers_count_blank_lines_like_excel() {
    let text = "\n姓名,电话\n\n张三,1\n,\n李四,\"2\n3\"\n\n\n王五,4\n\n";
    for text in [text.to_owned(), text.replace('\n', "\r\n")] {
        let table = read(text.as_bytes());
        assert_eq!(table.headers, ["姓名", "电话"]);
        assert_eq!(table.rows.len(), 3);
        let numbers: Vec<usize> = table.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [4, 6, 9], "{table:?}");
    }
}

#[test]
fn cells_are_trimmed_and_short_rows_padded() {
    let text = " 姓名 ,\u{3000}电话\u{3000},住址\n  张三\t,1\n";
    let table = read(text.as_bytes());
    assert_eq!(table.headers, ["姓名", "电话", "住址"]);
    assert_eq!(table.rows[0].cells, ["张三", "1", ""]);
}

#[test]
fn semicolon_separated() {
    let table = read("a;b\n1;2\n".as_bytes());
    assert_eq!(table.headers, ["a", "b"]);
    assert_eq!(table.rows[0].cells, ["1", "2"]);
}

#[test]
fn write_csv_round_trips_through_read_table() {
    let headers = ["姓名", "身份证号", "备注"];
    let rows =
        vec![strings(&["张三", "110105194912310021", "=HYPERLINK(\"x\")"]), strings(&["李四", "", "a,b\n\"c\""])];
    let bytes = write_csv(&headers, &rows);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let table = read(&bytes);
    assert_eq!(table.headers, headers);
    assert_eq!(table.rows[0].cells, ["张三", "110105194912310021", "'=HYPERLINK(\"x\")"]);
    assert_eq!(table.rows[1].cells, ["李四", "", "a,b\n\"c\""]);
}

#[test]
fn too_many_rows_in_csv() {
    let mut text = String::from("n\n");
    for i in 0..6 {
        text.push_str(&format!("{i}\n\n"));
    }
    let limits = Limits { max_rows: 5, ..Limits::default() };
    assert_eq!(read_table(text.as_bytes(), &limits), Err(SheetError::TooManyRows { limit: 5 }));
    let limits = Limits { max_rows: 6, ..Limits::default() };
    assert_eq!(read_table(text.as_bytes(), &limits).expect("fits").rows.len(), 6);
}

#[test]
fn a_wide_header_over_many_short_rows_hits_the_cell_limit() {
    let mut text = (0..1000).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",");
    text.push('\n');
    text.push_str(&"x\n".repeat(100));
    let limits = Limits { max_cells: 50_000, ..Limits::default() };
    assert_eq!(read_table(text.as_bytes(), &limits), Err(SheetError::TooManyCells { limit: 50_000 }));
}

#[test]
fn an_empty_csv_has_no_header() {
    for text in ["", "\u{feff}", "\n\n", " , ,\n\t\n"] {
        assert_eq!(read_table(text.as_bytes(), &Limits::default()), Err(SheetError::Empty), "{text:?}");
    }
}
