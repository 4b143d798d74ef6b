//! The whole layer stack as code: a PyTorch `nn.Sequential`, a Torch7 `nn.Sequential` or a
//! Caffe prototxt net, each layer commented with the shape it produces, so a practitioner can
//! check shapes and parameter counts against the table before writing the model.

use super::code::{framed, framework_size, pad_layers, Dialect, Framed};
use super::stack::{rows, total_params, Flow, Stack, StackLayer};
use super::state::{Config, Op};
use super::text::{count, error};
use crate::cnn::{conv_cost_grouped, dense_params, Hw, Rounding, ShapeError};
use crate::tr;

/// One exported layer: the code line(s) and the shape after it.
struct Line {
    code: String,
    shape: String,
}

/// `(batch, 6, 28, 28)` / `6×28×28` / `(batch, 10)`.
fn shape(flow: &Flow, dialect: Dialect) -> String {
    match (*flow, dialect) {
        (Flow::Volume { h, w, d }, Dialect::Torch7) => format!("{d}×{h}×{w}"),
        (Flow::Volume { h, w, d }, _) => format!("(batch, {d}, {h}, {w})"),
        (Flow::Flat(n), Dialect::Torch7) => n.to_string(),
        (Flow::Flat(n), _) => format!("(batch, {n})"),
    }
}

/// A conv or pool layer over a side `h` as the exported framework runs it (the layer code's
/// own rules, `code::framed`: the padding written into the layer, an uneven SAME padding as a
/// layer before it, Caffe's smaller side, ceil for pooling where asked or in Caffe), and the
/// side it gives.
fn window(
    h: usize,
    (f, s, p): (usize, usize, usize),
    pool: bool,
    rounding: Rounding,
    dialect: Dialect,
) -> Result<(Framed, usize), ShapeError> {
    let op = if pool { Op::MaxPool } else { Op::Conv };
    let c = Config {
        rounding,
        ..Config::square(op, h, 1, 1, f, s, p)
    };
    let out = framework_size(&c, dialect)?.0;
    Ok((framed(&c, dialect), out))
}

