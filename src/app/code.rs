//! The current layer as code, and code back into the controls: PyTorch (`nn.Conv2d`,
//! `nn.MaxPool2d`), Torch7 (`nn.SpatialConvolution`, `nn.SpatialMaxPooling`) and a Caffe
//! prototxt `layer { … }`. Each export states what the framework does differently (floor
//! versus the lecture's exact rule, ceil mode, padding it cannot express); an import says in a
//! sentence what it did not understand.

use super::fields::Field;
use super::state::{Config, Op};
use crate::cnn::{Hw, Padding, Rounding, ShapeError, WindowSpec};
use crate::tr;

/// A code dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// PyTorch `torch.nn`.
    PyTorch,
    /// Lua Torch7 `nn`.
    Torch7,
    /// Caffe prototxt.
    Caffe,
}

impl Dialect {
    /// Every dialect, in menu order.
    pub const ALL: [Dialect; 3] = [Dialect::PyTorch, Dialect::Torch7, Dialect::Caffe];

    /// Its name.
    pub const fn name(self) -> &'static str {
        match self {
            Dialect::PyTorch => "PyTorch",
            Dialect::Torch7 => "Torch7",
            Dialect::Caffe => "Caffe",
        }
    }
}

/// "3" for a square pair, "(3, 5)" otherwise (PyTorch tuples are (height, width)).
fn pair(h: usize, w: usize) -> String {
    if h == w {
        h.to_string()
    } else {
        format!("({h}, {w})")
    }
}

/// The padding the code must express: SAME's computed one, or the controls'. A transposed
/// layer has no SAME (the page trims by P whatever the rounding; found by running the export
/// in PyTorch, which it wrote with the zero-stuffed convolution's padding).
fn padding(c: &Config) -> Padding {
    match (c.rounding, c.is_transposed(), c.geometry()) {
        (Rounding::Same, false, Ok(g)) => g.padding(),
        _ => c.padding(),
    }
}

fn symmetric(p: Padding) -> Option<(usize, usize)> {
    (p.top == p.bottom && p.left == p.right).then_some((p.top, p.left))
}

/// How a framework runs the exported (non-transposed) layer: the padding written into the
/// layer itself (both sides alike), an uneven padding written as a layer before it instead
/// (and, for pooling, one above half the kernel, which PyTorch and Torch7 refuse), whether it
/// rounds up, and the dilation it keeps.
/// (The stack's exporter runs its layers through the same.)
pub(super) struct Framed {
    pub(super) outer: Option<Padding>,
    pub(super) inner: Padding,
    pub(super) ceil: bool,
    dilation: usize,
}

pub(super) fn framed(c: &Config, dialect: Dialect) -> Framed {
    let p = padding(c);
    let pool = c.op == Op::MaxPool;
    // Against the padding written (SAME's too) and the undilated window, as PyTorch checks it.
    let over_half = pool && super::text::beyond_half(c, p).is_some();
    let (outer, inner) = match dialect {
        // Caffe pads both sides alike: the smaller side (a note says so).
        Dialect::Caffe => {
            let (h, w) = (p.top.min(p.bottom), p.left.min(p.right));
            (
                None,
                Padding {
                    top: h,
                    bottom: h,
                    left: w,
                    right: w,
                },
            )
        }
        _ if symmetric(p).is_some() && !over_half => (None, p),
        _ => (Some(p), Padding::zero()),
    };
    Framed {
        outer,
        inner,
        // Caffe always pools with ceil and convolves with floor.
        ceil: pool && (dialect == Dialect::Caffe || c.rounding == Rounding::Ceil),
        // Caffe's and Torch7's pooling and cudnn's grouped convolution have no dilation.
        dilation: match (dialect, c.op) {
            (Dialect::Caffe | Dialect::Torch7, Op::MaxPool) => 1,
            (Dialect::Torch7, Op::Conv) if c.groups > 1 => 1,
            _ => c.dil,
        },
    }
}

/// The output height and width of the exported code as `dialect` computes them (which may
/// differ from the page's: a convolution has no ceil mode, Caffe pools with ceil, …).
pub(super) fn framework_size(c: &Config, dialect: Dialect) -> Result<(usize, usize), ShapeError> {
    // Every framework refuses groups that do not divide both depths, as the page does.
    if c.op == Op::Conv {
        crate::cnn::check_groups(c.d, c.k, c.groups)?;
    }
    let fr = framed(c, dialect);
    // Caffe refuses a pooling padding not below its kernel (which its export may leave, having
    // no dilation to keep): CHECK_LT(pad_h_, kernel_h_).
    if dialect == Dialect::Caffe && c.op == Op::MaxPool {
        for (axis, pad, span) in [
            (crate::cnn::Axis::Height, fr.inner.top, c.f),
            (crate::cnn::Axis::Width, fr.inner.left, c.fw()),
        ] {
            if pad >= span {
                return Err(ShapeError::PoolPaddingTooLarge { axis, pad, span });
            }
        }
    }
    let o = fr.outer.unwrap_or_default();
    let (h, w) = (c.n + o.top + o.bottom, c.w() + o.left + o.right);
    let g = WindowSpec {
        kernel: Hw { h: c.f, w: c.fw() },
        stride: Hw { h: c.s, w: c.sw() },
        dilation: Hw::square(fr.dilation),
        padding: fr.inner,
        rounding: if fr.ceil {
            Rounding::Ceil
        } else {
            Rounding::Floor
        },
    }
    .geometry(h, w)?;
    // Caffe and Torch7 drop a last window that starts in the padding only when the layer
    // pads some side, and then on both axes (pooling_layer.cpp, SpatialMaxPooling.c:
    // `if (pad_h || pad_w)`); PyTorch, whose rule the core follows, always.
    let keeps_last = dialect != Dialect::PyTorch && fr.ceil && fr.inner == Padding::zero();
    let size = |n: usize, plan: &crate::cnn::AxisPlan| {
        if keeps_last {
            (n - plan.span).div_ceil(plan.stride) + 1
        } else {
            plan.output
        }
    };
    Ok((size(h, &g.rows), size(w, &g.cols)))
}

/// The layer(s) that pad `p` before a layer that cannot (uneven sides; pooling beyond half
/// its kernel): zeros for a convolution, −∞ for max pooling (its padding never wins).
pub(super) fn pad_layers(dialect: Dialect, pool: bool, p: Padding) -> Vec<String> {
    match (dialect, pool) {
        (Dialect::PyTorch, false) => vec![format!(
            "nn.ZeroPad2d(({}, {}, {}, {}))",
            p.left, p.right, p.top, p.bottom
        )],
        (Dialect::PyTorch, true) => vec![format!(
            "nn.ConstantPad2d(({}, {}, {}, {}), float('-inf'))",
            p.left, p.right, p.top, p.bottom
        )],
        (Dialect::Torch7, false) => vec![format!(
            "nn.SpatialZeroPadding({}, {}, {}, {})",
            p.left, p.right, p.top, p.bottom
        )],
        // nn.Padding(dim, pad, nInputDim, value): a negative pad goes before; dims 2 and 3
        // of a C × H × W input are its height and width.
        (Dialect::Torch7, true) => [
            (2, -1, p.top),
            (2, 1, p.bottom),
            (3, -1, p.left),
            (3, 1, p.right),
        ]
        .into_iter()
        .filter(|&(_, _, n)| n > 0)
        .map(|(dim, sign, n)| format!("nn.Padding({dim}, {}, 3, -math.huge)", sign * n as i64))
        .collect(),
        (Dialect::Caffe, _) => Vec::new(),
    }
}

/// A comment saying where the exported code's output differs from the page's.
fn size_note(c: &Config, dialect: Dialect, comment: &str) -> Option<String> {
    let page = c.geometry().ok().map(|g| (g.out_h(), g.out_w()))?;
    let code = code_size(c, dialect).ok()?;
    (page != code).then(|| {
        format!(
            "{comment} ConvScope shows an output of {} × {} (height × width) here; this code gives {} × {}.",
            page.0, page.1, code.0, code.1
        )
    })
}

/// The current layer in `dialect`.
pub fn export(c: &Config, dialect: Dialect) -> String {
    match dialect {
        Dialect::PyTorch => pytorch(c),
        Dialect::Torch7 => torch7(c),
        Dialect::Caffe => caffe(c),
    }
}

fn rounding_note(c: &Config, comment: &str, pool_ceil_supported: bool) -> Vec<String> {
    let mut notes = Vec::new();
    match (c.rounding, c.op, c.geometry()) {
        (Rounding::Strict, _, Err(ShapeError::DoesNotFit(_))) => notes.push(format!(
            "{comment} The lecture's rule finds no whole output size here; this framework floors instead."
        )),
        (_, _, Err(e)) => notes.push(format!("{comment} ConvScope refuses this layer: {e}")),
        (Rounding::Ceil, Op::Conv, _) => notes.push(format!(
            "{comment} Convolutions have no ceil mode here: this layer floors."
        )),
        (Rounding::Ceil, Op::MaxPool, _) if !pool_ceil_supported => notes.push(format!(
            "{comment} Ceil mode is not expressible here: this layer floors."
        )),
        _ => {}
    }
    notes
}

/// What a transposed layer's export must say: a bad output padding or groups, asymmetric
/// padding (a transposed convolution trims both sides alike), an output padding the
/// framework cannot express (Caffe's), and the output size that leaves.
fn transposed_notes(c: &Config, dialect: Dialect, comment: &str) -> Vec<String> {
    let mut notes = Vec::new();
    if let Err(e) = c.transpose_geometry() {
        notes.push(format!("{comment} {e}"));
    }
    let p = c.padding();
    if p.top != p.bottom || p.left != p.right {
        notes.push(format!(
            "{comment} The padding trims both sides alike here: {} is used; the extra row/column is not expressible.",
            pair(p.top.min(p.bottom), p.left.min(p.right))
        ));
    }
    if dialect == Dialect::Caffe && c.opad > 0 {
        notes.push(format!(
            "{comment} There is no output padding here: the output is {} smaller (a = {} is left out).",
            c.opad, c.opad
        ));
    }
    notes.extend(size_note(c, dialect, comment));
    notes
}

fn pytorch(c: &Config) -> String {
    let p = padding(c);
    let mut lines = if c.is_transposed() {
        transposed_notes(c, Dialect::PyTorch, "#")
    } else {
        rounding_note(c, "#", true)
    };
    let mut layers = Vec::new();
    let pad_arg = if c.is_transposed() {
        // A transposed conv trims its output by the padding: only symmetric trims exist.
        pair(p.top.min(p.bottom), p.left.min(p.right))
    } else {
        // nn.Conv2d and nn.MaxPool2d pad both sides alike, the pool by at most half its
        // kernel: any other padding goes in a layer before.
        let fr = framed(c, Dialect::PyTorch);
        if let Some(outer) = fr.outer {
            layers.extend(pad_layers(Dialect::PyTorch, c.op == Op::MaxPool, outer));
        }
        lines.extend(size_note(c, Dialect::PyTorch, "#"));
        pair(fr.inner.top, fr.inner.left)
    };
    let dil = if c.dil > 1 {
        format!(", dilation={}", c.dil)
    } else {
        String::new()
    };
    let groups = if c.groups > 1 {
        format!(", groups={}", c.groups)
    } else {
        String::new()
    };
    match c.op {
        Op::Conv => {
            let bias = if c.bias { "" } else { ", bias=False" };
            // Keyword arguments in each class's own signature order.
            let (class, tail) = if c.is_transposed() {
                let opad = if c.opad > 0 {
                    format!(", output_padding={}", c.opad)
                } else {
                    String::new()
                };
                ("ConvTranspose2d", format!("{opad}{groups}{bias}{dil}"))
            } else {
                ("Conv2d", format!("{dil}{groups}{bias}"))
            };
            layers.push(format!(
                "nn.{class}(in_channels={}, out_channels={}, kernel_size={}, stride={}, padding={pad_arg}{tail})",
                c.d,
                c.k,
                pair(c.f, c.fw()),
                pair(c.s, c.sw()),
            ));
            if c.relu {
                layers.push("nn.ReLU()".into());
            }
        }
        Op::MaxPool => {
            let ceil = if c.rounding == Rounding::Ceil {
                ", ceil_mode=True"
            } else {
                ""
            };
            layers.push(format!(
                "nn.MaxPool2d(kernel_size={}, stride={}, padding={pad_arg}{dil}{ceil})",
                pair(c.f, c.fw()),
                pair(c.s, c.sw())
            ));
        }
    }
    lines.insert(0, "import torch.nn as nn".into());
    lines.push(if layers.len() == 1 {
        format!("layer = {}", layers[0])
    } else {
        format!("layer = nn.Sequential(\n    {},\n)", layers.join(",\n    "))
    });
    lines.push(format!(
        "# input: (batch, {}, {}, {}) → {}",
        c.d,
        c.n,
        c.w(),
        out_shape(c, Dialect::PyTorch, ["(batch, ", ", ", ")"])
    ));
    lines.join("\n")
}

/// The exported code's output in `dialect`, "output: " and its depth, height and width
/// joined as `[open, sep, close]` say ("(batch, 10, 32, 32)"; Torch7 writes "10×32×32"), or
/// "no output: " and why.
fn out_shape(c: &Config, dialect: Dialect, [open, sep, close]: [&str; 3]) -> String {
    match code_size(c, dialect) {
        Ok((h, w)) => format!(
            "output: {open}{}{close}",
            [c.maps(), h, w].map(|v| v.to_string()).join(sep)
        ),
        Err(e) => format!("no output: {e}"),
    }
}

/// The exported code's output height and width in `dialect`: [`framework_size`], or for a
/// transposed layer the core's plan of the layer the code writes: both sides trimmed by the
/// smaller padding (transposed_notes), and no output padding in Caffe. (Subtracting those
/// from the page's size underflowed when Caffe's missing `a` was all of a 1-cell output.)
fn code_size(c: &Config, dialect: Dialect) -> Result<(usize, usize), ShapeError> {
    if !c.is_transposed() {
        return framework_size(c, dialect);
    }
    crate::cnn::check_groups(c.d, c.k, c.groups)?;
    let p = c.padding();
    let (h, w) = (p.top.min(p.bottom), p.left.min(p.right));
    let spec = crate::cnn::TransposeSpec {
        padding: Padding {
            top: h,
            bottom: h,
            left: w,
            right: w,
        },
        output_padding: Hw::square(if dialect == Dialect::Caffe { 0 } else { c.opad }),
        ..c.transpose_spec()
    };
    spec.geometry(c.n, c.w()).map(|g| (g.out_h(), g.out_w()))
}

