//! Every sentence of the page, in one table per language (`en.txt`, `ko.txt`), and the
//! [`tr!`](crate::tr) macro that looks one up in the current language with its numbers filled in.
//!
//! A table is plain text, one `key = value` per line (`#` starts a comment), so a translator
//! edits one file and never Rust. Values take positional placeholders `{0}`, `{1}`, … so a
//! language can reorder them (Korean puts the verb last). Tests check that both tables have
//! the same keys with the same placeholders, and that every key the code names exists.
//!
//! The real-image view's sentences (every `img.` key) are in tables of their own,
//! `view.en.txt` and `view.ko.txt`, that only the view's wasm carries ([`install_view`]): the
//! page's first load does not pay for a view it may never open.
//!
//! The page's wasm carries no table text (the 300 KB budget), not even the keys: `tr!` turns a
//! key into its position in en.txt at compile time ([`key_index`] over [`KEYS`], written by
//! `build.rs`), a served table is its values in that order, and the `fatal.` sentences are
//! built in by position. The page fetches its language's table before it renders and
//! [`install`]s it.
//!
//! The language is ambient (a thread-local set once per render from the page state), because
//! nearly every function that writes a sentence would otherwise have to carry it.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Display;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

mod table;
use table::Fnv;
pub use table::{parse_table, TableError};

/// A language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Korean, the language of the course notes ConvScope is built from.
    Ko,
}

impl Lang {
    /// Every language, in menu order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The URL value and the HTML `lang` attribute: "en", "ko".
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language named by a URL value or a browser locale ("ko", "ko-KR", "EN").
    pub fn parse(s: &str) -> Option<Lang> {
        let primary = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The language's own name, for the menu ("English", "한국어").
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// The raw table text (the tests read every table through it).
    pub fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("en.txt"),
            Lang::Ko => include_str!("ko.txt"),
        }
    }

    /// The raw text of the real-image view's table (the `img.` keys).
    pub fn view_source(self) -> &'static str {
        match self {
            Lang::En => include_str!("view.en.txt"),
            Lang::Ko => include_str!("view.ko.txt"),
        }
    }

    /// The table built into this binary. The wasm carries none: the page fetches its
    /// language's table before it renders, and another when it is chosen ([`install`]), which
    /// keeps the text of every language but one off a page load. Native builds (the tests)
    /// carry every table.
    fn builtin(self) -> Option<&'static str> {
        if cfg!(target_arch = "wasm32") {
            None
        } else {
            Some(self.source())
        }
    }

    /// The few sentences built into every binary, by key index: those the page says before
    /// its table is here, or when it cannot come (the `fatal.` keys; `build.rs` copies them).
    fn boot(self) -> &'static [(usize, &'static str)] {
        match self {
            Lang::En => &include!(concat!(env!("OUT_DIR"), "/boot.en.rs")),
            Lang::Ko => &include!(concat!(env!("OUT_DIR"), "/boot.ko.rs")),
        }
    }
}

/// The English table's keys in their order, which a served table's values follow
/// ([`COMPACT_HEADER`]); `build.rs` copies them from `en.txt`. Code that runs in the page
/// never reads them: [`key_index`] does, at compile time, so the wasm carries no key text.
pub const KEYS: &[&str] = &include!(concat!(env!("OUT_DIR"), "/keys.rs"));

/// [`key_hash`] of [`KEYS`], which a served table's header must name.
const KEYS_HASH: u32 = key_hash(KEYS);

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// Makes `lang` the language of every sentence written from now on (on this thread).
pub fn set_lang(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

/// The current language.
pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// Runs `f` with `lang` current, then restores the previous language (tests, exports).
pub fn with_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let before = self::lang();
    set_lang(lang);
    let out = f();
    set_lang(before);
    out
}

/// The real-image view's table: its keys are looked up by text (it is small, and only the
/// view's wasm carries it).
type Table = HashMap<&'static str, String, BuildHasherDefault<Fnv>>;

/// A page table: the sentences in the order of [`KEYS`] (an empty one is missing).
type Values = Vec<String>;

