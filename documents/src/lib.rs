//! The documents organizers take away: the export as CSV and as a workbook, the published
//! Collection as a site (a folder or one zip). Pure: bytes in memory, no storage, so the
//! command line and the admin function make the very same files.

pub mod collection;
pub mod csv_out;
pub mod workbook;

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("the workbook could not be written: {0}")]
    Workbook(#[from] rust_xlsxwriter::XlsxError),
    #[error("the zip could not be written: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("the document could not be written: {0}")]
    Io(#[from] std::io::Error),
    #[error("the Collection's data could not be written: {0}")]
    Json(#[from] serde_json::Error),
    /// More than a sheet holds.
    #[error("too many {0} for one sheet")]
    TooLarge(&'static str),
}
