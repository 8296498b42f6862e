//! The built-in campaign, turned from TOML into JSON when casebook is built: the same
//! file, which every cold start then reads with serde_json in a fraction of the time the
//! TOML parser takes (`Campaign::builtin`; a test checks both give the same campaign).

use std::path::Path;

fn main() {
    let source = "../campaigns/2024.toml";
    println!("cargo:rerun-if-changed={source}");
    let text = std::fs::read_to_string(source).expect("core/campaigns/2024.toml is readable");
    let value: toml::Value = toml::from_str(&text).expect("core/campaigns/2024.toml is valid TOML");
    let json = serde_json::to_string(&value).expect("TOML values are JSON values");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("2024.json"), json).expect("OUT_DIR is writable");
}
