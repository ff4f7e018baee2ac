//! CSV text for the answers that offer it (the export, the records of processing): the `csv`
//! crate's quoting, and every cell made safe to open in a spreadsheet.

/// Rows as CSV (header first), with the csv crate's quoting.
pub fn csv_table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(header);
    csv_into(w, rows)
}

/// Appends `rows` to `w`, each cell made [`spreadsheet_safe`], and returns the text.
pub fn csv_into(
    mut w: csv::Writer<Vec<u8>>,
    rows: impl IntoIterator<Item = Vec<String>>,
) -> String {
    for row in rows {
        let _ = w.write_record(row.iter().map(|cell| spreadsheet_safe(cell).into_owned()));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A cell a spreadsheet shows as text, never runs as a formula (CSV injection): a value that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, which
/// spreadsheets hide. A phone number thus shows as `+49…`, not as a number.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_others_kept() {
        let csv = csv_table(
            &["field", "value"],
            [
                vec!["first_name".into(), "=HYPERLINK(\"http://evil\")".into()],
                vec!["phone".into(), "+4915112345678".into()],
                vec!["last_name".into(), "@SUM(A1)".into()],
                vec!["city".into(), "Köln".into()],
            ],
        );
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
            "{csv}"
        );
        assert!(csv.contains("'+4915112345678"), "{csv}");
        assert!(csv.contains("'@SUM(A1)"), "{csv}");
        assert!(csv.contains(",Köln\n"), "{csv}");
    }
}
