//! The export as an XLSX workbook, for `casebook admin export --format xlsx` and
//! `GET /admin/export.xlsx`.

use casebook_core::decision::export::{Cell, Table};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::DocumentError;

/// The content type of an XLSX workbook.
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The table as a workbook: bold frozen header, a filter on every column, widths from
/// the content (between 8 and 60 characters), long text wrapped.
pub fn xlsx(table: &Table) -> Result<Vec<u8>, DocumentError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Applications")?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    // Totals to two decimals (the value itself stays whole); instants as dates (UTC).
    let two_decimals = Format::new().set_num_format("0.00");
    let date_time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let mut widths: Vec<usize> = table.header.iter().map(|h| h.chars().count()).collect();
    for (col, name) in table.header.iter().enumerate() {
        sheet.write_string_with_format(0, column(col)?, name, &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = row_index(r + 1)?;
        for (col, cell) in row.iter().enumerate() {
            let c = column(col)?;
            match cell {
                Cell::Text(t) if t.chars().count() > 60 => {
                    sheet.write_string_with_format(r, c, t, &wrap)?;
                }
                Cell::Text(t) => {
                    sheet.write_string(r, c, t)?;
                }
                Cell::Number(n) if n.fract() != 0.0 => {
                    sheet.write_number_with_format(r, c, *n, &two_decimals)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                Cell::Time(t) => {
                    let when = ExcelDateTime::from_timestamp(t.as_second())?;
                    sheet.write_datetime_with_format(r, c, &when, &date_time)?;
                }
                Cell::Empty => {}
            }
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(cell.as_text().chars().count());
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(column(col)?, (*width).clamp(8, 60) as f64 + 1.0)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    let last_col = column(table.header.len().saturating_sub(1))?;
    sheet.autofilter(0, 0, row_index(table.rows.len())?, last_col)?;
    Ok(workbook.save_to_buffer()?)
}

/// A sheet holds at most 16,384 columns and 1,048,576 rows.
fn column(n: usize) -> Result<u16, DocumentError> {
    u16::try_from(n).map_err(|_| DocumentError::TooLarge("columns"))
}

fn row_index(n: usize) -> Result<u32, DocumentError> {
    u32::try_from(n).map_err(|_| DocumentError::TooLarge("rows"))
}
