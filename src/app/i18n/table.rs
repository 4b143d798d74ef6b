//! Reading a string table's `key = value` lines. Its own file, std only, because `build.rs`
//! reads the tables with it too (`#[path]`): one reader, so the keys and `fatal.` sentences
//! the build copies are the ones the page reads.

use std::hash::{BuildHasherDefault, Hasher};

/// One table line that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub why: &'static str,
}

/// Reads a table: `key = value` lines in order; blank lines and `#` comments are skipped.
/// Keys are `[a-z0-9_.-]+`; a repeated key is an error. `\n` in a value is a line break.
pub fn parse_table(src: &str) -> Result<Vec<(&str, String)>, TableError> {
    let mut out: Vec<(&str, String)> = Vec::new();
    let mut seen: std::collections::HashSet<&str, BuildHasherDefault<Fnv>> = Default::default();
    for (i, raw) in src.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |why| TableError { line: i + 1, why };
        let (key, value) = line.split_once(" = ").ok_or_else(|| err("no \" = \""))?;
        let key = key.trim();
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b))
        {
            return Err(err("a key is made of a-z, 0-9, _, . and -"));
        }
        if !seen.insert(key) {
            return Err(err("the key appears twice"));
        }
        out.push((key, value.trim().replace("\\n", "\n")));
    }
    Ok(out)
}

/// FNV-1a for the tables (the page's lookups hash with it too): their keys are short and come from our own files, and `tr!` runs
/// many times a render; SipHash's defence against chosen keys buys nothing here and showed in
/// an animation step's profile.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
