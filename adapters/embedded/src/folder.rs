//! Blobs as files under a folder: `data/<key>` holds the bytes, `meta/<key>` the content
//! type. Writes go to a temporary file first and are renamed into place, so a reader
//! never sees half a file.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use casebook_domain::{BlobError, BlobKey, BlobMeta, BlobStore};

#[derive(Debug, Clone)]
pub struct FolderBlobStore {
    root: PathBuf,
}

fn backend(e: impl std::fmt::Display) -> BlobError {
    BlobError::Backend(e.to_string())
}

impl FolderBlobStore {
    pub fn new(root: impl Into<PathBuf>) -> FolderBlobStore {
        FolderBlobStore { root: root.into() }
    }

    /// A fresh path for receiving an upload, inside the store so that [`Self::commit`]
    /// is a rename.
    pub async fn staging_path(&self) -> Result<PathBuf, BlobError> {
        let dir = self.root.join("staging");
        tokio::fs::create_dir_all(&dir).await.map_err(backend)?;
        Ok(dir.join(uuid::Uuid::new_v4().simple().to_string()))
    }

    /// Moves a fully received file from [`Self::staging_path`] to `key`.
    pub async fn commit(
        &self,
        staged: &Path,
        key: &BlobKey,
        content_type: &str,
    ) -> Result<(), BlobError> {
        write_atomically(&self.meta_path(key), content_type.as_bytes()).await?;
        let path = self.data_path(key);
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await.map_err(backend)?;
        }
        tokio::fs::rename(staged, &path).await.map_err(backend)
    }

    /// The file of a blob, for streaming it out.
    pub fn file_path(&self, key: &BlobKey) -> PathBuf {
        self.data_path(key)
    }

    // Safe to join: a BlobKey has only plain segments, no `..`, no absolute path.
    fn data_path(&self, key: &BlobKey) -> PathBuf {
        self.root.join("data").join(key.as_str())
    }

    fn meta_path(&self, key: &BlobKey) -> PathBuf {
        self.root.join("meta").join(key.as_str())
    }
}

async fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), BlobError> {
    let dir = path
        .parent()
        .ok_or_else(|| backend("blob path has no parent"))?;
    tokio::fs::create_dir_all(dir).await.map_err(backend)?;
    let tmp = dir.join(format!(".{}.tmp", uuid::Uuid::new_v4().simple()));
    tokio::fs::write(&tmp, bytes).await.map_err(backend)?;
    tokio::fs::rename(&tmp, path).await.map_err(backend)
}

#[async_trait]
impl BlobStore for FolderBlobStore {
    async fn put(
        &self,
        key: &BlobKey,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<(), BlobError> {
        write_atomically(&self.meta_path(key), content_type.as_bytes()).await?;
        write_atomically(&self.data_path(key), &bytes).await
    }

    async fn get(&self, key: &BlobKey) -> Result<Option<Vec<u8>>, BlobError> {
        match tokio::fs::read(self.data_path(key)).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(backend(e)),
        }
    }

    async fn read_prefix(&self, key: &BlobKey, len: usize) -> Result<Option<Vec<u8>>, BlobError> {
        use tokio::io::AsyncReadExt;
        let file = match tokio::fs::File::open(self.data_path(key)).await {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(backend(e)),
        };
        let mut buf = Vec::with_capacity(len.min(1 << 20));
        file.take(len as u64)
            .read_to_end(&mut buf)
            .await
            .map_err(backend)?;
        Ok(Some(buf))
    }

    async fn head(&self, key: &BlobKey) -> Result<Option<BlobMeta>, BlobError> {
        let size = match tokio::fs::metadata(self.data_path(key)).await {
            Ok(m) => m.len(),
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(backend(e)),
        };
        let content_type = tokio::fs::read_to_string(self.meta_path(key)).await.ok();
        Ok(Some(BlobMeta { size, content_type }))
    }

    async fn copy(&self, from: &BlobKey, to: &BlobKey) -> Result<bool, BlobError> {
        // Copied to a temporary file, then renamed into place: a reader never sees half.
        let target = self.data_path(to);
        let dir = target
            .parent()
            .ok_or_else(|| backend("blob path has no parent"))?;
        tokio::fs::create_dir_all(dir).await.map_err(backend)?;
        let tmp = dir.join(format!(".{}.tmp", uuid::Uuid::new_v4().simple()));
        match tokio::fs::copy(self.data_path(from), &tmp).await {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(backend(e)),
        }
        let content_type = tokio::fs::read(self.meta_path(from))
            .await
            .unwrap_or_default();
        write_atomically(&self.meta_path(to), &content_type).await?;
        tokio::fs::rename(&tmp, &target).await.map_err(backend)?;
        Ok(true)
    }

    async fn delete(&self, key: &BlobKey) -> Result<(), BlobError> {
        for path in [self.data_path(key), self.meta_path(key)] {
            match tokio::fs::remove_file(&path).await {
                Ok(()) => {}
                Err(e) if e.kind() == ErrorKind::NotFound => {}
                Err(e) => return Err(backend(e)),
            }
        }
        Ok(())
    }
}
