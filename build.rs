//! Writes what the wasm needs of the string tables without carrying their text (the 300 KB
//! page budget, PERFORMANCE.md "Size"): the English table's keys in order, which every served
//! table's values follow (`scripts/tables.mjs`), and per language the few `fatal.` sentences
//! the page must be able to say before, or without, its fetched table. std only.

use std::{env, fs, path::Path};

/// The `key = value` lines of a table, as `src/app/i18n` `parse_table` reads them (raw values).
fn entries(src: &str) -> Vec<(&str, &str)> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let dir = Path::new("src/app/i18n");
    for lang in ["en", "ko"] {
        let file = dir.join(format!("{lang}.txt"));
        println!("cargo:rerun-if-changed={}", file.display());
        let src = fs::read_to_string(&file).expect("the string tables are readable");
        let table = entries(&src);
        if lang == "en" {
            let keys: Vec<&str> = table.iter().map(|(k, _)| *k).collect();
            fs::write(Path::new(&out).join("keys.txt"), keys.join("\n")).expect("OUT_DIR");
        }
        let boot: String = table
            .iter()
            .filter(|(k, _)| k.starts_with("fatal."))
            .map(|(k, v)| format!("{k} = {v}\n"))
            .collect();
        fs::write(Path::new(&out).join(format!("boot.{lang}.txt")), boot).expect("OUT_DIR");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
