//! The blob store port: attachments and exports, kept by key.

use std::fmt;

use async_trait::async_trait;

/// A storage key made by casebook from ids it generated (`2024/<application>/<attachment>`),
/// never from user input alone: only ASCII letters, digits, `-`, `_`, `.` and `/`
/// separators, no empty or dot segments.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BlobKey(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a valid blob key segment")]
pub struct InvalidBlobKey(pub String);

impl BlobKey {
    /// Joins segments with `/`, refusing any segment that could escape or confuse a path.
    pub fn from_segments<I, S>(segments: I) -> Result<BlobKey, InvalidBlobKey>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut key = String::new();
        for seg in segments {
            let seg = seg.as_ref();
            let ok = !seg.is_empty()
                && seg.len() <= 128
                && seg != "."
                && seg != ".."
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if !ok {
                return Err(InvalidBlobKey(seg.to_string()));
            }
            if !key.is_empty() {
                key.push('/');
            }
            key.push_str(seg);
        }
        if key.is_empty() {
            return Err(InvalidBlobKey(String::new()));
        }
        Ok(BlobKey(key))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BlobKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What is known of a stored blob without reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobMeta {
    pub size: u64,
    pub content_type: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// The backing store failed; the text is for logs.
    #[error("blob storage failed: {0}")]
    Backend(String),
}

#[async_trait]
pub trait BlobStore: Send + Sync {
    /// Stores `bytes` under `key`, replacing what was there.
    async fn put(&self, key: &BlobKey, bytes: Vec<u8>, content_type: &str)
    -> Result<(), BlobError>;
    /// The whole blob, or `None` if there is none under `key`.
    async fn get(&self, key: &BlobKey) -> Result<Option<Vec<u8>>, BlobError>;
    /// The first `len` bytes (fewer if the blob is shorter), or `None` if there is none.
    async fn read_prefix(&self, key: &BlobKey, len: usize) -> Result<Option<Vec<u8>>, BlobError>;
    /// Size and type, or `None` if there is no blob under `key`.
    async fn head(&self, key: &BlobKey) -> Result<Option<BlobMeta>, BlobError>;
    /// Removes the blob; removing a missing one is not an error.
    async fn delete(&self, key: &BlobKey) -> Result<(), BlobError>;
    /// Copies the blob under `from` to `to` (type included), replacing what was there;
    /// `false` if there is nothing under `from`.
    async fn copy(&self, from: &BlobKey, to: &BlobKey) -> Result<bool, BlobError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_join_safe_segments_and_refuse_the_rest() {
        let key = BlobKey::from_segments(["2024", "a1b2", "att-1.pdf"]).unwrap();
        assert_eq!(key.as_str(), "2024/a1b2/att-1.pdf");
        for bad in ["..", ".", "", "a/b", "a b", "naïve", "x\u{0}"] {
            assert!(BlobKey::from_segments(["2024", bad]).is_err(), "{bad:?}");
        }
        assert!(BlobKey::from_segments(Vec::<&str>::new()).is_err());
    }
}