fn torch7(c: &Config) -> String {
    let p = padding(c);
    let mut lines = if c.is_transposed() {
        transposed_notes(c, Dialect::Torch7, "--")
    } else {
        rounding_note(c, "--", true)
    };
    let mut layers = Vec::new();
    let (ph, pw) = if c.is_transposed() {
        (p.top.min(p.bottom), p.left.min(p.right))
    } else {
        let fr = framed(c, Dialect::Torch7);
        if let Some(outer) = fr.outer {
            layers.extend(pad_layers(Dialect::Torch7, c.op == Op::MaxPool, outer));
        }
        lines.extend(size_note(c, Dialect::Torch7, "--"));
        (fr.inner.top, fr.inner.left)
    };
    match c.op {
        Op::Conv if c.is_transposed() => {
            let args = format!(
                "{}, {}, {}, {}, {}, {}, {pw}, {ph}",
                c.d,
                c.k,
                c.fw(),
                c.f,
                c.sw(),
                c.s
            );
            let adj = if c.opad > 0 {
                format!(", {a}, {a}", a = c.opad)
            } else {
                String::new()
            };
            layers.push(if c.dil > 1 {
                format!(
                    "nn.SpatialFullDilatedConvolution({args}, {d}, {d}{adj})",
                    d = c.dil
                )
            } else {
                format!("nn.SpatialFullConvolution({args}{adj})")
            });
            if c.groups > 1 {
                lines.push(format!(
                    "-- nn.SpatialFullConvolution has no groups: G = {} is left out.",
                    c.groups
                ));
            }
            if c.relu {
                layers.push("nn.ReLU()".into());
            }
        }
        Op::Conv if c.groups > 1 => {
            lines.insert(0, "require 'cudnn'".into());
            layers.push(format!(
                "cudnn.SpatialConvolution({}, {}, {}, {}, {}, {}, {pw}, {ph}, {})",
                c.d,
                c.k,
                c.fw(),
                c.f,
                c.sw(),
                c.s,
                c.groups
            ));
            lines.push(format!(
                "-- nn.SpatialConvolution has no groups; cudnn's takes G = {} as its last argument.",
                c.groups
            ));
            if c.dil > 1 {
                lines.push("-- cudnn.SpatialConvolution has no dilation: it is left out.".into());
            }
            if c.relu {
                layers.push("nn.ReLU()".into());
            }
        }
        Op::Conv => {
            let args = format!(
                "{}, {}, {}, {}, {}, {}, {pw}, {ph}",
                c.d,
                c.k,
                c.fw(),
                c.f,
                c.sw(),
                c.s
            );
            layers.push(if c.dil > 1 {
                format!("nn.SpatialDilatedConvolution({args}, {d}, {d})", d = c.dil)
            } else {
                format!("nn.SpatialConvolution({args})")
            });
            if !c.bias {
                lines.push(
                    "-- Torch7 convolutions always have a bias; call :noBias() on newer nn.".into(),
                );
            }
            if c.relu {
                layers.push("nn.ReLU()".into());
            }
        }
        Op::MaxPool => {
            let ceil = if c.rounding == Rounding::Ceil {
                ":ceil()"
            } else {
                ""
            };
            if c.dil > 1 {
                lines.push("-- nn.SpatialMaxPooling has no dilation: it is left out.".into());
            }
            layers.push(format!(
                "nn.SpatialMaxPooling({}, {}, {}, {}, {pw}, {ph}){ceil}",
                c.fw(),
                c.f,
                c.sw(),
                c.s
            ));
        }
    }
    lines.insert(0, "require 'nn'".into());
    if layers.len() == 1 {
        lines.push(format!("module = {}", layers[0]));
    } else {
        lines.push("module = nn.Sequential()".into());
        for l in layers {
            lines.push(format!("module:add({l})"));
        }
    }
    lines.push(format!(
        "-- input: {}×{}×{} → {}",
        c.d,
        c.n,
        c.w(),
        out_shape(c, Dialect::Torch7, ["", "×", ""])
    ));
    lines.join("\n")
}

fn caffe(c: &Config) -> String {
    let p = padding(c);
    let mut notes = if c.is_transposed() {
        transposed_notes(c, Dialect::Caffe, "#")
    } else {
        Vec::new()
    };
    // Caffe pools with ceil and convolves with floor.
    match (c.op, c.rounding) {
        _ if c.is_transposed() => {}
        (Op::MaxPool, Rounding::Floor | Rounding::Strict)
            if framework_size(c, Dialect::Caffe).ok()
                != c.geometry().ok().map(|g| (g.out_h(), g.out_w())) =>
        {
            notes.push(
                "# Caffe pooling rounds up (ceil); PyTorch's ceil_mode=True matches it."
                    .to_string(),
            )
        }
        (Op::Conv, Rounding::Ceil) => {
            notes.push("# Caffe convolutions floor; there is no ceil mode.".to_string())
        }
        (Op::Conv, Rounding::Strict) if c.geometry().is_err() => notes.push(
            "# The lecture's rule finds no whole output size here; Caffe floors instead."
                .to_string(),
        ),
        _ => {}
    }
    if (p.top != p.bottom || p.left != p.right) && !c.is_transposed() {
        notes.push(format!(
            "# Caffe pads symmetrically: pad_h {} / pad_w {} is used; the extra row/column is not expressible.",
            p.top.min(p.bottom),
            p.left.min(p.right)
        ));
    }
    if c.op == Op::MaxPool && c.dil > 1 {
        notes.push("# Caffe pooling has no dilation: it is left out.".into());
    }
    if !c.is_transposed() {
        notes.extend(size_note(c, Dialect::Caffe, "#"));
    }
    let size = |one: &str, h: usize, w: usize| {
        if h == w {
            format!("    {one}: {h}\n")
        } else {
            format!("    {one}_h: {h}\n    {one}_w: {w}\n")
        }
    };
    let (ph, pw) = (p.top.min(p.bottom), p.left.min(p.right));
    let body = match c.op {
        Op::Conv => {
            let mut s = format!("  convolution_param {{\n    num_output: {}\n", c.k);
            s.push_str(&size("kernel", c.f, c.fw()).replace("kernel: ", "kernel_size: "));
            s.push_str(&size("stride", c.s, c.sw()));
            s.push_str(&size("pad", ph, pw));
            if c.dil > 1 {
                s.push_str(&format!("    dilation: {}\n", c.dil));
            }
            if c.groups > 1 {
                s.push_str(&format!("    group: {}\n", c.groups));
            }
            if !c.bias {
                s.push_str("    bias_term: false\n");
            }
            s.push_str("  }\n");
            // Caffe's Deconvolution layer takes the convolution's parameters.
            let kind = if c.is_transposed() {
                "Deconvolution"
            } else {
                "Convolution"
            };
            format!(
                "layer {{\n  name: \"conv1\"\n  type: \"{kind}\"\n  bottom: \"data\"\n  top: \"conv1\"\n{s}}}"
            )
        }
        Op::MaxPool => {
            let mut s = "  pooling_param {\n    pool: MAX\n".to_string();
            s.push_str(&size("kernel", c.f, c.fw()).replace("kernel: ", "kernel_size: "));
            s.push_str(&size("stride", c.s, c.sw()));
            s.push_str(&size("pad", ph, pw));
            s.push_str("  }\n");
            format!(
                "layer {{\n  name: \"pool1\"\n  type: \"Pooling\"\n  bottom: \"data\"\n  top: \"pool1\"\n{s}}}"
            )
        }
    };
    let mut out = notes;
    // The net's input, as the layer stack's export gives it: Caffe's layers do not say their
    // input's depth, and reading this back gives D₁, N and W.
    out.push(format!(
        "input: \"data\"\ninput_shape {{ dim: 1 dim: {} dim: {} dim: {} }}",
        c.d,
        c.n,
        c.w()
    ));
    out.push(body);
    if c.relu && c.op == Op::Conv {
        out.push("layer {\n  name: \"relu1\"\n  type: \"ReLU\"\n  bottom: \"conv1\"\n  top: \"conv1\"\n}".into());
    }
    out.push(format!(
        "# {}",
        out_shape(c, Dialect::Caffe, ["(1, ", ", ", ")"])
    ));
    out.join("\n")
}

/// [`export`] in every dialect ([`Dialect::ALL`] order) of the layer a page address
/// describes: the page's code panel asks the real-image view's wasm for it, so the page's own
/// wasm does not carry the exporters (its size budget).
pub fn export_query(query: &str) -> [String; 3] {
    let config = super::url::from_query(query, super::i18n::lang())
        .viz
        .config;
    Dialect::ALL.map(|d| export(&config, d))
}

/// [`import`] onto the layer the page address `query` describes, as the page's code panel
/// takes it from the real-image view's wasm: the sentence to show (the dialect read and the
/// notes), and the imported layer as an address.
pub fn import_query(text: &str, query: &str) -> Result<(String, String), String> {
    let base = super::url::from_query(query, super::i18n::lang())
        .viz
        .config;
    let i = import(text, &base)?;
    let mut said = tr!("code.read_as", i.dialect.name());
    for n in &i.notes {
        said.push(' ');
        said.push_str(n);
    }
    let config = Config {
        seed: base.seed,
        ..i.config
    };
    Ok((said, super::url::to_query(&super::state::Viz::new(config))))
}

/// What an import changed, and what it could not use.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The controls with the snippet's values (the input size N stays, unless a Caffe net's
    /// input shape comes with the layer: a layer's code does not say it).
    pub config: Config,
    /// The dialect recognised.
    pub dialect: Dialect,
    /// Sentences about arguments that were not understood or not supported.
    pub notes: Vec<String>,
}

/// Splits "a, b=(1, 2), c" at top-level commas.
fn split_args(s: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth) = (Vec::new(), String::new(), 0i32);
    for ch in s.chars() {
        match ch {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(cur.trim().to_string());
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(ch);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Whether `text[..at]` ends a word: what starts at `at` is a name of its own, not the end of
/// a longer one (`Conv2d(` in `LazyConv2d(`, `MaxPool2d(` in `AdaptiveMaxPool2d(`).
fn word_starts(text: &str, at: usize) -> bool {
    !text[..at].ends_with(|ch: char| ch == '_' || ch.is_ascii_alphanumeric())
}

/// The text between the parentheses following `name`, if `name(` occurs as a name of its own
/// (a `nn.` name also inside `cudnn.`, which the Torch7 reader takes as its own).
fn call_args(text: &str, name: &str) -> Option<String> {
    let (at, _) = text
        .match_indices(&format!("{name}("))
        .find(|&(at, _)| name.starts_with("nn.") || word_starts(text, at))?;
    let start = at + name.len() + 1;
    let mut depth = 1;
    for (i, ch) in text[start..].char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(text[start..start + i].to_string());
                }
            }
            _ => {}
        }
    }
    None
}

/// Python call arguments as (the argument for messages, shortened, as `keyword=value`;
/// keyword; value): positional ones take their keyword from `names` by position (an empty
/// keyword past the end).
fn keyword_args(args: &str, names: &[&str]) -> Vec<(String, String, String)> {
    split_args(args)
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            let (key, val, shown) = match a.split_once('=') {
                Some((k, v)) => (k.trim().to_string(), v.trim().to_string(), a.clone()),
                None => match names.get(i) {
                    Some(k) => (k.to_string(), a.clone(), format!("{k}={a}")),
                    None => (String::new(), a.clone(), a.clone()),
                },
            };
            (short(&shown), key, val)
        })
        .collect()
}

/// Pasted text quoted in a note: at most 24 characters, so a sentence stays a sentence.
fn short(text: &str) -> String {
    let mut out: String = text.chars().take(24).collect();
    if text.chars().nth(24).is_some() {
        out.push('…');
    }
    out
}

/// "3" → one text for both sides; "(3, 5)" or "[3, 5]" → the (height, width) texts.
fn pair_texts(v: &str) -> Option<Vec<&str>> {
    let t = v
        .trim()
        .trim_start_matches(['(', '['])
        .trim_end_matches([')', ']']);
    let parts: Vec<&str> = t
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    matches!(parts.len(), 1 | 2).then_some(parts)
}

/// Whether `v` is a number at all (a negative or fractional one is still one).
fn is_number(v: &str) -> bool {
    super::fields::parse_decimal(v.trim()).is_some_and(f64::is_finite)
}

/// `v` as a whole number, or a note naming `what`: a number that is not a whole one ≥ `min`
/// ("-3", "2.5") says so; anything else is not a number.
fn whole(what: &str, v: &str, min: usize, notes: &mut Vec<String>) -> Option<usize> {
    match v.trim().parse() {
        Ok(n) => Some(n),
        Err(_) if is_number(v) => {
            notes.push(tr!("code.whole", what, short(v.trim()), min));
            None
        }
        Err(_) => {
            notes.push(tr!("code.not_number", what, short(v.trim())));
            None
        }
    }
}

/// A (height, width) pair read from code, and what a note calls each side.
type Sides = ((usize, usize), [String; 2]);

/// A PyTorch size argument `key`: a number for both sides or a (height, width) pair, each a
/// whole number (a note for each that is not); `Err` if it is not numbers at all (the caller
/// says it was not understood). The names are what a note calls each side: the argument
/// itself, or "stride (height)" and "stride (width)" for a pair.
fn py_hw(key: &str, val: &str, min: usize, notes: &mut Vec<String>) -> Result<Option<Sides>, ()> {
    let parts = pair_texts(val).ok_or(())?;
    if !parts.iter().all(|p| is_number(p)) {
        return Err(());
    }
    let names = if parts.len() == 2 {
        [
            tr!("code.side", key, tr!("axis.height")),
            tr!("code.side", key, tr!("axis.width")),
        ]
    } else {
        [key.to_string(), key.to_string()]
    };
    let h = whole(&names[0], parts[0], min, notes);
    let w = match parts.get(1) {
        Some(t) => whole(&names[1], t, min, notes),
        None => h,
    };
    Ok(h.zip(w).map(|hw| (hw, names)))
}

