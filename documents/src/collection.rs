//! The Collection of Practice Cases as files: a static site that works offline from its
//! folder (an index by area with search by name or country, one page per case, the
//! images beside them), plus `collection.md` and `collection.json` for reuse; written to
//! a folder by `casebook admin publish`, or as one zip by `POST /admin/collection`.
//! Every value an applicant wrote is escaped.

use std::fmt::Write as _;
use std::io::Write as _;

use casebook_core::Campaign;
use casebook_core::decision::publish::PublishedCase;
use casebook_core::escape_html as esc;

use crate::DocumentError;

/// The file a publication always holds: how a folder is known as one to replace.
pub const MARKER: &str = "collection.json";

/// One file of the site, by its path inside the Collection's folder.
pub struct SiteFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Every file of the Collection, in the order they are written: the folders `cases/` and
/// `images/` are implied by the paths.
pub fn site(campaign: &Campaign, cases: &[PublishedCase]) -> Result<Vec<SiteFile>, DocumentError> {
    let mut files = Vec::with_capacity(4 + cases.len() * 2);
    let mut add = |path: String, bytes: Vec<u8>| files.push(SiteFile { path, bytes });
    add("style.css".into(), STYLE.as_bytes().to_vec());
    add("index.html".into(), index(campaign, cases).into_bytes());
    for case in cases {
        add(
            format!("cases/{}.html", file_safe(&case.reference)),
            case_page(campaign, case).into_bytes(),
        );
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
    let json = serde_json::json!({
        "campaign": campaign.year(),
        "title": {"en": campaign.title().get(casebook_core::Lang::En), "zh": campaign.title().get(casebook_core::Lang::Zh)},
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

fn page(title: &str, style: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<link rel=\"stylesheet\" href=\"{style}\">\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
}

fn countries_line(case: &PublishedCase) -> String {
    case.countries
        .iter()
        .map(|c| c.en.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn index(campaign: &Campaign, cases: &[PublishedCase]) -> String {
    use casebook_core::Lang;
    let title = format!(
        "{}: Collection of Practice Cases",
        campaign.title().get(Lang::En)
    );
    let mut body = String::new();
    let _ = write!(
        body,
        "<header><h1>{}</h1><p lang=\"zh\">{}案例集</p><p>{}, {} of them Outstanding Cases (★).</p>\n<label>Search by name or country <input id=\"search\" type=\"search\" placeholder=\"e.g. solar, Kenya, 肯尼亚\"></label>\n<p id=\"count\" aria-live=\"polite\"></p></header>\n<main>",
        esc(&title),
        esc(campaign.title().get(Lang::Zh)),
        match cases.len() {
            1 => "1 case".to_string(),
            n => format!("{n} cases"),
        },
        cases.iter().filter(|c| c.outstanding).count()
    );
    for area in campaign.areas() {
        let mine: Vec<&PublishedCase> = cases.iter().filter(|c| c.area == area.id).collect();
        if mine.is_empty() {
            continue;
        }
        let _ = write!(
            body,
            "\n<section class=\"area\"><h2>{} <span lang=\"zh\">{}</span></h2>\n<ul>",
            esc(area.name.get(Lang::En)),
            esc(area.name.get(Lang::Zh))
        );
        for case in mine {
            let search: String = std::iter::once(case.practice_name.clone())
                .chain(
                    case.countries
                        .iter()
                        .flat_map(|c| [c.en.clone(), c.zh.clone(), c.code.clone()]),
                )
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let _ = write!(
                body,
                "\n<li class=\"case{}\" data-search=\"{}\"><a href=\"cases/{}.html\">{}</a>{}<br><small>{} · {}</small></li>",
                if case.outstanding { " outstanding" } else { "" },
                esc(&search),
                file_safe(&case.reference),
                esc(&case.practice_name),
                if case.outstanding {
                    " <span class=\"badge\">★ Outstanding Case</span>"
                } else {
                    ""
                },
                esc(&case.lead_organization.name),
                esc(&countries_line(case)),
            );
        }
        body.push_str("\n</ul></section>");
    }
    body.push_str("\n</main>\n<script>\n");
    body.push_str(SEARCH);
    body.push_str("</script>");
    page(&esc(&title), "style.css", &body)
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

fn organization(o: &casebook_core::decision::publish::PublishedOrganization) -> String {
    match &o.country {
        Some(c) => format!("{} ({})", esc(&o.name), esc(&c.en)),
        None => esc(&o.name),
    }
}

fn case_page(campaign: &Campaign, case: &PublishedCase) -> String {
    use casebook_core::Lang;
    let area = campaign
        .areas()
        .iter()
        .find(|a| a.id == case.area)
        .map(|a| {
            format!(
                "{} <span lang=\"zh\">{}</span>",
                esc(a.name.get(Lang::En)),
                esc(a.name.get(Lang::Zh))
            )
        })
        .unwrap_or_default();
    let mut body = format!(
        "<p><a href=\"../index.html\">← All cases</a></p>\n<article>\n<h1>{}</h1>{}\n<dl>\n<dt>Lead organization</dt><dd>{}</dd>\n<dt>Participating organizations</dt><dd>{}</dd>\n<dt>Countries and regions involved ({})</dt><dd>{}</dd>\n<dt>Area</dt><dd>{area}</dd>\n<dt>Reference</dt><dd>{}</dd>\n</dl>",
        esc(&case.practice_name),
        if case.outstanding {
            "<p class=\"badge\">★ Outstanding Case · 优秀案例</p>"
        } else {
            ""
        },
        organization(&case.lead_organization),
        case.partners
            .iter()
            .map(organization)
            .collect::<Vec<_>>()
            .join("<br>"),
        case.countries.len(),
        esc(&countries_line(case)),
        esc(&case.reference),
    );
    for (n, section) in case.sections.iter().enumerate() {
        let _ = write!(
            body,
            "\n<section><h2>{} {} <span lang=\"zh\">{}</span></h2>{}</section>",
            n + 1,
            esc(&section.title_en),
            esc(&section.title_zh),
            paragraphs(&section.text)
        );
    }
    if !case.images.is_empty() {
        body.push_str("\n<section class=\"images\"><h2>Images <span lang=\"zh\">图片</span></h2>");
        for (n, image) in case.images.iter().enumerate() {
            let _ = write!(
                body,
                "<img src=\"../images/{}\" alt=\"{} image {}\" loading=\"lazy\">",
                file_safe(&image.file),
                esc(&case.practice_name),
                n + 1
            );
        }
        body.push_str("</section>");
    }
    body.push_str("\n</article>");
    page(&esc(&case.practice_name), "../style.css", &body)
}

/// Markdown for reuse; `<`, `>` and `&` escaped so no renderer takes text for HTML.
fn markdown(campaign: &Campaign, cases: &[PublishedCase]) -> String {
    use casebook_core::Lang;
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
                md(&countries_line(case)),
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
  count.textContent = q === '' ? '' : shown + ' of ' + cases.length + ' cases';
}
input.addEventListener('input', filter);
";
