//! Attachments: supporting files (a brochure, photos, a short video, slides) that an
//! applicant adds to a draft. The bytes go straight to storage with a signed, limited
//! grant; casebook then checks what arrived against what was declared.

use std::collections::BTreeMap;
use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::application::ApplicationId;
use crate::blob::BlobKey;
use crate::lang::{Lang, t};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttachmentId(Uuid);

impl AttachmentId {
    pub fn random() -> AttachmentId {
        AttachmentId(Uuid::new_v4())
    }

    pub fn parse(s: &str) -> Option<AttachmentId> {
        Uuid::try_parse(s).ok().map(AttachmentId)
    }
}

impl fmt::Display for AttachmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttachmentStatus {
    /// Granted; the file has not been checked yet.
    Pending,
    /// The stored file is what was declared.
    Verified,
    /// The stored file was not what was declared, and was deleted.
    Rejected,
}

impl AttachmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AttachmentStatus::Pending => "pending",
            AttachmentStatus::Verified => "verified",
            AttachmentStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<AttachmentStatus> {
        [
            AttachmentStatus::Pending,
            AttachmentStatus::Verified,
            AttachmentStatus::Rejected,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }
}

/// Why an uploaded file was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RejectReason {
    /// The bytes are not of the declared type (a PNG renamed .pdf, a program).
    TypeMismatch {
        declared: String,
        detected: Option<String>,
    },
    /// The stored file's size differs from the declared size.
    SizeMismatch { declared: u64, actual: u64 },
}

