//! The string tables: both languages have every key with the same placeholders, every key the
//! code names exists, and no key is dead. A missing translation fails here, not on a student's
//! screen.

use convscope::app::i18n::{self, parse_table, placeholders, with_lang, Lang};
use convscope::app::presets::PRESETS;
use convscope::app::stack::NETWORKS;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The keys of one table file, checked to be readable.
fn part(src: &str, name: &str) -> BTreeMap<String, String> {
    parse_table(src)
        .unwrap_or_else(|e| panic!("{name} line {}: {}", e.line, e.why))
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

/// Everything `lang` has: the page's table and the real-image view's.
fn table(lang: Lang) -> BTreeMap<String, String> {
    let mut all = part(lang.source(), &format!("{}.txt", lang.code()));
    let view = part(lang.view_source(), &format!("view.{}.txt", lang.code()));
    for (k, v) in view {
        assert!(all.insert(k.clone(), v).is_none(), "{k} is in both tables");
    }
    all
}

#[test]
fn the_views_sentences_are_in_its_own_tables_and_only_there() {
    // The page's wasm leaves the view's tables out, and `lookup` sends every `img.` key to
    // them: a view key in the page's table would be dead, a page key in the view's table
    // would show as its key on the page.
    for lang in Lang::ALL {
        let page = part(lang.source(), "page");
        let view = part(lang.view_source(), "view");
        let misplaced: Vec<_> = page
            .keys()
            .filter(|k| k.starts_with(i18n::VIEW_PREFIX))
            .chain(view.keys().filter(|k| !k.starts_with(i18n::VIEW_PREFIX)))
            .collect();
        assert!(
            misplaced.is_empty(),
            "{}: misplaced {misplaced:?}",
            lang.code()
        );
        assert!(
            view.len() > 50,
            "{}: the view's table has {}",
            lang.code(),
            view.len()
        );
        with_lang(lang, || {
            assert_eq!(i18n::lookup("img.grey"), Some(view["img.grey"].as_str()))
        });
    }
}

/// The page's own files (everything the page's wasm runs) name no `img.` key: the page does
/// not carry those tables, so such a key would show as itself.
#[test]
fn the_page_names_no_key_of_the_views_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // The view's own code; the page reaches none of the functions in these files that name
    // an `img.` key (the page's sentences about the view are `labslot.` keys).
    let view_files = [
        "app/image_text.rs",
        "ui/lab.rs",
        "ui/decode.rs",
        "app/lab.rs",
        "render/bitmap.rs",
    ];
    let mut offenders = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if p.is_dir() {
                stack.push(p);
            } else if rel.ends_with(".rs") && !view_files.contains(&rel.as_str()) {
                let src = std::fs::read_to_string(&p).unwrap();
                // A key, `"img.` and a letter (the prefix itself is named in i18n).
                let names_key = src
                    .match_indices("\"img.")
                    .any(|(i, m)| src[i + m.len()..].starts_with(|c: char| c.is_ascii_lowercase()));
                if names_key {
                    offenders.push(rel);
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "page files naming img. keys: {offenders:?}"
    );
}

/// Every string literal passed to `tr!(`, `plural!(…, "…")` or `keyed_title!("family", …)` in src/.
fn keys_in_source() -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
    let (mut direct, mut plurals, mut families) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let mut files = Vec::new();
    walk(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src").as_path(),
        &mut files,
    );
    let literal_after = |src: &str, marker: &str, out: &mut BTreeSet<String>| {
        for (i, _) in src.match_indices(marker) {
            // `tr!(` itself, not the end of `include_str!(`.
            if src[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                continue;
            }
            let rest = src[i + marker.len()..].trim_start();
            if let Some(rest) = rest.strip_prefix('"') {
                if let Some(end) = rest.find('"') {
                    out.insert(rest[..end].to_string());
                }
            }
        }
    };
    for src in &files {
        literal_after(src, "tr!(", &mut direct);
        literal_after(src, "keyed_title!(", &mut families);
        // plural!(n, "unit.row"): the key is the second argument.
        for (i, _) in src.match_indices("plural!(") {
            let rest = &src[i..];
            if let Some(q) = rest.find('"').filter(|&q| q < 60) {
                let after = &rest[q + 1..];
                if let Some(end) = after.find('"') {
                    plurals.insert(after[..end].to_string());
                }
            }
        }
    }
    direct.remove("key"); // the macro's own documentation
    (direct, plurals, families)
}

#[test]
fn both_languages_have_the_same_keys_and_placeholders() {
    let en = table(Lang::En);
    let ko = table(Lang::Ko);
    let missing: Vec<_> = en.keys().filter(|k| !ko.contains_key(*k)).collect();
    let extra: Vec<_> = ko.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(missing.is_empty(), "missing in ko.txt: {missing:?}");
    assert!(extra.is_empty(), "only in ko.txt: {extra:?}");
    for (k, v) in &en {
        assert_eq!(
            placeholders(v),
            placeholders(&ko[k]),
            "placeholders of {k} differ:\n  en: {v}\n  ko: {}",
            ko[k]
        );
        assert!(!ko[k].is_empty(), "{k} is empty in ko.txt");
    }
    // A translation, not a copy: most Korean sentences contain Hangul.
    let hangul = ko
        .values()
        .filter(|v| v.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)))
        .count();
    assert!(
        hangul * 10 >= ko.len() * 8,
        "only {hangul} of {} Korean entries have Hangul",
        ko.len()
    );
}

#[test]
fn every_key_the_code_names_exists_and_none_is_dead() {
    let en = table(Lang::En);
    let (direct, plurals, families) = keys_in_source();
    assert!(
        direct.len() > 150,
        "the scan found only {} keys",
        direct.len()
    );
    let mut used: BTreeSet<String> = direct.clone();
    for p in &plurals {
        used.insert(format!("{p}.one"));
        used.insert(format!("{p}.many"));
    }
    assert!(
        families.contains("preset") && families.contains("net"),
        "{families:?}"
    );
    for p in PRESETS {
        used.insert(format!("preset.{}", p.id));
    }
    for n in NETWORKS {
        used.insert(format!("net.{}", n.id));
    }
    let unknown: Vec<_> = used.iter().filter(|k| !en.contains_key(*k)).collect();
    assert!(
        unknown.is_empty(),
        "named in the code but not in en.txt: {unknown:?}"
    );
    let dead: Vec<_> = en.keys().filter(|k| !used.contains(*k)).collect();
    assert!(dead.is_empty(), "in en.txt but never used: {dead:?}");
}

#[test]
fn the_pages_sentences_follow_the_language() {
    use convscope::app::state::Config;
    use convscope::app::text::formula;
    let c = Config {
        s: 3,
        ..Config::default()
    };
    let g = c.geometry();
    let en = with_lang(Lang::En, || formula(&c, &g));
    let ko = with_lang(Lang::Ko, || formula(&c, &g));
    // The arithmetic is the same in both; the words are not.
    assert_eq!(en.expr, ko.expr);
    assert!(en.note.as_deref().unwrap().starts_with("Does not fit"));
    assert_ne!(en.note, ko.note);
    assert!(ko.note.unwrap().contains("P = 1 (3 × 3)"));
    assert_eq!(
        with_lang(Lang::Ko, || PRESETS[0].title()),
        table(Lang::Ko)["preset.7x7-s1"]
    );
    assert_eq!(i18n::lang(), Lang::En);
}