static TABLES: [OnceLock<Values>; 2] = [OnceLock::new(), OnceLock::new()];
/// The text each table was installed from, for a worker that writes the same sentences.
static SOURCES: [OnceLock<&'static str>; 2] = [OnceLock::new(), OnceLock::new()];

/// The text `lang`'s table was installed from ([`install`]), if it was.
pub fn source(lang: Lang) -> Option<&'static str> {
    SOURCES[lang as usize].get().copied()
}

/// The real-image view's tables, by language (see [`install_view`]).
static VIEW_TABLES: [OnceLock<Table>; 2] = [OnceLock::new(), OnceLock::new()];

/// The prefix of every key that lives in the view's tables rather than the page's.
pub const VIEW_PREFIX: &str = "img.";

/// Reads a built-in table; the tests check them, but a broken one must not take the page down.
fn parsed(src: &'static str) -> Table {
    parse_table(src).unwrap_or_default().into_iter().collect()
}

/// The table of `lang`, if it is built in or was [`install`]ed.
fn table(lang: Lang) -> Option<&'static Values> {
    let cell = &TABLES[lang as usize];
    if let Some(t) = cell.get() {
        return Some(t);
    }
    let src = lang.builtin()?;
    Some(cell.get_or_init(|| plain(src).unwrap_or_default()))
}

/// A `key = value` table as [`Values`]: the tests' built-in tables, and a plain table handed
/// to [`install`] natively. The wasm refuses plain tables: it would need the keys' text.
fn plain(src: &str) -> Result<Values, TableError> {
    if cfg!(target_arch = "wasm32") {
        return Err(TableError {
            line: 1,
            why: "not a compact table",
        });
    }
    let mut values = vec![String::new(); KEYS.len()];
    for (key, value) in parse_table(src)? {
        if let Some(slot) = values.get_mut(key_index(key)) {
            *slot = value;
        }
    }
    Ok(values)
}

/// The view's table of `lang`: native builds (the tests) always have it; in the browser only
/// the view's wasm does, once it has called [`install_view`].
fn view_table(lang: Lang) -> Option<&'static Table> {
    let cell = &VIEW_TABLES[lang as usize];
    if cfg!(target_arch = "wasm32") {
        cell.get()
    } else {
        Some(cell.get_or_init(|| parsed(lang.view_source())))
    }
}

/// Adds the real-image view's sentences in every language. Only the view's own wasm calls it
/// (when it mounts), so only that wasm carries them; the page's wasm drops the tables as
/// unreachable.
pub fn install_view() {
    for lang in Lang::ALL {
        VIEW_TABLES[lang as usize].get_or_init(|| parsed(lang.view_source()));
    }
}

/// Whether `lang`'s sentences are at hand (built in, or fetched and [`install`]ed).
pub fn loaded(lang: Lang) -> bool {
    table(lang).is_some()
}

/// The language to write in when `wanted` is chosen: `wanted` once its table is at hand;
/// until then English if that is, else any language that is (a Korean page that switches to
/// English stays Korean until the English table comes, rather than showing keys).
pub fn shown(wanted: Lang) -> Lang {
    shown_among(wanted, loaded)
}

/// [`shown`] with the languages at hand given by `at_hand` (the tests' way in).
fn shown_among(wanted: Lang, at_hand: impl Fn(Lang) -> bool) -> Lang {
    std::iter::once(wanted)
        .chain(Lang::ALL)
        .find(|&l| at_hand(l))
        .unwrap_or(wanted)
}

/// The first line of a table as the page serves it (`scripts/tables.mjs`, a Trunk hook): the
/// values alone, one a line, in the order of the English table's keys, which the page already
/// carries (about a quarter of a Korean table's gzipped bytes are its keys). The line ends in
/// [`key_hash`] of those keys, so a table cached from another build is refused, not misread.
pub const COMPACT_HEADER: &str = "#!convscope-table ";

/// FNV-1a (32 bit) of `keys` joined by line breaks: names the English table's key list in a
/// compact table's header, in hex (`scripts/tables.mjs` computes the same). A `const fn`, so
/// the page's own hash is computed by the compiler from [`KEYS`].
pub const fn key_hash(keys: &[&str]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < keys.len() {
        if i > 0 {
            h = (h ^ b'\n' as u32).wrapping_mul(0x0100_0193);
        }
        let key = keys[i].as_bytes();
        let mut j = 0;
        while j < key.len() {
            h = (h ^ key[j] as u32).wrapping_mul(0x0100_0193);
            j += 1;
        }
        i += 1;
    }
    h
}