/// One layer of the exported model: its code, what leaves it, and its parameters.
fn exported(
    layer: StackLayer,
    flow: Flow,
    rounding: Rounding,
    dialect: Dialect,
) -> Result<(String, Flow, u64), String> {
    let fail = |e: ShapeError| error(&e);
    let volume = match (flow, layer) {
        (
            Flow::Flat(_),
            StackLayer::Conv { .. } | StackLayer::Depthwise { .. } | StackLayer::Pool { .. },
        ) => return Err(tr!("stack.err.flat").into()),
        (Flow::Volume { h, d, .. }, _) => Some((h, d)),
        (Flow::Flat(_), _) => None,
    };
    let pad_code = |w: &Framed, pool: bool, code: String| match w.outer {
        Some(p) => {
            let mut lines = pad_layers(dialect, pool, p);
            lines.push(code);
            lines.join("\n")
        }
        None => code,
    };
    match (layer, volume) {
        // A depthwise layer is a convolution of K = D filters in G = D groups.
        (StackLayer::Conv { f, s, p, .. } | StackLayer::Depthwise { f, s, p }, Some((h, d))) => {
            let (k, g) = match layer {
                StackLayer::Conv { k, .. } => (k, 1),
                _ => (d, d),
            };
            let (w, out) = window(h, (f, s, p), false, rounding, dialect).map_err(fail)?;
            let params = conv_cost_grouped(d, k, g, Hw::square(f), Hw::square(out), true)
                .map_err(fail)?
                .params;
            let p = w.inner.top;
            let code = match (dialect, g > 1) {
                (Dialect::PyTorch, _) => format!(
                    "nn.Conv2d({d}, {k}, kernel_size={f}, stride={s}, padding={p}{})",
                    if g > 1 { format!(", groups={g}") } else { String::new() }
                ),
                (Dialect::Torch7, false) => {
                    format!("nn.SpatialConvolution({d}, {k}, {f}, {f}, {s}, {s}, {p}, {p})")
                }
                (Dialect::Torch7, true) => format!(
                    "nn.SpatialDepthWiseConvolution({d}, 1, {f}, {f}, {s}, {s}, {p}, {p})"
                ),
                (Dialect::Caffe, _) => format!(
                    "convolution_param {{ num_output: {k}{} kernel_size: {f} stride: {s} pad: {p} }}",
                    if g > 1 { format!(" group: {g}") } else { String::new() }
                ),
            };
            let out = Flow::Volume {
                h: out,
                w: out,
                d: k,
            };
            Ok((pad_code(&w, false, code), out, params))
        }
        (StackLayer::Pool { f, s }, Some((h, d))) => {
            let (w, out) = window(h, (f, s, 0), true, rounding, dialect).map_err(fail)?;
            let p = w.inner.top;
            let code = match dialect {
                Dialect::PyTorch => format!(
                    "nn.MaxPool2d(kernel_size={f}, stride={s}{}{})",
                    if p > 0 {
                        format!(", padding={p}")
                    } else {
                        String::new()
                    },
                    if w.ceil { ", ceil_mode=True" } else { "" }
                ),
                Dialect::Torch7 => format!(
                    "nn.SpatialMaxPooling({f}, {f}, {s}, {s}{}){}",
                    if p > 0 {
                        format!(", {p}, {p}")
                    } else {
                        String::new()
                    },
                    if w.ceil { ":ceil()" } else { "" }
                ),
                Dialect::Caffe => format!(
                    "pooling_param {{ pool: MAX kernel_size: {f} stride: {s}{} }}",
                    if p > 0 {
                        format!(" pad: {p}")
                    } else {
                        String::new()
                    }
                ),
            };
            let out = Flow::Volume { h: out, w: out, d };
            Ok((pad_code(&w, true, code), out, 0))
        }
        (StackLayer::Relu, _) => Ok((
            match dialect {
                Dialect::Caffe => String::new(),
                _ => "nn.ReLU()".into(),
            },
            flow,
            0,
        )),
        (StackLayer::Fc { outputs }, _) => {
            let len = match flow {
                Flow::Volume { h, w, d } => h.checked_mul(w).and_then(|v| v.checked_mul(d)),
                Flow::Flat(n) => Some(n),
            }
            .ok_or_else(|| tr!("stack.err.flat_overflow").to_string())?;
            let params = dense_params(len, outputs).map_err(fail)?;
            let lin = format!("nn.Linear({len}, {outputs})");
            // A flatten is needed when an FC layer follows a volume; Caffe's InnerProduct
            // flattens on its own.
            let flatten = matches!(flow, Flow::Volume { .. });
            let code = match dialect {
                Dialect::PyTorch if flatten => format!("nn.Flatten()\n{lin}"),
                Dialect::Torch7 if flatten => format!("nn.View({len})\n{lin}"),
                Dialect::PyTorch | Dialect::Torch7 => lin,
                Dialect::Caffe => format!("inner_product_param {{ num_output: {outputs} }}"),
            };
            Ok((code, Flow::Flat(outputs), params))
        }
        (_, None) => unreachable!("a windowed layer on a flat input returned above"),
    }
}

/// Why the exported layer gives another size than the table's on the same input.
fn differs_because(layer: StackLayer, rounding: Rounding, dialect: Dialect) -> &'static str {
    match (layer, rounding, dialect) {
        (StackLayer::Pool { .. }, Rounding::Strict | Rounding::Floor, Dialect::Caffe) => {
            "Caffe pooling rounds up (ceil)"
        }
        (StackLayer::Pool { .. }, _, _) => "",
        (_, Rounding::Ceil, _) => "convolutions have no ceil mode: they floor",
        (_, Rounding::Same, Dialect::Caffe) => "Caffe pads both sides alike",
        _ => "",
    }
}

