//! Blobs in one private S3 bucket, encrypted at rest.

use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ServerSideEncryption;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_s3::presigning::PresigningConfig;
use casebook_domain::attachment::content_disposition;
use casebook_domain::{
    Attachment, BlobError, BlobKey, BlobMeta, BlobStore, Clock, DownloadLink, SignedUrls,
    UploadGrant,
};
use jiff::Timestamp;

use crate::{OnFirstUse, describe};

#[derive(Clone, Debug)]
pub struct S3BlobStore {
    client: OnFirstUse<Client>,
    bucket: String,
}

impl S3BlobStore {
    pub fn new(client: impl Into<OnFirstUse<Client>>, bucket: impl Into<String>) -> S3BlobStore {
        S3BlobStore {
            client: client.into(),
            bucket: bucket.into(),
        }
    }

    /// The object's bytes (or the given `Range` of them); `None` if there is no object.
    async fn get_range(
        &self,
        key: &BlobKey,
        range: Option<String>,
    ) -> Result<Option<Vec<u8>>, BlobError> {
        match self
            .client
            .get()
            .get_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .set_range(range)
            .send()
            .await
        {
            Ok(out) => Ok(Some(
                out.body
                    .collect()
                    .await
                    .map_err(backend)?
                    .into_bytes()
                    .to_vec(),
            )),
            Err(e) if e.as_service_error().is_some_and(|e| e.is_no_such_key()) => Ok(None),
            Err(e) => Err(backend(e)),
        }
    }
}

fn backend(err: impl std::error::Error + 'static) -> BlobError {
    BlobError::Backend(describe(&err))
}

#[async_trait]
impl BlobStore for S3BlobStore {
    async fn put(
        &self,
        key: &BlobKey,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<(), BlobError> {
        self.client
            .get()
            .put_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .body(ByteStream::from(bytes))
            .content_type(content_type)
            .server_side_encryption(ServerSideEncryption::Aes256)
            .send()
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn get(&self, key: &BlobKey) -> Result<Option<Vec<u8>>, BlobError> {
        self.get_range(key, None).await
    }

    async fn read_prefix(&self, key: &BlobKey, len: usize) -> Result<Option<Vec<u8>>, BlobError> {
        if len == 0 {
            return Ok(self.head(key).await?.map(|_| Vec::new()));
        }
        self.get_range(key, Some(format!("bytes=0-{}", len - 1)))
            .await
    }

    async fn head(&self, key: &BlobKey) -> Result<Option<BlobMeta>, BlobError> {
        match self
            .client
            .get()
            .head_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
        {
            Ok(out) => Ok(Some(BlobMeta {
                size: out
                    .content_length()
                    .and_then(|n| u64::try_from(n).ok())
                    .unwrap_or(0),
                content_type: out.content_type().map(str::to_string),
            })),
            Err(e) if e.as_service_error().is_some_and(|e| e.is_not_found()) => Ok(None),
            Err(e) => Err(backend(e)),
        }
    }

    async fn copy(&self, from: &BlobKey, to: &BlobKey) -> Result<bool, BlobError> {
        // Keys are made of ids, letters, digits and `/`: nothing to percent-encode.
        let result = self
            .client
            .get()
            .copy_object()
            .bucket(&self.bucket)
            .copy_source(format!("{}/{}", self.bucket, from.as_str()))
            .key(to.as_str())
            .server_side_encryption(ServerSideEncryption::Aes256)
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            // NoSuchKey: nothing was uploaded under `from`.
            Err(e) if e.raw_response().is_some_and(|r| r.status().as_u16() == 404) => Ok(false),
            Err(e) => Err(backend(e)),
        }
    }

    async fn delete(&self, key: &BlobKey) -> Result<(), BlobError> {
        self.client
            .get()
            .delete_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Presigned S3 URLs: a PUT whose signature covers the exact content type and length,
/// and a GET that names the file for the browser.
#[derive(Clone)]
pub struct S3SignedUrls {
    client: OnFirstUse<Client>,
    bucket: String,
    /// The clock the expiry times are on (a rehearsal clock may run in the past).
    clock: Arc<dyn Clock>,
}

impl S3SignedUrls {
    /// Links whose expiry times are given on `clock` (the services' clock).
    pub fn new(
        client: impl Into<OnFirstUse<Client>>,
        bucket: impl Into<String>,
        clock: Arc<dyn Clock>,
    ) -> S3SignedUrls {
        S3SignedUrls {
            client: client.into(),
            bucket: bucket.into(),
            clock,
        }
    }

    /// How long until `expires_at` on the services' clock. S3 counts that long from the
    /// real now, so a rehearsal clock (`--now` in the past) never expires a link early.
    fn validity(&self, expires_at: Timestamp) -> Result<PresigningConfig, BlobError> {
        let seconds = expires_at.duration_since(self.clock.now()).as_secs().max(1);
        PresigningConfig::expires_in(Duration::from_secs(seconds as u64)).map_err(backend)
    }
}

#[async_trait]
impl SignedUrls for S3SignedUrls {
    async fn upload_grant(
        &self,
        attachment: &Attachment,
        key: &BlobKey,
        expires_at: Timestamp,
    ) -> Result<UploadGrant, BlobError> {
        let presigned = self
            .client
            .get()
            .put_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .content_type(&attachment.content_type)
            .content_length(i64::try_from(attachment.size).map_err(backend)?)
            .server_side_encryption(ServerSideEncryption::Aes256)
            .presigned(self.validity(expires_at)?)
            .await
            .map_err(backend)?;
        let headers: BTreeMap<String, String> = presigned
            .headers()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Ok(UploadGrant::put(
            presigned.uri().to_string(),
            headers,
            expires_at,
        ))
    }

    async fn download_link(
        &self,
        key: &BlobKey,
        filename: &str,
        content_type: &str,
        expires_at: Timestamp,
    ) -> Result<DownloadLink, BlobError> {
        let presigned = self
            .client
            .get()
            .get_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .response_content_type(content_type)
            .response_content_disposition(content_disposition(filename))
            .presigned(self.validity(expires_at)?)
            .await
            .map_err(backend)?;
        Ok(DownloadLink {
            url: presigned.uri().to_string(),
            expires_at,
        })
    }
}
