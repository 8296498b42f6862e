//! The exports function on AWS Lambda: the CSV and XLSX exports and the Collection's zip
//! (`casebook_admin::exports`), apart from the admin function so that one links neither
//! the workbook and zip writers nor S3. Reads the cases' checked images from the bucket
//! and keeps the zip under `exports/`, offered by a presigned link.

use casebook_startup::{Dependencies, Settings, StartupError};

// One thread: a Lambda instance answers one event at a time.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    casebook_startup::logging::init_lambda();
    let settings = Settings::from_env()?;
    let deps = Dependencies::build(&settings).await?.with_files(&settings);
    // Its keys and bucket are checked at the start; the open call is read at the first
    // request.
    let served = |deps: &Dependencies| exports(deps).map(casebook_admin::exports::standalone);
    let organizer = casebook_admin::organizer_check(deps.organizers()?);
    let years = deps.clone().on_year(served);
    let open = casebook_http::on_first_request(deps.on_open_call(served)?);
    lambda_http::run(casebook_http::by_year(open, years, organizer)).await
}

fn exports(deps: &Dependencies) -> Result<casebook_admin::exports::Exports, StartupError> {
    Ok(casebook_admin::exports::Exports {
        decisions: deps.decisions(),
        organizers: deps.organizers()?,
        files: deps.require_attachments()?,
    })
}
