//! The whole layer stack as code: a PyTorch `nn.Sequential`, a Torch7 `nn.Sequential` or a
//! Caffe prototxt net, each layer commented with the shape it produces, so a practitioner can
//! check shapes and parameter counts against the table before writing the model.

use super::code::Dialect;
use super::stack::{rows, total_params, Flow, Row, Stack, StackLayer};
use super::text::count;
use crate::cnn::Rounding;

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

/// The stack in `dialect`. Layers after the first one without an output are left out, with
/// a comment saying why (the table shows the same sentence).
pub fn export_stack(stack: &Stack, rounding: Rounding, dialect: Dialect) -> String {
    let table = rows(stack, rounding);
    let comment = match dialect {
        Dialect::Torch7 => "--",
        _ => "#",
    };
    let input = Flow::Volume {
        h: stack.n,
        w: stack.n,
        d: stack.d,
    };
    let mut head = vec![format!("{comment} input: {}", shape(&input, dialect))];
    match (rounding, dialect) {
        (Rounding::Ceil, Dialect::Torch7) => {
            head.push("-- ceil: pooling uses :ceil(); convolutions always floor.".into())
        }
        (Rounding::Ceil, Dialect::PyTorch) => {
            head.push("# ceil: pooling uses ceil_mode=True; convolutions always floor.".into())
        }
        (Rounding::Floor | Rounding::Strict, Dialect::Caffe) if has_pool(stack) => head.push(
            "# Caffe pooling rounds up (ceil); the table's floor sizes may differ by one.".into(),
        ),
        (Rounding::Same, _) => head.push(format!(
            "{comment} SAME padding is written as the symmetric part of what TensorFlow would add."
        )),
        _ => {}
    }
    let mut lines = Vec::new();
    let mut broken = None;
    for row in &table {
        match (&row.output, row.input) {
            (Ok(out), Some(input)) => lines.push(Line {
                code: layer_code(row, &input, rounding, dialect),
                shape: shape(out, dialect),
            }),
            (Err(why), _) => {
                broken = Some(format!("{comment} layer {}: {why}", row.index + 1));
                break;
            }
            (Ok(_), None) => break,
        }
    }
    // Code comments stay English (as the frameworks' documentation is).
    let total = match total_params(&table) {
        Ok(t) => format!("{comment} learnable parameters: {}", count(t)),
        Err(t) => format!("{comment} learnable parameters: at least {}", count(t)),
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

fn has_pool(stack: &Stack) -> bool {
    stack
        .layers
        .iter()
        .any(|l| matches!(l, StackLayer::Pool { .. }))
}

/// The layer's code in `dialect` (Caffe: the `layer { … }` body after its name and links).
fn layer_code(row: &Row, input: &Flow, rounding: Rounding, dialect: Dialect) -> String {
    let depth = match *input {
        Flow::Volume { d, .. } => d,
        Flow::Flat(n) => n,
    };
    let flat_len = match *input {
        Flow::Volume { h, w, d } => h * w * d,
        Flow::Flat(n) => n,
    };
    // SAME pads what the planner chose; the code can say the symmetric part.
    let pad = |p: usize| match (rounding, row.config.and_then(|c| c.geometry().ok())) {
        (Rounding::Same, Some(g)) => g.rows.pad_lo,
        _ => p,
    };
    let ceil = rounding == Rounding::Ceil;
    // A flatten is needed when an FC layer follows a volume.
    let flatten =
        matches!(row.layer, StackLayer::Fc { .. }) && matches!(input, Flow::Volume { .. });
    match (row.layer, dialect) {
        (StackLayer::Conv { k, f, s, p }, Dialect::PyTorch) => format!(
            "nn.Conv2d({depth}, {k}, kernel_size={f}, stride={s}, padding={})",
            pad(p)
        ),
        (StackLayer::Conv { k, f, s, p }, Dialect::Torch7) => {
            let p = pad(p);
            format!("nn.SpatialConvolution({depth}, {k}, {f}, {f}, {s}, {s}, {p}, {p})")
        }
        (StackLayer::Conv { k, f, s, p }, Dialect::Caffe) => format!(
            "convolution_param {{ num_output: {k} kernel_size: {f} stride: {s} pad: {} }}",
            pad(p)
        ),
        (StackLayer::Depthwise { f, s, p }, Dialect::PyTorch) => format!(
            "nn.Conv2d({depth}, {depth}, kernel_size={f}, stride={s}, padding={}, groups={depth})",
            pad(p)
        ),
        (StackLayer::Depthwise { f, s, p }, Dialect::Torch7) => {
            let p = pad(p);
            format!("nn.SpatialDepthWiseConvolution({depth}, 1, {f}, {f}, {s}, {s}, {p}, {p})")
        }
        (StackLayer::Depthwise { f, s, p }, Dialect::Caffe) => format!(
            "convolution_param {{ num_output: {depth} group: {depth} kernel_size: {f} stride: {s} pad: {} }}",
            pad(p)
        ),
        (StackLayer::Relu, Dialect::PyTorch | Dialect::Torch7) => "nn.ReLU()".into(),
        (StackLayer::Relu, Dialect::Caffe) => String::new(),
        (StackLayer::Pool { f, s }, Dialect::PyTorch) => format!(
            "nn.MaxPool2d(kernel_size={f}, stride={s}{})",
            if ceil { ", ceil_mode=True" } else { "" }
        ),
        (StackLayer::Pool { f, s }, Dialect::Torch7) => format!(
            "nn.SpatialMaxPooling({f}, {f}, {s}, {s}){}",
            if ceil { ":ceil()" } else { "" }
        ),
        (StackLayer::Pool { f, s }, Dialect::Caffe) => {
            format!("pooling_param {{ pool: MAX kernel_size: {f} stride: {s} }}")
        }
        (StackLayer::Fc { outputs }, Dialect::PyTorch) => {
            let lin = format!("nn.Linear({flat_len}, {outputs})");
            if flatten {
                format!("nn.Flatten()\n{lin}")
            } else {
                lin
            }
        }
        (StackLayer::Fc { outputs }, Dialect::Torch7) => {
            let lin = format!("nn.Linear({flat_len}, {outputs})");
            if flatten {
                format!("nn.View({flat_len})\n{lin}")
            } else {
                lin
            }
        }
        // Caffe's InnerProduct flattens on its own.
        (StackLayer::Fc { outputs }, Dialect::Caffe) => {
            format!("inner_product_param {{ num_output: {outputs} }}")
        }
    }
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
