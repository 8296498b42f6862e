//! The Collection of Practice Cases as files: a static site that works offline from its
//! folder (an index by area with search by name or country, one page per case, the
//! images beside them), plus `collection.md` and `collection.json` for reuse; written to
//! a folder by `casebook admin publish`, or as one zip by `POST /admin/collection`.
//! Every value an applicant wrote is escaped.

use std::fmt::Write as _;
use std::io::Write as _;

use casebook_core::Campaign;
use casebook_core::application::SectionKey;
use casebook_core::decision::publish::{PublishedCase, PublishedOrganization};
use casebook_core::escape_html as esc;
use casebook_core::lang::{Lang, list, t, then};

use crate::DocumentError;

/// The file a publication always holds: how a folder is known as one to replace.
pub const MARKER: &str = "collection.json";

/// The folders a publication writes into (publishing again replaces them whole): the
/// English cases, the images, and the other languages' copies.
pub fn folders() -> Vec<String> {
    ["cases", "images"]
        .into_iter()
        .map(String::from)
        .chain(
            Lang::ALL
                .into_iter()
                .filter(|l| *l != Lang::En)
                .map(|l| l.code().to_string()),
        )
        .collect()
}

/// One file of the site, by its path inside the Collection's folder.
pub struct SiteFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Every file of the Collection, in the order they are written: the folders `cases/` and
/// `images/` are implied by the paths. English is at the top (`index.html`, `cases/`), each
/// other language in a folder of its code (`fr/index.html`, `fr/cases/`); the images and
/// the style are shared.
pub fn site(campaign: &Campaign, cases: &[PublishedCase]) -> Result<Vec<SiteFile>, DocumentError> {
    let mut files = Vec::with_capacity(3 + (cases.len() + 1) * Lang::ALL.len());
    let mut add = |path: String, bytes: Vec<u8>| files.push(SiteFile { path, bytes });
    add("style.css".into(), STYLE.as_bytes().to_vec());
    for lang in Lang::ALL {
        let index_page = Place::Index.of(lang);
        add(
            index_page.path(),
            index(campaign, cases, &index_page).into_bytes(),
        );
        for case in cases {
            let place = Place::Case(file_safe(&case.reference)).of(lang);
            add(place.path(), case_page(campaign, case, &place).into_bytes());
        }
    }
    for case in cases {
        for image in &case.images {
            add(
                format!("images/{}", file_safe(&image.file)),
                image.bytes.clone(),
            );
        }
    }
    add(
        "collection.md".into(),
        markdown(campaign, cases).into_bytes(),
    );
    let title: serde_json::Map<String, serde_json::Value> = Lang::ALL
        .into_iter()
        .map(|lang| (lang.code().to_string(), campaign.title().get(lang).into()))
        .collect();
    let json = serde_json::json!({
        "campaign": campaign.year(),
        "title": title,
        "cases": cases,
    });
    add(MARKER.into(), serde_json::to_vec_pretty(&json)?);
    Ok(files)
}