/// Sets F, S or P (`which`: 'f', 's', 'p') from a (height, width) pair read from code, each
/// within the fields' limits (a note says what was out of them, by the `names` the snippet
/// gives the two sides: one note when both are the same value of the same name); unequal
/// sides turn on rectangular mode.
fn set_hw(
    c: &mut Config,
    which: char,
    names: [&str; 2],
    (h, w): (usize, usize),
    notes: &mut Vec<String>,
) {
    let (lo, hi) = if which == 'p' {
        (0, 16)
    } else if which == 's' {
        (1, 16)
    } else {
        (1, 31)
    };
    let h = bounded(names[0], h, lo, hi, notes);
    let w = if names[0] == names[1] && h.is_none() && !(lo..=hi).contains(&w) {
        None
    } else {
        bounded(names[1], w, lo, hi, notes)
    };
    let (Some(h), Some(w)) = (h, w) else {
        return;
    };
    if h != w {
        *c = c.with_rect(true);
    }
    match which {
        'f' => {
            c.f = h;
            c.fw_rect = w;
        }
        's' => {
            c.s = h;
            c.sw_rect = w;
        }
        _ => {
            if h == w {
                c.p = h;
                c.pads = None;
            } else {
                c.pads = Some(Padding {
                    top: h,
                    left: w,
                    bottom: h,
                    right: w,
                });
            }
        }
    }
}

/// PyTorch's window arguments, which Conv2d and MaxPool2d share: `kernel_size`, `stride`
/// and `padding` (a number or a pair) and `dilation` (one value for both axes, else a note).
/// False if the value is not understood (the caller's sentence says so).
fn pytorch_window(c: &mut Config, key: &str, val: &str, notes: &mut Vec<String>) -> bool {
    let min = if key == "padding" { 0 } else { 1 };
    let Ok(read) = py_hw(key, val, min, notes) else {
        if key == "dilation" {
            notes.push(tr!("code.one_dilation", short(val)));
            return true;
        }
        return false;
    };
    let Some(((h, w), names)) = read else {
        return true;
    };
    if key == "dilation" {
        if h == w {
            c.dil = bounded("dilation", h, 1, 8, notes).unwrap_or(c.dil);
        } else {
            notes.push(tr!("code.one_dilation", short(val)));
        }
        return true;
    }
    let which = match key {
        "kernel_size" => 'f',
        "stride" => 's',
        _ => 'p',
    };
    set_hw(c, which, [&names[0], &names[1]], (h, w), notes);
    true
}

/// What a PyTorch layer has unless its call says otherwise: stride 1, no padding, no
/// dilation (a pasted snippet does not keep the page's).
fn pytorch_defaults(c: &mut Config, notes: &mut Vec<String>) {
    set_hw(c, 's', ["stride"; 2], (1, 1), notes);
    set_hw(c, 'p', ["padding"; 2], (0, 0), notes);
    c.dil = 1;
}

/// A Python string's text: `'same'` or `"same"` → `same`.
fn unquote(v: &str) -> Option<&str> {
    ['\'', '"']
        .iter()
        .find_map(|q| v.strip_prefix(*q)?.strip_suffix(*q))
}

/// PyTorch's `padding='same'`: in all `dilation·(F − 1)` on each axis, half before (rounded
/// down) and the rest after, so that the output is as large as the input. PyTorch refuses it
/// with a stride other than 1.
fn pad_same(c: &mut Config, notes: &mut Vec<String>) {
    if (c.s, c.sw()) != (1, 1) {
        notes.push(tr!("code.same_strided").into());
        return;
    }
    let (th, tw) = (c.dil * (c.f - 1), c.dil * (c.fw() - 1));
    let (top, left) = (th / 2, tw / 2);
    let (bottom, right) = (th - top, tw - left);
    if bounded("padding", bottom.max(right), 0, 16, notes).is_none() {
        return;
    }
    if (top, left) == (bottom, right) {
        set_hw(c, 'p', ["padding"; 2], (top, left), notes);
    } else {
        c.pads = Some(Padding {
            top,
            left,
            bottom,
            right,
        });
    }
}

/// The values of a prototxt's `key: value` pairs, in order, wherever its lines break (a
/// layer on one line too), comments left out.
fn said<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut rest = line.split('#').next().unwrap_or("");
        while let Some(at) = rest.find(key) {
            // A whole key: "dim" is not the end of "input_dim".
            let whole = !rest[..at].ends_with(|c: char| c == '_' || c.is_ascii_alphanumeric());
            rest = &rest[at + key.len()..];
            if let (true, Some(v)) = (whole, rest.trim_start().strip_prefix(':')) {
                let v = v.trim_start();
                let end = v.find([' ', '\t', '}', '{']).unwrap_or(v.len());
                out.push(&v[..end]);
            }
        }
    }
    out
}

/// A Torch7 call's arguments as whole numbers, if there are at least `min` and all are.
fn torch_numbers(args: &str, min: usize) -> Option<Vec<usize>> {
    let v: Option<Vec<usize>> = split_args(args).iter().map(|a| a.parse().ok()).collect();
    v.filter(|v| v.len() >= min)
}

/// The arguments Torch7's convolutions share: nInputPlane, nOutputPlane, kW, kH, dW, dH,
/// padW, padH, then (the dilated ones) dilationW, dilationH.
fn torch_conv_args(c: &mut Config, v: &[usize], name: &str, notes: &mut Vec<String>) {
    c.dil = 1;
    c.d = bounded("nInputPlane", v[0], 1, 2048, notes).unwrap_or(c.d);
    c.k = bounded("nOutputPlane", v[1], 1, 2048, notes).unwrap_or(c.k);
    set_hw(c, 'f', ["kH", "kW"], (v[3], v[2]), notes);
    set_hw(
        c,
        's',
        ["dH", "dW"],
        (*v.get(5).unwrap_or(&1), *v.get(4).unwrap_or(&1)),
        notes,
    );
    let pw = *v.get(6).unwrap_or(&0);
    set_hw(
        c,
        'p',
        ["padH", "padW"],
        (*v.get(7).unwrap_or(&pw), pw),
        notes,
    );
    if name.contains("Dilated") {
        match (v.get(8), v.get(9)) {
            (Some(&a), Some(&b)) if a == b => {
                c.dil = bounded("dilation", a, 1, 8, notes).unwrap_or(c.dil)
            }
            (Some(_), Some(_)) => notes.push(tr!("code.dilations").into()),
            _ => {}
        }
    }
}

/// The values of the prototxt field `key`, in order (none if it is absent), each a whole
/// number ≥ `min`: a note for each that is not, and then none of them is used.
fn caffe_numbers(text: &str, key: &str, min: usize, notes: &mut Vec<String>) -> Option<Vec<usize>> {
    let read: Vec<Option<usize>> = said(text, key)
        .into_iter()
        .map(|v| whole(key, v, min, notes))
        .collect();
    read.into_iter().collect()
}

/// A field Caffe takes once: its value (the last, with a note, if it is given more often).
fn caffe_one(text: &str, key: &str, min: usize, notes: &mut Vec<String>) -> Option<usize> {
    let v = caffe_numbers(text, key, min, notes)?;
    if v.len() > 1 {
        notes.push(tr!("code.twice", key, v[v.len() - 1]));
    }
    v.last().copied()
}

/// A window size (height, width), each side with the name a note gives it: `key` once for
/// both sides, or (a convolution's `repeated` field) twice for the height then the width;
/// `prefix_h` and `prefix_w` set one side. A side is `None` if not said or not usable (a note
/// says why).
///
/// Refused as Caffe refuses it: `key` beside `prefix_h` or `prefix_w`, or one of those without
/// the other (which Caffe's convolution takes as 0, the one default it accepts: its padding's).
fn caffe_hw(
    text: &str,
    key: &str,
    prefix: &str,
    min: usize,
    repeated: bool,
    notes: &mut Vec<String>,
) -> Result<[Option<(usize, String)>; 2], String> {
    let [h, w] = ["h", "w"].map(|axis| format!("{prefix}_{axis}"));
    match [key, &h, &w].map(|k| !said(text, k).is_empty()) {
        [true, false, false] | [false, true, true] | [false, false, false] => {}
        [true, ..] => return Err(tr!("code.caffe_both", key, tr!("list.and", h, w))),
        // A convolution's padding is 0 on a side not given.
        _ if prefix == "pad" && repeated => {}
        [_, true, _] => return Err(caffe_missing(repeated, &w)),
        _ => return Err(caffe_missing(repeated, &h)),
    }
    let mut sides = [None, None];
    match caffe_numbers(text, key, min, notes).as_deref() {
        None | Some([]) => {}
        Some(&[v]) => sides = [Some((v, key.into())), Some((v, key.into()))],
        Some(&[h, w]) if repeated => {
            sides = [
                Some((h, tr!("code.side", key, tr!("axis.height")))),
                Some((w, tr!("code.side", key, tr!("axis.width")))),
            ]
        }
        Some(v) if repeated => notes.push(tr!("code.caffe_repeated", key, v.len())),
        Some(&[.., v]) => {
            notes.push(tr!("code.twice", key, v));
            sides = [Some((v, key.into())), Some((v, key.into()))];
        }
    }
    for (side, one) in sides.iter_mut().zip([h, w]) {
        if let Some(v) = caffe_one(text, &one, min, notes) {
            *side = Some((v, one));
        }
    }
    Ok(sides)
}

/// The sentence refusing a Caffe layer (a convolution's if `conv`) without the field `what`.
fn caffe_missing(conv: bool, what: &str) -> String {
    let param = if conv {
        "convolution_param"
    } else {
        "pooling_param"
    };
    tr!("code.missing", param, what, "Caffe")
}

/// Reads a Caffe `layer { … convolution_param / pooling_param … }` (and the net's input
/// shape, if it comes with it) into `c`.
fn caffe_layer(text: &str, c: &mut Config, notes: &mut Vec<String>) -> Result<(), String> {
    let pool = text.contains("pooling_param");
    c.op = if pool { Op::MaxPool } else { Op::Conv };
    // Caffe floors convolutions and ceils pooling.
    c.rounding = if pool {
        Rounding::Ceil
    } else {
        Rounding::Floor
    };
    // The input's shape, when the net's input is in the snippet (an Input layer's
    // `shape { dim … }`, or the older `input_dim`s): batch, depth, height, width.
    let dims = ["dim", "input_dim"]
        .into_iter()
        .filter_map(|key| caffe_numbers(text, key, 1, notes))
        .find(|d| d.len() == 4);
    if let Some(d) = &dims {
        c.d = bounded("dim (channels)", d[1], 1, 2048, notes).unwrap_or(c.d);
        let n = bounded("dim (height)", d[2], 1, 512, notes);
        let w = bounded("dim (width)", d[3], 1, 512, notes);
        if let (Some(n), Some(w)) = (n, w) {
            c.n = n;
            if n != w {
                *c = c.with_rect(true);
            }
            c.w_rect = w;
        }
    } else if !pool {
        notes.push(tr!("code.caffe_depth", c.d));
    }
    // Caffe requires a convolution's number of filters: left out, it stops at num_output > 0,
    // so a snippet without it is refused as one without its kernel, not read with the page's K.
    match caffe_one(text, "num_output", 1, notes) {
        Some(k) => c.k = bounded("num_output", k, 1, 2048, notes).unwrap_or(c.k),
        None if !pool && said(text, "num_output").is_empty() => {
            return Err(caffe_missing(true, "num_output"))
        }
        None => {}
    }
    // Caffe's global pooling: one window over the whole input, stride 1, no padding; Caffe
    // refuses a kernel given beside it. (It was refused as a pooling without its kernel.)
    if pool && said(text, "global_pooling").contains(&"true") {
        if ["kernel_size", "kernel_h", "kernel_w"]
            .iter()
            .any(|k| !said(text, k).is_empty())
        {
            return Err(tr!("code.caffe_both", "global_pooling", "kernel_size"));
        }
        // Caffe checks a global pooling has stride 1 and no padding.
        for (key, only) in [("stride", "1"), ("pad", "0")] {
            if said(text, key).iter().any(|&v| v != only) {
                return Err(tr!("code.caffe_both", "global_pooling", key));
            }
        }
        if said(text, "pool").iter().any(|&p| p != "MAX") {
            notes.push(tr!("code.max_only").into());
        }
        let (n, w) = (c.n, c.w());
        set_hw(c, 'f', ["global_pooling"; 2], (n, w), notes);
        set_hw(c, 's', ["stride"; 2], (1, 1), notes);
        set_hw(c, 'p', ["pad"; 2], (0, 0), notes);
        c.dil = 1;
        return Ok(());
    }
    // ConvolutionParameter's kernel_size, stride, pad and dilation are `repeated` (one value
    // for both axes, or the height then the width); PoolingParameter's are not.
    let said_before = notes.len();
    match caffe_hw(text, "kernel_size", "kernel", 1, !pool, notes)? {
        [Some((h, hn)), Some((w, wn))] => set_hw(c, 'f', [&hn, &wn], (h, w), notes),
        // A kernel said but not usable keeps the page's (the notes say why).
        _ if notes.len() > said_before => {}
        _ => {
            let pair = tr!("list.and", "kernel_h", "kernel_w");
            return Err(caffe_missing(!pool, &tr!("list.or", "kernel_size", pair)));
        }
    }
    // Their defaults are also their least values: stride 1, pad 0.
    for (key, which, default) in [("stride", 's', 1), ("pad", 'p', 0)] {
        let [h, w] = caffe_hw(text, key, key, default, !pool, notes)?;
        let (h, hn) = h.unwrap_or((default, key.into()));
        let (w, wn) = w.unwrap_or((default, key.into()));
        set_hw(c, which, [&hn, &wn], (h, w), notes);
    }
    c.dil = 1;
    match caffe_numbers(text, "dilation", 1, notes).as_deref() {
        Some(&[d]) => c.dil = bounded("dilation", d, 1, 8, notes).unwrap_or(1),
        Some(&[h, w]) if h == w => c.dil = bounded("dilation", h, 1, 8, notes).unwrap_or(1),
        Some(&[_, _]) => notes.push(tr!("code.dilations").into()),
        Some(v) if v.len() > 2 => notes.push(tr!("code.caffe_repeated", "dilation", v.len())),
        _ => {}
    }
    c.bias = !said(text, "bias_term").contains(&"false");
    if pool && said(text, "pool").iter().any(|&p| p != "MAX") {
        notes.push(tr!("code.max_only").into());
    }
    if !pool {
        // The type said last before the parameters is this layer's.
        let at = text.find("convolution_param").unwrap_or(text.len());
        c.transposed = said(&text[..at], "type").last() == Some(&"\"Deconvolution\"");
        c.opad = 0;
        c.groups = match caffe_one(text, "group", 1, notes) {
            Some(g) => bounded("group", g, 1, 2048, notes).unwrap_or(1),
            None => 1,
        };
    }
    Ok(())
}