/// Reads a compact table (see [`COMPACT_HEADER`]) made for a key list of `count` keys whose
/// [`key_hash`] is `hash`: its values, in the keys' order.
pub fn parse_compact(src: &str, hash: u32, count: usize) -> Result<Values, TableError> {
    let mut lines = src.lines();
    let header = lines.next().unwrap_or_default().trim_end();
    let named = header.strip_prefix(COMPACT_HEADER).ok_or(TableError {
        line: 1,
        why: "not a compact table",
    })?;
    if u32::from_str_radix(named, 16).ok() != Some(hash) {
        return Err(TableError {
            line: 1,
            why: "made for another build of ConvScope (reload the page)",
        });
    }
    let values: Vec<&str> = lines.collect();
    if values.len() != count {
        return Err(TableError {
            line: values.len().min(count) + 2,
            why: "the table has a different number of sentences",
        });
    }
    Ok(values
        .into_iter()
        .map(|v| v.trim().replace("\\n", "\n"))
        .collect())
}

/// Adds `lang`'s table from its text (as fetched by the page: compact, or `key = value` lines).
/// The text lives as long as the page, like a built-in table. A table that cannot be read is
/// refused (the page stays in English); a table already at hand stays as it is.
pub fn install(lang: Lang, src: String) -> Result<(), TableError> {
    let src: &'static str = Box::leak(src.into_boxed_str());
    let _ = SOURCES[lang as usize].set(src);
    let table = if src.starts_with(COMPACT_HEADER) {
        parse_compact(src, KEYS_HASH, KEYS.len())?
    } else {
        plain(src)?
    };
    if !loaded(lang) {
        let _ = TABLES[lang as usize].set(table);
    }
    Ok(())
}

/// The text of `key` in the current language, else in English (the tests make sure no
/// language lacks a key); the `fatal.` sentences also before any table is here. The page's
/// wasm looks its own keys up by index ([`text_at`]): by text it finds only the real-image
/// view's `img.` keys.
pub fn lookup(key: &str) -> Option<&'static str> {
    if key.starts_with(VIEW_PREFIX) {
        let pick = |l| view_table(l).and_then(|t| t.get(key)).map(String::as_str);
        pick(lang()).or_else(|| pick(Lang::En))
    } else if cfg!(target_arch = "wasm32") {
        None
    } else {
        found(text_at(key_index(key)))
    }
}

/// `Some(s)` unless `s` is empty (a missing sentence).
fn found(s: &'static str) -> Option<&'static str> {
    (!s.is_empty()).then_some(s)
}

/// The position in en.txt ([`KEYS`]) of the key `family.id` (`family` empty: of `id`), or
/// `usize::MAX` for a key that is not there (the real-image view's `img.` keys, which live in
/// tables of their own). Evaluated at compile time, so the wasm holds numbers instead of keys.
pub const fn keyed_index(family: &str, id: &str) -> usize {
    let (f, k) = (family.as_bytes(), id.as_bytes());
    let dot = if f.is_empty() { 0 } else { 1 };
    let mut i = 0;
    while i < KEYS.len() {
        let c = KEYS[i].as_bytes();
        if c.len() == f.len() + dot + k.len() {
            let mut j = 0;
            while j < c.len() {
                let want = if j < f.len() {
                    f[j]
                } else if j < f.len() + dot {
                    b'.'
                } else {
                    k[j - f.len() - dot]
                };
                if c[j] != want {
                    break;
                }
                j += 1;
            }
            if j == c.len() {
                return i;
            }
        }
        i += 1;
    }
    usize::MAX
}

/// The position of `key` in en.txt ([`KEYS`]), or `usize::MAX` (see [`keyed_index`]). `tr!`
/// evaluates it at compile time, so a call site holds a number instead of the key's text.
pub const fn key_index(key: &str) -> usize {
    keyed_index("", key)
}

/// The sentence at `index` in en.txt's order (from [`key_index`]) in the current language,
/// else in English, else built in (`fatal.` keys); empty if none has it.
pub fn text_at(index: usize) -> &'static str {
    let pick = |l| table(l).and_then(|t| t.get(index)).map(String::as_str);
    let boot = |l: Lang| l.boot().iter().find(|(i, _)| *i == index).map(|(_, v)| *v);
    [lang(), Lang::En]
        .into_iter()
        .find_map(|l| pick(l).and_then(found))
        .or_else(|| boot(lang()))
        .or_else(|| boot(Lang::En))
        .unwrap_or("")
}