/// The Collection as one zip, its files under `collection-<year>/`: images are kept as
/// they are (already compressed), text is deflated.
pub fn zip(campaign: &Campaign, cases: &[PublishedCase]) -> Result<Vec<u8>, DocumentError> {
    use zip::write::SimpleFileOptions;
    let folder = format!("collection-{}", campaign.year());
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for file in site(campaign, cases)? {
        let method = if file.path.starts_with("images/") {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        archive.start_file(
            format!("{folder}/{}", file.path),
            SimpleFileOptions::default().compression_method(method),
        )?;
        archive.write_all(&file.bytes)?;
    }
    Ok(archive.finish()?.into_inner())
}

/// A reference or image name as a file name: letters, digits, `-` and `.` only.
fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A page of the site: the index or a case's page.
#[derive(Clone, PartialEq)]
enum Place {
    Index,
    /// A case, by its file-safe reference.
    Case(String),
}

impl Place {
    fn of(self, lang: Lang) -> PageIn {
        PageIn { place: self, lang }
    }
}

/// A page in one language, which knows its path and the way back to the site's top.
struct PageIn {
    place: Place,
    lang: Lang,
}

impl PageIn {
    /// The language's folder: none for English.
    fn folder(lang: Lang) -> String {
        match lang {
            Lang::En => String::new(),
            other => format!("{}/", other.code()),
        }
    }

    fn path(&self) -> String {
        format!("{}{}", Self::folder(self.lang), self.place_path())
    }

    fn place_path(&self) -> String {
        match &self.place {
            Place::Index => "index.html".to_string(),
            Place::Case(file) => format!("cases/{file}.html"),
        }
    }

    /// From this page to the site's top folder: `../` per folder down.
    fn top(&self) -> String {
        "../".repeat(self.path().matches('/').count())
    }

    /// A link from this page to another page in the same language.
    fn link_to(&self, place: Place) -> String {
        format!("{}{}", self.top(), place.of(self.lang).path())
    }
}

fn page(at: &PageIn, title: &str, body: &str) -> String {
    let lang = at.lang;
    // The other languages' copies of this page, each named in its own language.
    let mut languages = format!(
        "<nav class=\"languages\" aria-label=\"{}\">",
        esc(&t!(lang, COLLECTION_LANGUAGES))
    );
    for other in Lang::ALL {
        let name = other.native_name();
        let code = other.code();
        if other == lang {
            let _ = write!(
                languages,
                "<span lang=\"{code}\" aria-current=\"page\">{name}</span>"
            );
        } else {
            let _ = write!(
                languages,
                "<a href=\"{}{}\" lang=\"{code}\" hreflang=\"{code}\">{name}</a>",
                at.top(),
                at.place.clone().of(other).path()
            );
        }
    }
    languages.push_str("</nav>");
    format!(
        "<!doctype html>\n<html lang=\"{}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<link rel=\"stylesheet\" href=\"{}style.css\">\n</head>\n<body>\n{languages}\n{body}\n</body>\n</html>\n",
        lang.code(),
        lang.dir(),
        at.top(),
    )
}

fn countries_line(case: &PublishedCase, lang: Lang) -> String {
    let names: Vec<&str> = case.countries.iter().map(|c| c.name(lang)).collect();
    list(lang, &names)
}

fn index(campaign: &Campaign, cases: &[PublishedCase], at: &PageIn) -> String {
    let lang = at.lang;
    let title = t!(lang, COLLECTION_TITLE, call = campaign.title().get(lang));
    let outstanding = cases.iter().filter(|c| c.outstanding).count();
    let mut summary = t!(lang, COLLECTION_COUNT, cases = cases.len());
    if outstanding > 0 {
        summary = then(
            lang,
            &summary,
            &t!(
                lang,
                COLLECTION_OUTSTANDING_COUNT,
                outstanding = outstanding
            ),
        );
    }
    if lang != Lang::En {
        summary = then(lang, &summary, &t!(lang, COLLECTION_AS_WRITTEN));
    }
    // The page's script says "3 of 5 cases", the number found put in for this mark.
    let count_template = t!(
        lang,
        COLLECTION_SEARCH_COUNT,
        shown = "{shown}",
        total = cases.len()
    );
    let mut body = String::new();
    let _ = write!(
        body,
        "<header><h1>{}</h1><p>{}</p>\n<label>{} <input id=\"search\" type=\"search\" placeholder=\"{}\"></label>\n<p id=\"count\" aria-live=\"polite\" data-template=\"{}\"></p></header>\n<main>",
        esc(&title),
        esc(&summary),
        esc(&t!(lang, COLLECTION_SEARCH_LABEL)),
        esc(&t!(lang, COLLECTION_SEARCH_EXAMPLE)),
        esc(&count_template),
    );
    for area in campaign.areas() {
        let mine: Vec<&PublishedCase> = cases.iter().filter(|c| c.area == area.id).collect();
        if mine.is_empty() {
            continue;
        }
        let _ = write!(
            body,
            "\n<section class=\"area\"><h2>{}</h2>\n<ul>",
            esc(area.name.get(lang)),
        );
        for case in mine {
            // A country is found by any of its names, whatever the page's language.
            let search: String = std::iter::once(case.practice_name.as_str())
                .chain(case.countries.iter().flat_map(|c| c.names()))
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let _ = write!(
                body,
                "\n<li class=\"case{}\" data-search=\"{}\"><a href=\"{}\" dir=\"auto\">{}</a>{}<br><small><bdi>{}</bdi> · {}</small></li>",
                if case.outstanding { " outstanding" } else { "" },
                esc(&search),
                at.link_to(Place::Case(file_safe(&case.reference))),
                esc(&case.practice_name),
                if case.outstanding {
                    format!(
                        " <span class=\"badge\">{}</span>",
                        esc(&t!(lang, COLLECTION_OUTSTANDING))
                    )
                } else {
                    String::new()
                },
                esc(&case.lead_organization.name),
                esc(&countries_line(case, lang)),
            );
        }
        body.push_str("\n</ul></section>");
    }
    body.push_str("\n</main>\n<script>\n");
    body.push_str(SEARCH);
    body.push_str("</script>");
    page(at, &esc(&title), &body)
}

/// A section's text: paragraphs, each under its heading (a line of its own, or the
/// words before a colon).
fn paragraphs(text: &str) -> String {
    let mut html = String::new();
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let (heading, rest) = match paragraph.split_once('\n') {
            Some((first, rest)) if first.chars().count() <= 80 => (Some(first.trim()), rest.trim()),
            _ => match paragraph.split_once(':') {
                Some((head, rest)) if head.chars().count() <= 60 && !head.contains('\n') => {
                    (Some(head.trim()), rest.trim())
                }
                _ => (None, paragraph),
            },
        };
        if let Some(h) = heading {
            let _ = write!(html, "<h4>{}</h4>", esc(h.trim_end_matches(':')));
        }
        let _ = write!(html, "<p>{}</p>", esc(rest).replace('\n', "<br>"));
    }
    html
}

