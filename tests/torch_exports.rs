//! Every shape and parameter count the PyTorch export states, and the page shows, checked
//! against PyTorch itself: `tests/fixtures/gen/torch_exports.py` ran each case's exported
//! code in PyTorch once and kept what every module gave (`tests/fixtures/torch_exports.json`);
//! this test needs no Python. Found needed in review (session 40): exports stated shapes their
//! framework does not produce (an uneven SAME padding gave 15 where the comment said 16).
//!
//! The cases: every preset and network of the page, and a few hundred random layers and
//! stacks (odd sizes, strides above the filter, uneven padding, dilation, groups, transposed
//! layers, each rounding) from a fixed seed. If the exporter's code (not its comments)
//! changes, the test says so and how to run PyTorch again.

use convscope::app::code::{export, Dialect};
use convscope::app::i18n::Lang;
use convscope::app::presets::PRESETS;
use convscope::app::stack::{rows, Flow, Stack, NETWORKS};
use convscope::app::stack_code::export_stack;
use convscope::app::state::{Config, Op};
use convscope::app::text::costs;
use convscope::app::url::from_query;
use convscope::cnn::Rounding;
use serde_json::Value;

mod fixture_json;
use fixture_json::usizes;

const FIXTURE: &str = include_str!("fixtures/torch_exports.json");

const REGENERATE: &str = "the PyTorch export's code changed: run it in PyTorch again \
     (tests/fixtures/gen/torch_exports.py says how) and review the fixture's diff";

/// A tiny fixed-seed generator (xorshift64*), so the cases are the same on every machine.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) % n
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below((hi - lo + 1) as u64) as usize
    }

    fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
}

/// A random page address: a convolution, a max pool or a transposed convolution.
fn random_query(r: &mut Rng) -> String {
    let mut q = vec![
        format!("n={}", r.range(1, 12)),
        format!("d={}", r.range(1, 4)),
        format!("k={}", r.range(1, 4)),
    ];
    let (f, s) = (r.range(1, 5), r.range(1, 3));
    let kind = r.below(4);
    if kind == 0 {
        q.push(format!("pool={f},{s}"));
    } else {
        q.push(format!("f={f}&s={s}"));
    }
    if r.one_in(4) {
        q.push(format!(
            "w={}&fw={}&sw={}",
            r.range(1, 12),
            r.range(1, 5),
            r.range(1, 3)
        ));
    }
    if r.one_in(5) {
        q.push(format!(
            "pt={}&pl={}&pb={}&pr={}",
            r.range(0, 3),
            r.range(0, 3),
            r.range(0, 3),
            r.range(0, 3)
        ));
    } else {
        q.push(format!("p={}", r.range(0, 3)));
    }
    if r.one_in(5) {
        q.push("dil=2".into());
    }
    if kind != 0 && r.one_in(4) {
        q.push(format!("g={}", r.range(1, 4)));
    }
    if kind == 1 {
        q.push(format!("transposed=1&opad={}", r.range(0, 2)));
    }
    let round = ["strict", "floor", "ceil", "same"][r.below(4) as usize];
    q.push(format!("round={round}"));
    if r.one_in(4) {
        q.push("bias=0".into());
    }
    if r.one_in(4) {
        q.push("relu=1".into());
    }
    q.join("&")
}

/// A random stack as [`Stack::to_text`] writes it.
fn random_stack(r: &mut Rng) -> String {
    let round = ["strict", "floor", "ceil", "same"][r.below(4) as usize];
    let mut t = format!("{},{},{round}", r.range(4, 40), r.range(1, 4));
    for _ in 0..r.range(1, 6) {
        t.push_str(&match r.below(6) {
            0 | 1 => format!(
                ";c{},{},{},{}",
                r.range(1, 8),
                r.range(1, 5),
                r.range(1, 3),
                r.range(0, 2)
            ),
            2 => format!(";d{},{},{}", r.range(1, 5), r.range(1, 3), r.range(0, 2)),
            3 => ";r".into(),
            4 => format!(";p{},{}", r.range(1, 3), r.range(1, 3)),
            _ => format!(";f{}", r.range(1, 10)),
        });
    }
    t
}

/// The cases: (kind, source), source a page address or a stack's text.
fn cases() -> Vec<(&'static str, String)> {
    let mut out: Vec<(&str, String)> = PRESETS
        .iter()
        .map(|p| ("layer", format!("preset={}", p.id)))
        .collect();
    out.extend(NETWORKS.iter().flat_map(|n| {
        let stack = n.stack();
        [
            Rounding::Strict,
            Rounding::Floor,
            Rounding::Ceil,
            Rounding::Same,
        ]
        .map(|r| ("stack", stack.to_text(r)))
    }));
    let mut r = Rng(0x5eed_c0de_2026_1204);
    out.extend((0..400).map(|_| ("layer", random_query(&mut r))));
    out.extend((0..150).map(|_| ("stack", random_stack(&mut r))));
    out
}

