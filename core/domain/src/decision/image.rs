//! Images as the Collection publishes them: without what a camera or an editor wrote
//! about them. Photos carry their owner's position (EXIF GPS), the camera's serial
//! number, names and comments (EXIF, XMP, IPTC, PNG text); none of it is published.
//!
//! Allow-lists, not deny-lists: a JPEG keeps only what draws it (tables, frame, scan),
//! its JFIF header, colour profile and Adobe colour marker, and the EXIF orientation
//! (rewritten alone, so the photo still stands the right way); anything after the image's
//! end (phones append depth maps and thumbnails there, each with its own EXIF) is cut. A
//! PNG keeps only its critical and colour chunks. An image that cannot be read is not
//! published.

/// Why an image is left out of the publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("the image is not a JPEG or PNG that can be read")]
    Unreadable,
    #[error("only JPEG and PNG images are published")]
    UnsupportedType,
}

/// `bytes` of `content_type` with every metadata block removed.
pub fn without_metadata(content_type: &str, bytes: &[u8]) -> Result<Vec<u8>, ImageError> {
    match content_type {
        "image/jpeg" => jpeg_without_metadata(bytes),
        "image/png" => png_without_metadata(bytes),
        _ => Err(ImageError::UnsupportedType),
    }
}

const APP0: u8 = 0xE0;
const APP1: u8 = 0xE1;
const APP2: u8 = 0xE2;
const APP14: u8 = 0xEE;
const APP15: u8 = 0xEF;
const COM: u8 = 0xFE;
const SOS: u8 = 0xDA;
const EOI: u8 = 0xD9;
const EXIF_PREFIX: &[u8] = b"Exif\0\0";

fn jpeg_without_metadata(bytes: &[u8]) -> Result<Vec<u8>, ImageError> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err(ImageError::Unreadable);
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut orientation = None;
    // Where the orientation goes: after SOI and a leading JFIF header.
    let mut header_end = out.len();
    let mut at = 2;
    loop {
        // Fill bytes (0xFF) may stand before a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return Err(ImageError::Unreadable);
        };
        if marker == EOI {
            break;
        }
        let length = match (bytes.get(at + 2), bytes.get(at + 3)) {
            (Some(&hi), Some(&lo)) => usize::from(u16::from_be_bytes([hi, lo])),
            _ => return Err(ImageError::Unreadable),
        };
        let end = at + 2 + length;
        if length < 2 || end > bytes.len() {
            return Err(ImageError::Unreadable);
        }
        let contents = &bytes[at + 4..end];
        let keep = match marker {
            APP0 | APP14 => true,
            APP2 => contents.starts_with(b"ICC_PROFILE\0"),
            APP1 => {
                if contents.starts_with(EXIF_PREFIX) {
                    orientation = orientation.or(exif_orientation(&contents[EXIF_PREFIX.len()..]));
                }
                false
            }
            APP1..=APP15 | COM => false,
            _ => true,
        };
        if marker == SOS {
            if let Some(o) = orientation.filter(|&o| o != 1) {
                let segment = orientation_segment(o);
                out.splice(header_end..header_end, segment);
            }
            out.extend_from_slice(&bytes[at..end]);
            // The scans, up to the image's end: entropy-coded data never holds 0xFF 0xD9
            // (a 0xFF there is followed by 0x00 or a restart or table marker).
            let rest = &bytes[end..];
            let stop = rest
                .windows(2)
                .position(|w| w == [0xFF, EOI])
                .ok_or(ImageError::Unreadable)?;
            out.extend_from_slice(&rest[..stop]);
            break;
        }
        if keep {
            out.extend_from_slice(&bytes[at..end]);
            if marker == APP0 && header_end == 2 {
                header_end = out.len();
            }
        }
        at = end;
    }
    out.extend_from_slice(&[0xFF, EOI]);
    Ok(out)
}

/// The EXIF orientation (tag 0x0112 of the first IFD), 1 to 8, from TIFF-structured data.
fn exif_orientation(tiff: &[u8]) -> Option<u16> {
    let big = match tiff.get(..4)? {
        [b'M', b'M', 0, 42] => true,
        [b'I', b'I', 42, 0] => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b = [*tiff.get(i)?, *tiff.get(i + 1)?];
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b = [
            *tiff.get(i)?,
            *tiff.get(i + 1)?,
            *tiff.get(i + 2)?,
            *tiff.get(i + 3)?,
        ];
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    (0..count.min(512))
        .map(|n| ifd + 2 + n * 12)
        .find(|&entry| u16_at(entry) == Some(0x0112))
        .and_then(|entry| u16_at(entry + 8))
        .filter(|o| (1..=8).contains(o))
}

/// An EXIF block holding the orientation alone, as an APP1 segment.
fn orientation_segment(orientation: u16) -> Vec<u8> {
    let mut exif = Vec::with_capacity(40);
    exif.extend_from_slice(EXIF_PREFIX);
    // Big-endian TIFF header; the first IFD right after it.
    exif.extend_from_slice(&[b'M', b'M', 0, 42, 0, 0, 0, 8]);
    exif.extend_from_slice(&1u16.to_be_bytes());
    // Orientation, SHORT, one value, padded to four bytes.
    exif.extend_from_slice(&0x0112u16.to_be_bytes());
    exif.extend_from_slice(&3u16.to_be_bytes());
    exif.extend_from_slice(&1u32.to_be_bytes());
    exif.extend_from_slice(&orientation.to_be_bytes());
    exif.extend_from_slice(&[0, 0]);
    // No next IFD.
    exif.extend_from_slice(&0u32.to_be_bytes());
    let mut segment = vec![0xFF, APP1];
    // Cannot overflow: the block is 32 bytes.
    segment.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    segment.extend_from_slice(&exif);
    segment
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The chunks that draw a PNG or set its colours; everything else (text, time, EXIF,
/// unknown chunks) is dropped.
const PNG_KEPT: [&[u8; 4]; 12] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"pHYs", b"bKGD",
];

fn png_without_metadata(bytes: &[u8]) -> Result<Vec<u8>, ImageError> {
    if !bytes.starts_with(PNG_SIGNATURE) {
        return Err(ImageError::Unreadable);
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut at = PNG_SIGNATURE.len();
    loop {
        let header = bytes.get(at..at + 8).ok_or(ImageError::Unreadable)?;
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        let length = usize::try_from(length).map_err(|_| ImageError::Unreadable)?;
        let kind = &header[4..8];
        // Length, type, data, CRC: copied whole, so the CRC stays right.
        let end = at
            .checked_add(12)
            .and_then(|n| n.checked_add(length))
            .filter(|&end| end <= bytes.len())
            .ok_or(ImageError::Unreadable)?;
        if PNG_KEPT.iter().any(|k| k.as_slice() == kind) {
            out.extend_from_slice(&bytes[at..end]);
        }
        if kind == b"IEND" {
            return Ok(out);
        }
        at = end;
    }
}

#[cfg(test)]
mod tests;
