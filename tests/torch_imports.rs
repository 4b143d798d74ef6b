//! PyTorch code pasted into the page's importer shows what PyTorch computes: 240 snippets
//! written the ways people write them (`tests/fixtures/gen/torch_imports.py`: positional and
//! keyword arguments, tuples, `padding='same'` / `'valid'`, `ceil_mode`, dilation, groups,
//! transposed layers, a ReLU after), each with the output PyTorch gave on an input, kept in
//! `tests/fixtures/torch_imports.json`; no Python at test time.
//!
//! Pasted over that input, a snippet the importer takes without a note must show PyTorch's
//! output; one PyTorch refuses must not show an output without a sentence saying why.

use convscope::app::code::import;
use convscope::app::i18n::Lang;
use convscope::app::url::from_query;
use convscope::cnn::{Rounding, ShapeError};
use serde_json::Value;

mod fixture_json;
use fixture_json::usizes;

const FIXTURE: &str = include_str!("fixtures/torch_imports.json");

#[test]
fn pasted_pytorch_shows_what_pytorch_computes() {
    let doc: Value = serde_json::from_str(FIXTURE).unwrap();
    let mut wrong = Vec::new();
    let mut checked = [0usize; 4];
    for case in doc["cases"].as_array().unwrap() {
        let code = case["code"].as_str().unwrap();
        let input = usizes(&case["input"]);
        let (d, n, w) = (input[0], input[1], input[2]);
        let base = from_query(&format!("d={d}&n={n}&w={w}"), Lang::En)
            .viz
            .config;
        let imported = match import(code, &base) {
            Ok(i) => i,
            Err(why) => {
                // Refusing the whole snippet is fine only with a sentence.
                assert!(why.ends_with('.'), "{code}: {why}");
                checked[0] += 1;
                continue;
            }
        };
        let c = imported.config;
        let page = c.geometry().map(|g| vec![c.maps(), g.out_h(), g.out_w()]);
        let said = !imported.notes.is_empty();
        checked[3] += usize::from(said);
        match (case.get("output"), &page) {
            (Some(out), Ok(page)) => {
                let out = usizes(out);
                if *page != out && !said {
                    wrong.push(format!(
                        "{code} on {d}×{n}×{w}: the page shows {page:?}, PyTorch {out:?} (no note)"
                    ));
                }
                checked[1] += 1;
            }
            (Some(out), Err(e)) => {
                // The page refuses, in the read-out's sentence, only what the lecture has no
                // picture for: a window larger than the input (PyTorch's ceil mode lets one
                // hang over the end), a pooling window of padding only (PyTorch gives −∞), a
                // transposed layer trimmed to nothing (PyTorch gives an empty tensor).
                let nothing = usizes(out).contains(&0);
                let drawn_apart = matches!(
                    e,
                    ShapeError::KernelTooLarge { .. } | ShapeError::WindowAllPadding { .. }
                ) && c.rounding == Rounding::Ceil;
                if !said && !nothing && !drawn_apart {
                    wrong.push(format!(
                        "{code} on {d}×{n}×{w}: PyTorch gives {out} but the page refuses: {e}"
                    ));
                }
                checked[1] += 1;
            }
            (None, Ok(page)) => {
                if !said {
                    wrong.push(format!(
                        "{code} on {d}×{n}×{w}: PyTorch refuses it ({}) but the page shows {page:?}",
                        case["error"]
                    ));
                }
                checked[2] += 1;
            }
            (None, Err(_)) => checked[2] += 1,
        }
    }
    println!(
        "refused by the importer {}, run {}, refused by PyTorch {}, with a note {}",
        checked[0], checked[1], checked[2], checked[3]
    );
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // Nearly every snippet must be taken whole, with no note, or the check says little
    // (a note excuses a difference; a refusal skips the case).
    assert!(
        checked[1] >= 150 && checked[2] >= 10 && checked[0] + checked[3] <= 5,
        "{checked:?}"
    );
}
