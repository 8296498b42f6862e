//! Property tests of upload grants, from the applicant's request to the signed link that
//! comes back: any file name, content type and size is granted or refused with the
//! reason, never a panic; a grant carries exactly what was recorded and reads back from
//! its link; the kept file name is fit for display and for a download header.

use std::sync::Arc;

use casebook_core::attachment::{MAX_FILENAME_CHARS, content_disposition, sanitise_filename};
use casebook_core::attachment_service::MAX_DECLARED_FILENAME_CHARS;
use casebook_core::{
    ApplicationService, AttachmentError, AttachmentService, Campaign, NewAttachment, Stores,
    clock_starting_at,
};
use casebook_embedded::{FolderBlobStore, LocalSignedUrls, SqliteStore, Transfer};
use jiff::Timestamp;
use proptest::prelude::*;

const MIB: u64 = 1024 * 1024;

struct Setup {
    _dir: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
    service: AttachmentService,
    urls: Arc<LocalSignedUrls>,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = SqliteStore::open_dir(dir.path()).expect("store");
    let campaign = Arc::new(Campaign::builtin());
    let now: Timestamp = "2024-05-01T01:00:00Z".parse().expect("time");
    let apps = ApplicationService::new(
        &Stores::backed_by(Arc::new(store)),
        clock_starting_at(Some(now)),
        campaign,
    );
    let urls = Arc::new(LocalSignedUrls::new("http://127.0.0.1:8080", [7; 32]));
    let service = AttachmentService::new(
        apps,
        Arc::new(FolderBlobStore::new(dir.path().join("blobs"))),
        urls.clone(),
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    Setup {
        _dir: dir,
        runtime,
        service,
        urls,
    }
}

/// Content types as clients send them: the allowed ones in any case and with parameters,
/// near misses, and anything at all.
fn content_type() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("application/pdf".to_string()),
        Just("APPLICATION/PDF; charset=binary".to_string()),
        Just(" image/png ".to_string()),
        Just("video/mp4".to_string()),
        Just("application/x-msdownload".to_string()),
        Just("application/pdf\r\nX-Injected: 1".to_string()),
        ".{0,80}",
    ]
}

fn size() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0),
        1u64..=20 * MIB,
        Just(20 * MIB + 1),
        Just(200 * MIB),
        any::<u64>(),
    ]
}

fn filename() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,300}",
        "(\\.\\./|/|\\\\|\u{202E}|\u{0}|\n|\\.| ){0,12}[a-zA-Z0-9 ._-]{0,20}",
        Just("a".repeat(400) + ".pdf"),
        Just("名".repeat(MAX_DECLARED_FILENAME_CHARS) + ".pdf"),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn any_grant_request_is_granted_with_what_was_recorded_or_refused_with_why(
        name in filename(),
        declared in content_type(),
        bytes in size(),
    ) {
        let s = setup();
        let rules = Campaign::builtin().attachments().clone();
        let allowed = rules.type_for(&declared).cloned();
        let result = s.runtime.block_on(async {
            let (app, token) = s
                .service
                .applications()
                .create_draft(Default::default(), casebook_domain::Lang::En)
                .await
                .expect("a draft");
            s.service
                .grant_upload(
                    app.id,
                    &token,
                    NewAttachment { filename: name.clone(), content_type: declared.clone(), size: bytes },
                )
                .await
        });
        let over_cap = name.chars().count() > MAX_DECLARED_FILENAME_CHARS;
        match (allowed, result) {
            (_, Err(AttachmentError::NameTooLong { max })) => {
                prop_assert!(over_cap, "{} characters refused", name.chars().count());
                prop_assert_eq!(max, MAX_DECLARED_FILENAME_CHARS);
            }
            (_, Ok(_)) if over_cap => prop_assert!(false, "a name over the cap was granted"),
            (Some(kind), Ok((attachment, grant))) => {
                prop_assert!(bytes >= 1 && bytes <= kind.max_bytes() && bytes <= rules.max_total_bytes());
                // What is recorded is the type's own name, never the client's spelling.
                prop_assert_eq!(&attachment.content_type, &kind.content_type);
                prop_assert_eq!(attachment.size, bytes);
                prop_assert_eq!(grant.method.as_str(), "PUT");
                prop_assert_eq!(grant.expires_at, attachment.upload_expires_at);
                prop_assert_eq!(grant.headers.get("Content-Type"), Some(&kind.content_type));
                prop_assert_eq!(grant.headers.get("Content-Length"), Some(&bytes.to_string()));
                let link = grant
                    .url
                    .strip_prefix("http://127.0.0.1:8080/uploads/")
                    .expect("an upload link on the server's address");
                let before = Timestamp::from_millisecond(grant.expires_at.as_millisecond() - 1)
                    .expect("time");
                let transfer = s.urls.verify(link, before).expect("the grant's own link opens");
                prop_assert_eq!(
                    transfer,
                    Transfer::Upload {
                        key: attachment.upload_key().to_string(),
                        application: attachment.application.to_string(),
                        attachment: attachment.id.to_string(),
                        content_type: kind.content_type.clone(),
                        size: bytes,
                        expires_ms: grant.expires_at.as_millisecond(),
                    }
                );
                prop_assert!(s.urls.verify(link, grant.expires_at).is_err(), "expired at its time");
                prop_assert_eq!(&attachment.filename, &sanitise_filename(&name));
            }
            (None, Err(AttachmentError::TypeNotAllowed { content_type, allowed })) => {
                prop_assert_eq!(content_type, declared);
                prop_assert_eq!(allowed.len(), rules.types.len());
            }
            (Some(_), Err(AttachmentError::Empty)) => prop_assert_eq!(bytes, 0),
            (Some(kind), Err(AttachmentError::TooLarge { size, max })) => {
                prop_assert_eq!((size, max), (bytes, kind.max_bytes()));
                prop_assert!(bytes > kind.max_bytes());
            }
            (kind, other) => prop_assert!(false, "{:?} ({:?}) of {} bytes gave {:?}", declared, kind, bytes, other),
        }
    }

    #[test]
    fn a_kept_file_name_is_fit_for_display_and_for_a_download_header(name in filename()) {
        let kept = sanitise_filename(&name);
        prop_assert!(!kept.is_empty());
        prop_assert!(kept.chars().count() <= MAX_FILENAME_CHARS);
        prop_assert!(!kept.contains(['/', '\\']), "no directories: {:?}", kept);
        prop_assert!(!kept.starts_with('.'), "no hidden or relative names: {:?}", kept);
        let unsafe_char = |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        prop_assert!(!kept.chars().any(unsafe_char), "no control or bidi characters: {:?}", kept);
        prop_assert_eq!(sanitise_filename(&kept), kept.clone(), "sanitising twice changes nothing");
        let header = content_disposition(&kept);
        prop_assert!(header.bytes().all(|b| b == b' ' || b.is_ascii_graphic()), "{:?}", header);
        prop_assert_eq!(header.matches('"').count(), 2, "one quoted name: {:?}", header);
    }
}
