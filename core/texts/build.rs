//! Embeds every resource file (`locales/<language>/<file>.ftl`) and makes one constant per
//! English message id (`msg::BOT_WELCOME` for `bot-welcome`), so code can only name a
//! message that exists; the check (`check.rs`) holds the other languages to English's.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let out_dir = env::var("OUT_DIR").expect("OUT_DIR");
    println!("cargo:rerun-if-changed={}", root.display());
    // The pages' files apart: only the functions that serve a page use them, so the others
    // (the bot's) do not carry their words.
    let mut resources = String::from("pub(crate) const RESOURCES: &[(&str, &str, &[u8])] = &[\n");
    let mut pages = String::from("pub(crate) const PAGE_RESOURCES: &[(&str, &str, &[u8])] = &[\n");
    // The command line's words apart too: only the `casebook` command says them.
    let mut cli = String::from("pub(crate) const CLI_RESOURCES: &[(&str, &str, &[u8])] = &[\n");
    let mut ids = Vec::new();
    let mut languages: Vec<_> = read_dir(&root);
    languages.sort();
    for language in languages {
        let dir = root.join(&language);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = read_dir(&dir);
        files.sort();
        for file in files.into_iter().filter(|f| f.ends_with(".ftl")) {
            let path = dir.join(&file);
            println!("cargo:rerun-if-changed={}", path.display());
            let list = if is_page(&file) {
                &mut pages
            } else if is_cli(&file) {
                &mut cli
            } else {
                &mut resources
            };
            // Deflated: the words of six languages are a third of their size so.
            let text = fs::read(&path).expect("read a resource file");
            let packed = Path::new(&out_dir).join(format!("{language}-{file}.deflate"));
            fs::write(&packed, miniz_oxide::deflate::compress_to_vec(&text, 10))
                .expect("write a deflated resource file");
            writeln!(
                list,
                "    ({language:?}, {file:?}, include_bytes!({:?})),",
                packed.display().to_string()
            )
            .expect("write to a string");
            if language == "en" && !is_page(&file) {
                let source = fs::read_to_string(&path).expect("read an English resource file");
                ids.extend(message_ids(&source));
            }
        }
    }
    resources.push_str("];\n\n");
    resources.push_str(&pages);
    resources.push_str("];\n\n");
    resources.push_str(&cli);
    resources.push_str("];\n\n/// One constant per message, named after its id.\npub mod msg {\n    use super::Msg;\n");
    let all: Vec<String> = ids
        .iter()
        .map(|id| id.to_uppercase().replace('-', "_"))
        .collect();
    writeln!(
        resources,
        "    /// Every message, in the English files' order.\n    pub const ALL: &[Msg] = &[{}];",
        all.join(", ")
    )
    .expect("write to a string");
    for id in ids {
        let name = id.to_uppercase().replace('-', "_");
        writeln!(resources, "    pub const {name}: Msg = Msg({id:?});").expect("write to a string");
    }
    resources.push_str("}\n");
    let out = Path::new(&out_dir).join("resources.rs");
    fs::write(out, resources).expect("write resources.rs");
}

/// A page's resource file: `review-page.ftl`, `console.ftl`.
fn is_page(file: &str) -> bool {
    file.ends_with("-page.ftl") || file == "console.ftl"
}

/// A file of the command line's words: `cli.ftl`, `cli-review.ftl`.
fn is_cli(file: &str) -> bool {
    file == "cli.ftl" || file.starts_with("cli-")
}

fn read_dir(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            entry
                .expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// A message starts a line with its id and ` =`; terms (`-name`) and comments do not.
fn message_ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter_map(|line| {
            let (id, _) = line.split_once('=')?;
            let id = id.trim_end();
            let valid = id.starts_with(|c: char| c.is_ascii_lowercase())
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            valid.then(|| id.to_string())
        })
        .collect()
}