/// The text of `key` in the current language (the real-image view's `img.` keys, looked up by
/// text); the key itself as a last resort.
pub fn text(key: &'static str) -> &'static str {
    lookup(key).unwrap_or(key)
}

/// Replaces `{i}` in `template` by `args[i]` (an unknown index stays as is): `tr!` with arguments.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| {
            let i: usize = after[..close].parse().ok()?;
            Some((i, close))
        }) {
            Some((i, close)) if i < args.len() => {
                let value = args[i].to_string();
                rest = &after[close + 1..];
                // A Korean particle written with both forms ("은(는)") after a value takes
                // the one the value's spoken end calls for.
                if let Some(&(both, with, without)) =
                    PARTICLES.iter().find(|(both, ..)| rest.starts_with(both))
                {
                    let end = final_consonant(&value);
                    let batchim = end.is_some_and(|rieul| !(rieul && both == "(으)로"));
                    out.push_str(&value);
                    out.push_str(if batchim { with } else { without });
                    rest = &rest[both.len()..];
                    continue;
                }
                out.push_str(&value);
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Korean particles written with both forms, as the tables write them after a value: (both,
/// after a final consonant, after a vowel). "(으)로" takes "로" after ㄹ too.
const PARTICLES: [(&str, &str, &str); 5] = [
    ("은(는)", "은", "는"),
    ("이(가)", "이", "가"),
    ("을(를)", "을", "를"),
    ("과(와)", "과", "와"),
    ("(으)로", "으로", "로"),
];

/// Whether `s` read aloud in Korean ends on a final consonant (`Some`), and whether that is
/// ㄹ (`Some(true)`): a Hangul syllable's own, a digit as read (영, 일, 이, 삼, …; 10, 100
/// end on 십, 백), the letters L, M, N, R as read (엘, 엠, 엔, 알). Closing brackets and
/// quotes are skipped; anything else counts as a vowel.
fn final_consonant(s: &str) -> Option<bool> {
    let ch = s
        .chars()
        .rev()
        .find(|c| !matches!(c, ')' | ']' | '”' | '’' | '"' | '\'' | ' '))?;
    let digit = match ch {
        '0'..='9' => Some(ch as u32 - '0' as u32),
        '₀'..='₉' => Some(ch as u32 - '₀' as u32),
        _ => None,
    };
    match (ch, digit) {
        (_, Some(0 | 3 | 6)) => Some(false),
        (_, Some(1 | 7 | 8)) => Some(true),
        (_, Some(_)) => None,
        ('가'..='힣', _) => {
            let jong = (ch as u32 - '가' as u32) % 28;
            (jong != 0).then_some(jong == 8)
        }
        ('L' | 'l' | 'R' | 'r', _) => Some(true),
        ('M' | 'm' | 'N' | 'n', _) => Some(false),
        _ => None,
    }
}

/// "1 row" / "3 rows": the sentence at `one` or `many` (key indexes) with `n` filled in as
/// `{0}`; [`plural!`](crate::plural) finds the indexes of `key.one` and `key.many`.
pub fn plural_at(n: usize, one: usize, many: usize) -> String {
    fill(text_at(if n == 1 { one } else { many }), &[&n])
}

/// The placeholders `{i}` a value uses, sorted, for the tests.
pub fn placeholders(value: &str) -> Vec<usize> {
    let mut out: Vec<usize> = value
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').and_then(|(i, _)| i.parse().ok()))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A sentence of the page in the current language: `tr!("key")` is a `&'static str`,
/// `tr!("key", a, b)` a `String` with `{0}` = a and `{1}` = b.
#[macro_export]
macro_rules! tr {
    ($key:literal) => {{
        // Known at compile time: a key of en.txt is looked up by its index, and its text is
        // not in the wasm; any other key (the real-image view's) by its text.
        const INDEX: usize = $crate::app::i18n::key_index($key);
        if INDEX == usize::MAX {
            $crate::app::i18n::text($key)
        } else {
            $crate::app::i18n::text_at(INDEX)
        }
    }};
    ($key:literal, $($arg:expr),+ $(,)?) => {
        $crate::app::i18n::fill(
            $crate::tr!($key),
            &[$(&$arg as &dyn ::std::fmt::Display),+],
        )
    };
}

/// The title of the entry `id` of a named family (presets, networks): `keyed_title!("preset",
/// PRESETS, id)` is the sentence `preset.<id>` in the current language, found by the entry's
/// place in the `const` list, whose keys' indexes the compiler works out (the wasm carries no
/// key text); the id itself for an id not in the list.
#[macro_export]
macro_rules! keyed_title {
    ($family:literal, $list:expr, $id:expr) => {{
        const TITLES: [usize; $list.len()] = {
            let mut out = [0; $list.len()];
            let mut i = 0;
            while i < out.len() {
                out[i] = $crate::app::i18n::keyed_index($family, $list[i].id);
                i += 1;
            }
            out
        };
        let id: &'static str = $id;
        $list
            .iter()
            .position(|e| e.id == id)
            .map_or(id, |i| $crate::app::i18n::text_at(TITLES[i]))
    }};
}

/// "1 row" / "3 rows": `plural!(n, "unit.row")` is the sentence `unit.row.one` or
/// `unit.row.many` in the current language with `n` as `{0}`. Both keys must be in en.txt: the
/// build fails otherwise.
#[macro_export]
macro_rules! plural {
    ($n:expr, $key:literal) => {{
        const ONE: usize = $crate::app::i18n::key_index(concat!($key, ".one"));
        const MANY: usize = $crate::app::i18n::key_index(concat!($key, ".many"));
        const _: () = assert!(
            ONE != usize::MAX && MANY != usize::MAX,
            "no such plural key"
        );
        $crate::app::i18n::plural_at($n, ONE, MANY)
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_in_any_order() {
        assert_eq!(fill("{1} then {0}", &[&"a", &2]), "2 then a");
        assert_eq!(fill("{x} {5} {", &[&1]), "{x} {5} {");
        assert_eq!(placeholders("{1} {0} {1}"), vec![0, 1]);
    }

    #[test]
    fn korean_particles_follow_the_value_read_aloud() {
        // Found in review: "P = 4 (5 × 5)이", "S = 1, 2, 4이", "3.5이", "G = 3로".
        let f = |t: &str, v: &str| fill(t, &[&v]);
        assert_eq!(
            f("패딩 {0}이(가) 맞습니다", "P = 4 (5 × 5)"),
            "패딩 P = 4 (5 × 5)가 맞습니다"
        );
        assert_eq!(f("S = {0}이(가)", "1, 2, 4"), "S = 1, 2, 4가");
        assert_eq!(f("{0}은(는)", "3.5"), "3.5는");
        assert_eq!(
            f("{0}은(는)", "(7 − 3) / 3 + 1 = 2.33"),
            "(7 − 3) / 3 + 1 = 2.33은"
        );
        assert_eq!(f("G = {0}(으)로", "3"), "G = 3으로");
        assert_eq!(f("G = {0}(으)로", "2"), "G = 2로");
        assert_eq!(f("G = {0}(으)로", "8"), "G = 8로");
        assert_eq!(f("{0}을(를)", "10"), "10을");
        assert_eq!(f("{0}과(와)", "2행"), "2행과");
        assert_eq!(f("{0}과(와)", "열 하나"), "열 하나와");
        assert_eq!(f("{0}이(가)", "D₁"), "D₁이");
        assert_eq!(f("{0}이(가)", "K"), "K가");
        // Elsewhere the text is left as written.
        assert_eq!(f("{0} (으)로", "3"), "3 (으)로");
    }

    #[test]
    fn parses_languages_and_locales() {
        assert_eq!(Lang::parse("ko-KR"), Some(Lang::Ko));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn table_lines_are_checked() {
        assert!(parse_table("a.b = x\n# c\n\nc = {0} y").is_ok());
        assert_eq!(parse_table("a = 1\na = 2").unwrap_err().line, 2);
        assert_eq!(parse_table("A = 1").unwrap_err().line, 1);
        assert_eq!(parse_table("novalue").unwrap_err().line, 1);
    }

    #[test]
    fn a_fetched_table_is_checked_before_it_is_used() {
        assert_eq!(install(Lang::Ko, "not a table".into()).unwrap_err().line, 1);
        assert!(loaded(Lang::En) && loaded(Lang::Ko));
        // A table at hand is not replaced by a later fetch.
        install(Lang::Ko, "app.tagline = x".into()).unwrap();
        assert_ne!(with_lang(Lang::Ko, || text("app.tagline")), "x");
    }

    #[test]
    fn a_compact_table_is_read_against_the_english_keys() {
        let keys = ["app.tagline", "unit.row.one"];
        // The same hash as scripts/tables.mjs gives for these keys (`node -e` on its function).
        assert_eq!(key_hash(&keys), 0x93ad_b968);
        let hash = key_hash(&keys);
        let src = format!("{COMPACT_HEADER}{hash:08x}\n  a b \nline\\none\n");
        let t = parse_compact(&src, hash, 2).unwrap();
        assert_eq!(t, vec!["a b".to_string(), "line\none".to_string()]);
        // Another build's table, a short one, or a plain one are refused.
        let other = format!("{COMPACT_HEADER}{:08x}\nx\ny\n", key_hash(&["app.tagline"]));
        assert_eq!(parse_compact(&other, hash, 2).unwrap_err().line, 1);
        let short = format!("{COMPACT_HEADER}{hash:08x}\nx\n");
        assert!(parse_compact(&short, hash, 2).is_err());
        assert!(parse_compact("a = b", hash, 2).is_err());
    }

    #[test]
    fn the_built_in_keys_and_boot_sentences_are_the_tables_own() {
        // build.rs's copies: a served table's values follow exactly these keys.
        let english = parse_table(Lang::En.source()).unwrap();
        let keys: Vec<&str> = english.iter().map(|(k, _)| *k).collect();
        assert_eq!(KEYS, keys.as_slice());
        assert_eq!(
            key_index("fatal.table"),
            keys.iter().position(|k| *k == "fatal.table").unwrap()
        );
        assert_eq!(keyed_index("unit.row", "one"), key_index("unit.row.one"));
        // A view key (the page names none: tests/i18n.rs) is not among the page's keys.
        assert_eq!(key_index(&[VIEW_PREFIX, "grey"].concat()), usize::MAX);
        for lang in Lang::ALL {
            let full = parse_table(lang.source()).unwrap();
            let boot: Vec<(&str, String)> = lang
                .boot()
                .iter()
                .map(|&(i, v)| (KEYS[i], v.to_string()))
                .collect();
            let want: Vec<_> = full
                .into_iter()
                .filter(|(k, _)| k.starts_with("fatal."))
                .collect();
            assert_eq!(boot, want, "{lang:?}");
            assert!(boot.iter().any(|(k, _)| *k == "fatal.table"));
        }
    }

    #[test]
    fn plurals_pick_their_form_and_a_missing_sentence_falls_back() {
        assert_eq!(crate::plural!(1, "unit.row"), "1 row");
        assert_eq!(crate::plural!(3, "unit.row"), "3 rows");
        assert_eq!(with_lang(Lang::Ko, || crate::plural!(3, "unit.row")), "3행");
        // Past the end of the key list: no sentence, not a panic.
        assert_eq!(text_at(KEYS.len()), "");
    }

    #[test]
    fn shown_is_the_wanted_language_once_its_table_is_here() {
        use Lang::{En, Ko};
        assert_eq!(shown_among(Ko, |_| true), Ko);
        // Korean asked for, only English here: English until Korean comes.
        assert_eq!(shown_among(Ko, |l| l == En), En);
        // A Korean page switched to English before the English table came: still Korean.
        assert_eq!(shown_among(En, |l| l == Ko), Ko);
        assert_eq!(shown_among(Ko, |_| false), Ko);
    }

    #[test]
    fn with_lang_switches_and_restores() {
        set_lang(Lang::En);
        let ko = with_lang(Lang::Ko, lang);
        assert_eq!((ko, lang()), (Lang::Ko, Lang::En));
    }
}
