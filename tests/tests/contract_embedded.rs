//! The contract suites on the embedded backend: SQLite, a folder, an outbox.

casebook_tests::store_contract_tests!(casebook_tests::embedded::sqlite_store());
casebook_tests::blob_contract_tests!(casebook_tests::embedded::folder_blob_store());

#[tokio::test]
async fn outbox_mail_arrives_with_subject_recipient_and_html() {
    let (mailer, inbox) = casebook_tests::embedded::outbox_mailer();
    casebook_tests::contract::mail::a_sent_mail_arrives_with_subject_recipient_and_html(
        &mailer.port,
        inbox,
    )
    .await;
}
