//! `casebook aws init`: creates the table, the bucket and the token-signing keys' secrets
//! when they are missing, and asks SES to verify the sender. Running it again changes
//! nothing.

use std::time::Duration;

use aws_sdk_dynamodb::client::Waiters;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, SseSpecification, TimeToLiveSpecification,
};
use aws_sdk_s3::types::{
    BucketLocationConstraint, CreateBucketConfiguration, PublicAccessBlockConfiguration,
    ServerSideEncryption, ServerSideEncryptionByDefault, ServerSideEncryptionConfiguration,
    ServerSideEncryptionRule,
};

use crate::table::{KeyAttribute, TABLE};
use crate::{AwsClients, describe};

#[derive(Debug, thiserror::Error)]
#[error("{what}: {detail}")]
pub struct InitError {
    pub what: String,
    pub detail: String,
}

fn fail(what: impl Into<String>) -> impl FnOnce(String) -> InitError {
    let what = what.into();
    move |detail| InitError { what, detail }
}

/// What an init step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    AlreadyThere,
}

fn scalar(kind: &str) -> ScalarAttributeType {
    match kind {
        "N" => ScalarAttributeType::N,
        "B" => ScalarAttributeType::B,
        _ => ScalarAttributeType::S,
    }
}

fn key(attr: KeyAttribute, key_type: KeyType) -> Result<KeySchemaElement, InitError> {
    KeySchemaElement::builder()
        .attribute_name(attr.name)
        .key_type(key_type)
        .build()
        .map_err(|e| fail("building the key schema")(e.to_string()))
}

/// Creates the table from [`TABLE`] if it does not exist, and waits until it is active.
pub async fn ensure_table(clients: &AwsClients, name: &str) -> Result<Outcome, InitError> {
    let ddb = &clients.dynamodb;
    match ddb.describe_table().table_name(name).send().await {
        Ok(_) => return Ok(Outcome::AlreadyThere),
        Err(e)
            if e.as_service_error()
                .is_some_and(|e| e.is_resource_not_found_exception()) => {}
        Err(e) => return Err(fail(format!("looking for table {name}"))(describe(&e))),
    }
    let mut request = ddb
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .sse_specification(SseSpecification::builder().enabled(true).build())
        .key_schema(key(TABLE.partition_key, KeyType::Hash)?)
        .key_schema(key(TABLE.sort_key, KeyType::Range)?);
    for attr in TABLE.key_attributes() {
        request = request.attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(attr.name)
                .attribute_type(scalar(attr.kind))
                .build()
                .map_err(|e| fail("building the attribute definitions")(e.to_string()))?,
        );
    }
    for index in TABLE.indexes {
        request = request.global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name(index.name)
                .key_schema(key(index.partition_key, KeyType::Hash)?)
                .key_schema(key(index.sort_key, KeyType::Range)?)
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::All)
                        .build(),
                )
                .build()
                .map_err(|e| fail("building the index")(e.to_string()))?,
        );
    }
    match request.send().await {
        Ok(_) => {}
        // Someone else created it at the same moment: that is fine too.
        Err(e)
            if e.as_service_error()
                .is_some_and(|e| e.is_resource_in_use_exception()) => {}
        Err(e) => return Err(fail(format!("creating table {name}"))(describe(&e))),
    }
    // Tables are not usable until ACTIVE on AWS (a local server is instant).
    ddb.wait_until_table_exists()
        .table_name(name)
        .wait(Duration::from_secs(120))
        .await
        .map_err(|e| fail(format!("waiting for table {name}"))(describe(&e)))?;
    let ttl = TimeToLiveSpecification::builder()
        .attribute_name(TABLE.ttl_attribute)
        .enabled(true)
        .build()
        .map_err(|e| fail("building the TTL setting")(e.to_string()))?;
    ddb.update_time_to_live()
        .table_name(name)
        .time_to_live_specification(ttl)
        .send()
        .await
        .map_err(|e| fail(format!("turning on TTL for {name}"))(describe(&e)))?;
    Ok(Outcome::Created)
}

