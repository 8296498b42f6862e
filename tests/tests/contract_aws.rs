//! The contract suites on the AWS backend (DynamoDB, S3, SES) against the local
//! AWS-compatible server, and what only DynamoDB can get wrong: paging and transactions.

use std::sync::Arc;

use casebook_aws::DynamoStore;
use casebook_core::{ApplicationStore, LeaseKey, Leases, LinkCodeStore, Status, StoreError};
use casebook_tests::aws;
use casebook_tests::contract::store::{draft, unique_year};

casebook_tests::store_contract_tests!(casebook_tests::aws::dynamo_store().await);
casebook_tests::blob_contract_tests!(casebook_tests::aws::s3_blob_store().await);

#[tokio::test]
async fn ses_mail_arrives_with_subject_recipient_and_html() {
    let (mailer, inbox) = aws::ses_mailer().await;
    casebook_tests::contract::mail::a_sent_mail_arrives_with_subject_recipient_and_html(
        &mailer, inbox,
    )
    .await;
}

#[tokio::test]
async fn an_unverified_sender_is_rejected_not_lost_silently() {
    let clients = aws::clients().await;
    let mailer =
        casebook_aws::SesMailer::new(clients.ses.clone(), "nobody-verified-me@example.org");
    let mail = casebook_core::OutgoingMail {
        to: casebook_core::Email::parse("a@example.org").unwrap(),
        subject: "x".into(),
        text: "x".into(),
        html: "x".into(),
    };
    let err = casebook_core::Mailer::send(&mailer, &mail)
        .await
        .unwrap_err();
    assert!(
        matches!(err, casebook_core::MailError::Rejected(_)),
        "{err}"
    );
}

/// Forty applications of about 40 KB each: well over the 1 MB DynamoDB returns per page.
#[tokio::test]
async fn a_listing_larger_than_one_megabyte_returns_everything() {
    let clients = aws::clients().await;
    let table = aws::fresh_table(&clients).await;
    let store = DynamoStore::new(clients.dynamodb.clone(), &table);
    let year = unique_year();
    let section = format!("Heading\n{}", "cooperation across borders ".repeat(1500));
    for i in 0..40 {
        let mut app = draft(year, &format!("Large case {i}"));
        app.content.sections.background = Some(section.clone());
        app.status = Status::Submitted;
        store.insert_application(&app).await.unwrap();
    }

    // The first raw page indeed stops short: the boundary is crossed.
    let first_page = clients
        .dynamodb
        .query()
        .table_name(&table)
        .index_name("gsi1")
        .key_condition_expression("gsi1pk = :pk")
        .expression_attribute_values(
            ":pk",
            aws_sdk_dynamodb::types::AttributeValue::S(format!("CAMPAIGN#{year}")),
        )
        .send()
        .await
        .unwrap();
    assert!(
        first_page.count() < 40 && first_page.last_evaluated_key().is_some(),
        "one page held everything"
    );

    assert_eq!(store.list_applications(year, None).await.unwrap().len(), 40);
    assert_eq!(
        store
            .list_applications(year, Some(Status::Submitted))
            .await
            .unwrap()
            .len(),
        40
    );
}

#[tokio::test]
async fn a_listing_of_many_small_pages_returns_everything() {
    let clients = aws::clients().await;
    let table = aws::fresh_table(&clients).await;
    let store = DynamoStore::new(clients.dynamodb.clone(), &table).with_page_limit(3);
    let year = unique_year();
    for i in 0..17 {
        store
            .insert_application(&draft(year, &format!("Case {i}")))
            .await
            .unwrap();
    }
    assert_eq!(store.list_applications(year, None).await.unwrap().len(), 17);
}

mod transaction_conflicts {
    //! The local server never reports a transaction conflict, so these tests answer the
    //! SDK from a small fake DynamoDB endpoint: the one fault we cannot cause for real.

    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::http::{HeaderMap, StatusCode};
    use axum::response::IntoResponse;

    use super::*;

    const CONFLICT: &str = r#"{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","Message":"Transaction cancelled","CancellationReasons":[{"Code":"TransactionConflict","Message":"Transaction is ongoing for the item"},{"Code":"None"}]}"#;