fn organization(o: &PublishedOrganization, lang: Lang) -> String {
    match &o.country {
        Some(c) => format!("<bdi>{}</bdi> ({})", esc(&o.name), esc(c.name(lang))),
        None => format!("<bdi>{}</bdi>", esc(&o.name)),
    }
}

fn case_page(campaign: &Campaign, case: &PublishedCase, at: &PageIn) -> String {
    let lang = at.lang;
    let area = campaign
        .areas()
        .iter()
        .find(|a| a.id == case.area)
        .map(|a| esc(a.name.get(lang)))
        .unwrap_or_default();
    let partners = if case.partners.is_empty() {
        esc(&t!(lang, COLLECTION_NONE))
    } else {
        case.partners
            .iter()
            .map(|p| organization(p, lang))
            .collect::<Vec<_>>()
            .join("<br>")
    };
    let mut body = format!(
        "<p><a href=\"{}\">{}</a></p>\n<article>\n<h1><bdi>{}</bdi></h1>{}\n<dl>\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{partners}</dd>\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{area}</dd>\n<dt>{}</dt><dd><bdi>{}</bdi></dd>\n</dl>",
        at.link_to(Place::Index),
        esc(&t!(lang, COLLECTION_ALL_CASES)),
        esc(&case.practice_name),
        if case.outstanding {
            format!(
                "<p class=\"badge\">{}</p>",
                esc(&t!(lang, COLLECTION_OUTSTANDING))
            )
        } else {
            String::new()
        },
        esc(&t!(lang, COLLECTION_LEAD)),
        organization(&case.lead_organization, lang),
        esc(&t!(lang, COLLECTION_PARTNERS)),
        esc(&t!(
            lang,
            COLLECTION_COUNTRIES,
            count = case.countries.len()
        )),
        esc(&countries_line(case, lang)),
        esc(&t!(lang, COLLECTION_AREA)),
        esc(&t!(lang, COLLECTION_REFERENCE)),
        esc(&case.reference),
    );
    for (n, section) in case.sections.iter().enumerate() {
        let title = SectionKey::ALL
            .into_iter()
            .find(|key| key.as_str() == section.key)
            .map(|key| campaign.sections().get(key).title.get(lang).to_string())
            .unwrap_or_else(|| section.title_en.clone());
        // The sections are written in English, as the call asks.
        let _ = write!(
            body,
            "\n<section><h2>{} {}</h2><div lang=\"en\" dir=\"ltr\">{}</div></section>",
            n + 1,
            esc(&title),
            paragraphs(&section.text)
        );
    }
    if !case.images.is_empty() {
        let _ = write!(
            body,
            "\n<section class=\"images\"><h2>{}</h2>",
            esc(&t!(lang, COLLECTION_IMAGES))
        );
        for (n, image) in case.images.iter().enumerate() {
            let _ = write!(
                body,
                "<img src=\"{}images/{}\" alt=\"{}\" loading=\"lazy\">",
                at.top(),
                file_safe(&image.file),
                esc(&t!(
                    lang,
                    COLLECTION_IMAGE,
                    name = case.practice_name.as_str(),
                    n = n + 1
                )),
            );
        }
        body.push_str("</section>");
    }
    body.push_str("\n</article>");
    page(at, &esc(&case.practice_name), &body)
}