/// Creates the bucket if missing: private (public access blocked) and encrypted.
pub async fn ensure_bucket(
    clients: &AwsClients,
    name: &str,
    region: Option<&str>,
) -> Result<Outcome, InitError> {
    let s3 = &clients.s3;
    match s3.head_bucket().bucket(name).send().await {
        Ok(_) => return Ok(Outcome::AlreadyThere),
        Err(e) if e.as_service_error().is_some_and(|e| e.is_not_found()) => {}
        Err(e) => return Err(fail(format!("looking for bucket {name}"))(describe(&e))),
    }
    let mut request = s3.create_bucket().bucket(name);
    // us-east-1 is the one region that refuses an explicit location constraint.
    if let Some(region) = region.filter(|r| *r != "us-east-1") {
        request = request.create_bucket_configuration(
            CreateBucketConfiguration::builder()
                .location_constraint(BucketLocationConstraint::from(region))
                .build(),
        );
    }
    match request.send().await {
        Ok(_) => {}
        Err(e)
            if e.as_service_error()
                .is_some_and(|e| e.is_bucket_already_owned_by_you()) => {}
        Err(e) => return Err(fail(format!("creating bucket {name}"))(describe(&e))),
    }
    s3.put_public_access_block()
        .bucket(name)
        .public_access_block_configuration(
            PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .ignore_public_acls(true)
                .block_public_policy(true)
                .restrict_public_buckets(true)
                .build(),
        )
        .send()
        .await
        .map_err(|e| fail(format!("blocking public access to {name}"))(describe(&e)))?;
    let rule = ServerSideEncryptionRule::builder()
        .apply_server_side_encryption_by_default(
            ServerSideEncryptionByDefault::builder()
                .sse_algorithm(ServerSideEncryption::Aes256)
                .build()
                .map_err(|e| fail("building the encryption setting")(e.to_string()))?,
        )
        .build();
    s3.put_bucket_encryption()
        .bucket(name)
        .server_side_encryption_configuration(
            ServerSideEncryptionConfiguration::builder()
                .rules(rule)
                .build()
                .map_err(|e| fail("building the encryption setting")(e.to_string()))?,
        )
        .send()
        .await
        .map_err(|e| fail(format!("encrypting bucket {name}"))(describe(&e)))?;
    Ok(Outcome::Created)
}

/// Asks SES to verify the sender unless it already is. On AWS this sends a verification
/// mail to the address; a local server verifies at once.
pub async fn ensure_sender(clients: &AwsClients, address: &str) -> Result<Outcome, InitError> {
    let ses = &clients.ses;
    let attrs = ses
        .get_identity_verification_attributes()
        .identities(address)
        .send()
        .await
        .map_err(|e| fail(format!("checking the sender {address}"))(describe(&e)))?;
    let verified = attrs
        .verification_attributes()
        .get(address)
        .is_some_and(|a| a.verification_status().as_str() == "Success");
    if verified {
        return Ok(Outcome::AlreadyThere);
    }
    ses.verify_email_identity()
        .email_address(address)
        .send()
        .await
        .map_err(|e| fail(format!("asking SES to verify {address}"))(describe(&e)))?;
    Ok(Outcome::Created)
}

/// The length of a generated key secret: 64 letters and digits (the template's
/// `GenerateSecretString` makes the same), which read as base64 of 48 random bytes.
pub const KEY_SECRET_CHARS: i64 = 64;

/// Creates the secret `name` with a generated key unless it exists; returns its ARN.
/// The key is generated by Secrets Manager and never shown.
pub async fn ensure_key_secret(
    clients: &AwsClients,
    name: &str,
) -> Result<(Outcome, String), InitError> {
    let secrets = &clients.secrets;
    match secrets.describe_secret().secret_id(name).send().await {
        Ok(found) => {
            return Ok((
                Outcome::AlreadyThere,
                found.arn().unwrap_or(name).to_string(),
            ));
        }
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_resource_not_found_exception()) => {}
        Err(e) => return Err(fail(format!("checking the secret {name}"))(describe(&e))),
    }
    let password = secrets
        .get_random_password()
        .password_length(KEY_SECRET_CHARS)
        .exclude_punctuation(true)
        .include_space(false)
        .require_each_included_type(true)
        .send()
        .await
        .map_err(|e| fail(format!("generating the key for {name}"))(describe(&e)))?;
    let value = password.random_password().ok_or_else(|| {
        fail(format!("generating the key for {name}"))("no password came back".into())
    })?;
    let created = secrets
        .create_secret()
        .name(name)
        .description("A casebook token-signing key (generated; never typed)")
        .secret_string(value)
        .send()
        .await
        .map_err(|e| fail(format!("creating the secret {name}"))(describe(&e)))?;
    Ok((Outcome::Created, created.arn().unwrap_or(name).to_string()))
}