/// Refuses a PyTorch call without the arguments `needed` that PyTorch requires, naming them.
/// Refused rather than read with a note, as PyTorch itself raises a TypeError and the Torch7
/// and Caffe readers already refuse a layer without its required arguments: a half-read call
/// would leave the page's D₁, K or F showing as if the snippet had said them.
fn required(args: &str, names: &[&str], needed: &[&str], call: &str) -> Result<(), String> {
    let given: Vec<String> = keyword_args(args, names)
        .into_iter()
        .filter(|(_, _, val)| !val.is_empty())
        .map(|(_, key, _)| key)
        .collect();
    let missing: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|n| !given.iter().any(|g| g == n))
        .collect();
    match missing.as_slice() {
        [] => Ok(()),
        [one] => Err(tr!("code.missing", call, one, "PyTorch")),
        [init @ .., last] => Err(tr!(
            "code.missing",
            call,
            tr!("list.and", init.join(", "), last),
            "PyTorch"
        )),
    }
}

/// A note if the argument `key`, one of `names` (a call's own), was `said` before: PyTorch
/// refuses that, and the import reads the last.
fn twice(said: &mut Vec<String>, names: &[&str], key: &str, val: &str, notes: &mut Vec<String>) {
    if names.contains(&key) {
        if said.iter().any(|k| k == key) {
            notes.push(tr!("code.twice", key, val));
        } else {
            said.push(key.to_string());
        }
    }
}

/// One sentence for all the positional arguments past those `call` takes, if any.
fn extra_note(extra: usize, call: &str) -> Option<String> {
    let sentence = match extra {
        0 => return None,
        1 => tr!("code.extra.one"),
        _ => tr!("code.extra.many"),
    };
    Some(super::i18n::fill(sentence, &[&extra, &call]))
}

/// The notes without repeats, in order, and at most [`MAX_NOTES`] of them (the last then
/// says how many more there were): a pasted snippet may hold thousands of arguments.
fn fewer(notes: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out: Vec<String> = notes
        .into_iter()
        .filter(|n| seen.insert(n.clone()))
        .collect();
    if out.len() > MAX_NOTES {
        let left = out.len() - (MAX_NOTES - 1);
        out.truncate(MAX_NOTES - 1);
        out.push(tr!("code.more_notes", left));
    }
    out
}

/// The most notes an import shows.
const MAX_NOTES: usize = 8;

fn bounded(what: &str, v: usize, lo: usize, hi: usize, notes: &mut Vec<String>) -> Option<usize> {
    if (lo..=hi).contains(&v) {
        Some(v)
    } else {
        notes.push(tr!("code.outside", what, v, lo, hi));
        None
    }
}

/// Reads a PyTorch, Torch7 or Caffe snippet into the controls, starting from `base`. Groups
/// that do not divide the channels or the filters, and a transposed layer's output padding
/// too large for its stride, are kept (the page says why there is no output) and get a note.
pub fn import(text: &str, base: &Config) -> Result<Imported, String> {
    let mut i = read(text, base).map(|mut imported| {
        // Setting D through `with` drops fixed values (the notes' figure) that no longer fit.
        imported.config = imported.config.with(Field::D, imported.config.d);
        imported
    })?;
    let c = &i.config;
    if c.op == Op::Conv {
        if let Err(e) = crate::cnn::check_groups(c.d, c.k, c.groups) {
            i.notes.push(super::text::error(&e));
        }
    }
    // A transposed layer's own rule, whatever its input: an output padding smaller than its
    // stride or dilation. (What depends on the input size, which a layer's code does not
    // give, the page's read-out says.)
    if c.is_transposed() {
        if let Err(e @ ShapeError::OutputPaddingTooLarge { .. }) =
            c.transpose_spec().geometry(c.n, c.w())
        {
            i.notes.push(super::text::error(&e));
        }
    }
    i.notes = fewer(i.notes);
    Ok(i)
}

/// The layer calls ConvScope reads, as a snippet spells them (PyTorch's also without `nn.`),
/// and the name a note gives each.
const CALLS: [(&str, &str); 11] = [
    ("nn.ConvTranspose2d(", "nn.ConvTranspose2d"),
    ("ConvTranspose2d(", "nn.ConvTranspose2d"),
    ("nn.Conv2d(", "nn.Conv2d"),
    ("Conv2d(", "nn.Conv2d"),
    ("nn.MaxPool2d(", "nn.MaxPool2d"),
    ("MaxPool2d(", "nn.MaxPool2d"),
    (
        "nn.SpatialFullDilatedConvolution(",
        "nn.SpatialFullDilatedConvolution",
    ),
    ("nn.SpatialFullConvolution(", "nn.SpatialFullConvolution"),
    (
        "nn.SpatialDilatedConvolution(",
        "nn.SpatialDilatedConvolution",
    ),
    ("nn.SpatialConvolution(", "nn.SpatialConvolution"),
    ("nn.SpatialMaxPooling(", "nn.SpatialMaxPooling"),
];

/// The layers in `text` that ConvScope could read, in order: where each starts, and its name
/// (a call's, or a Caffe layer's `name:`). One call spelled two ways (`nn.Conv2d(` holds
/// `Conv2d(`) is one layer.
fn layers(text: &str) -> Vec<(usize, String)> {
    let starts_word = |at: usize| word_starts(text, at);
    // (where its call's parenthesis or its parameters are, where it starts, its name)
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    for (call, name) in CALLS {
        for (at, _) in text.match_indices(call) {
            if call.starts_with("nn.") || starts_word(at) {
                found.push((at + call.len(), at, name.to_string()));
            }
        }
    }
    for (param, kind) in [
        ("convolution_param", "Convolution"),
        ("pooling_param", "Pooling"),
    ] {
        for (at, _) in text.match_indices(param) {
            if starts_word(at) {
                let name = said(&text[..at], "name").last().map_or(kind, |n| *n);
                found.push((at, at, name.to_string()));
            }
        }
    }
    // The longest spelling of a call first, then one layer per parenthesis.
    found.sort_by_key(|&(key, at, _)| (key, at));
    found.dedup_by_key(|(key, _, _)| *key);
    found.sort_by_key(|&(_, at, _)| at);
    found.into_iter().map(|(_, at, name)| (at, name)).collect()
}