    /// Serves TransactWriteItems: `conflicts` times a conflict, then success.
    async fn fake_dynamodb(conflicts: usize) -> (String, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = calls.clone();
        let app = axum::Router::new().fallback(move |headers: HeaderMap| {
            let seen = seen.clone();
            async move {
                let target = headers
                    .get("x-amz-target")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                assert_eq!(target, "DynamoDB_20120810.TransactWriteItems");
                let n = seen.fetch_add(1, Ordering::SeqCst);
                let json = [("content-type", "application/x-amz-json-1.0")];
                if n < conflicts {
                    (StatusCode::BAD_REQUEST, json, CONFLICT).into_response()
                } else {
                    (StatusCode::OK, json, "{}").into_response()
                }
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (format!("http://{addr}"), calls)
    }

    async fn store_at(endpoint: &str) -> DynamoStore {
        let config = aws_sdk_dynamodb::Config::builder()
            .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
            .endpoint_url(endpoint)
            .region(aws_sdk_dynamodb::config::Region::new("eu-west-1"))
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
                "test", "test", None, None, "test",
            ))
            .build();
        DynamoStore::new(aws_sdk_dynamodb::Client::from_conf(config), "casebook")
    }

    fn submitted() -> casebook_core::Application {
        let mut app = draft(2024, "Conflicted");
        app.status = Status::Submitted;
        app.version = 2;
        app.reference = Some(casebook_core::Reference::new("PC2024", 1));
        app
    }

    #[tokio::test]
    async fn a_passing_transaction_conflict_is_retried() {
        let (endpoint, calls) = fake_dynamodb(2).await;
        let store = store_at(&endpoint).await;
        store
            .update_application(&submitted(), 1)
            .await
            .expect("succeeds on the third try");
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_persistent_transaction_conflict_is_reported_as_a_conflict() {
        let (endpoint, calls) = fake_dynamodb(usize::MAX).await;
        let store = store_at(&endpoint).await;
        let err = store.update_application(&submitted(), 1).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict), "{err}");
        assert_eq!(
            calls.load(Ordering::SeqCst),
            4,
            "tried four times, then gave up"
        );
    }
}

/// The local server does not check signatures, so what S3 would enforce of a grant is
/// checked on the grant itself: the signature covers the exact type and length, and the
/// URL expires when the grant says.
#[tokio::test]
async fn an_s3_upload_grant_signs_the_exact_type_and_length_and_expires() {
    use casebook_core::SignedUrls;
    let clients = aws::clients().await;
    // On a rehearsal clock two years in the past: the link still lasts its 15 minutes.
    let rehearsal: jiff::Timestamp = "2024-05-01T01:00:00Z".parse().unwrap();
    let links = casebook_aws::S3SignedUrls::new(
        clients.s3.clone(),
        "casebook-files",
        std::sync::Arc::new(casebook_core::FixedClock::at(rehearsal)),
    );
    let app = draft(2024, "Signed");
    let mut att = casebook_tests::contract::store::pending_attachment(&app, "2024-05-01T01:15:00Z");
    att.size = 1_048_576;
    let expires_at = rehearsal + jiff::SignedDuration::from_mins(15);
    let grant = links
        .upload_grant(&att, &att.upload_key(), expires_at)
        .await
        .unwrap();
    assert_eq!(grant.method, "PUT");
    let query = grant.url.split_once('?').unwrap().1;
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("{name} in {query}"))
    };
    let signed = param("X-Amz-SignedHeaders").replace("%3B", ";");
    for header in [
        "content-length",
        "content-type",
        "host",
        "x-amz-server-side-encryption",
    ] {
        assert!(
            signed.split(';').any(|h| h == header),
            "{header} is not signed: {signed}"
        );
    }
    let expires: i64 = param("X-Amz-Expires").parse().unwrap();
    assert!((890..=900).contains(&expires), "{expires}");
    assert_eq!(
        grant.headers.get("content-length").map(String::as_str),
        Some("1048576")
    );
    assert_eq!(
        grant.headers.get("content-type").map(String::as_str),
        Some("application/pdf")
    );
    assert!(
        grant.url.contains(att.upload_key().as_str()),
        "the key is casebook's, not the file name"
    );
}

