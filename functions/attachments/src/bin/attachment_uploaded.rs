//! The `attachment-uploaded` function: the bucket's ObjectCreated event invokes it, and it
//! checks each new object against its attachment (size, type by leading bytes), deleting
//! and rejecting what does not match. Applicants need not call `.../complete` on AWS.

use aws_lambda_events::event::s3::S3Event;
use casebook_startup::{Dependencies, Settings};
use lambda_runtime::{LambdaEvent, service_fn};

// One thread: a Lambda instance answers one event at a time, and a runtime without
// worker threads starts sooner (no threads to spawn, no CPU quota to read).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    casebook_startup::logging::init_lambda();
    let settings = Settings::from_env()?;
    let deps = Dependencies::build(&settings).await?.with_files(&settings);
    let service = deps.require_attachments()?;
    lambda_runtime::run(service_fn(|event: LambdaEvent<S3Event>| {
        let service = service.clone();
        async move {
            casebook_attachments::handle_s3_event(&service, &event.payload)
                .await
                .map_err(lambda_runtime::Error::from)
        }
    }))
    .await
}