/// `text` without its comments (Python's and a prototxt's `#`, Lua's `--`, each to the end of
/// its line): a call commented argument by argument, or a layer commented out, reads as the
/// code runs.
fn uncommented(text: &str) -> String {
    text.lines()
        .map(|line| {
            let end = [line.find('#'), line.find("--")]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(line.len());
            &line[..end]
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// [`import`] before the fixed values are checked against the new layer.
fn read(text: &str, base: &Config) -> Result<Imported, String> {
    let text: &str = &uncommented(text);
    let mut c = *base;
    let mut notes = Vec::new();
    // Only the first layer is read: the text up to the next one, and a note naming it.
    let layers = layers(text);
    let text = match layers.as_slice() {
        [first, next, ..] => {
            notes.push(tr!("code.first_only", first.1, layers.len()));
            &text[..next.0]
        }
        _ => text,
    };
    let torch_conv = ["nn.SpatialDilatedConvolution", "nn.SpatialConvolution"];
    let transposed =
        call_args(text, "nn.ConvTranspose2d").or_else(|| call_args(text, "ConvTranspose2d"));
    if let Some(args) = transposed
        .clone()
        .or_else(|| call_args(text, "nn.Conv2d"))
        .or_else(|| call_args(text, "Conv2d"))
    {
        c.op = Op::Conv;
        c.rounding = Rounding::Floor;
        c.transposed = transposed.is_some();
        c.groups = 1;
        c.opad = 0;
        pytorch_defaults(&mut c, &mut notes);
        c.bias = true;
        let class = if c.transposed {
            "nn.ConvTranspose2d"
        } else {
            "nn.Conv2d"
        };
        let (mut same, mut extra, mut said) = (false, 0, Vec::new());
        // The positional order differs: ConvTranspose2d has output_padding and groups before
        // dilation.
        let names: &[&str] = if c.transposed {
            &[
                "in_channels",
                "out_channels",
                "kernel_size",
                "stride",
                "padding",
                "output_padding",
                "groups",
                "bias",
                "dilation",
                "padding_mode",
                "device",
                "dtype",
            ]
        } else {
            &[
                "in_channels",
                "out_channels",
                "kernel_size",
                "stride",
                "padding",
                "dilation",
                "groups",
                "bias",
                "padding_mode",
                "device",
                "dtype",
            ]
        };
        required(
            &args,
            names,
            &["in_channels", "out_channels", "kernel_size"],
            class,
        )?;
        for (a, key, val) in keyword_args(&args, names) {
            let shown = short(&val);
            twice(&mut said, names, &key, &shown, &mut notes);
            match key.as_str() {
                "output_padding" if c.transposed => match py_hw(&key, &val, 0, &mut notes) {
                    Ok(Some(((a, b), _))) if a == b => {
                        c.opad = bounded("output_padding", a, 0, 15, &mut notes).unwrap_or(0)
                    }
                    Ok(None) => {}
                    _ => notes.push(tr!("code.one_opad", shown)),
                },
                "groups" => {
                    c.groups = whole(&key, &val, 1, &mut notes)
                        .and_then(|v| bounded("groups", v, 1, 2048, &mut notes))
                        .unwrap_or(1)
                }
                "in_channels" | "out_channels" => {
                    let v = whole(&key, &val, 1, &mut notes)
                        .and_then(|v| bounded(&key, v, 1, 2048, &mut notes));
                    match (key.as_str(), v) {
                        ("in_channels", Some(v)) => c.d = v,
                        (_, Some(v)) => c.k = v,
                        _ => {}
                    }
                }
                // Conv2d's padding may be a word (ConvTranspose2d's may not): 'valid' is
                // none, 'same' is worked out below, once the kernel and dilation are known.
                "padding" if !c.transposed && matches!(unquote(&val), Some("same" | "valid")) => {
                    same = unquote(&val) == Some("same");
                }
                "kernel_size" | "stride" | "padding" | "dilation" => {
                    // A number after padding='same' is the padding.
                    same &= key != "padding";
                    if !pytorch_window(&mut c, &key, &val, &mut notes) {
                        notes.push(tr!("code.not_understood", key, shown));
                    }
                }
                // PyTorch asks `if bias:`, so 0 and None leave it out as False does.
                "bias" => match val.as_str() {
                    "True" | "1" => c.bias = true,
                    "False" | "0" | "None" => c.bias = false,
                    _ => notes.push(tr!("code.not_understood", key, shown)),
                },
                "" => extra += 1,
                // The defaults, which the page shows.
                "padding_mode" if unquote(&val) == Some("zeros") => {}
                "device" | "dtype" if val == "None" => {}
                _ => notes.push(tr!("code.unsupported", a)),
            }
        }
        notes.extend(extra_note(extra, class));
        if same {
            pad_same(&mut c, &mut notes);
        }
        return Ok(Imported {
            config: c,
            dialect: Dialect::PyTorch,
            notes,
        });
    }
    if let Some(args) = call_args(text, "nn.MaxPool2d").or_else(|| call_args(text, "MaxPool2d")) {
        c.op = Op::MaxPool;
        c.rounding = Rounding::Floor;
        pytorch_defaults(&mut c, &mut notes);
        let names = [
            "kernel_size",
            "stride",
            "padding",
            "dilation",
            "return_indices",
            "ceil_mode",
        ];
        let mut extra = 0;
        required(&args, &names, &["kernel_size"], "nn.MaxPool2d")?;
        let (mut said, mut strided) = (Vec::new(), false);
        for (a, key, val) in keyword_args(&args, &names) {
            let shown = short(&val);
            twice(&mut said, &names, &key, &shown, &mut notes);
            match key.as_str() {
                // PyTorch's default, which the stride takes below.
                "stride" if val == "None" => {}
                "kernel_size" | "stride" | "padding" | "dilation" => {
                    strided |= key == "stride";
                    if !pytorch_window(&mut c, &key, &val, &mut notes) {
                        notes.push(tr!("code.not_understood", key, shown));
                    }
                }
                "ceil_mode" => {
                    if val == "True" {
                        c.rounding = Rounding::Ceil;
                    }
                }
                "return_indices" if val == "False" => {}
                "" => extra += 1,
                _ => notes.push(tr!("code.unsupported", a)),
            }
        }
        notes.extend(extra_note(extra, "nn.MaxPool2d"));
        notes.extend(
            super::text::pool_beyond_half(&c).map(|(p, f)| tr!("code.pool_half", p, f).to_string()),
        );
        // PyTorch's default stride (not given, or None) is the kernel size.
        if !strided {
            c.s = c.f;
            c.sw_rect = c.fw_rect;
        }
        return Ok(Imported {
            config: c,
            dialect: Dialect::PyTorch,
            notes,
        });
    }
    for name in [
        "nn.SpatialFullDilatedConvolution",
        "nn.SpatialFullConvolution",
    ] {
        if let Some(args) = call_args(text, name) {
            let v = torch_numbers(&args, 4).ok_or_else(|| tr!("code.whole_full", name))?;
            // nInputPlane … padH, then dilationW, dilationH (the dilated one), adjW, adjH.
            let takes = if name.contains("Dilated") { 12 } else { 10 };
            notes.extend(extra_note(v.len().saturating_sub(takes), name));
            c.op = Op::Conv;
            c.transposed = true;
            c.groups = 1;
            torch_conv_args(&mut c, &v, name, &mut notes);
            c.bias = !text.contains(":noBias()");
            // The dilated variant puts dilationW, dilationH before adjW, adjH.
            let adj_at = if name.contains("Dilated") { 10 } else { 8 };
            c.opad = match (v.get(adj_at), v.get(adj_at + 1)) {
                (Some(&a), Some(&b)) if a == b => {
                    bounded("adjW", a, 0, 15, &mut notes).unwrap_or(0)
                }
                (Some(&a), None) => bounded("adjW", a, 0, 15, &mut notes).unwrap_or(0),
                (Some(_), Some(_)) => {
                    notes.push(tr!("code.adj").into());
                    0
                }
                _ => 0,
            };
            return Ok(Imported {
                config: c,
                dialect: Dialect::Torch7,
                notes,
            });
        }
    }
    for name in torch_conv {
        if let Some(args) = call_args(text, name) {
            let v = torch_numbers(&args, 4).ok_or_else(|| tr!("code.whole_conv", name))?;
            let cudnn = text.contains("cudnn.SpatialConvolution(");
            // nInputPlane … padH, then dilationW, dilationH (the dilated one) or cudnn's groups.
            let (takes, shown) = match (name.contains("Dilated"), cudnn) {
                (true, _) => (10, name),
                (false, true) => (9, "cudnn.SpatialConvolution"),
                (false, false) => (8, name),
            };
            notes.extend(extra_note(v.len().saturating_sub(takes), shown));
            c.op = Op::Conv;
            c.rounding = Rounding::Floor;
            c.transposed = false;
            c.opad = 0;
            // cudnn.SpatialConvolution takes the groups as a ninth argument.
            c.groups = match v.get(8) {
                Some(&g) if cudnn => bounded("groups", g, 1, 2048, &mut notes).unwrap_or(1),
                _ => 1,
            };
            torch_conv_args(&mut c, &v, name, &mut notes);
            c.bias = !text.contains(":noBias()");
            return Ok(Imported {
                config: c,
                dialect: Dialect::Torch7,
                notes,
            });
        }
    }
    if let Some(args) = call_args(text, "nn.SpatialMaxPooling") {
        let v = torch_numbers(&args, 2).ok_or_else(|| tr!("code.whole_pool").to_string())?;
        notes.extend(extra_note(
            v.len().saturating_sub(6),
            "nn.SpatialMaxPooling",
        ));
        c.op = Op::MaxPool;
        c.rounding = if text.contains(":ceil()") {
            Rounding::Ceil
        } else {
            Rounding::Floor
        };
        c.dil = 1;
        set_hw(&mut c, 'f', ["kH", "kW"], (v[1], v[0]), &mut notes);
        set_hw(
            &mut c,
            's',
            ["dH", "dW"],
            (*v.get(3).unwrap_or(&v[1]), *v.get(2).unwrap_or(&v[0])),
            &mut notes,
        );
        set_hw(
            &mut c,
            'p',
            ["padH", "padW"],
            (*v.get(5).unwrap_or(&0), *v.get(4).unwrap_or(&0)),
            &mut notes,
        );
        notes.extend(
            super::text::pool_beyond_half(&c).map(|(p, f)| tr!("code.pool_half", p, f).to_string()),
        );
        return Ok(Imported {
            config: c,
            dialect: Dialect::Torch7,
            notes,
        });
    }
    if text.contains("convolution_param") || text.contains("pooling_param") {
        caffe_layer(text, &mut c, &mut notes)?;
        return Ok(Imported {
            config: c,
            dialect: Dialect::Caffe,
            notes,
        });
    }
    // A layer ConvScope does not show (nn.AvgPool2d, nn.Conv1d, nn.AdaptiveMaxPool2d, …) is
    // named, so the sentence does not seem to say its framework is not read.
    let other = text.match_indices("nn.").find_map(|(at, _)| {
        let call = &text[at..];
        let end = call[3..].find(|ch: char| ch != '_' && !ch.is_ascii_alphanumeric())? + 3;
        let name = &call[..end];
        (call[end..].starts_with('(') && (name.contains("Conv") || name.contains("Pool")))
            .then_some(name)
    });
    Err(match other {
        Some(name) => tr!("code.not_layer", name),
        None => tr!("code.not_snippet").into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_read_over_the_notes_figure_drops_values_that_no_longer_fit() {
        // Found by fuzzing: with the notes' 4×4 pooling figure loaded, pasting a conv of
        // depth 3 kept the figure's depth-1 values and the layer could not be built.
        let base = crate::app::presets::PRESETS
            .iter()
            .find(|p| p.id == "pool-4x4")
            .unwrap()
            .config;
        let imported = import("nn.Conv2d(3, 6, 1)", &base).unwrap();
        assert_eq!((imported.config.d, imported.config.fixture), (3, None));
        assert!(crate::app::layer::Layer::new(imported.config).is_ok());
        // A snippet that keeps the input keeps the figure.
        let same = import("nn.MaxPool2d(2, stride=1)", &base).unwrap();
        assert_eq!(same.config.fixture, base.fixture);
    }

    fn cfg(n: usize, d: usize, k: usize, f: usize, s: usize, p: usize) -> Config {
        Config::square(Op::Conv, n, d, k, f, s, p)
    }

    #[test]
    fn exports_the_lecture_layers() {
        let c = cfg(32, 3, 10, 5, 1, 2);
        assert_eq!(
            export(&c, Dialect::PyTorch),
            "import torch.nn as nn\nlayer = nn.Conv2d(in_channels=3, out_channels=10, kernel_size=5, stride=1, padding=2)\n# input: (batch, 3, 32, 32) → output: (batch, 10, 32, 32)"
        );
        assert_eq!(
            export(&c, Dialect::Torch7),
            "require 'nn'\nmodule = nn.SpatialConvolution(3, 10, 5, 5, 1, 1, 2, 2)\n-- input: 3×32×32 → output: 10×32×32"
        );
        let caffe1 = export(&cfg(227, 3, 96, 11, 4, 0), Dialect::Caffe);
        assert!(
            caffe1.contains("num_output: 96\n    kernel_size: 11\n    stride: 4\n    pad: 0"),
            "{caffe1}"
        );
        let pool = Config {
            rounding: Rounding::Ceil,
            ..Config::square(Op::MaxPool, 112, 64, 1, 3, 2, 0)
        };
        assert_eq!(
            export(&pool, Dialect::PyTorch).lines().nth(1).unwrap(),
            "layer = nn.MaxPool2d(kernel_size=3, stride=2, padding=0, ceil_mode=True)"
        );
        assert!(export(&pool, Dialect::Torch7).ends_with(
            "nn.SpatialMaxPooling(3, 3, 2, 2, 0, 0):ceil()\n-- input: 64×112×112 → output: 64×56×56"
        ));
    }

    /// The output shapes an export states are what the framework computes, which need not be
    /// the page's: found in review, a ceil convolution's PyTorch code said "this layer floors"
    /// and then stated the ceil size.
    #[test]
    fn exports_state_the_frameworks_own_output_size() {
        let conv = Config {
            rounding: Rounding::Ceil,
            ..cfg(7, 1, 1, 3, 3, 0)
        };
        let py = export(&conv, Dialect::PyTorch);
        assert!(py.contains("# Convolutions have no ceil mode here: this layer floors.\n# ConvScope shows an output of 3 × 3 (height × width) here; this code gives 2 × 2."), "{py}");
        assert!(py.ends_with("→ output: (batch, 1, 2, 2)"), "{py}");
        assert!(export(&conv, Dialect::Torch7).ends_with("output: 1×2×2"));
        assert!(export(&conv, Dialect::Caffe).ends_with("# output: (1, 1, 2, 2)"));
        // Caffe pools with ceil: 112 through 3 × 3 / 2 is 56 there and 55 floored; where the
        // two agree (4 × 4 through 2 × 2 / 2) nothing is said.
        let floor_pool = Config {
            rounding: Rounding::Floor,
            ..Config::square(Op::MaxPool, 112, 1, 1, 3, 2, 0)
        };
        let caffe = export(&floor_pool, Dialect::Caffe);
        assert!(
            caffe.contains("# Caffe pooling rounds up (ceil)"),
            "{caffe}"
        );
        assert!(
            caffe.contains(
                "shows an output of 55 × 55 (height × width) here; this code gives 56 × 56."
            ),
            "{caffe}"
        );
        assert!(caffe.ends_with("# output: (1, 1, 56, 56)"), "{caffe}");
        let even = export(
            &Config::square(Op::MaxPool, 4, 1, 1, 2, 2, 0),
            Dialect::Caffe,
        );
        assert!(
            !even.contains("Caffe pooling rounds up") && !even.contains("ConvScope shows"),
            "{even}"
        );
        assert!(even.ends_with("# output: (1, 1, 2, 2)"), "{even}");
        // Caffe pooling without padding keeps a last window that PyTorch's ceil_mode drops
        // (a kernel smaller than the stride): 5 through 1 × 1 / 3 is 3 there, 2 in PyTorch.
        let sparse = Config {
            rounding: Rounding::Ceil,
            ..Config::square(Op::MaxPool, 5, 1, 1, 1, 3, 0)
        };
        assert!(export(&sparse, Dialect::PyTorch).ends_with("(batch, 1, 2, 2)"));
        assert!(export(&sparse, Dialect::Caffe).ends_with("# output: (1, 1, 3, 3)"));
    }

    /// Max pooling pads with −∞: padding it needs in a layer of its own (uneven sides, SAME,
    /// or beyond the half kernel PyTorch and Torch7 allow) is −∞, not zeros.
    #[test]
    fn pooling_padding_a_layer_cannot_take_goes_before_it_as_minus_infinity() {
        let wide = Config::square(Op::MaxPool, 7, 1, 1, 3, 2, 2);
        let py = export(&wide, Dialect::PyTorch);
        assert!(py.contains("nn.ConstantPad2d((2, 2, 2, 2), float('-inf')),\n    nn.MaxPool2d(kernel_size=3, stride=2, padding=0)"), "{py}");
        assert!(py.ends_with("→ output: (batch, 1, 5, 5)"), "{py}");
        let t7 = export(&wide, Dialect::Torch7);
        assert!(t7.contains("module:add(nn.Padding(2, -2, 3, -math.huge))\nmodule:add(nn.Padding(2, 2, 3, -math.huge))\nmodule:add(nn.Padding(3, -2, 3, -math.huge))\nmodule:add(nn.Padding(3, 2, 3, -math.huge))\nmodule:add(nn.SpatialMaxPooling(3, 3, 2, 2, 0, 0))"), "{t7}");
        // Within half the kernel it stays the layer's own.
        let half = Config::square(Op::MaxPool, 7, 1, 1, 3, 2, 1);
        assert!(export(&half, Dialect::PyTorch)
            .contains("layer = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)"));
        let same = Config {
            rounding: Rounding::Same,
            ..Config::square(Op::MaxPool, 5, 1, 1, 2, 2, 0)
        };
        let py = export(&same, Dialect::PyTorch);
        assert!(
            py.contains("nn.ConstantPad2d((0, 1, 0, 1), float('-inf')),"),
            "{py}"
        );
        assert!(py.ends_with("→ output: (batch, 1, 3, 3)"), "{py}");
        // Read back, a padding PyTorch would refuse is said.
        let read = import("nn.MaxPool2d(kernel_size=3, stride=2, padding=2)", &half).unwrap();
        assert_eq!(read.config.padding(), Padding::uniform(2));
        assert_eq!(read.notes, ["PyTorch and Torch7 refuse this: a pooling padding may be at most half the window (2 > 3/2). Caffe allows it, and ConvScope shows it."]);
        assert!(import("nn.MaxPool2d(3, 2, 1)", &half)
            .unwrap()
            .notes
            .is_empty());
        // A pooling padding the page refuses is said as such, not as a remainder.
        let refused = Config::square(Op::MaxPool, 7, 1, 1, 5, 3, 5);
        let py = export(&refused, Dialect::PyTorch);
        assert!(
            py.contains("# ConvScope refuses this layer: A pooling padding of 5"),
            "{py}"
        );
        assert!(!py.contains("no whole output size"), "{py}");
    }

    /// Found by running every export in PyTorch (tests/torch_exports.rs): each of these
    /// stated a shape PyTorch does not give, or wrote code PyTorch refuses.
    #[test]
    fn exports_run_as_pytorch_runs_them() {
        let py = |q: &str| {
            let c = crate::app::url::from_query(q, crate::app::i18n::Lang::En)
                .viz
                .config;
            export(&c, Dialect::PyTorch)
        };
        // Groups that do not divide K: no output, as the page says (it stated 4 × 4).
        let groups = py("n=5&d=4&k=1&f=3&s=2&p=2&g=2");
        assert!(groups.contains("→ no output: K = 1 filters"), "{groups}");
        // A transposed layer has no SAME: its padding is P (it wrote padding=0, 1 × 1).
        let same = py("n=4&d=4&k=4&f=2&s=1&p=2&transposed=1&round=same");
        assert!(same.contains("stride=1, padding=2)"), "{same}");
        assert!(same.ends_with("→ output: (batch, 4, 1, 1)"), "{same}");
        // An uneven transposed trim is its smaller side on both: the code's output is larger.
        let uneven = py("n=12&d=3&k=2&f=3&s=2&pt=0&pl=3&pb=1&pr=0&transposed=1&opad=1");
        assert!(uneven.contains("padding=0, output_padding=1)"), "{uneven}");
        assert!(
            uneven.contains("ConvScope shows an output of 25 × 23 (height × width) here; this code gives 26 × 26."),
            "{uneven}"
        );
        assert!(uneven.ends_with("→ output: (batch, 2, 26, 26)"), "{uneven}");
        // Caffe has no output padding: a 1-cell output that was all `a` is none (it
        // underflowed, a panic in a debug build).
        let c = crate::app::url::from_query(
            "n=1&f=1&s=3&p=1&transposed=1&opad=2",
            crate::app::i18n::Lang::En,
        )
        .viz
        .config;
        let caffe = export(&c, Dialect::Caffe);
        assert!(caffe.ends_with("# no output: Along the height, (N − 1)·S + span + a = 1 row but the padding trims 2 rows: nothing of the output is left."), "{caffe}");
        assert!(export(&c, Dialect::PyTorch).ends_with("→ output: (batch, 1, 1, 1)"));
        // Found in review: Caffe and Torch7 keep a ceil pool's last window unless the layer
        // pads some side, and then drop it on both axes; Caffe refuses pad ≥ kernel.
        let cfg_q = |q: &str| {
            crate::app::url::from_query(q, crate::app::i18n::Lang::En)
                .viz
                .config
        };
        let unpadded = cfg_q("n=5&pool=1,3&round=ceil");
        assert!(export(&unpadded, Dialect::Torch7).ends_with("output: 1×3×3"));
        assert!(export(&unpadded, Dialect::Caffe).ends_with("# output: (1, 1, 3, 3)"));
        assert!(export(&unpadded, Dialect::PyTorch).ends_with("output: (batch, 1, 2, 2)"));
        let one_side = cfg_q("n=5&w=5&pool=1,3&fw=3&sw=1&pt=0&pb=0&pl=1&pr=1&round=ceil");
        let caffe = export(&one_side, Dialect::Caffe);
        assert!(caffe.ends_with("# output: (1, 1, 2, 5)"), "{caffe}");
        let dilated = cfg_q("n=6&pool=2,1&dil=2&p=2&round=floor");
        let caffe = export(&dilated, Dialect::Caffe);
        assert!(
            caffe.contains("# no output: A pooling padding of 2"),
            "{caffe}"
        );
        // SAME pooling padding above half the (undilated) window, which MaxPool2d refuses,
        // goes in a −∞ layer before it.
        let pool = py("n=6&d=3&pool=4,1&dil=2&round=same");
        assert!(
            pool.contains("nn.ConstantPad2d((3, 3, 3, 3), float('-inf')),\n    nn.MaxPool2d(kernel_size=4, stride=1, padding=0, dilation=2)"),
            "{pool}"
        );
    }

    /// Found in review: `global_pooling: true` was refused as a pooling without its kernel.
    #[test]
    fn caffe_global_pooling_is_one_window_over_the_input() {
        let base = crate::app::url::from_query("n=6&w=4&d=8", crate::app::i18n::Lang::En)
            .viz
            .config;
        let i = import(
            "layer { type: \"Pooling\" pooling_param { pool: MAX global_pooling: true } }",
            &base,
        )
        .unwrap();
        let c = i.config;
        assert_eq!(
            (c.op, c.f, c.fw(), c.s, c.sw(), c.d),
            (Op::MaxPool, 6, 4, 1, 1, 8)
        );
        assert_eq!(c.padding(), Padding::zero());
        let g = c.geometry().unwrap();
        assert_eq!((g.out_h(), g.out_w()), (1, 1));
        assert!(i.notes.is_empty(), "{:?}", i.notes);
        // Found in review: the usual global pooling is AVE (said, as for any AVE pooling),
        // and Caffe refuses a stride or a padding beside it.
        let ave = import("pooling_param { pool: AVE global_pooling: true }", &base).unwrap();
        assert_eq!(ave.notes.len(), 1, "{:?}", ave.notes);
        assert_eq!(
            import("pooling_param { global_pooling: true stride: 2 }", &base)
                .err()
                .as_deref(),
            Some("Caffe takes global_pooling or stride, not both; nothing was read.")
        );
        assert!(import(
            "pooling_param { global_pooling: true stride: 1 pad: 0 }",
            &base
        )
        .is_ok());
        assert_eq!(
            import(
                "pooling_param { pool: MAX global_pooling: true kernel_size: 2 }",
                &base
            )
            .err()
            .as_deref(),
            Some("Caffe takes global_pooling or kernel_size, not both; nothing was read.")
        );
    }

    #[test]
    fn exports_say_what_the_framework_does_differently() {
        let misfit = cfg(7, 1, 1, 3, 3, 0);
        assert!(export(&misfit, Dialect::PyTorch).starts_with(
            "import torch.nn as nn\n# The lecture's rule finds no whole output size here"
        ));
        let asym = cfg(7, 1, 1, 3, 1, 0).with(crate::app::fields::Field::Pt, 1);
        let py = export(&asym, Dialect::PyTorch);
        assert!(
            py.contains("nn.Sequential(\n    nn.ZeroPad2d((0, 0, 1, 0)),\n    nn.Conv2d("),
            "{py}"
        );
        assert!(export(&asym, Dialect::Caffe).contains("Caffe pads symmetrically"));
    }

    #[test]
    fn imports_each_dialect() {
        let base = Config::default();
        let i = import(
            "nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1, bias=False)",
            &base,
        )
        .unwrap();
        assert_eq!(i.dialect, Dialect::PyTorch);
        let c = i.config;
        assert_eq!(
            (c.d, c.k, c.f, c.s, c.p, c.bias, c.n),
            (3, 16, 3, 2, 1, false, 7)
        );
        assert_eq!(c.rounding, Rounding::Floor);
        assert!(i.notes.is_empty());
        let i = import("nn.MaxPool2d(2, ceil_mode=True)", &base).unwrap();
        assert_eq!(
            (i.config.op, i.config.f, i.config.s, i.config.rounding),
            (Op::MaxPool, 2, 2, Rounding::Ceil)
        );
        let i = import(
            "module = nn.SpatialConvolution(3, 96, 11, 11, 4, 4, 0, 0)",
            &base,
        )
        .unwrap();
        assert_eq!(
            (i.dialect, i.config.k, i.config.f, i.config.s),
            (Dialect::Torch7, 96, 11, 4)
        );
        let i = import("nn.SpatialMaxPooling(3, 3, 2, 2):ceil()", &base).unwrap();
        assert_eq!(
            (i.config.op, i.config.f, i.config.s, i.config.rounding),
            (Op::MaxPool, 3, 2, Rounding::Ceil)
        );
        let proto = "layer {\n name: \"conv1\"\n type: \"Convolution\"\n convolution_param {\n num_output: 96 # learn 96 filters\n kernel_size: 11\n stride: 4\n }\n}";
        let i = import(proto, &base).unwrap();
        assert_eq!(
            (i.dialect, i.config.k, i.config.f, i.config.s, i.config.p),
            (Dialect::Caffe, 96, 11, 4, 0)
        );
    }

    #[test]
    fn exports_import_back_to_the_same_layer() {
        for c in [
            cfg(32, 3, 10, 5, 1, 2),
            cfg(28, 6, 10, 5, 1, 0),
            cfg(227, 3, 96, 11, 4, 0),
        ] {
            let c = Config {
                rounding: Rounding::Floor,
                ..c
            };
            for d in Dialect::ALL {
                let back = import(&export(&c, d), &far_from(&c)).unwrap();
                assert_eq!(back.config.normalized(), c.normalized(), "{d:?}");
                assert!(back.notes.is_empty(), "{d:?}: {:?}", back.notes);
            }
        }
    }

    /// A page as unlike `c` as can be, but for its input size, which a layer's code (other
    /// than Caffe's with its net's input) does not say: what an import leaves out must take
    /// the framework's default, not the page's.
    fn far_from(c: &Config) -> Config {
        Config {
            dil: 2,
            bias: false,
            groups: 2,
            opad: 1,
            transposed: !c.transposed,
            rounding: Rounding::Ceil,
            pads: Some(Padding {
                top: 1,
                left: 2,
                bottom: 3,
                right: 0,
            }),
            ..Config::square(Op::MaxPool, c.n, 7, 5, 2, 3, 1)
        }
    }

    #[test]
    fn the_code_panel_reads_and_writes_page_addresses() {
        let [py, lua, caffe] = export_query("n=32&d=3&k=10&f=5&s=1&p=2");
        assert!(
            py.contains(
                "nn.Conv2d(in_channels=3, out_channels=10, kernel_size=5, stride=1, padding=2)"
            ),
            "{py}"
        );
        assert!(
            lua.contains("nn.SpatialConvolution(3, 10, 5, 5, 1, 1, 2, 2)"),
            "{lua}"
        );
        assert!(caffe.contains("num_output: 10"), "{caffe}");
        let (said, query) = import_query("nn.Conv2d(3, 6, 5)", "n=32&s=2&seed=9").unwrap();
        assert!(said.starts_with("Read as PyTorch"), "{said}");
        let c = crate::app::url::from_query(&query, crate::app::i18n::Lang::En)
            .viz
            .config;
        assert_eq!(
            (c.n, c.d, c.k, c.f, c.s, c.p, c.seed),
            (32, 3, 6, 5, 1, 0, 9)
        );
        assert!(import_query("print(1)", "")
            .unwrap_err()
            .contains("not a snippet"));
    }

    #[test]
    fn what_a_snippet_leaves_out_takes_the_framework_default() {
        // Found in review: on a page at stride 2, the notes' nn.Conv2d(3, 6, 5) came out 14 × 14.
        let base = far_from(&cfg(32, 1, 1, 3, 1, 0));
        let c = import("nn.Conv2d(3, 6, 5)", &base).unwrap().config;
        assert_eq!(
            (
                c.op,
                c.d,
                c.k,
                c.f,
                c.s,
                c.p,
                c.pads,
                c.dil,
                c.bias,
                c.groups,
                c.transposed
            ),
            (Op::Conv, 3, 6, 5, 1, 0, None, 1, true, 1, false)
        );
        assert_eq!(c.geometry().unwrap().out_h(), 28);
        let c = import("nn.ConvTranspose2d(1, 1, 3)", &base).unwrap().config;
        assert_eq!((c.s, c.p, c.opad, c.dil, c.transposed), (1, 0, 0, 1, true));
        // MaxPool2d's stride is its kernel's.
        let c = import("nn.MaxPool2d(2)", &base).unwrap().config;
        assert_eq!(
            (c.op, c.f, c.s, c.p, c.pads, c.dil),
            (Op::MaxPool, 2, 2, 0, None, 1)
        );
        assert_eq!(c.geometry().unwrap().out_h(), 16);
        let c = import("nn.SpatialConvolution(3, 6, 5, 5)", &base)
            .unwrap()
            .config;
        assert_eq!((c.s, c.p, c.pads, c.dil, c.bias), (1, 0, None, 1, true));
        let c = import("nn.SpatialMaxPooling(2, 2)", &base).unwrap().config;
        assert_eq!((c.s, c.p, c.dil), (2, 0, 1));
    }

    #[test]
    fn pytorch_padding_words_are_read() {
        let base = cfg(32, 3, 1, 3, 2, 4);
        let pads = |code: &str| {
            let i = import(code, &base).unwrap();
            (i.config.p, i.config.pads, i.notes)
        };
        assert_eq!(
            pads("nn.Conv2d(3, 8, 5, padding='same')"),
            (2, None, vec![])
        );
        assert_eq!(
            pads("nn.Conv2d(3, 8, 3, padding=\"same\", dilation=3)"),
            (3, None, vec![])
        );
        assert_eq!(
            pads("nn.Conv2d(3, 8, 5, padding='valid')"),
            (0, None, vec![])
        );
        // An even kernel: PyTorch puts the odd row and column after.
        let (_, uneven, notes) = pads("nn.Conv2d(3, 8, 4, padding='same')");
        assert_eq!(
            (uneven, notes),
            (
                Some(Padding {
                    top: 1,
                    left: 1,
                    bottom: 2,
                    right: 2
                }),
                vec![]
            )
        );
        let i = import("nn.Conv2d(3, 8, 4, padding='same')", &base).unwrap();
        let g = i.config.geometry().unwrap();
        assert_eq!((g.out_h(), g.out_w()), (32, 32));
        let (p, _, notes) = pads("nn.Conv2d(3, 8, 3, 2, padding='same')");
        assert_eq!(p, 0);
        assert!(notes[0].contains("stride other than 1"), "{notes:?}");
        let (_, _, notes) = pads("nn.Conv2d(3, 8, 31, padding='same', dilation=2)");
        assert!(notes[0].contains("outside 0–16"), "{notes:?}");
        let (_, _, notes) = pads("nn.ConvTranspose2d(3, 8, 3, padding='same')");
        assert!(notes[0].contains("not understood"), "{notes:?}");
    }

    #[test]
    fn a_caffe_layer_on_one_line_and_its_net_input() {
        let base = Config::default();
        let one = "layer { name: \"conv1\" type: \"Convolution\" convolution_param { num_output: 96 kernel_size: 11 stride: 4 bias_term: false } }";
        let i = import(one, &base).unwrap();
        assert_eq!(
            (
                i.config.k,
                i.config.f,
                i.config.s,
                i.config.p,
                i.config.bias
            ),
            (96, 11, 4, 0, false)
        );
        // Without the net's input the depth is the page's, and the import says so.
        assert_eq!(i.config.d, 1);
        assert!(i.notes[0].contains("D₁ stays 1"), "{:?}", i.notes);
        // The notes' first AlexNet layer, with its deploy net's input (both spellings).
        for input in [
            "input: \"data\"\ninput_dim: 10\ninput_dim: 3\ninput_dim: 227\ninput_dim: 227\n",
            "layer { name: \"data\" type: \"Input\" top: \"data\" input_param { shape: { dim: 10 dim: 3 dim: 227 dim: 227 } } }\n",
        ] {
            let i = import(&format!("{input}{one}"), &base).unwrap();
            let c = i.config;
            assert_eq!((c.d, c.n, c.w(), c.k), (3, 227, 227, 96));
            assert!(i.notes.is_empty(), "{:?}", i.notes);
            let g = c.geometry().unwrap();
            assert_eq!((g.out_h(), g.out_w()), (55, 55));
            let cost = crate::cnn::conv_cost(c.d, c.k, crate::cnn::Hw::square(11), crate::cnn::Hw::square(55), c.bias);
            assert_eq!(cost.unwrap().params, 34_848);
        }
    }

    fn tconv(n: usize, f: usize, s: usize, p: usize, a: usize) -> Config {
        Config {
            transposed: true,
            opad: a,
            ..cfg(n, 1, 1, f, s, p)
        }
    }

    #[test]
    fn exports_transposed_and_grouped_layers() {
        let t = tconv(2, 3, 2, 1, 1);
        assert_eq!(
            export(&t, Dialect::PyTorch),
            "import torch.nn as nn\nlayer = nn.ConvTranspose2d(in_channels=1, out_channels=1, kernel_size=3, stride=2, padding=1, output_padding=1)\n# input: (batch, 1, 2, 2) → output: (batch, 1, 4, 4)"
        );
        assert_eq!(
            export(&t, Dialect::Torch7),
            "require 'nn'\nmodule = nn.SpatialFullConvolution(1, 1, 3, 3, 2, 2, 1, 1, 1, 1)\n-- input: 1×2×2 → output: 1×4×4"
        );
        let caffe = export(&t, Dialect::Caffe);
        assert!(
            caffe.starts_with("# There is no output padding here"),
            "{caffe}"
        );
        assert!(caffe.contains("type: \"Deconvolution\""), "{caffe}");
        let dw = Config {
            groups: 4,
            ..cfg(8, 4, 4, 3, 1, 1)
        };
        assert!(export(&dw, Dialect::PyTorch).contains(
            "nn.Conv2d(in_channels=4, out_channels=4, kernel_size=3, stride=1, padding=1, groups=4)"
        ));
        assert!(export(&dw, Dialect::Torch7)
            .contains("module = cudnn.SpatialConvolution(4, 4, 3, 3, 1, 1, 1, 1, 4)"));
        assert!(export(&dw, Dialect::Caffe).contains("    group: 4\n"));
        // A bad output padding is said in the export, as PyTorch would say it.
        let bad = tconv(2, 3, 2, 1, 2);
        assert!(export(&bad, Dialect::PyTorch)
            .contains("# The output padding a = 2 along the height must be smaller"));
    }

    #[test]
    fn transposed_and_grouped_exports_import_back() {
        let grouped = Config {
            groups: 2,
            rounding: Rounding::Floor,
            ..cfg(9, 4, 6, 3, 2, 1)
        };
        let dw_t = Config {
            groups: 3,
            ..tconv(3, 4, 2, 1, 0)
        }
        .with(crate::app::fields::Field::D, 3)
        .with(crate::app::fields::Field::K, 3);
        for (c, dialects) in [
            (grouped, &Dialect::ALL[..]),
            (tconv(2, 3, 2, 1, 1), &Dialect::ALL[..2]),
            (tconv(5, 3, 2, 0, 0), &Dialect::ALL[..]),
            (
                Config {
                    dil: 2,
                    ..tconv(4, 3, 1, 1, 1)
                },
                &Dialect::ALL[..2],
            ),
            (dw_t, &Dialect::ALL[..1]),
        ] {
            for &d in dialects {
                let code = export(&c, d);
                let back = import(&code, &far_from(&c)).unwrap();
                let want = Config {
                    rounding: back.config.rounding,
                    ..c
                };
                assert_eq!(back.config.normalized(), want.normalized(), "{d:?}: {code}");
                assert!(back.notes.is_empty(), "{d:?}: {:?}", back.notes);
            }
        }
        let i = import(
            "nn.ConvTranspose2d(16, 8, 3, 2, 1, 1, 2, False)",
            &Config::default(),
        )
        .unwrap();
        let c = i.config;
        assert!(c.transposed);
        assert_eq!(
            (c.d, c.k, c.f, c.s, c.p, c.opad, c.groups, c.bias),
            (16, 8, 3, 2, 1, 1, 2, false)
        );
    }

    /// Audit: a negative or fractional value was "not a number", and out-of-range sides were
    /// named by internal letters ("s height = 0"); a note names the argument as written.
    #[test]
    fn notes_name_the_argument_as_written() {
        let base = Config::default();
        let notes = |code: &str| import(code, &base).unwrap().notes;
        let i = import(
            "nn.Conv2d(in_channels=-3, out_channels=6, kernel_size=3)",
            &base,
        )
        .unwrap();
        assert_eq!(i.config.d, base.d);
        assert_eq!(
            i.notes,
            ["in_channels = -3 must be a whole number ≥ 1; it was not used."]
        );
        assert_eq!(
            notes("nn.Conv2d(3, 6, 3, stride=0)"),
            ["stride = 0 is outside 1–16; it was not used."]
        );
        assert_eq!(
            notes("nn.Conv2d(3, 6, (3, 0))"),
            ["kernel_size (width) = 0 is outside 1–31; it was not used."]
        );
        assert_eq!(
            notes("nn.Conv2d(3, 6, 3, padding=(20, 1))"),
            ["padding (height) = 20 is outside 0–16; it was not used."]
        );
        assert_eq!(
            notes("nn.Conv2d(3, 6, 3, stride=2.5)"),
            ["stride = 2.5 must be a whole number ≥ 1; it was not used."]
        );
        assert_eq!(
            notes("nn.Conv2d(3, 6, -1)"),
            ["kernel_size = -1 must be a whole number ≥ 1; it was not used."]
        );
        assert_eq!(
            notes("nn.Conv2d(3, 6, 3, groups=-2, dilation=-1)"),
            [
                "groups = -2 must be a whole number ≥ 1; it was not used.",
                "dilation = -1 must be a whole number ≥ 1; it was not used."
            ]
        );
        assert_eq!(
            notes("nn.ConvTranspose2d(3, 6, 3, 2, output_padding=-1)"),
            ["output_padding = -1 must be a whole number ≥ 0; it was not used."]
        );
        assert_eq!(
            notes("nn.Conv2d(3, six, 3)"),
            ["out_channels = six is not a number."]
        );
        assert_eq!(
            notes("nn.SpatialConvolution(3, 6, 3, 3, 0, 0)"),
            [
                "dH = 0 is outside 1–16; it was not used.",
                "dW = 0 is outside 1–16; it was not used."
            ]
        );
        assert_eq!(
            notes("nn.SpatialMaxPooling(40, 2, 1, 1)"),
            ["kW = 40 is outside 1–31; it was not used."]
        );
    }

    /// Audit: Caffe values that are not whole numbers were dropped silently (stride 2.5 became
    /// 1, pad -1 became 0), and a repeated kernel_size / stride / pad kept only the first,
    /// where Caffe's ConvolutionParameter reads two values as (height, width).
    #[test]
    fn caffe_values_are_whole_numbers_and_repeated_sizes_are_height_then_width() {
        let base = Config::default();
        let input = "input: \"data\"\ninput_dim: 1\ninput_dim: 3\ninput_dim: 32\ninput_dim: 32\n";
        let conv = |param: &str| {
            import(
                &format!(
                    "{input}layer {{ type: \"Convolution\" convolution_param {{ {param} }} }}"
                ),
                &base,
            )
            .unwrap()
        };
        let i = conv("num_output: 8 kernel_size: 3 stride: 2.5");
        assert_eq!((i.config.k, i.config.f, i.config.s), (8, 3, 1));
        assert_eq!(
            i.notes,
            ["stride = 2.5 must be a whole number ≥ 1; it was not used."]
        );
        let i = conv("num_output: -6 kernel_size: 3");
        assert_eq!(i.config.k, base.k);
        assert_eq!(
            i.notes,
            ["num_output = -6 must be a whole number ≥ 1; it was not used."]
        );
        let i = conv("num_output: 8 kernel_size: 3 pad: -1");
        assert_eq!(i.config.padding(), Padding::zero());
        assert_eq!(
            i.notes,
            ["pad = -1 must be a whole number ≥ 0; it was not used."]
        );
        let i = conv("num_output: 8 kernel_size: 3 pad: 0 stride: 0");
        assert_eq!(i.notes, ["stride = 0 is outside 1–16; it was not used."]);
        // Two values are (height, width).
        let i = conv("num_output: 8 kernel_size: 3 kernel_size: 5 stride: 1 stride: 2 pad: 1 pad: 2 dilation: 2 dilation: 2");
        let c = i.config;
        assert_eq!(
            (c.f, c.fw(), c.s, c.sw(), c.padding(), c.dil),
            (
                3,
                5,
                1,
                2,
                Padding {
                    top: 1,
                    left: 2,
                    bottom: 1,
                    right: 2
                },
                2
            )
        );
        assert!(i.notes.is_empty(), "{:?}", i.notes);
        let i = conv("num_output: 8 kernel_size: 3 kernel_size: 40");
        assert_eq!(i.config.f, 3);
        assert_eq!(
            i.notes,
            ["kernel_size (width) = 40 is outside 1–31; it was not used."]
        );
        let i = conv("num_output: 8 kernel_size: 3 kernel_size: 5 kernel_size: 7");
        assert_eq!(i.config.f, base.f);
        assert_eq!(
            i.notes,
            ["kernel_size is given 3 times; Caffe takes one value, or two (height, width): it was not used."]
        );
        let i = conv("num_output: 8 kernel_size: 3 dilation: 1 dilation: 2");
        assert_eq!(i.notes, ["Different dilations per axis are not supported."]);
        // A field Caffe does not repeat: the last value, and a note.
        let i = conv("num_output: 8 num_output: 16 kernel_size: 3");
        assert_eq!(i.config.k, 16);
        assert_eq!(
            i.notes,
            ["num_output is given more than once; the last value, 16, was read."]
        );
        // Pooling's sizes are not repeated fields in Caffe.
        let i = import(
            "layer { type: \"Pooling\" pooling_param { pool: MAX kernel_size: 2 kernel_size: 3 stride: 1 } }",
            &base,
        )
        .unwrap();
        assert_eq!((i.config.f, i.config.s), (3, 1));
        assert_eq!(
            i.notes,
            ["kernel_size is given more than once; the last value, 3, was read."]
        );
    }

    /// Audit: `nn.Conv2d(3, 6, 3` and then `, 1` five thousand times said "1 is not supported;
    /// it was ignored." 4,995 times. Extra positional arguments get one sentence, no note is
    /// said twice, and a flood of different ones is cut short.
    #[test]
    fn extra_arguments_and_many_notes_are_said_once() {
        let base = Config::default();
        let all_args = "nn.Conv2d(3, 6, 3, 1, 0, 1, 1, True, 'zeros', None, None";
        let i = import(&format!("{all_args}{})", ", 1".repeat(5000)), &base).unwrap();
        assert_eq!(
            (i.config.d, i.config.k, i.config.f, i.config.s, i.config.p),
            (3, 6, 3, 1, 0)
        );
        assert_eq!(
            i.notes,
            ["5000 more arguments than nn.Conv2d takes were ignored."]
        );
        let i = import("nn.MaxPool2d(2, 2, 0, 1, False, True, 9)", &base).unwrap();
        assert_eq!(
            (i.config.f, i.config.s, i.config.rounding),
            (2, 2, Rounding::Ceil)
        );
        assert_eq!(
            i.notes,
            ["1 more argument than nn.MaxPool2d takes was ignored."]
        );
        let i = import(
            &format!(
                "nn.ConvTranspose2d(3, 6, 3, 2, 1, 1, 1, True, 1{})",
                ", 1".repeat(14)
            ),
            &base,
        )
        .unwrap();
        assert_eq!(
            i.notes,
            [
                "padding_mode=1 is not supported; it was ignored.",
                "device=1 is not supported; it was ignored.",
                "dtype=1 is not supported; it was ignored.",
                "11 more arguments than nn.ConvTranspose2d takes were ignored."
            ]
        );
        let i = import("nn.SpatialConvolution(3, 6, 3, 3, 1, 1, 0, 0, 5, 5)", &base).unwrap();
        assert_eq!(
            i.notes,
            ["2 more arguments than nn.SpatialConvolution takes were ignored."]
        );
        let i = import("nn.SpatialMaxPooling(2, 2, 2, 2, 0, 0, 1)", &base).unwrap();
        assert_eq!(
            i.notes,
            ["1 more argument than nn.SpatialMaxPooling takes was ignored."]
        );
        // The audit's flood: a handful of sentences, none twice.
        let i = import(&format!("nn.Conv2d(3, 6, 3{})", ", 1".repeat(5000)), &base).unwrap();
        assert!(i.notes.len() <= 8, "{:?}", i.notes);
        assert!(
            i.notes
                .contains(&"4992 more arguments than nn.Conv2d takes were ignored.".to_string()),
            "{:?}",
            i.notes
        );
        let i = import("nn.Conv2d(3, 6, 3, a=1, a=1, a=1)", &base).unwrap();
        assert_eq!(i.notes, ["a=1 is not supported; it was ignored."]);
        let many: String = (0..20).map(|n| format!(", a{n}=1")).collect();
        let i = import(&format!("nn.Conv2d(3, 6, 3{many})"), &base).unwrap();
        assert_eq!(i.notes.len(), 8);
        assert_eq!(i.notes[6], "a6=1 is not supported; it was ignored.");
        assert_eq!(i.notes[7], "13 more notes were left out.");
    }

    /// Audit: `padding='valid', padding=1` took the later silently (and a later number did
    /// not undo an earlier 'same'); PyTorch refuses a keyword given twice.
    #[test]
    fn an_argument_given_twice_is_said() {
        let base = Config::default();
        let i = import("nn.Conv2d(3, 6, 3, padding='valid', padding=1)", &base).unwrap();
        assert_eq!((i.config.p, i.config.pads), (1, None));
        assert_eq!(
            i.notes,
            ["padding is given more than once; the last value, 1, was read."]
        );
        let i = import("nn.Conv2d(3, 6, 3, padding='same', padding=0)", &base).unwrap();
        assert_eq!((i.config.p, i.config.pads), (0, None));
        assert_eq!(
            i.notes,
            ["padding is given more than once; the last value, 0, was read."]
        );
        let i = import("nn.Conv2d(3, 6, 3, kernel_size=5)", &base).unwrap();
        assert_eq!(i.config.f, 5);
        assert_eq!(
            i.notes,
            ["kernel_size is given more than once; the last value, 5, was read."]
        );
        let i = import("nn.MaxPool2d(2, stride=1, stride=2)", &base).unwrap();
        assert_eq!(i.config.s, 2);
        assert_eq!(
            i.notes,
            ["stride is given more than once; the last value, 2, was read."]
        );
    }

    /// Audit: `nn.Conv2d()` was read as a success. PyTorch requires in_channels, out_channels
    /// and kernel_size (MaxPool2d its kernel_size); a call without them is refused, naming them.
    #[test]
    fn a_call_without_its_required_arguments_is_refused() {
        let base = Config::default();
        let refused = |code: &str| import(code, &base).unwrap_err();
        assert_eq!(
            refused("nn.Conv2d()"),
            "nn.Conv2d is missing in_channels, out_channels and kernel_size, which PyTorch requires; nothing was read."
        );
        assert_eq!(
            refused("nn.Conv2d(3, kernel_size=3)"),
            "nn.Conv2d is missing out_channels, which PyTorch requires; nothing was read."
        );
        assert_eq!(
            refused("nn.ConvTranspose2d(3, 6)"),
            "nn.ConvTranspose2d is missing kernel_size, which PyTorch requires; nothing was read."
        );
        for pool in ["nn.MaxPool2d()", "nn.MaxPool2d(stride=2, padding=1)"] {
            assert_eq!(
                refused(pool),
                "nn.MaxPool2d is missing kernel_size, which PyTorch requires; nothing was read."
            );
        }
        assert!(import_query("nn.Conv2d(3, 6)", "")
            .unwrap_err()
            .contains("missing kernel_size"));
        // Given by keyword in any order, they are there.
        let c = import(
            "nn.Conv2d(kernel_size=3, out_channels=6, in_channels=2)",
            &base,
        )
        .unwrap()
        .config;
        assert_eq!((c.d, c.k, c.f), (2, 6, 3));
    }

    /// Audit: several layers pasted together read one of them (not even the first: a
    /// convolution won over a pooling before it) and said nothing of the others.
    #[test]
    fn of_several_layers_the_first_is_read_and_said() {
        let base = Config::default();
        let i = import("nn.Conv2d(3,6,3)\nnn.MaxPool2d(2)", &base).unwrap();
        assert_eq!((i.config.op, i.config.d, i.config.f), (Op::Conv, 3, 3));
        assert_eq!(
            i.notes,
            ["Only the first of 2 layers, nn.Conv2d, was read."]
        );
        let i = import("nn.MaxPool2d(2)\nnn.Conv2d(3, 6, 5)", &base).unwrap();
        assert_eq!((i.config.op, i.config.f, i.config.s), (Op::MaxPool, 2, 2));
        assert_eq!(
            i.notes,
            ["Only the first of 2 layers, nn.MaxPool2d, was read."]
        );
        let seq = "nn.Sequential(\n    nn.Conv2d(3, 6, 5),\n    nn.ReLU(),\n    nn.MaxPool2d(2),\n    torch.nn.Conv2d(6, 16, 5),\n)";
        let i = import(seq, &base).unwrap();
        assert_eq!((i.config.d, i.config.k, i.config.f), (3, 6, 5));
        assert_eq!(
            i.notes,
            ["Only the first of 3 layers, nn.Conv2d, was read."]
        );
        // What follows a call belongs to it: the pooling's :ceil() is not the convolution's.
        let i = import(
            "nn.SpatialConvolution(3, 6, 5, 5)\nnn.SpatialMaxPooling(2, 2):ceil()",
            &base,
        )
        .unwrap();
        assert_eq!(
            (i.config.op, i.config.rounding),
            (Op::Conv, Rounding::Floor)
        );
        assert_eq!(
            i.notes,
            ["Only the first of 2 layers, nn.SpatialConvolution, was read."]
        );
        let caffe = "input: \"data\"\ninput_dim: 1\ninput_dim: 3\ninput_dim: 227\ninput_dim: 227\nlayer { name: \"conv1\" type: \"Convolution\" convolution_param { num_output: 96 kernel_size: 11 stride: 4 } }\nlayer { name: \"up\" type: \"Deconvolution\" convolution_param { num_output: 3 kernel_size: 2 stride: 2 } }\nlayer { name: \"pool1\" type: \"Pooling\" pooling_param { pool: AVE kernel_size: 3 stride: 2 } }";
        let i = import(caffe, &base).unwrap();
        let c = i.config;
        assert_eq!(
            (c.op, c.transposed, c.k, c.f, c.s),
            (Op::Conv, false, 96, 11, 4)
        );
        assert_eq!(
            i.notes,
            ["Only the first of 3 layers, \"conv1\", was read."]
        );
    }

    /// Audit: `output_padding=3` with stride 2 was read as a success, though the page's own
    /// read-out refuses it; the import says so, as it does for groups.
    #[test]
    fn a_transposed_layers_bad_output_padding_is_said() {
        let base = Config::default();
        let too_large = |a: usize| {
            format!("The output padding a = {a} along the height must be smaller than the stride S = 2 or the dilation d = 1 (PyTorch's rule): it only picks which of the input sizes that a stride-2 convolution maps to one output size the transposed one gives back.")
        };
        let i = import("nn.ConvTranspose2d(3,6,3,stride=2,output_padding=3)", &base).unwrap();
        assert_eq!((i.config.s, i.config.opad), (2, 3));
        assert_eq!(i.notes, [too_large(3)]);
        let i = import(
            "nn.SpatialFullConvolution(3, 6, 3, 3, 2, 2, 0, 0, 2, 2)",
            &base,
        )
        .unwrap();
        assert_eq!(i.notes, [too_large(2)]);
        // With groups that do not divide, both are said.
        let i = import(
            "nn.ConvTranspose2d(3, 6, 3, stride=2, output_padding=2, groups=2)",
            &base,
        )
        .unwrap();
        assert_eq!(
            i.notes,
            [
                "The input depth D₁ = 3 is not divisible by G = 2: its channels cannot be split into 2 equal groups.".to_string(),
                too_large(2)
            ]
        );
        assert!(
            import("nn.ConvTranspose2d(3,6,3,stride=2,output_padding=1)", &base)
                .unwrap()
                .notes
                .is_empty()
        );
    }

    #[test]
    fn what_is_not_understood_is_said() {
        let base = Config::default();
        let i = import("nn.Conv2d(3, 8, 3, padding='full', groups=0)", &base).unwrap();
        assert!(
            i.notes
                .iter()
                .any(|n| n.contains("padding = 'full' is not understood")),
            "{:?}",
            i.notes
        );
        assert!(
            i.notes
                .iter()
                .any(|n| n.contains("groups = 0 is outside 1–2048")),
            "{:?}",
            i.notes
        );
        let i = import("nn.Conv2d(3, 8, 3, groups=2)", &base).unwrap();
        assert_eq!(
            i.notes,
            ["The input depth D₁ = 3 is not divisible by G = 2: its channels cannot be split into 2 equal groups."]
        );
        let i = import("nn.Conv2d(3, 8, 99)", &base).unwrap();
        assert!(i.notes[0].contains("outside 1–31"));
        assert!(import("print('hello')", &base)
            .unwrap_err()
            .contains("not a snippet ConvScope reads"));
        assert!(import("nn.SpatialConvolution(3, x)", &base).is_err());
        assert!(
            import("layer { convolution_param { num_output: 3 } }", &base)
                .unwrap_err()
                .contains("kernel_size")
        );
        for junk in [
            "nn.Conv2d(",
            "nn.Conv2d((((",
            "nn.MaxPool2d()",
            ")))",
            "pooling_param",
            "nn.Conv2d(,,,)",
        ] {
            let _ = import(junk, &base);
        }
    }

    /// Found in review: a convolution_param without num_output was read with the page's K,
    /// though Caffe stops at it (num_output > 0); so were a kernel_size beside kernel_h and
    /// kernel_w, and stride_h without stride_w, which Caffe refuses too.
    #[test]
    fn caffe_refuses_what_caffe_refuses() {
        let base = cfg(32, 3, 7, 3, 1, 0);
        let refused = |param: &str| {
            import(
                &format!(
                    "layer {{ name: \"c\" type: \"Convolution\" convolution_param {{ {param} }} }}"
                ),
                &base,
            )
            .unwrap_err()
        };
        assert_eq!(
            refused("kernel_size: 3"),
            "convolution_param is missing num_output, which Caffe requires; nothing was read."
        );
        assert_eq!(
            refused("num_output: 8 kernel_h: 3"),
            "convolution_param is missing kernel_w, which Caffe requires; nothing was read."
        );
        assert_eq!(
            refused("num_output: 8"),
            "convolution_param is missing kernel_size or kernel_h and kernel_w, which Caffe requires; nothing was read."
        );
        assert_eq!(
            refused("num_output: 8 kernel_size: 3 kernel_h: 5 kernel_w: 5"),
            "Caffe takes kernel_size or kernel_h and kernel_w, not both; nothing was read."
        );
        assert_eq!(
            refused("num_output: 8 kernel_size: 3 stride_w: 2"),
            "convolution_param is missing stride_h, which Caffe requires; nothing was read."
        );
        assert_eq!(
            refused("num_output: 8 kernel_size: 3 pad: 1 pad_h: 1 pad_w: 1"),
            "Caffe takes pad or pad_h and pad_w, not both; nothing was read."
        );
        // A convolution's pad_w is 0 unless said; pooling's is required beside pad_h.
        let c = import(
            "layer { type: \"Convolution\" convolution_param { num_output: 8 kernel_h: 3 kernel_w: 5 pad_h: 1 } }",
            &base,
        )
        .unwrap()
        .config;
        assert_eq!(
            (c.k, c.f, c.fw(), c.padding()),
            (
                8,
                3,
                5,
                Padding {
                    top: 1,
                    left: 0,
                    bottom: 1,
                    right: 0
                }
            )
        );
        assert_eq!(
            import(
                "layer { type: \"Pooling\" pooling_param { pool: MAX kernel_size: 3 pad_h: 1 } }",
                &base
            )
            .unwrap_err(),
            "pooling_param is missing pad_w, which Caffe requires; nothing was read."
        );
        // Pooling has no num_output.
        let c = import(
            "layer { type: \"Pooling\" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }",
            &base,
        )
        .unwrap()
        .config;
        assert_eq!((c.op, c.f, c.s, c.k), (Op::MaxPool, 3, 2, 7));
        use crate::app::i18n::{with_lang, Lang};
        assert_eq!(
            with_lang(Lang::Ko, || refused("kernel_size: 3")),
            "convolution_param에 Caffe가 요구하는 num_output가 없어 아무것도 읽지 않았습니다."
        );
    }

    /// Found in review: PyTorch's stride=None (its default: the kernel size) was "not
    /// understood" and left the stride at 1.
    #[test]
    fn max_pooling_stride_none_is_the_kernel_size() {
        let base = cfg(32, 3, 1, 3, 1, 0);
        for code in [
            "nn.MaxPool2d(2, stride=None)",
            "nn.MaxPool2d(kernel_size=2, stride=None)",
            "nn.MaxPool2d(2, None)",
            "nn.MaxPool2d(stride=None, kernel_size=(2, 2))",
        ] {
            let i = import(code, &base).unwrap();
            assert_eq!((i.config.f, i.config.s, i.config.sw()), (2, 2, 2), "{code}");
            assert_eq!(i.notes, Vec::<String>::new(), "{code}");
            assert_eq!(i.config.geometry().unwrap().out_h(), 16, "{code}");
        }
        let c = import("nn.MaxPool2d((3, 2), stride=None)", &base)
            .unwrap()
            .config;
        assert_eq!((c.s, c.sw()), (3, 2));
        // A convolution has no such default: PyTorch refuses it.
        let i = import("nn.Conv2d(3, 8, 3, stride=None)", &base).unwrap();
        assert_eq!(
            i.notes,
            ["stride = None is not understood; it was not used."]
        );
    }

    /// Found in review: nn.AdaptiveMaxPool2d(7) was read as a 7 × 7 max pooling (its argument
    /// is the output size), nn.LazyConv2d(64, 3) as an nn.Conv2d missing its kernel, and
    /// nn.AvgPool2d was "not a snippet ConvScope reads", as if PyTorch were not read.
    #[test]
    fn a_layer_convscope_does_not_show_is_named() {
        let base = Config::default();
        for (code, name) in [
            ("nn.AvgPool2d(2)", "nn.AvgPool2d"),
            ("torch.nn.AdaptiveMaxPool2d(7)", "nn.AdaptiveMaxPool2d"),
            ("nn.AdaptiveAvgPool2d((1, 1))", "nn.AdaptiveAvgPool2d"),
            ("nn.LazyConv2d(64, 3)", "nn.LazyConv2d"),
            ("nn.Conv1d(3, 6, 3)", "nn.Conv1d"),
            ("nn.MaxPool3d(2)", "nn.MaxPool3d"),
            ("nn.SpatialAveragePooling(2, 2)", "nn.SpatialAveragePooling"),
        ] {
            assert_eq!(
                import(code, &base).unwrap_err(),
                format!("{name} is not a layer ConvScope shows (it shows 2D convolution and max pooling); nothing was read."),
            );
        }
        // Beside one it reads, that one is read.
        let i = import(
            "nn.Sequential(nn.AdaptiveMaxPool2d(7), nn.MaxPool2d(2))",
            &base,
        )
        .unwrap();
        assert_eq!((i.config.op, i.config.f, i.config.s), (Op::MaxPool, 2, 2));
        assert!(import("tf.keras.layers.Conv2D(64, 3)", &base)
            .unwrap_err()
            .contains("not TensorFlow or Keras"));
    }

    /// Found in review: a call commented argument by argument lost the arguments after the
    /// first comment (its text joined the next argument's name), and a layer commented out
    /// counted as a second layer; `bias=None` or `bias=0` kept the bias PyTorch leaves out.
    #[test]
    fn comments_and_falsy_bias_read_as_the_code_runs() {
        let base = cfg(32, 1, 1, 5, 2, 2);
        let i = import(
            "nn.Conv2d(\n    in_channels=3,  # RGB\n    out_channels=64,  # filters, nn.MaxPool2d(2)\n    kernel_size=3,\n    # stride=2,\n)",
            &base,
        )
        .unwrap();
        let c = i.config;
        assert_eq!((c.d, c.k, c.f, c.s, c.p), (3, 64, 3, 1, 0));
        assert_eq!(i.notes, Vec::<String>::new());
        let i = import(
            "# nn.MaxPool2d(2)\nnn.Conv2d(3, 64, 3, padding=1)  # conv1",
            &base,
        )
        .unwrap();
        assert_eq!((i.config.op, i.config.p, i.notes.len()), (Op::Conv, 1, 0));
        let i = import(
            "nn.SpatialConvolution(3, 64, -- planes\n 5, 5, 1, 1, 2, 2) -- conv1",
            &base,
        )
        .unwrap();
        assert_eq!(
            (i.config.d, i.config.k, i.config.f, i.config.p),
            (3, 64, 5, 2)
        );
        let caffe = "layer {\n  type: \"Convolution\"\n  # num_output: 3\n  convolution_param { num_output: 8 kernel_size: 3 } # a 3 x 3\n}";
        assert_eq!(import(caffe, &base).unwrap().config.k, 8);
        for (bias, on) in [
            ("False", false),
            ("0", false),
            ("None", false),
            ("True", true),
            ("1", true),
        ] {
            let i = import(&format!("nn.Conv2d(3, 64, 3, bias={bias})"), &base).unwrap();
            assert_eq!((i.config.bias, i.notes.len()), (on, 0), "bias={bias}");
        }
        let i = import("nn.Conv2d(3, 64, 3, bias=use_bias)", &base).unwrap();
        assert_eq!(
            (i.config.bias, i.notes),
            (
                true,
                vec!["bias = use_bias is not understood; it was not used.".to_string()]
            )
        );
    }

    /// Odd but valid spellings a practitioner pastes, each read as PyTorch runs it.
    #[test]
    fn odd_but_valid_pytorch_spellings() {
        let base = cfg(32, 1, 1, 5, 2, 2);
        let read = |code: &str| {
            let i = import(code, &base).unwrap();
            let c = i.config;
            (
                (c.d, c.k, c.f, c.fw(), c.s, c.sw(), c.p, c.pads, c.bias),
                i.notes,
            )
        };
        let plain = |f, s, p, bias| ((3, 64, f, f, s, s, p, None, bias), Vec::<String>::new());
        assert_eq!(
            read("nn.Conv2d(3, 64, (3, 3), (1, 1), (1, 1), bias=False)"),
            plain(3, 1, 1, false)
        );
        assert_eq!(
            read("nn.Conv2d(3, 64, 3, padding='same')"),
            plain(3, 1, 1, true)
        );
        assert_eq!(
            read("nn.Conv2d(3, 64, 3, padding=\"valid\")"),
            plain(3, 1, 0, true)
        );
        assert_eq!(
            read("nn.Conv2d(in_channels=3, out_channels=64, kernel_size=3,)"),
            plain(3, 1, 0, true)
        );
        assert_eq!(
            read(
                "self.conv1 = torch.nn.Conv2d(3, 64, kernel_size=[7, 7], stride=(2,), padding = 3)"
            ),
            plain(7, 2, 3, true)
        );
        assert_eq!(
            read("nn.Conv2d(3, 64, 3, padding_mode='zeros', device=None, dtype=None)"),
            plain(3, 1, 0, true)
        );
        // Other paddings than zeros are said, and the zero padding shown.
        let (got, notes) = read("nn.Conv2d(3, 64, 3, padding=1, padding_mode='reflect')");
        assert_eq!(
            (got, notes),
            (
                plain(3, 1, 1, true).0,
                vec!["padding_mode='reflect' is not supported; it was ignored.".to_string()]
            )
        );
    }
}