/// The stack in `dialect`, each layer commented with the shape the framework computes for
/// it (which need not be the table's: a comment says where and why). Layers after the first
/// one without an output are left out, with a comment saying why.
pub fn export_stack(stack: &Stack, rounding: Rounding, dialect: Dialect) -> String {
    let table = rows(stack, rounding);
    let comment = match dialect {
        Dialect::Torch7 => "--",
        _ => "#",
    };
    let mut flow = Flow::Volume {
        h: stack.n,
        w: stack.n,
        d: stack.d,
    };
    let mut head = vec![format!("{comment} input: {}", shape(&flow, dialect))];
    match (rounding, dialect) {
        (Rounding::Ceil, Dialect::Torch7) => {
            head.push("-- ceil: pooling uses :ceil(); convolutions always floor.".into())
        }
        (Rounding::Ceil, Dialect::PyTorch) => {
            head.push("# ceil: pooling uses ceil_mode=True; convolutions always floor.".into())
        }
        (Rounding::Same, Dialect::Caffe) => head.push(
            "# SAME: Caffe pads both sides alike, so an uneven SAME padding is written as its smaller side."
                .into(),
        ),
        (Rounding::Same, _) => head.push(format!(
            "{comment} SAME: the padding TensorFlow would add, an uneven one as a layer before."
        )),
        _ => {}
    }
    let mut lines = Vec::new();
    let mut broken = None;
    let mut total = Some(0u64);
    for row in &table {
        let layer = row.layer;
        let i = row.index + 1;
        match exported(layer, flow, rounding, dialect) {
            Ok((code, out, params)) => {
                // Say where this layer itself parts from the table (later ones follow).
                if row.input == Some(flow) {
                    match &row.output {
                        Ok(t) if *t != out => {
                            let why = differs_because(layer, rounding, dialect);
                            let why = if why.is_empty() { String::new() } else { format!(" ({why})") };
                            head.push(format!(
                                "{comment} layer {i}: this code gives {} where the table shows {}{why}.",
                                out.text(),
                                t.text()
                            ));
                        }
                        Err(_) => head.push(format!(
                            "{comment} layer {i}: the lecture's rule finds no whole size ({}); this code floors it: {}.",
                            row.formula,
                            out.text()
                        )),
                        Ok(_) => {}
                    }
                }
                lines.push(Line {
                    code,
                    shape: shape(&out, dialect),
                });
                total = total.and_then(|t| t.checked_add(params));
                flow = out;
            }
            Err(why) => {
                broken = Some(format!("{comment} layer {i}: {why}"));
                break;
            }
        }
    }
    // Code comments stay English (as the frameworks' documentation is).
    let total = match (&broken, total) {
        (None, Some(t)) => format!("{comment} learnable parameters: {}", count(t)),
        _ => match total_params(&table) {
            Ok(t) => format!("{comment} learnable parameters: {}", count(t)),
            Err(t) => format!("{comment} learnable parameters: at least {}", count(t)),
        },
    };
    let mut out = match dialect {
        Dialect::PyTorch => pytorch(&head, &lines),
        Dialect::Torch7 => torch7(&head, &lines),
        Dialect::Caffe => caffe(&head, &lines, stack),
    };
    if let Some(b) = broken {
        out.push('\n');
        out.push_str(&b);
    }
    out.push('\n');
    out.push_str(&total);
    out
}

/// [`export_stack`] in every dialect ([`Dialect::ALL`] order) of a stack given as
/// [`Stack::to_text`]: the page's stack panel asks the view's wasm for it.
pub fn export_stack_text(text: &str) -> Option<[String; 3]> {
    let (stack, rounding) = Stack::from_text(text)?;
    Some(Dialect::ALL.map(|d| export_stack(&stack, rounding, d)))
}

/// Code and a trailing `# → shape` comment, aligned.
fn with_shapes(lines: &[Line], indent: &str, suffix: &str, comment: &str) -> Vec<String> {
    let width = lines
        .iter()
        .flat_map(|l| l.code.lines())
        .map(|c| c.chars().count() + suffix.len())
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    for l in lines {
        let parts: Vec<&str> = l.code.lines().collect();
        for (i, part) in parts.iter().enumerate() {
            let code = format!("{part}{suffix}");
            if i + 1 == parts.len() {
                let pad = width - code.chars().count();
                out.push(format!(
                    "{indent}{code}{}  {comment} → {}",
                    " ".repeat(pad),
                    l.shape
                ));
            } else {
                out.push(format!("{indent}{code}"));
            }
        }
    }
    out
}