fn config(query: &str) -> Config {
    from_query(query, Lang::En).viz.config
}

/// The code a case exports now.
fn exported(kind: &str, source: &str) -> String {
    match kind {
        "layer" => export(&config(source), Dialect::PyTorch),
        _ => {
            let (stack, rounding) = Stack::from_text(source).expect("a stack's text");
            export_stack(&stack, rounding, Dialect::PyTorch)
        }
    }
}

/// The code without its comments (what PyTorch ran; comments may change freely).
fn code_lines(code: &str) -> Vec<String> {
    code.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| l.split("  # ").next().unwrap().trim_end().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// "(batch, 10, 32, 32)" at the start of `s` as [batch, 10, 32, 32]; None for "(batch, none…".
fn shape(s: &str, batch: usize) -> Option<Vec<usize>> {
    let inner = s.strip_prefix("(batch, ")?.split(')').next()?;
    let mut v = vec![batch];
    for part in inner.split(", ") {
        v.push(part.parse().ok()?);
    }
    Some(v)
}

/// The torch-side shapes of a fixture case.
fn shapes(case: &Value) -> Vec<Vec<usize>> {
    case["shapes"]
        .as_array()
        .expect("shapes")
        .iter()
        .map(usizes)
        .collect()
}

/// The last whole number of a text: "(3·3·3)·2 + 2 = 56" → 56, "16,376" → 16376.
fn last_number(s: &str) -> Option<u64> {
    let digits: String = s
        .rsplit(|c: char| !(c.is_ascii_digit() || c == ','))
        .find(|p| p.chars().any(|c| c.is_ascii_digit()))?
        .replace(',', "");
    digits.parse().ok()
}

fn flow_shape(f: &Flow, batch: usize) -> Vec<usize> {
    match *f {
        Flow::Volume { h, w, d } => vec![batch, d, h, w],
        Flow::Flat(n) => vec![batch, n],
    }
}

/// Writes the cases and their code for the generator (`TORCH_CASES`, default
/// `target/torch_cases.json`).
#[test]
#[ignore = "writes the generator's input; run by hand"]
fn write_cases() {
    let list: Vec<Value> = cases()
        .into_iter()
        .map(|(kind, source)| {
            let code = exported(kind, &source);
            let input_line = code
                .lines()
                .find_map(|l| l.strip_prefix("# input: "))
                .expect("an input line");
            let input = shape(input_line, 0).expect("an input shape");
            serde_json::json!({ "kind": kind, "source": source, "code": code, "input": input[1..] })
        })
        .collect();
    let path = std::env::var("TORCH_CASES")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/target/torch_cases.json").into());
    std::fs::write(&path, serde_json::to_string(&list).unwrap()).unwrap();
    println!("{} cases → {path}", list.len());
}

/// Every case is in the fixture and its code is what PyTorch ran.
#[test]
fn the_fixture_holds_every_case_as_exported() {
    let doc: Value = serde_json::from_str(FIXTURE).unwrap();
    let fixture = doc["cases"].as_array().unwrap();
    let cases = cases();
    assert_eq!(fixture.len(), cases.len(), "{REGENERATE}");
    for ((kind, source), case) in cases.iter().zip(fixture) {
        assert_eq!(
            case["source"].as_str(),
            Some(source.as_str()),
            "{REGENERATE}"
        );
        let now = exported(kind, source);
        assert_eq!(
            code_lines(&now),
            code_lines(case["code"].as_str().unwrap()),
            "{source}: {REGENERATE}"
        );
    }
}

/// A layer's export states PyTorch's output shape (or that there is none, where PyTorch
/// refuses it), and where it does not say the page differs, the page's output and parameter
/// count are PyTorch's.
#[test]
fn layer_exports_state_what_pytorch_computes() {
    let doc: Value = serde_json::from_str(FIXTURE).unwrap();
    let batch = doc["batch"].as_u64().unwrap() as usize;
    let mut checked = [0usize; 3];
    let mut wrong = Vec::new();
    for case in doc["cases"].as_array().unwrap() {
        if case["kind"] != "layer" {
            continue;
        }
        let source = case["source"].as_str().unwrap();
        let code = exported("layer", source);
        let stated = code
            .lines()
            .find_map(|l| l.split(" → ").nth(1).filter(|_| l.starts_with("# input: ")))
            .expect("an output line");
        // "output: (batch, …)" or "no output: why".
        let stated = stated
            .strip_prefix("output: ")
            .map(|s| shape(s, batch).expect("a shape"));
        // PyTorch gives an empty tensor for some layers the page refuses (a transposed
        // layer trimmed to nothing): no output either way.
        let torch = case.get("error").is_none().then(|| shapes(case));
        let Some(torch) = torch.filter(|t| !t.last().unwrap().contains(&0)) else {
            if stated.is_some() {
                wrong.push(format!(
                    "{source}: PyTorch refuses it ({}), the code states {stated:?}\n{code}",
                    case["error"]
                ));
            }
            checked[0] += 1;
            continue;
        };
        let out = torch.last().unwrap();
        if stated.as_ref() != Some(out) {
            wrong.push(format!("{source}: PyTorch gives {out:?}\n{code}"));
            continue;
        }
        checked[1] += 1;
        // Where the export does not say the page shows something else, the page's numbers
        // are PyTorch's.
        let c = config(source);
        if code.contains("ConvScope shows") || code.contains("ConvScope refuses") {
            continue;
        }
        let Ok(g) = c.geometry() else { continue };
        let channels = if c.op == Op::MaxPool { c.d } else { c.k };
        let page = vec![batch, channels, g.out_h(), g.out_w()];
        if page != *out {
            wrong.push(format!(
                "{source}: the page shows {page:?}, PyTorch gives {out:?}\n{code}"
            ));
        }
        let params = if c.op == Op::MaxPool {
            0
        } else {
            last_number(&costs(&c, &Ok(g)).params).expect("a parameter count")
        };
        if Some(params) != case["params"].as_u64() {
            wrong.push(format!(
                "{source}: the page counts {params} parameters, PyTorch {}",
                case["params"]
            ));
        }
        checked[2] += 1;
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n\n{}",
        wrong.len(),
        wrong.join("\n\n")
    );
    println!(
        "refused by both {}, shapes {}, page too {}",
        checked[0], checked[1], checked[2]
    );
    // The cases must reach each kind of check (a generator change could starve one).
    assert!(checked.iter().all(|&n| n >= 20), "{checked:?}");
}

/// A stack's export states each layer's PyTorch shape and the parameter total PyTorch counts;
/// up to the first layer it says parts from the table, the table's shapes are PyTorch's.
#[test]
fn stack_exports_state_what_pytorch_computes() {
    let doc: Value = serde_json::from_str(FIXTURE).unwrap();
    let batch = doc["batch"].as_u64().unwrap() as usize;
    let mut checked = 0;
    for case in doc["cases"].as_array().unwrap() {
        if case["kind"] != "stack" {
            continue;
        }
        let source = case["source"].as_str().unwrap();
        let code = exported("stack", source);
        assert!(
            case.get("error").is_none(),
            "{source}: PyTorch refuses the code: {}\n{code}",
            case["error"]
        );
        let torch = shapes(case);
        // The model's children in order, each with the shape its comment states, if any.
        let children: Vec<Option<Vec<usize>>> = code
            .lines()
            .skip_while(|l| !l.starts_with("model = nn.Sequential("))
            .skip(1)
            .take_while(|l| *l != ")")
            .map(|l| l.split("# → ").nth(1).and_then(|s| shape(s, batch)))
            .collect();
        assert_eq!(children.len(), torch.len(), "{source}\n{code}");
        // Every layer the code writes states its shape (padding layers and Flatten do not),
        // so most children say one.
        let stated = children.iter().flatten().count();
        assert!(
            2 * stated >= children.len(),
            "{source}: {stated} shapes stated\n{code}"
        );
        let mut table_shapes = Vec::new();
        for (i, (stated, got)) in children.iter().zip(&torch).enumerate() {
            if let Some(stated) = stated {
                assert_eq!(stated, got, "{source}: child {i}\n{code}");
                table_shapes.push(got.clone());
            }
        }
        let (stack, rounding) = Stack::from_text(source).unwrap();
        let table = rows(&stack, rounding);
        // The table agrees up to the first layer the code says it parts from.
        let first_noted = code
            .lines()
            .filter_map(|l| l.strip_prefix("# layer "))
            .filter_map(|l| l.split(':').next()?.parse::<usize>().ok())
            .min()
            .unwrap_or(usize::MAX);
        for (row, got) in table.iter().zip(&table_shapes) {
            if row.index + 1 >= first_noted {
                break;
            }
            let Ok(flow) = &row.output else { break };
            assert_eq!(
                flow_shape(flow, batch),
                *got,
                "{source}: row {}\n{code}",
                row.index
            );
        }
        let total = code
            .lines()
            .find_map(|l| l.strip_prefix("# learnable parameters: "))
            .expect("a parameter line");
        if !total.starts_with("at least") && first_noted == usize::MAX {
            assert_eq!(
                last_number(total),
                case["params"].as_u64(),
                "{source}: parameters\n{code}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 100, "{checked}");
}
