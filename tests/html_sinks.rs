//! No user-provided text can reach the DOM as HTML: the sources contain no HTML sink except
//! clearing the mount point with a constant empty string. Yew and `textContent` treat every
//! string as text; this test fails if someone adds `inner_html`, `innerHTML`,
//! `insertAdjacentHTML`, `document.write`, `eval` or an unchecked-HTML node. (The browser side
//! is tests/browser/security.spec.mjs.)

use std::fs;
use std::path::Path;

const RUST_SINKS: [&str; 5] = [
    "inner_html",
    "outer_html",
    "insert_adjacent_html",
    "from_html_unchecked",
    "VNode::from_html",
];
const JS_SINKS: [&str; 6] = [
    "innerHTML",
    "outerHTML",
    "insertAdjacentHTML",
    "document.write",
    "eval(",
    "new Function",
];
/// The only allowed sink: `#app` is emptied (a constant) before Yew mounts.
const ALLOWED: [&str; 1] = ["root.set_inner_html(\"\");"];

fn scan(dir: &Path, found: &mut Vec<String>, files: &mut usize) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            scan(&path, found, files);
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let sinks: &[&str] = match ext {
            "rs" => &RUST_SINKS,
            "js" | "mjs" | "html" => &JS_SINKS,
            _ => continue,
        };
        *files += 1;
        let text = fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.trim();
            if code.starts_with("//") || ALLOWED.contains(&code) {
                continue;
            }
            if let Some(s) = sinks.iter().find(|s| line.contains(*s)) {
                found.push(format!("{}:{}: {s}: {code}", path.display(), i + 1));
            }
        }
    }
}

#[test]
fn no_html_sink_in_the_page_sources() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut found, mut files) = (Vec::new(), 0);
    for dir in ["src", "www"] {
        scan(&root.join(dir), &mut found, &mut files);
    }
    scan_file(&root.join("index.html"), &mut found);
    assert!(files > 30, "only {files} files scanned");
    assert_eq!(found, Vec::<String>::new());
    // The one allowed line is really there (so the allowance is not stale).
    let ui = fs::read_to_string(root.join("src/ui/mod.rs")).unwrap();
    assert!(ui.lines().any(|l| l.trim() == ALLOWED[0]));
}

fn scan_file(path: &Path, found: &mut Vec<String>) {
    let text = fs::read_to_string(path).unwrap();
    for (i, line) in text.lines().enumerate() {
        if let Some(s) = JS_SINKS.iter().find(|s| line.contains(*s)) {
            found.push(format!("{}:{}: {s}", path.display(), i + 1));
        }
    }
}