/// DynamoDB deletes expired items by the real clock: on a rehearsal clock two years in the
/// past, a claimed update and a link code must still live their whole life from now.
#[tokio::test]
async fn ttls_on_a_rehearsal_clock_count_from_the_real_now() {
    use aws_sdk_dynamodb::types::AttributeValue;
    let clients = aws::clients().await;
    let table = aws::fresh_table(&clients).await;
    let store = DynamoStore::new(clients.dynamodb.clone(), &table);
    let rehearsal: jiff::Timestamp = "2024-05-01T01:00:00Z".parse().unwrap();
    assert!(
        store
            .take_lease(&LeaseKey::TelegramUpdate(1), rehearsal, rehearsal)
            .await
            .unwrap()
    );
    store
        .create_link_code(
            "ABCD2345",
            "{}",
            rehearsal + jiff::SignedDuration::from_mins(30),
        )
        .await
        .unwrap();
    let ttl_of = |pk: &'static str, sk: &'static str| {
        let (client, table) = (clients.dynamodb.clone(), table.clone());
        async move {
            let item = client
                .get_item()
                .table_name(table)
                .key("pk", AttributeValue::S(pk.into()))
                .key("sk", AttributeValue::S(sk.into()))
                .send()
                .await
                .unwrap()
                .item
                .unwrap();
            item["expires_at"].as_n().unwrap().parse::<i64>().unwrap()
        }
    };
    let now = jiff::Timestamp::now().as_second();
    assert!(ttl_of("UPDATE#telegram:1", "UPDATE").await >= now + 6 * 24 * 3600);
    assert!(ttl_of("LINK#ABCD2345", "LINK").await >= now + 30 * 60);
    // The code still works on the rehearsal clock.
    assert_eq!(
        store
            .take_link_code("ABCD2345", rehearsal)
            .await
            .unwrap()
            .as_deref(),
        Some("{}")
    );
}

/// A table written before one deployment kept several years: a round closing with no
/// year (key `ROUND#1`) and audit entries with none are read as 2024's, with no step, and
/// 2025's round 1 is kept apart.
#[tokio::test]
async fn a_table_written_before_years_is_read_as_2024s() {
    use aws_sdk_dynamodb::types::AttributeValue::{Bool, N, S};
    use casebook_core::DecisionStore;
    let clients = aws::clients().await;
    let table = aws::fresh_table(&clients).await;
    let store = DynamoStore::new(clients.dynamodb.clone(), &table);
    // As the casebook of commit 50acc96 wrote them.
    let legacy_closing = [
        ("pk", S("ROUND#1".into())),
        ("sk", S("CLOSING".into())),
        ("round", N("1".into())),
        ("closed", Bool(true)),
        ("version", N("1".into())),
        ("changed_at", S("2024-09-02T01:00:00Z".into())),
        ("changed_by", S("org@example.org".into())),
    ];
    let legacy_entry = r#"{"id":"00000001725238800000000000-000000000001-a","at":"2024-09-02T01:00:00Z","by":"org@example.org","action":{"action":"round_closed","round":1}}"#;
    for item in [
        legacy_closing.to_vec(),
        vec![
            ("pk", S("AUDIT".into())),
            ("sk", S("00000001725238800000000000-000000000001-a".into())),
            ("entry", S(legacy_entry.into())),
        ],
    ] {
        clients
            .dynamodb
            .put_item()
            .table_name(&table)
            .set_item(Some(
                item.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            ))
            .send()
            .await
            .unwrap();
    }
    let closing = store.get_round_closing(2024, 1).await.unwrap().unwrap();
    assert_eq!(
        (closing.year, closing.round, closing.closed),
        (2024, 1, true)
    );
    assert_eq!(store.get_round_closing(2025, 1).await.unwrap(), None);
    let log = store.list_audit().await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].year, None);
    assert_eq!(
        log[0].year_of(),
        Some(2024),
        "a call's entry with no year is 2024's"
    );
}
