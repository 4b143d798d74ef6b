//! Writes what the wasm needs of the string tables without carrying their text (the 300 KB
//! page budget, PERFORMANCE.md "Size"): the English table's keys in order, which every served
//! table's values follow (`scripts/tables.mjs`), and per language the few `fatal.` sentences
//! the page must be able to say before, or without, its fetched table. std only.

use std::{env, fs, path::Path};

// The page's own table reader, so what the build copies is what the page reads.
#[path = "src/app/i18n/table.rs"]
mod table;

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
            fs::write(Path::new(&out).join("keys.txt"), keys.join("\n")).expect("OUT_DIR");
            // The same keys for `tr!`'s compile-time lookup (`i18n::key_index`), so a call
            // site carries the key's index rather than its text.
            let list: String = keys.iter().map(|k| format!("{k:?},")).collect();
            fs::write(Path::new(&out).join("keys.rs"), format!("[{list}]")).expect("OUT_DIR");
        }
        let boot: String = table
            .iter()
            .filter(|(k, _)| k.starts_with("fatal."))
            .map(|(k, v)| format!("{k} = {}\n", v.replace('\n', "\\n")))
            .collect();
        fs::write(Path::new(&out).join(format!("boot.{lang}.txt")), boot).expect("OUT_DIR");
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/app/i18n/table.rs");
}