fn pytorch(head: &[String], lines: &[Line]) -> String {
    let mut out = vec!["import torch.nn as nn".to_string(), String::new()];
    out.extend(head.iter().cloned());
    out.push("model = nn.Sequential(".into());
    out.extend(with_shapes(lines, "    ", ",", "#"));
    out.push(")".into());
    out.join("\n")
}

fn torch7(head: &[String], lines: &[Line]) -> String {
    let mut out = vec!["require 'nn'".to_string(), String::new()];
    out.extend(head.iter().cloned());
    out.push("local model = nn.Sequential()".into());
    let wrapped: Vec<Line> = lines
        .iter()
        .map(|l| Line {
            code: l
                .code
                .lines()
                .map(|c| format!("model:add({c})"))
                .collect::<Vec<_>>()
                .join("\n"),
            shape: l.shape.clone(),
        })
        .collect();
    out.extend(with_shapes(&wrapped, "", "", "--"));
    out.join("\n")
}

fn caffe(head: &[String], lines: &[Line], stack: &Stack) -> String {
    let mut out: Vec<String> = head.to_vec();
    out.push("input: \"data\"".into());
    out.push(format!(
        "input_shape {{ dim: 1 dim: {} dim: {} dim: {} }}",
        stack.d, stack.n, stack.n
    ));
    let mut bottom = "data".to_string();
    let (mut conv, mut relu, mut pool, mut fc, mut dw) = (0, 0, 0, 0, 0);
    for (l, layer) in lines.iter().zip(&stack.layers) {
        let (name, kind) = match layer {
            StackLayer::Conv { .. } => {
                conv += 1;
                (format!("conv{conv}"), "Convolution")
            }
            StackLayer::Depthwise { .. } => {
                dw += 1;
                (format!("dwconv{dw}"), "Convolution")
            }
            StackLayer::Relu => {
                relu += 1;
                (format!("relu{relu}"), "ReLU")
            }
            StackLayer::Pool { .. } => {
                pool += 1;
                (format!("pool{pool}"), "Pooling")
            }
            StackLayer::Fc { .. } => {
                fc += 1;
                (format!("fc{fc}"), "InnerProduct")
            }
        };
        // ReLU works in place, as Caffe's own nets write it.
        let top = if kind == "ReLU" {
            bottom.clone()
        } else {
            name.clone()
        };
        let param = if l.code.is_empty() {
            String::new()
        } else {
            format!(" {}", l.code)
        };
        out.push(format!(
            "layer {{ name: \"{name}\" type: \"{kind}\" bottom: \"{bottom}\" top: \"{top}\"{param} }}  # → {}",
            l.shape
        ));
        bottom = top;
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::stack::NETWORKS;

    fn net(id: &str) -> Stack {
        NETWORKS.iter().find(|n| n.id == id).unwrap().stack()
    }

    #[test]
    fn the_small_convnet_in_pytorch_tracks_depths_and_flattens_before_the_fc() {
        let code = export_stack(&net("convnet"), Rounding::Strict, Dialect::PyTorch);
        let expected = [
            "import torch.nn as nn",
            "",
            "# input: (batch, 3, 32, 32)",
            "model = nn.Sequential(",
            "    nn.Conv2d(3, 16, kernel_size=3, stride=1, padding=1),   # → (batch, 16, 32, 32)",
            "    nn.ReLU(),                                              # → (batch, 16, 32, 32)",
            "    nn.MaxPool2d(kernel_size=2, stride=2),                  # → (batch, 16, 16, 16)",
            "    nn.Conv2d(16, 20, kernel_size=3, stride=1, padding=1),  # → (batch, 20, 16, 16)",
            "    nn.ReLU(),                                              # → (batch, 20, 16, 16)",
            "    nn.MaxPool2d(kernel_size=2, stride=2),                  # → (batch, 20, 8, 8)",
            "    nn.Flatten(),",
            "    nn.Linear(1280, 10),                                    # → (batch, 10)",
            ")",
        ];
        let lines: Vec<&str> = code.lines().collect();
        assert_eq!(&lines[..expected.len()], &expected[..], "\n{code}");
        // 3·3·3·16 + 16 = 448; 3·3·16·20 + 20 = 2,900; 1280·10 + 10 = 12,810.
        assert_eq!(
            lines.last(),
            Some(&"# learnable parameters: 16,158"),
            "\n{code}"
        );
    }

    /// Found in review: under SAME the code wrote only the symmetric part of the padding and
    /// the table's shapes, which PyTorch does not produce; under ceil the convolutions'
    /// shapes were ceiled though the header said they floor; a layer that does not fit the
    /// lecture's rule left an empty model.
    #[test]
    fn each_shape_is_what_the_framework_computes_and_a_difference_is_said() {
        // The line holding `code` ends with the shape `shape`.
        let says = |text: &str, code: &str, shape: &str| {
            text.lines()
                .any(|l| l.contains(code) && l.ends_with(&format!("→ {shape}")))
        };
        let mut s = net("shrink");
        s.layers[0] = StackLayer::Conv {
            k: 6,
            f: 5,
            s: 2,
            p: 0,
        };
        let same = export_stack(&s, Rounding::Same, Dialect::PyTorch);
        assert!(same.contains("    nn.ZeroPad2d((1, 2, 1, 2)),\n    nn.Conv2d(3, 6, kernel_size=5, stride=2, padding=0),"), "{same}");
        assert!(
            says(&same, "stride=2, padding=0)", "(batch, 6, 16, 16)"),
            "{same}"
        );
        assert!(
            says(
                &same,
                "nn.Conv2d(6, 10, kernel_size=5, stride=1, padding=2)",
                "(batch, 10, 16, 16)"
            ),
            "{same}"
        );
        assert!(!same.contains("where the table shows"), "{same}");
        let t7 = export_stack(&s, Rounding::Same, Dialect::Torch7);
        assert!(t7.contains("model:add(nn.SpatialZeroPadding(1, 2, 1, 2))\nmodel:add(nn.SpatialConvolution(3, 6, 5, 5, 2, 2, 0, 0))"), "{t7}");
        // Caffe cannot pad one side more: the smaller side, and Caffe's own shape, said.
        let caffe = export_stack(&s, Rounding::Same, Dialect::Caffe);
        assert!(says(&caffe, "pad: 1 } }", "(batch, 6, 15, 15)"), "{caffe}");
        assert!(caffe.contains("# layer 1: this code gives 15 × 15 × 6 where the table shows 16 × 16 × 6 (Caffe pads both sides alike)."), "{caffe}");

        let ceil = export_stack(&s, Rounding::Ceil, Dialect::PyTorch);
        assert!(ceil.contains("# layer 1: this code gives 14 × 14 × 6 where the table shows 15 × 15 × 6 (convolutions have no ceil mode: they floor)."), "{ceil}");
        assert!(
            says(&ceil, "stride=2, padding=0)", "(batch, 6, 14, 14)"),
            "{ceil}"
        );
        assert!(ceil.contains("# → (batch, 10, 10, 10)"), "{ceil}");
        // Only the layer where the two part says so; the next follows from it.
        assert!(!ceil.contains("layer 3:"), "{ceil}");

        let strict = export_stack(&s, Rounding::Strict, Dialect::PyTorch);
        assert!(strict.contains("# layer 1: the lecture's rule finds no whole size ((32 − 5 + 2·0) / 2 + 1 = 14.5); this code floors it: 14 × 14 × 6."), "{strict}");
        assert!(
            says(
                &strict,
                "nn.Conv2d(6, 10, kernel_size=5, stride=1, padding=0)",
                "(batch, 10, 10, 10)"
            ),
            "{strict}"
        );
        assert!(
            strict.ends_with("# learnable parameters: 1,966"),
            "{strict}"
        );

        // Caffe pools with ceil: 28 → 14 either way, but 27 → 14 where the table floors to 13.
        let pooled = Stack {
            n: 27,
            d: 1,
            layers: vec![StackLayer::Pool { f: 2, s: 2 }],
        };
        let caffe = export_stack(&pooled, Rounding::Floor, Dialect::Caffe);
        assert!(caffe.contains("# layer 1: this code gives 14 × 14 × 1 where the table shows 13 × 13 × 1 (Caffe pooling rounds up (ceil))."), "{caffe}");
        assert!(caffe.contains("# → (batch, 1, 14, 14)"), "{caffe}");
        let even = export_stack(&Stack { n: 28, ..pooled }, Rounding::Floor, Dialect::Caffe);
        assert!(!even.contains("layer 1:"), "{even}");
    }

    #[test]
    fn a_depthwise_layer_is_written_with_its_groups_in_each_dialect() {
        let s = net("separable");
        let py = export_stack(&s, Rounding::Strict, Dialect::PyTorch);
        let t7 = export_stack(&s, Rounding::Strict, Dialect::Torch7);
        let caffe = export_stack(&s, Rounding::Strict, Dialect::Caffe);
        let d = s.d;
        assert!(
            py.contains(&format!(
                "nn.Conv2d({d}, {d}, kernel_size=3, stride=1, padding=1, groups={d})"
            )),
            "{py}"
        );
        assert!(
            t7.contains(&format!(
                "nn.SpatialDepthWiseConvolution({d}, 1, 3, 3, 1, 1, 1, 1)"
            )),
            "{t7}"
        );
        assert!(caffe.contains(&format!("convolution_param {{ num_output: {d} group: {d} kernel_size: 3 stride: 1 pad: 1 }}")), "{caffe}");
        // And the plain convolutions after it have no groups.
        assert!(
            !py.lines()
                .filter(|l| l.contains("kernel_size=1"))
                .any(|l| l.contains("groups")),
            "{py}"
        );
        assert!(py.ends_with("# learnable parameters: 2,432"), "{py}");
    }

    #[test]
    fn torch7_and_caffe_say_the_same_network() {
        let t7 = export_stack(&net("fc"), Rounding::Strict, Dialect::Torch7);
        assert!(
            t7.contains("model:add(nn.View(3072))\nmodel:add(nn.Linear(3072, 10))"),
            "{t7}"
        );
        assert!(t7.ends_with("-- learnable parameters: 30,730"), "{t7}");
        let caffe = export_stack(&net("shrink"), Rounding::Strict, Dialect::Caffe);
        assert!(
            caffe.contains("input_shape { dim: 1 dim: 3 dim: 32 dim: 32 }"),
            "{caffe}"
        );
        assert!(caffe.contains("layer { name: \"conv1\" type: \"Convolution\" bottom: \"data\" top: \"conv1\" convolution_param { num_output: 6 kernel_size: 5 stride: 1 pad: 0 } }  # → (batch, 6, 28, 28)"), "{caffe}");
        assert!(
            caffe.contains(
                "layer { name: \"relu1\" type: \"ReLU\" bottom: \"conv1\" top: \"conv1\" }"
            ),
            "{caffe}"
        );
        assert!(
            caffe.contains("bottom: \"conv1\" top: \"conv2\""),
            "{caffe}"
        );
        assert!(caffe.ends_with("# learnable parameters: 1,966"), "{caffe}");
    }

    #[test]
    fn a_broken_stack_stops_with_the_tables_sentence_and_ceil_is_said() {
        let mut s = net("shrink");
        s.n = 7; // 7 → 3 with a 5×5 filter, then a second 5×5 cannot fit.
        let code = export_stack(&s, Rounding::Strict, Dialect::PyTorch);
        assert!(code.contains("nn.Conv2d(3, 6, kernel_size=5"), "{code}");
        assert!(!code.contains("nn.Conv2d(6, 10"), "{code}");
        assert!(
            code.contains("# layer 3: The filter spans 5 rows"),
            "{code}"
        );
        let pooled = Stack {
            n: 5,
            d: 1,
            layers: vec![StackLayer::Pool { f: 2, s: 2 }],
        };
        let code = export_stack(&pooled, Rounding::Ceil, Dialect::PyTorch);
        assert!(
            code.contains(
                "nn.MaxPool2d(kernel_size=2, stride=2, ceil_mode=True),  # → (batch, 1, 3, 3)"
            ),
            "{code}"
        );
        let t7 = export_stack(&pooled, Rounding::Ceil, Dialect::Torch7);
        assert!(
            t7.contains("nn.SpatialMaxPooling(2, 2, 2, 2):ceil()"),
            "{t7}"
        );
    }
}
