//! Signed, expiring transfer links served by `casebook serve`: the embedded stand-in for
//! S3 presigned URLs. A link carries what it allows (the blob key, the type and exact size
//! of an upload, or the name of a download) and its expiry, signed with HMAC-SHA256 under
//! a secret only the server knows; nothing in it can be changed without breaking the
//! signature.

use std::collections::BTreeMap;
use std::path::Path;

use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use casebook_domain::{Attachment, BlobError, BlobKey, DownloadLink, SignedUrls, UploadGrant};
use hmac::{Hmac, Mac};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// What a link allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Transfer {
    Upload {
        key: String,
        application: String,
        attachment: String,
        content_type: String,
        size: u64,
        expires_ms: i64,
    },
    Download {
        key: String,
        filename: String,
        content_type: String,
        expires_ms: i64,
    },
}

impl Transfer {
    pub fn expires_ms(&self) -> i64 {
        match self {
            Transfer::Upload { expires_ms, .. } | Transfer::Download { expires_ms, .. } => {
                *expires_ms
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("this link is not valid: it was changed or was not made by this server")]
    Invalid,
    #[error("this link has expired")]
    Expired,
}

#[derive(Clone)]
pub struct LocalSignedUrls {
    base_url: String,
    secret: [u8; 32],
}

impl std::fmt::Debug for LocalSignedUrls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalSignedUrls")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// The file under the data directory that keeps the signing secret across restarts.
const SECRET_FILE: &str = "transfer.key";

/// A 32-byte secret kept in `data_dir/file`, made (readable by the owner only) on first
/// use. Two processes starting at once agree on one: the first file linked in place wins.
pub fn secret_in_dir(data_dir: &Path, file: &str) -> std::io::Result<[u8; 32]> {
    let path = data_dir.join(file);
    let read = |path: &Path| -> std::io::Result<Option<[u8; 32]>> {
        match std::fs::read(path) {
            Ok(bytes) => Ok(<[u8; 32]>::try_from(bytes.as_slice()).ok()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    };
    if let Some(secret) = read(&path)? {
        return Ok(secret);
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| std::io::Error::other(e.to_string()))?;
    std::fs::create_dir_all(data_dir)?;
    let tmp = data_dir.join(format!(".{file}.{}.tmp", std::process::id()));
    {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(&tmp)?.write_all(&secret)?;
    }
    let linked = std::fs::hard_link(&tmp, &path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(secret),
        // Another process made it first (or a short file is there): use what is there.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read(&path)?.ok_or_else(|| {
            std::io::Error::other(format!("{} is not a 32-byte key", path.display()))
        }),
        Err(e) => Err(e),
    }
}

impl LocalSignedUrls {
    pub fn new(base_url: impl Into<String>, secret: [u8; 32]) -> LocalSignedUrls {
        LocalSignedUrls {
            base_url: base_url.into().trim_end_matches('/').to_string(),
            secret,
        }
    }

    /// The secret kept in `data_dir`, made (readable by the owner only) on first use.
    pub fn secret_from_dir(data_dir: &Path) -> std::io::Result<[u8; 32]> {
        secret_in_dir(data_dir, SECRET_FILE)
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC takes a key of any length: this cannot fail.
        <Hmac<Sha256> as Mac>::new_from_slice(&self.secret).expect("HMAC accepts any key length")
    }

    /// `payload.signature`, both unpadded base64url.
    pub fn sign(&self, transfer: &Transfer) -> String {
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(transfer).unwrap_or_default());
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        format!(
            "{payload}.{}",
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        )
    }

    /// The transfer a token allows, if its signature holds and it has not expired.
    pub fn verify(&self, token: &str, now: Timestamp) -> Result<Transfer, LinkError> {
        let (payload, signature) = token.split_once('.').ok_or(LinkError::Invalid)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| LinkError::Invalid)?;
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| LinkError::Invalid)?;
        let bytes = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| LinkError::Invalid)?;
        let transfer: Transfer = serde_json::from_slice(&bytes).map_err(|_| LinkError::Invalid)?;
        if now.as_millisecond() >= transfer.expires_ms() {
            return Err(LinkError::Expired);
        }
        Ok(transfer)
    }
}

#[async_trait]
impl SignedUrls for LocalSignedUrls {
    async fn upload_grant(
        &self,
        attachment: &Attachment,
        key: &BlobKey,
        expires_at: Timestamp,
    ) -> Result<UploadGrant, BlobError> {
        let token = self.sign(&Transfer::Upload {
            key: key.to_string(),
            application: attachment.application.to_string(),
            attachment: attachment.id.to_string(),
            content_type: attachment.content_type.clone(),
            size: attachment.size,
            expires_ms: expires_at.as_millisecond(),
        });
        let headers = BTreeMap::from([
            ("Content-Type".to_string(), attachment.content_type.clone()),
            ("Content-Length".to_string(), attachment.size.to_string()),
        ]);
        Ok(UploadGrant::put(
            format!("{}/uploads/{token}", self.base_url),
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
        let token = self.sign(&Transfer::Download {
            key: key.to_string(),
            filename: filename.to_string(),
            content_type: content_type.to_string(),
            expires_ms: expires_at.as_millisecond(),
        });
        Ok(DownloadLink {
            url: format!("{}/downloads/{token}", self.base_url),
            expires_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transfer(expires_ms: i64) -> Transfer {
        Transfer::Download {
            key: "2024/a/b".into(),
            filename: "x.pdf".into(),
            content_type: "application/pdf".into(),
            expires_ms,
        }
    }

    #[test]
    fn a_signed_link_verifies_until_it_expires() {
        let links = LocalSignedUrls::new("http://127.0.0.1:8080", [7; 32]);
        let token = links.sign(&transfer(2_000));
        assert_eq!(
            links.verify(&token, Timestamp::from_millisecond(1_999).unwrap()),
            Ok(transfer(2_000))
        );
        assert_eq!(
            links.verify(&token, Timestamp::from_millisecond(2_000).unwrap()),
            Err(LinkError::Expired)
        );
    }

    #[test]
    fn a_changed_link_or_another_secret_is_refused() {
        let links = LocalSignedUrls::new("http://x", [7; 32]);
        let token = links.sign(&transfer(i64::MAX));
        let now = Timestamp::UNIX_EPOCH;
        let other = links.sign(&Transfer::Download {
            key: "2024/a/c".into(),
            filename: "x.pdf".into(),
            content_type: "application/pdf".into(),
            expires_ms: i64::MAX,
        });
        let forged = format!(
            "{}.{}",
            other.split_once('.').unwrap().0,
            token.split_once('.').unwrap().1
        );
        assert_eq!(links.verify(&forged, now), Err(LinkError::Invalid));
        assert_eq!(
            LocalSignedUrls::new("http://x", [8; 32]).verify(&token, now),
            Err(LinkError::Invalid)
        );
        assert_eq!(links.verify("garbage", now), Err(LinkError::Invalid));
    }

    #[test]
    fn the_secret_is_kept_across_restarts() {
        let dir = tempfile::tempdir().unwrap();
        let first = LocalSignedUrls::secret_from_dir(dir.path()).unwrap();
        assert_eq!(LocalSignedUrls::secret_from_dir(dir.path()).unwrap(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(SECRET_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
