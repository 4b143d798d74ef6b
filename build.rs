//! Writes what the wasm needs of the string tables without carrying their text (the 300 KB
//! page budget, PERFORMANCE.md "Size"): the English table's keys in order, which every served
//! table's values follow (`scripts/tables.mjs`) and which only compile-time code reads
//! (`i18n::key_index`), and per language the few `fatal.` sentences the page must be able to
//! say before, or without, its fetched table, by key index. std only.

use std::{env, fs, path::Path};

// The page's own table reader, so what the build copies is what the page reads.
#[path = "src/app/i18n/table.rs"]
mod table;

/// The position of `key` among en.txt's keys.
fn english_index(key: &str) -> usize {
    let src = fs::read_to_string("src/app/i18n/en.txt").expect("en.txt is readable");
    let table = table::parse_table(&src).expect("en.txt reads");
    table
        .iter()
        .position(|(k, _)| *k == key)
        .unwrap_or_else(|| panic!("{key} is not in en.txt"))
}

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let dir = Path::new("src/app/i18n");
    for lang in ["en", "ko"] {
        let file = dir.join(format!("{lang}.txt"));
        println!("cargo:rerun-if-changed={}", file.display());
        let src = fs::read_to_string(&file).expect("the string tables are readable");
        let table = table::parse_table(&src)
            .unwrap_or_else(|e| panic!("{}:{}: {}", file.display(), e.line, e.why));
        if lang == "en" {
            let keys: Vec<&str> = table.iter().map(|(k, _)| *k).collect();
            // The keys for `tr!`'s compile-time lookup (`i18n::key_index`), so a call site
            // carries the key's index rather than its text.
            let list: String = keys.iter().map(|k| format!("{k:?},")).collect();
            fs::write(Path::new(&out).join("keys.rs"), format!("[{list}]")).expect("OUT_DIR");
        }
        // The `fatal.` sentences by their index in en.txt (the page's tables are read by
        // index, and the wasm carries no key text).
        let boot: String = table
            .iter()
            .filter(|(k, _)| k.starts_with("fatal."))
            .map(|(k, v)| format!("({}, {v:?}),", english_index(k)))
            .collect();
        fs::write(
            Path::new(&out).join(format!("boot.{lang}.rs")),
            format!("[{boot}]"),
        )
        .expect("OUT_DIR");
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/app/i18n/table.rs");
}
