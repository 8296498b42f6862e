//! What every `BlobStore` must do.

use std::sync::Arc;

use casebook_core::{BlobKey, BlobStore};

fn key(name: &str) -> BlobKey {
    BlobKey::from_segments(["contract", &uuid::Uuid::new_v4().simple().to_string(), name])
        .expect("valid key")
}

/// A megabyte of every byte value, so nothing is mangled as text.
fn megabyte() -> Vec<u8> {
    (0..1024 * 1024).map(|i: u32| (i % 251) as u8).collect()
}

pub async fn a_blob_comes_back_byte_identical(blobs: Arc<dyn BlobStore>) {
    let k = key("brochure.pdf");
    let bytes = megabyte();
    blobs
        .put(&k, bytes.clone(), "application/pdf")
        .await
        .unwrap();
    assert_eq!(blobs.get(&k).await.unwrap(), Some(bytes));
}

pub async fn head_tells_size_and_type(blobs: Arc<dyn BlobStore>) {
    let k = key("photo.png");
    blobs.put(&k, vec![7; 1234], "image/png").await.unwrap();
    let meta = blobs.head(&k).await.unwrap().expect("present");
    assert_eq!(meta.size, 1234);
    assert_eq!(meta.content_type.as_deref(), Some("image/png"));
}

pub async fn a_missing_blob_is_none(blobs: Arc<dyn BlobStore>) {
    let k = key("nothing");
    assert_eq!(blobs.get(&k).await.unwrap(), None);
    assert_eq!(blobs.head(&k).await.unwrap(), None);
}

pub async fn a_put_replaces_and_a_delete_removes(blobs: Arc<dyn BlobStore>) {
    let k = key("deck.pptx");
    blobs
        .put(&k, b"first".to_vec(), "application/octet-stream")
        .await
        .unwrap();
    blobs
        .put(&k, b"second".to_vec(), "application/octet-stream")
        .await
        .unwrap();
    assert_eq!(
        blobs.get(&k).await.unwrap().as_deref(),
        Some(&b"second"[..])
    );
    blobs.delete(&k).await.unwrap();
    assert_eq!(blobs.get(&k).await.unwrap(), None);
    blobs
        .delete(&k)
        .await
        .expect("deleting a missing blob is fine");
}

pub async fn the_leading_bytes_can_be_read_alone(blobs: Arc<dyn BlobStore>) {
    let k = key("video.mp4");
    let bytes = megabyte();
    blobs.put(&k, bytes.clone(), "video/mp4").await.unwrap();
    assert_eq!(
        blobs.read_prefix(&k, 100).await.unwrap().as_deref(),
        Some(&bytes[..100])
    );
    assert_eq!(
        blobs
            .read_prefix(&k, 2 << 20)
            .await
            .unwrap()
            .map(|b| b.len()),
        Some(bytes.len())
    );
    assert_eq!(blobs.read_prefix(&key("missing"), 10).await.unwrap(), None);
}

pub async fn a_copy_is_whole_and_typed_and_a_missing_source_copies_nothing(
    blobs: Arc<dyn BlobStore>,
) {
    let (from, to) = (key("upload.pdf"), key("kept.pdf"));
    blobs.put(&to, b"old".to_vec(), "text/plain").await.unwrap();
    blobs
        .put(&from, megabyte(), "application/pdf")
        .await
        .unwrap();
    assert!(blobs.copy(&from, &to).await.unwrap());
    assert_eq!(blobs.get(&to).await.unwrap(), Some(megabyte()));
    let meta = blobs.head(&to).await.unwrap().expect("copied");
    assert_eq!(meta.content_type.as_deref(), Some("application/pdf"));
    // The source is untouched; a missing source copies nothing and leaves the target.
    assert!(blobs.head(&from).await.unwrap().is_some());
    assert!(!blobs.copy(&key("never-uploaded"), &to).await.unwrap());
    assert_eq!(blobs.get(&to).await.unwrap(), Some(megabyte()));
}
