//! Metadata stripped from JPEG and PNG files built byte by byte, as cameras and phones
//! write them.

use super::*;

/// A segment: marker, length, contents.
fn segment(marker: u8, contents: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&((contents.len() + 2) as u16).to_be_bytes());
    s.extend_from_slice(contents);
    s
}

/// EXIF (little-endian, as most cameras write it): orientation, make, a serial number
/// and a GPS position.
fn camera_exif(orientation: u16) -> Vec<u8> {
    let mut t = b"Exif\0\0II\x2a\x00\x08\x00\x00\x00".to_vec();
    // IFD0 at 8: three entries.
    t.extend_from_slice(&3u16.to_le_bytes());
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        let mut e = tag.to_le_bytes().to_vec();
        e.extend_from_slice(&kind.to_le_bytes());
        e.extend_from_slice(&count.to_le_bytes());
        e.extend_from_slice(&value.to_le_bytes());
        e
    };
    // Offsets are from the TIFF header (after "Exif\0\0").
    t.extend(entry(0x010F, 2, 8, 50)); // Make -> "SerialCo" at 50
    t.extend(entry(0x0112, 3, 1, u32::from(orientation)));
    t.extend(entry(0x8825, 4, 1, 58)); // the GPS IFD at 58
    t.extend_from_slice(&0u32.to_le_bytes());
    while t.len() < 6 + 50 {
        t.push(0);
    }
    t.extend_from_slice(b"SerialCo");
    // GPS IFD: latitude ref "N" and a body text standing for the coordinates.
    t.extend_from_slice(&1u16.to_le_bytes());
    t.extend(entry(0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")));
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(b"GPSLatitude 48.8566 BodySerialNumber 0xC0FFEE");
    t
}

fn photo(orientation: u16) -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8];
    j.extend(segment(APP0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
    j.extend(segment(APP1, &camera_exif(orientation)));
    j.extend(segment(
        APP1,
        b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Owner: Ana Souza</x:xmpmeta>",
    ));
    j.extend(segment(APP2, b"ICC_PROFILE\0\x01\x01colours"));
    j.extend(segment(APP2, b"MPF\0II*\0 secondary image index"));
    j.extend(segment(0xED, b"Photoshop 3.0\0IPTC By-line: Ana Souza"));
    j.extend(segment(COM, b"shot at home, 12 Rue Exemple"));
    j.extend(segment(0xDB, b"\0quantisation table"));
    j.extend(segment(0xC0, b"\x08\0\x10\0\x10\x01\x01\x11\0"));
    j.extend(segment(0xC4, b"\0huffman table"));
    j.extend(segment(SOS, b"\x01\x01\0\0\x3f\0"));
    // Entropy-coded data with a stuffed 0xFF and a restart marker.
    j.extend_from_slice(b"\x12\x34\xFF\x00\x56\xFF\xD0\x78");
    j.extend_from_slice(&[0xFF, EOI]);
    // A phone's second image after the end, with its own EXIF.
    j.extend_from_slice(&[0xFF, 0xD8]);
    j.extend(segment(APP1, &camera_exif(1)));
    j.extend_from_slice(&[0xFF, EOI]);
    j
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_photo_loses_its_position_serial_owner_and_comments_and_keeps_its_pixels() {
    let original = photo(6);
    assert!(contains(&original, b"GPSLatitude"));
    let clean = without_metadata("image/jpeg", &original).unwrap();
    for secret in [
        &b"GPSLatitude"[..],
        b"SerialCo",
        b"BodySerialNumber",
        b"Ana Souza",
        b"12 Rue Exemple",
        b"MPF\0",
        b"xmpmeta",
    ] {
        assert!(
            !contains(&clean, secret),
            "{:?} survived",
            String::from_utf8_lossy(secret)
        );
    }
    for kept in [
        &b"JFIF"[..],
        b"ICC_PROFILE",
        b"quantisation table",
        b"huffman table",
        b"\x12\x34\xFF\x00\x56\xFF\xD0\x78",
    ] {
        assert!(
            contains(&clean, kept),
            "{:?} lost",
            String::from_utf8_lossy(kept)
        );
    }
    // It ends where the image ends; nothing after it.
    assert!(clean.ends_with(&[0x78, 0xFF, EOI]));
    assert_eq!(clean.iter().filter(|&&b| b == 0xD8).count(), 1);
    // The orientation alone is kept, right after the JFIF header, so it stands upright.
    let exif_at = clean
        .windows(2)
        .position(|w| w == [0xFF, APP1])
        .expect("the orientation's EXIF");
    assert_eq!(exif_at, 2 + 18, "after SOI and the JFIF header");
    let exif_len = usize::from(u16::from_be_bytes([clean[exif_at + 2], clean[exif_at + 3]]));
    let tiff = &clean[exif_at + 4 + EXIF_PREFIX.len()..exif_at + 2 + exif_len];
    assert_eq!(exif_orientation(tiff), Some(6));
    // Cleaning again changes nothing.
    assert_eq!(without_metadata("image/jpeg", &clean).unwrap(), clean);
}

#[test]
fn an_upright_photo_carries_no_exif_at_all() {
    let clean = without_metadata("image/jpeg", &photo(1)).unwrap();
    assert!(!contains(&clean, b"Exif"));
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    // The CRC is copied, not checked: any four bytes stand for it here.
    c.extend_from_slice(b"CRC!");
    c
}

#[test]
fn a_png_keeps_its_picture_and_colours_and_loses_its_text_time_and_exif() {
    let mut png = PNG_SIGNATURE.to_vec();
    png.extend(chunk(b"IHDR", &[0; 13]));
    png.extend(chunk(b"sRGB", &[0]));
    png.extend(chunk(b"tEXt", b"Author\0Ana Souza"));
    png.extend(chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0GPS 48.85"));
    png.extend(chunk(b"eXIf", &camera_exif(1)[6..]));
    png.extend(chunk(b"tIME", &[7, 232, 5, 1, 9, 0, 0]));
    png.extend(chunk(b"IDAT", b"pixels"));
    png.extend(chunk(b"IEND", &[]));
    png.extend_from_slice(b"trailing bytes after the end");
    let clean = without_metadata("image/png", &png).unwrap();
    for secret in [&b"Ana Souza"[..], b"GPS", b"SerialCo", b"tIME", b"trailing"] {
        assert!(!contains(&clean, secret), "{secret:?}");
    }
    for kept in [&b"IHDR"[..], b"sRGB", b"IDAT", b"pixels", b"IEND"] {
        assert!(contains(&clean, kept), "{kept:?}");
    }
}

#[test]
fn what_cannot_be_read_is_refused_never_copied() {
    for (kind, bytes) in [
        ("image/jpeg", &b"not a jpeg"[..]),
        ("image/jpeg", b"\xFF\xD8\xFF\xE1\x00"),
        ("image/jpeg", b"\xFF\xD8\xFF\xE1\xFF\xFF\x00"),
        ("image/jpeg", b"\xFF\xD8\xFF\xDA\x00\x04\x00\x00no end"),
        ("image/png", b"\x89PNG\r\n\x1a\n\xFF\xFF\xFF\xFFIHDR"),
        ("image/png", b"GIF89a"),
    ] {
        assert_eq!(
            without_metadata(kind, bytes),
            Err(ImageError::Unreadable),
            "{kind} {bytes:?}"
        );
    }
    assert_eq!(
        without_metadata("image/gif", b"GIF89a"),
        Err(ImageError::UnsupportedType)
    );
}
