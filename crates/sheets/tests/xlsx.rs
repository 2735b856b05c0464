//! Reading `.xlsx`: round trips through `write_xlsx`, and workbooks as Excel users make them.

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use wushe_sheets::{Limits, Row, SheetError, Table, column_map, is_lost_precision_number, read_table, write_xlsx};

fn read(bytes: &[u8]) -> Table {
    read_table(bytes, &Limits::default()).expect("readable table")
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn round_trip_keeps_text_exact_and_neutralises_formulas() {
    let headers = ["姓名", "身份证号", "备注", "电话"];
    let rows = vec![
        strings(&["张三", "110105194912310021", "=1+1", "+8613800000000"]),
        strings(&["李四（社区）", "11010519491231002X", "多行\n备注，含逗号", ""]),
        strings(&["O'Brien", "000123", "_x0041_ literal", "-5"]),
    ];
    let bytes = write_xlsx("志愿者", &headers, &rows).expect("xlsx");
    let table = read(&bytes);
    assert_eq!(table.headers, headers);
    assert_eq!(table.rows.len(), 3);
    assert_eq!(
        table.rows[0],
        Row { number: 2, cells: strings(&["张三", "110105194912310021", "'=1+1", "'+8613800000000"]) }
    );
    assert_eq!(
        table.rows[1],
        Row {
            number: 3, cells: strings(&["李四（社区）", "11010519491231002X", "多行\n备注，含逗号", ""])
        }
    );
    assert_eq!(table.rows[2].cells, strings(&["O'Brien", "000123", "_x0041_ literal", "'-5"]));
    assert_eq!(column_map(&table, &["电话", "姓名", "备注", "身份证号"]), Ok(vec![3, 0, 2, 1]));
}

#[test]
fn written_xlsx_has_text_cells_bold_frozen_header_and_fitted_columns() {
    let bytes = write_xlsx("名单", &["姓名", "身份证号"], &[strings(&["张三", "110105194912310021"])]).expect("xlsx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut sheet = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").expect("sheet"), &mut sheet)
        .expect("xml");
    assert!(sheet.contains(r#"state="frozen""#), "{sheet}");
    assert!(sheet.contains(r#"t="s""#), "all cells are strings: {sheet}");
    assert!(!sheet.contains("<f>"), "no formulas: {sheet}");
    assert!(sheet.contains("<cols>"), "column widths are set: {sheet}");
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").expect("styles"), &mut styles).expect("xml");
    assert!(styles.contains("<b/>"), "bold header: {styles}");
    let mut workbook = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").expect("workbook"), &mut workbook).expect("xml");
    assert!(workbook.contains(r#"name="名单""#), "{workbook}");
}

#[test]
fn write_xlsx_accepts_any_sheet_name_and_ragged_rows() {
    let bytes = write_xlsx("a/b:c?", &["x"], &[strings(&["1", "beyond the header"])]).expect("xlsx");
    let table = read(&bytes);
    assert_eq!(table.rows[0].cells, ["1", "beyond the header"]);
}

/// A workbook as a user types it in Excel: numbers, dates, booleans, formulas, blank rows.
fn typed_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let hidden = book.add_worksheet();
    hidden.set_name("字典").expect("name");
    hidden.write_string(0, 0, "hidden sheet, not the table").expect("write");
    hidden.set_hidden(true);
    let sheet = book.add_worksheet();
    sheet.set_name("登记表").expect("name");
    sheet.set_active(true); // Excel cannot hide the active sheet.
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let time = Format::new().set_num_format("hh:mm:ss");
    // The table starts at B3: two blank rows and a blank column before it.
    for (col, header) in
        ["姓名", "年龄", "身份证号", "出生日期", "登记时间", "时长", "在册", "合计", "旧身份证"].iter().enumerate()
    {
        sheet.write_string(2, col as u16 + 1, *header).expect("header");
    }
    sheet.write_string(3, 1, "  张三  ").expect("w");
    sheet.write_number(3, 2, 42).expect("w");
    sheet.write_number(3, 3, 110105194912310021.0).expect("w"); // Excel keeps 15 digits.
    sheet.write_datetime_with_format(3, 4, ExcelDateTime::from_ymd(1949, 12, 31).expect("date"), &date).expect("w");
    let at = ExcelDateTime::parse_from_str("2024-03-05 08:30:00").expect("datetime");
    sheet.write_datetime_with_format(3, 5, at, &datetime).expect("w");
    let lasted = ExcelDateTime::from_hms(1, 30, 0).expect("time");
    sheet.write_datetime_with_format(3, 6, lasted, &time).expect("w");
    sheet.write_boolean(3, 7, true).expect("w");
    sheet.write_formula(3, 8, Formula::new("=C4*2").set_result("84")).expect("w");
    sheet.write_number(3, 9, 110105491231002.0).expect("w");
    // Row 5 blank; row 6 short; rows 7.. blank but formatted.
    sheet.write_string(5, 1, "李四").expect("w");
    sheet.write_number(5, 2, 0.1 + 0.2).expect("w");
    sheet.write_blank(8, 1, &date).expect("w");
    book.save_to_buffer().expect("xlsx")
}

#[test]
fn reads_cells_the_way_the_user_sees_them() {
    let table = read(&typed_workbook());
    assert_eq!(
        table.headers,
        ["", "姓名", "年龄", "身份证号", "出生日期", "登记时间", "时长", "在册", "合计", "旧身份证"]
    );
    assert_eq!(table.rows.len(), 2, "{table:?}");
    let first = &table.rows[0];
    assert_eq!(first.number, 4, "Excel row 4 (B4)");
    assert_eq!(
        first.cells,
        [
            "",
            "张三",
            "42",
            "1.1010519491231E+17",
            "1949-12-31",
            "2024-03-05 08:30:00",
            "01:30:00",
            "TRUE",
            "84",
            "110105491231002"
        ]
    );
    assert!(is_lost_precision_number(&first.cells[3]));
    assert_eq!(table.rows[1], Row { number: 6, cells: strings(&["", "李四", "0.3", "", "", "", "", "", "", ""]) });
    // The blank first column is not an unexpected column.
    let expected = ["姓名", "年龄", "身份证号", "出生日期", "登记时间", "时长", "在册", "合计", "旧身份证"];
    assert_eq!(column_map(&table, &expected), Ok((1..=9).collect::<Vec<_>>()));
}

#[test]
fn duplicate_headers_are_refused() {
    let bytes = write_xlsx("s", &["姓名", "电话", " 姓名 "], &[]).expect("xlsx");
    assert_eq!(read_table(&bytes, &Limits::default()), Err(SheetError::DuplicateHeader("姓名".into())));
}

#[test]
fn an_empty_workbook_has_no_header() {
    let bytes = write_xlsx("s", &[], &[]).expect("xlsx");
    assert_eq!(read_table(&bytes, &Limits::default()), Err(SheetError::Empty));
    let blank = write_xlsx("s", &["  "], &[vec!["".into()]]).expect("xlsx");
    assert_eq!(read_table(&blank, &Limits::default()), Err(SheetError::Empty));
}

#[test]
fn too_many_rows_in_xlsx() {
    let rows: Vec<Vec<String>> = (0..11).map(|i| vec![i.to_string()]).collect();
    let bytes = write_xlsx("s", &["n"], &rows).expect("xlsx");
    let limits = Limits { max_rows: 10, ..Limits::default() };
    assert_eq!(read_table(&bytes, &limits), Err(SheetError::TooManyRows { limit: 10 }));
    let limits = Limits { max_rows: 11, ..Limits::default() };
    assert_eq!(read_table(&bytes, &limits).expect("fits").rows.len(), 11);
}

#[test]
fn too_many_cells_in_xlsx() {
    // One header, and a row whose only cell is far to the right.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "a").expect("w");
    sheet.write_string(1, 16_000, "far").expect("w");
    let bytes = book.save_to_buffer().expect("xlsx");
    let limits = Limits { max_cells: 1000, ..Limits::default() };
    assert_eq!(read_table(&bytes, &limits), Err(SheetError::TooManyCells { limit: 1000 }));
}