impl RejectReason {
    pub fn code(&self) -> &'static str {
        match self {
            RejectReason::TypeMismatch { .. } => "type_mismatch",
            RejectReason::SizeMismatch { .. } => "size_mismatch",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            RejectReason::TypeMismatch {
                declared,
                detected: Some(d),
            } => {
                t!(
                    lang,
                    ATTACHMENT_TYPE_MISMATCH,
                    declared = declared.as_str(),
                    detected = d.as_str()
                )
            }
            RejectReason::TypeMismatch {
                declared,
                detected: None,
            } => {
                t!(lang, ATTACHMENT_TYPE_UNKNOWN, declared = declared.as_str())
            }
            RejectReason::SizeMismatch { declared, actual } => {
                t!(
                    lang,
                    ATTACHMENT_SIZE_MISMATCH,
                    declared = *declared,
                    actual = *actual
                )
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    pub id: AttachmentId,
    pub application: ApplicationId,
    pub campaign: i16,
    /// The applicant's file name, sanitised for display; never part of a storage key.
    pub filename: String,
    pub content_type: String,
    /// The size declared when the upload was granted, in bytes.
    pub size: u64,
    pub status: AttachmentStatus,
    pub reason: Option<RejectReason>,
    pub version: u64,
    pub created_at: Timestamp,
    /// The upload grant is valid until then.
    pub upload_expires_at: Timestamp,
    /// Set when a single-use upload grant has been used (embedded backend).
    pub uploaded: bool,
}

impl Attachment {
    fn key_under(&self, prefix: Option<&str>) -> BlobKey {
        let ids = [
            self.campaign.to_string(),
            self.application.to_string(),
            self.id.to_string(),
        ];
        BlobKey::from_segments(prefix.map(str::to_string).into_iter().chain(ids))
            .expect("fixed prefixes, years and uuids are valid key segments")
    }

    /// `uploads/{campaign}/{application}/{attachment}`: where an upload grant writes (the
    /// quarantine). Nothing is served from here; a lifecycle rule empties it.
    pub fn upload_key(&self) -> BlobKey {
        self.key_under(Some(UPLOADS_PREFIX))
    }

    /// `files/{campaign}/{application}/{attachment}`: the checked copy, which no grant can
    /// write and from which alone downloads are served.
    pub fn stored_key(&self) -> BlobKey {
        self.key_under(Some(FILES_PREFIX))
    }

    /// `{campaign}/{application}/{attachment}`: where casebook kept files before the
    /// quarantine, still read for files verified then.
    pub fn legacy_key(&self) -> BlobKey {
        self.key_under(None)
    }
}

/// The prefix upload grants write under.
pub const UPLOADS_PREFIX: &str = "uploads";
/// The prefix of checked files, which no grant writes.
pub const FILES_PREFIX: &str = "files";

/// How a client uploads the file: one shape for every backend and client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadGrant {
    /// `POST` (a multipart form of `fields`, then the file as `file`) or `PUT` (the raw
    /// bytes, with `headers`).
    pub method: String,
    pub url: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub fields: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub headers: BTreeMap<String, String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: Timestamp,
}

impl UploadGrant {
    /// A grant to `PUT` the raw bytes to `url` with exactly these `headers`.
    pub fn put(
        url: String,
        headers: BTreeMap<String, String>,
        expires_at: Timestamp,
    ) -> UploadGrant {
        UploadGrant {
            method: "PUT".into(),
            url,
            fields: BTreeMap::new(),
            headers,
            expires_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DownloadLink {
    pub url: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: Timestamp,
}

/// Longest displayed file name, in characters.
pub const MAX_FILENAME_CHARS: usize = 120;

/// A file name fit for display: no directories, no control or bidi characters, trimmed,
/// shortened (keeping the extension), never empty.
pub fn sanitise_filename(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect();
    // Leading dots and spaces in any mix (". .", " .. x"): no hidden or relative names.
    let clean = clean
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end();
    let clean = if clean.is_empty() { "file" } else { clean };
    if clean.chars().count() <= MAX_FILENAME_CHARS {
        return clean.to_string();
    }
    let (stem, ext) = match clean.rsplit_once('.') {
        Some((s, e)) if e.chars().count() <= 10 => (s, Some(e)),
        _ => (clean, None),
    };
    let keep = MAX_FILENAME_CHARS - ext.map_or(0, |e| e.chars().count() + 1);
    let stem: String = stem.chars().take(keep).collect();
    match ext {
        Some(e) => format!("{stem}.{e}"),
        None => stem,
    }
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266): the
/// header that makes a browser save a download under its (sanitised) name.
pub fn content_disposition(filename: &str) -> String {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c == ' ' || (c.is_ascii_graphic() && c != '"' && c != '\\') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// How many leading bytes [`sniff`] wants to see.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// The content type the leading bytes of a file show, among those casebook knows.
pub fn sniff(prefix: &[u8]) -> Option<&'static str> {
    let starts = |sig: &[u8]| prefix.starts_with(sig);
    if starts(b"%PDF-") {
        Some("application/pdf")
    } else if starts(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if starts(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if prefix.len() >= 12 && &prefix[4..8] == b"ftyp" {
        Some("video/mp4")
    } else if starts(b"PK\x03\x04") {
        // Office files are ZIP archives; their part names tell which kind.
        let has = |name: &[u8]| prefix.windows(name.len()).any(|w| w == name);
        if has(b"word/") {
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        } else if has(b"ppt/") {
            Some("application/vnd.openxmlformats-officedocument.presentationml.presentation")
        } else {
            Some("application/zip")
        }
    } else if starts(b"MZ") || starts(b"\x7fELF") || starts(b"#!") {
        Some("application/x-executable")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filenames_lose_directories_control_characters_and_hidden_dots() {
        assert_eq!(sanitise_filename("../../etc/passwd"), "passwd");
        assert_eq!(
            sanitise_filename("C:\\Users\\ana\\brochure.pdf"),
            "brochure.pdf"
        );
        assert_eq!(sanitise_filename("re\u{0}port\n.pdf"), "report.pdf");
        assert_eq!(sanitise_filename("evil\u{202E}fdp.exe"), "evilfdp.exe");
        assert_eq!(sanitise_filename(".hidden"), "hidden");
        assert_eq!(sanitise_filename("   "), "file");
        // Found by the upload grants' property test: dots and spaces mixed made ".".
        assert_eq!(sanitise_filename(". ."), "file");
        assert_eq!(sanitise_filename(" . .. report.pdf"), "report.pdf");
        assert_eq!(sanitise_filename("宣传册 2024.pdf"), "宣传册 2024.pdf");
    }

    #[test]
    fn long_filenames_are_shortened_keeping_the_extension() {
        let long = format!("{}.pdf", "a".repeat(300));
        let short = sanitise_filename(&long);
        assert_eq!(short.chars().count(), MAX_FILENAME_CHARS);
        assert!(short.ends_with(".pdf"));
    }

    #[test]
    fn leading_bytes_tell_the_real_type() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"\0\0\0\x18ftypmp42...."), Some("video/mp4"));
        assert_eq!(
            sniff(b"PK\x03\x04....[Content_Types].xml....word/document.xml"),
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        );
        assert_eq!(
            sniff(b"PK\x03\x04....ppt/slides/slide1.xml"),
            Some("application/vnd.openxmlformats-officedocument.presentationml.presentation")
        );
        assert_eq!(sniff(b"MZ\x90\0"), Some("application/x-executable"));
        assert_eq!(sniff(b"just some text"), None);
    }

    #[test]
    fn downloads_keep_their_name_in_any_script() {
        assert_eq!(
            content_disposition("宣传册 \"2024\".pdf"),
            "attachment; filename=\"___ _2024_.pdf\"; filename*=UTF-8''%E5%AE%A3%E4%BC%A0%E5%86%8C%20%222024%22.pdf"
        );
    }

    #[test]
    fn keys_are_made_of_ids_only() {
        let att = Attachment {
            id: AttachmentId::random(),
            application: ApplicationId::random(),
            campaign: 2024,
            filename: "../../x.pdf".into(),
            content_type: "application/pdf".into(),
            size: 1,
            status: AttachmentStatus::Pending,
            reason: None,
            version: 1,
            created_at: Timestamp::UNIX_EPOCH,
            upload_expires_at: Timestamp::UNIX_EPOCH,
            uploaded: false,
        };
        assert_eq!(
            att.upload_key().as_str(),
            format!("uploads/2024/{}/{}", att.application, att.id)
        );
        assert_eq!(
            att.stored_key().as_str(),
            format!("files/2024/{}/{}", att.application, att.id)
        );
    }
}
