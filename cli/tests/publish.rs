//! The published Collection: three cases submitted over HTTP (one with a PNG), decided
//! over two rounds from the CLI, published to a folder, and the folder opened in
//! headless Chromium: index by area, search by name and country, a case page with its
//! image, the Outstanding Case marked, and neither the not-selected case nor any e-mail
//! address anywhere in the folder.

mod common;

use std::path::Path;
use std::process::Command;

use common::Served;
use common::api::Api;
use reqwest::Method;
use serde_json::{Value, json};

const MAY: &str = "2024-05-01T09:00:00+08:00";
const SEPTEMBER: &str = "2024-09-02T09:00:00+08:00";

/// An 8x8 JPEG (made by Chromium's canvas), to which the test adds a camera's EXIF.
const JPEG: &[u8] = include_bytes!("data/blue-8x8.jpg");

/// [`JPEG`] as a phone would write it: EXIF with the owner's GPS position and the
/// camera's serial number, and an XMP packet naming the owner.
fn photo_with_gps() -> Vec<u8> {
    // Little-endian TIFF: IFD0 with Orientation 1 and the GPS IFD's offset; the GPS IFD
    // with the latitude's reference, then the text standing for the coordinates.
    let mut exif = b"Exif\0\0II\x2a\x00\x08\x00\x00\x00".to_vec();
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        [
            &tag.to_le_bytes()[..],
            &kind.to_le_bytes(),
            &count.to_le_bytes(),
            &value.to_le_bytes(),
        ]
        .concat()
    };
    exif.extend_from_slice(&2u16.to_le_bytes());
    exif.extend(entry(0x0112, 3, 1, 1));
    exif.extend(entry(0x8825, 4, 1, 38));
    exif.extend_from_slice(&0u32.to_le_bytes());
    exif.extend_from_slice(&1u16.to_le_bytes());
    exif.extend(entry(0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")));
    exif.extend_from_slice(&0u32.to_le_bytes());
    exif.extend_from_slice(b"GPSLatitude 48.8566 BodySerialNumber C0FFEE");
    let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>dc:creator Ana Owner</x:xmpmeta>";
    let mut photo = JPEG[..2].to_vec();
    for contents in [&exif[..], &xmp[..]] {
        photo.extend_from_slice(&[0xFF, 0xE1]);
        photo.extend_from_slice(&((contents.len() + 2) as u16).to_be_bytes());
        photo.extend_from_slice(contents);
    }
    photo.extend_from_slice(&JPEG[2..]);
    photo
}

/// A 1x1 PNG.
const PNG: [u8; 70] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xfc, 0xcf, 0xc0, 0x50,
    0x0f, 0x00, 0x04, 0x85, 0x01, 0x80, 0x84, 0xa9, 0x8c, 0x21, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

fn case(name: &str, partner_country: &str, area: &str) -> Value {
    let s = |h: &str| {
        format!(
            "{h}\nTwo partners connected remote villages, trained local technicians to run the network and helped shops sell their goods online.\n\nWhat came next: every village chose two people to look after <its> site & kept it running."
        )
    };
    json!({
        "practice_name": name,
        "lead_organization": {"name": format!("{name} Lead"), "country": "China"},
        "partners": [{"name": format!("{name} Partner"), "country": partner_country}],
        "countries": ["China", partner_country],
        "area": area,
        "sections": {"background": s("Origins"), "cooperation": s("Partners"), "modalities": s("Method"), "benefits": s("Results")},
        "contact": {"name": "Li Wei", "email": "li.wei@example.org"},
        "collecting_organization": "Example Association"
    })
}

fn casebook(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["--now", SEPTEMBER, "admin"])
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env("CASEBOOK_AS", common::ORGANIZER)
        .env_remove("CASEBOOK_CAMPAIGN")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn the_published_collection_opens_offline_and_shows_only_what_it_should() {
    let dir = tempfile::tempdir().unwrap();
    {
        let served = Served::start(dir.path(), &["--now", MAY], &[]);
        let api = Api::new(&served);
        for (name, country, area) in [
            ("Solar Schools", "Brazil", "infrastructure"),
            ("Rio Mesh", "Kenya", "digital_economy"),
            ("Secret Project", "France", "infrastructure"),
        ] {
            let d = api.create_draft(&case(name, country, area)).await;
            if name == "Solar Schools" {
                let g = api
                    .grant(&d, "classroom.png", "image/png", PNG.len() as u64)
                    .await;
                assert_eq!(g.status, 201, "{}", g.body);
                let (status, _) = api.upload(&g.body, PNG.to_vec()).await;
                assert!((200..300).contains(&status));
                let att = g.body["id"].as_str().unwrap();
                let done = api
                    .call(Method::POST, &d, &format!("/attachments/{att}/complete"))
                    .await;
                assert_eq!(done.body["status"], "verified", "{}", done.body);
                let photo = photo_with_gps();
                let g = api
                    .grant(&d, "station.jpg", "image/jpeg", photo.len() as u64)
                    .await;
                assert_eq!(g.status, 201, "{}", g.body);
                let (status, _) = api.upload(&g.body, photo).await;
                assert!((200..300).contains(&status));
                let att = g.body["id"].as_str().unwrap();
                let done = api
                    .call(Method::POST, &d, &format!("/attachments/{att}/complete"))
                    .await;
                assert_eq!(done.body["status"], "verified", "{}", done.body);
            }
            assert_eq!(api.submit(&d).await.status, 200);
        }
    }
    let data = dir.path();
    // (Links to no server: the token alone is used, below.)
    let organizer = common::first_organizer(data, "http://127.0.0.1:9", SEPTEMBER);
    casebook(data, &["rounds", "close", "1"]);
    for (reference, decision) in [
        ("PC2024-0001", "collected"),
        ("PC2024-0002", "collected"),
        ("PC2024-0003", "not_selected"),
    ] {
        casebook(
            data,
            &[
                "decide",
                "--round",
                "1",
                "--case",
                reference,
                "--decision",
                decision,
                "--reason",
                "Decided in session",
            ],
        );
    }
    casebook(data, &["rounds", "close", "2"]);
    casebook(
        data,
        &[
            "decide",
            "--round",
            "2",
            "--case",
            "PC2024-0001",
            "--decision",
            "outstanding",
            "--reason",
            "The jury's first choice",
        ],
    );

    let site = dir.path().join("site");
    let said = casebook(data, &["publish", "--out", site.to_str().unwrap()]);
    assert!(
        said.contains("Published 2 cases, 1 of them Outstanding"),
        "{said}"
    );
    // Publishing again replaces the folder's publication; a foreign folder is refused.
    casebook(data, &["publish", "--out", site.to_str().unwrap()]);
    let foreign = dir.path().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let refused = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["admin", "publish", "--out"])
        .arg(&foreign)
        .arg("--data-dir")
        .arg(data)
        .env("CASEBOOK_AS", common::ORGANIZER)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is not empty"));

    // Nothing private anywhere in the folder.
    let mut files = Vec::new();
    walk(&site, &mut files);
    assert!(files.iter().any(|f| f.ends_with("collection.md")));
    assert!(files.iter().any(|f| f.ends_with("PC2024-0001-1.png")));
    // The photo is published without its position, camera or owner: nothing of its
    // EXIF or XMP is left, and its pixels are JPEG's own (it shows, below).
    let photo = files
        .iter()
        .find(|f| f.ends_with("PC2024-0001-2.jpg"))
        .expect("the photo is published");
    let published = std::fs::read(photo).unwrap();
    let has = |needle: &[u8]| published.windows(needle.len()).any(|w| w == needle);
    for secret in [&b"GPS"[..], b"C0FFEE", b"Ana Owner", b"Exif", b"xmpmeta"] {
        assert!(
            !has(secret),
            "{:?} published",
            String::from_utf8_lossy(secret)
        );
    }
    assert!(published.len() <= JPEG.len());
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "li.wei@example.org",
            "Secret Project",
            "Example Association",
            "Decided in session",
            "Li Wei",
            "Ana Owner",
            "GPSLatitude",
        ] {
            assert!(!text.contains(secret), "{secret} in {}", file.display());
        }
    }
    let json: Value =
        serde_json::from_slice(&std::fs::read(site.join("collection.json")).unwrap()).unwrap();
    let cases = json["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[0]["practice_name"], "Solar Schools");
    assert_eq!(cases[0]["outstanding"], true);
    assert_eq!(cases[0]["sections"][0]["title_en"], "Case Background");
    // Applicant text is escaped in HTML.
    let page = std::fs::read_to_string(site.join("cases/PC2024-0001.html")).unwrap();
    assert!(
        page.contains("look after &lt;its&gt; site &amp; kept"),
        "{page}"
    );

    // The same Collection over HTTP, as the console gets it: one zip, offered by a link
    // that needs no token, holding the very files of the folder.
    {
        let served = Served::start(data, &["--now", SEPTEMBER], &[]);
        let client = reqwest::Client::new();
        let offered = client
            .post(served.url("/admin/collection"))
            .bearer_auth(organizer["token"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(offered.status(), 200);
        let offered: Value = offered.json().await.unwrap();
        assert_eq!(
            (offered["cases"].as_u64(), offered["outstanding"].as_u64()),
            (Some(2), Some(1))
        );
        assert_eq!(offered["filename"], "collection-2024.zip");
        let zip = client
            .get(offered["url"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(zip.status(), 200);
        assert_eq!(zip.headers()["content-type"], "application/zip");
        let zip = zip.bytes().await.unwrap();
        assert_eq!(zip.len() as u64, offered["bytes"].as_u64().unwrap());
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
        let mut names: Vec<String> = archive
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .collect();
        names.sort();
        let mut expected: Vec<String> = files
            .iter()
            .map(|f| {
                format!(
                    "collection-2024/{}",
                    f.strip_prefix(&site).unwrap().display()
                )
            })
            .collect();
        expected.sort();
        assert_eq!(names, expected);
        for file in &files {
            let name = format!(
                "collection-2024/{}",
                file.strip_prefix(&site).unwrap().display()
            );
            let mut zipped = Vec::new();
            std::io::Read::read_to_end(&mut archive.by_name(&name).unwrap(), &mut zipped).unwrap();
            assert!(
                zipped == std::fs::read(file).unwrap(),
                "{name} differs from the folder's"
            );
        }
        // The link is the key to that one zip; a changed one opens nothing.
        let url = offered["url"].as_str().unwrap();
        let forged = format!("{}x", &url[..url.len() - 1]);
        let refused = client.get(&forged).send().await.unwrap();
        assert!(refused.status().is_client_error(), "{}", refused.status());
    }

    // The folder in a real browser.
    let seen = common::page_script(
        "publish_page.py",
        &[
            site.as_os_str(),
            "Solar Schools".as_ref(),
            "Rio Mesh".as_ref(),
            "Secret Project".as_ref(),
        ],
    );
    assert_eq!(seen["items"], json!(["Solar Schools", "Rio Mesh"]));
    assert_eq!(seen["first_case_on_first_screen"], true, "{seen}");
    assert_eq!(seen["details_use_width"], true, "{seen}");
    assert_eq!(seen["areas"].as_array().unwrap().len(), 2, "{seen}");
    assert_eq!(seen["by_name"], json!(["Rio Mesh"]));
    assert_eq!(seen["by_country"], json!(["Solar Schools"]));
    assert_eq!(seen["by_country_zh"], json!(["Solar Schools"]));
    assert_eq!(seen["none"], json!([]));
    assert_eq!(seen["count"], "0 of 2 cases");
    // Each page is in the six languages, each copy in its folder, the images shared.
    for lang in ["ar", "es", "fr", "ru", "zh"] {
        for page in [
            "index.html",
            "cases/PC2024-0001.html",
            "cases/PC2024-0002.html",
        ] {
            assert!(site.join(lang).join(page).is_file(), "{lang}/{page}");
        }
    }
    let russian = std::fs::read_to_string(site.join("ru/index.html")).unwrap();
    assert!(
        russian.contains("<html lang=\"ru\" dir=\"ltr\">"),
        "{russian}"
    );
    assert!(
        russian.contains("2 кейса. Из них 1 выдающийся кейс (★)."),
        "{russian}"
    );
    assert!(russian.contains("Бразилия"), "{russian}");
    assert!(
        !site.join("ru/images").exists(),
        "the images are not copied per language"
    );
    assert_eq!(
        seen["headings"],
        json!([
            "1 Case Background",
            "2 International Cooperation",
            "3 Modalities for Implementation",
            "4 Benefits to Humanity or Society",
            "Images"
        ])
    );
    assert_eq!(seen["images"], json!([true, true]), "both images show");
    assert_eq!(seen["no_sideways_scroll"], true);
    // The same site in Arabic, right to left: its interface and the call's words in
    // Arabic, the case as it was written.
    let arabic = &seen["arabic"];
    assert_eq!(arabic["url"], "/ar/index.html", "{arabic}");
    assert_eq!(
        (&arabic["dir"], &arabic["lang"]),
        (&json!("rtl"), &json!("ar"))
    );
    assert_eq!(arabic["title_on_the_right"], true, "{arabic}");
    let in_arabic = |text: &Value| {
        text.as_str()
            .unwrap()
            .chars()
            .any(|c| ('\u{0600}'..='\u{06ff}').contains(&c))
    };
    assert!(
        arabic["title"]
            .as_str()
            .unwrap()
            .contains("مجموعة الحالات العملية"),
        "{arabic}"
    );
    assert_eq!(arabic["areas"].as_array().unwrap().len(), 2, "{arabic}");
    assert!(
        arabic["areas"].as_array().unwrap().iter().all(in_arabic),
        "{arabic}"
    );
    assert_eq!(arabic["by_country"], json!(["Solar Schools"]), "{arabic}");
    assert_eq!(
        arabic["count"], "\u{2068}1\u{2069} من \u{2068}2\u{2069}",
        "{arabic}"
    );
    assert_eq!(arabic["case_url"], "/ar/cases/PC2024-0001.html");
    assert_eq!(arabic["images"], json!([true, true]), "{arabic}");
    let headings = arabic["headings"].as_array().unwrap();
    assert_eq!(headings.len(), 5, "{arabic}");
    assert!(headings.iter().all(in_arabic), "{arabic}");
    assert_eq!(arabic["details"][0], "المنظمة الرائدة", "{arabic}");
    let french = &seen["french"];
    assert_eq!(french["url"], "/fr/cases/PC2024-0001.html", "{french}");
    assert_eq!(french["back"], "← Tous les cas", "{french}");
    assert_eq!(french["details"][0], "Organisation porteuse", "{french}");
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}
