//! Blobs in memory, for the attachment service's unit tests.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;

use crate::blob::{BlobError, BlobKey, BlobMeta, BlobStore};

/// Blobs in memory.
#[derive(Default)]
pub struct MemoryBlobStore {
    blobs: Mutex<HashMap<String, (Vec<u8>, String)>>,
}

impl MemoryBlobStore {
    fn blobs(&self) -> MutexGuard<'_, HashMap<String, (Vec<u8>, String)>> {
        self.blobs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[async_trait]
impl BlobStore for MemoryBlobStore {
    async fn put(
        &self,
        key: &BlobKey,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<(), BlobError> {
        let blob = (bytes, content_type.to_string());
        self.blobs().insert(key.as_str().to_string(), blob);
        Ok(())
    }

    async fn get(&self, key: &BlobKey) -> Result<Option<Vec<u8>>, BlobError> {
        Ok(self.blobs().get(key.as_str()).map(|(b, _)| b.clone()))
    }

    async fn read_prefix(&self, key: &BlobKey, len: usize) -> Result<Option<Vec<u8>>, BlobError> {
        let blobs = self.blobs();
        Ok(blobs
            .get(key.as_str())
            .map(|(b, _)| b[..len.min(b.len())].to_vec()))
    }

    async fn head(&self, key: &BlobKey) -> Result<Option<BlobMeta>, BlobError> {
        Ok(self.blobs().get(key.as_str()).map(|(b, t)| BlobMeta {
            size: b.len() as u64,
            content_type: Some(t.clone()),
        }))
    }

    async fn delete(&self, key: &BlobKey) -> Result<(), BlobError> {
        self.blobs().remove(key.as_str());
        Ok(())
    }

    async fn copy(&self, from: &BlobKey, to: &BlobKey) -> Result<bool, BlobError> {
        let mut blobs = self.blobs();
        let Some(blob) = blobs.get(from.as_str()).cloned() else {
            return Ok(false);
        };
        blobs.insert(to.as_str().to_string(), blob);
        Ok(true)
    }
}