/// Markdown for reuse; `<`, `>` and `&` escaped so no renderer takes text for HTML.
fn markdown(campaign: &Campaign, cases: &[PublishedCase]) -> String {
    let md = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut out = format!(
        "# {}: Collection of Practice Cases\n\n{} cases; ★ marks the Outstanding Cases.\n",
        md(campaign.title().get(Lang::En)),
        cases.len()
    );
    for area in campaign.areas() {
        let mine: Vec<&PublishedCase> = cases.iter().filter(|c| c.area == area.id).collect();
        if mine.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "\n## {} ({})\n",
            md(area.name.get(Lang::En)),
            md(area.name.get(Lang::Zh))
        );
        for case in mine {
            let _ = write!(
                out,
                "\n### {}{}\n\n- Lead organization: {}\n- Participating organizations: {}\n- Countries and regions involved ({}): {}\n- Reference: {}\n",
                md(&case.practice_name),
                if case.outstanding { " ★" } else { "" },
                md(&case.lead_organization.name),
                md(&case
                    .partners
                    .iter()
                    .map(|p| p.name.clone())
                    .collect::<Vec<_>>()
                    .join("; ")),
                case.countries.len(),
                md(&countries_line(case, Lang::En)),
                md(&case.reference),
            );
            for (n, section) in case.sections.iter().enumerate() {
                let _ = write!(
                    out,
                    "\n#### {} {}\n\n{}\n",
                    n + 1,
                    md(&section.title_en),
                    md(&section.text)
                );
            }
            for image in &case.images {
                let _ = write!(
                    out,
                    "\n![{}](images/{})\n",
                    md(&case.practice_name),
                    file_safe(&image.file)
                );
            }
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',sans-serif;max-width:52rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1d2430}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}h4{margin:1rem 0 .25rem}
header label{display:block;margin:1rem 0}input[type=search]{width:100%;font-size:1rem;padding:.5rem;box-sizing:border-box}
ul{list-style:none;padding:0}li.case{padding:.6rem 0;border-bottom:1px solid #e3e6ea}
.badge{color:#8a5a00;font-weight:600}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}
img{max-width:100%;height:auto;display:block;margin:1rem 0}[hidden]{display:none}
dd{margin:0}
nav.languages{display:flex;flex-wrap:wrap;gap:.2rem .9rem;font-size:.9rem}nav.languages [aria-current]{font-weight:600}
@media (max-width:40rem){body{padding:.75rem}h1{font-size:1.2rem;line-height:1.3;margin:.25rem 0}header p{margin:.3rem 0}header label{margin:.5rem 0}h2{font-size:1.05rem;margin-top:1.2rem}li.case{padding:.45rem 0}dl{grid-template-columns:1fr;gap:0}dt{margin-top:.5rem}}
";

const SEARCH: &str = "const input = document.getElementById('search');
const count = document.getElementById('count');
const cases = Array.from(document.querySelectorAll('li.case'));
function filter() {
  const q = input.value.trim().toLowerCase();
  let shown = 0;
  for (const li of cases) {
    const hit = q === '' || li.dataset.search.includes(q);
    li.hidden = !hit;
    if (hit) shown++;
  }
  for (const section of document.querySelectorAll('section.area')) {
    section.hidden = !section.querySelector('li.case:not([hidden])');
  }
  count.textContent = q === '' ? '' : count.dataset.template.replace('{shown}', shown);
}
input.addEventListener('input', filter);
";
