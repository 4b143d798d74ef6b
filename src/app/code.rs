//! The current layer as code, and code back into the controls: PyTorch (`nn.Conv2d`,
//! `nn.MaxPool2d`), Torch7 (`nn.SpatialConvolution`, `nn.SpatialMaxPooling`) and a Caffe
//! prototxt `layer { … }`. Each export states what the framework does differently (floor
//! versus the lecture's exact rule, ceil mode, padding it cannot express); an import says in a
//! sentence what it did not understand.

use super::fields::Field;
use super::state::{Config, Op};
use crate::cnn::{Padding, Rounding};

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

/// The padding the code must express: SAME's computed one, or the controls'.
fn padding(c: &Config) -> Padding {
    match (c.rounding, c.geometry()) {
        (Rounding::Same, Ok(g)) => g.padding(),
        _ => c.padding(),
    }
}

fn symmetric(p: Padding) -> Option<(usize, usize)> {
    (p.top == p.bottom && p.left == p.right).then_some((p.top, p.left))
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
    match (c.rounding, c.op) {
        (Rounding::Strict, _) if c.geometry().is_err() => notes.push(format!(
            "{comment} The lecture's rule finds no whole output size here; this framework floors instead."
        )),
        (Rounding::Ceil, Op::Conv) => notes.push(format!(
            "{comment} Convolutions have no ceil mode here: this layer floors."
        )),
        (Rounding::Ceil, Op::MaxPool) if !pool_ceil_supported => notes.push(format!(
            "{comment} Ceil mode is not expressible here: this layer floors."
        )),
        _ => {}
    }
    notes
}

fn pytorch(c: &Config) -> String {
    let p = padding(c);
    let mut lines = rounding_note(c, "#", true);
    let mut layers = Vec::new();
    let pad_arg = match symmetric(p) {
        Some((ph, pw)) => pair(ph, pw),
        None => {
            // nn.Conv2d pads symmetrically; ZeroPad2d takes (left, right, top, bottom).
            layers.push(format!(
                "nn.ZeroPad2d(({}, {}, {}, {}))",
                p.left, p.right, p.top, p.bottom
            ));
            "0".into()
        }
    };
    let dil = if c.dil > 1 {
        format!(", dilation={}", c.dil)
    } else {
        String::new()
    };
    match c.op {
        Op::Conv => {
            layers.push(format!(
                "nn.Conv2d(in_channels={}, out_channels={}, kernel_size={}, stride={}, padding={pad_arg}{dil}{})",
                c.d,
                c.k,
                pair(c.f, c.fw()),
                pair(c.s, c.sw()),
                if c.bias { "" } else { ", bias=False" }
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
        "# input: (batch, {}, {}, {}) → output: (batch, {})",
        c.d,
        c.n,
        c.w(),
        out_shape(c)
    ));
    lines.join("\n")
}

fn out_shape(c: &Config) -> String {
    let floor = c.spec().with_rounding(match c.rounding {
        Rounding::Strict => Rounding::Floor,
        r => r,
    });
    match floor.geometry(c.n, c.w()) {
        Ok(g) => format!("{}, {}, {}", c.maps(), g.out_h(), g.out_w()),
        Err(e) => format!("none: {e}"),
    }
}

fn torch7(c: &Config) -> String {
    let p = padding(c);
    let mut lines = rounding_note(c, "--", true);
    let mut layers = Vec::new();
    let (ph, pw) = match symmetric(p) {
        Some(s) => s,
        None => {
            layers.push(format!(
                "nn.SpatialZeroPadding({}, {}, {}, {})",
                p.left, p.right, p.top, p.bottom
            ));
            (0, 0)
        }
    };
    match c.op {
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
    lines.join("\n")
}

fn caffe(c: &Config) -> String {
    let p = padding(c);
    let mut notes = Vec::new();
    // Caffe pools with ceil and convolves with floor.
    match (c.op, c.rounding) {
        (Op::MaxPool, Rounding::Floor | Rounding::Strict) => notes.push(
            "# Caffe pooling rounds up (ceil); PyTorch's ceil_mode=True matches it.".to_string(),
        ),
        (Op::Conv, Rounding::Ceil) => {
            notes.push("# Caffe convolutions floor; there is no ceil mode.".to_string())
        }
        (Op::Conv, Rounding::Strict) if c.geometry().is_err() => notes.push(
            "# The lecture's rule finds no whole output size here; Caffe floors instead."
                .to_string(),
        ),
        _ => {}
    }
    if p.top != p.bottom || p.left != p.right {
        notes.push(format!(
            "# Caffe pads symmetrically: pad_h {} / pad_w {} is used; the extra row/column is not expressible.",
            p.top.min(p.bottom),
            p.left.min(p.right)
        ));
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
            if !c.bias {
                s.push_str("    bias_term: false\n");
            }
            s.push_str("  }\n");
            format!(
                "layer {{\n  name: \"conv1\"\n  type: \"Convolution\"\n  bottom: \"data\"\n  top: \"conv1\"\n{s}}}"
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
    out.push(body);
    if c.relu && c.op == Op::Conv {
        out.push("layer {\n  name: \"relu1\"\n  type: \"ReLU\"\n  bottom: \"conv1\"\n  top: \"conv1\"\n}".into());
    }
    out.join("\n")
}

/// What an import changed, and what it could not use.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The controls with the snippet's values (the input size N stays: code does not say it).
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

/// The text between the parentheses following `name`, if `name(` occurs.
fn call_args(text: &str, name: &str) -> Option<String> {
    let start = text.find(&format!("{name}("))? + name.len() + 1;
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

/// Python call arguments as (raw text for messages, shortened; keyword; value): positional
/// ones take their keyword from `names` by position (an empty keyword past the end).
fn keyword_args(args: &str, names: &[&str]) -> Vec<(String, String, String)> {
    split_args(args)
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            let (key, val) = match a.split_once('=') {
                Some((k, v)) => (k.trim().to_string(), v.trim().to_string()),
                None => (
                    names.get(i).map_or(String::new(), |s| s.to_string()),
                    a.clone(),
                ),
            };
            (short(&a), key, val)
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

/// "3" → (3, 3); "(3, 5)" or "[3, 5]" → (3, 5).
fn parse_pair(v: &str) -> Option<(usize, usize)> {
    let t = v
        .trim()
        .trim_start_matches(['(', '['])
        .trim_end_matches([')', ']']);
    let parts: Vec<&str> = t
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    match parts.as_slice() {
        [a] => a.parse().ok().map(|a| (a, a)),
        [a, b] => Some((a.parse().ok()?, b.parse().ok()?)),
        _ => None,
    }
}

fn bounded(what: &str, v: usize, lo: usize, hi: usize, notes: &mut Vec<String>) -> Option<usize> {
    if (lo..=hi).contains(&v) {
        Some(v)
    } else {
        notes.push(format!(
            "{what} = {v} is outside {lo}–{hi}; it was not used."
        ));
        None
    }
}

/// Reads a PyTorch, Torch7 or Caffe snippet into the controls, starting from `base`.
pub fn import(text: &str, base: &Config) -> Result<Imported, String> {
    read(text, base).map(|mut imported| {
        // Setting D through `with` drops fixed values (the notes' figure) that no longer fit.
        imported.config = imported.config.with(Field::D, imported.config.d);
        imported
    })
}

/// [`import`] before the fixed values are checked against the new layer.
fn read(text: &str, base: &Config) -> Result<Imported, String> {
    let mut c = *base;
    let mut notes = Vec::new();
    let set_hw = |c: &mut Config, which: char, (h, w): (usize, usize), notes: &mut Vec<String>| {
        let (lo, hi) = if which == 'p' {
            (0, 16)
        } else if which == 's' {
            (1, 16)
        } else {
            (1, 31)
        };
        let (Some(h), Some(w)) = (
            bounded(&format!("{which} height"), h, lo, hi, notes),
            bounded(&format!("{which} width"), w, lo, hi, notes),
        ) else {
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
    };
    let torch_conv = ["nn.SpatialDilatedConvolution", "nn.SpatialConvolution"];
    if let Some(args) = call_args(text, "nn.Conv2d").or_else(|| call_args(text, "Conv2d")) {
        c.op = Op::Conv;
        c.rounding = Rounding::Floor;
        let names = [
            "in_channels",
            "out_channels",
            "kernel_size",
            "stride",
            "padding",
            "dilation",
        ];
        for (a, key, val) in keyword_args(&args, &names) {
            let shown = short(&val);
            match key.as_str() {
                "in_channels" => match val.parse() {
                    Ok(v) => c.d = bounded("in_channels", v, 1, 2048, &mut notes).unwrap_or(c.d),
                    Err(_) => notes.push(format!("in_channels = {shown} is not a number.")),
                },
                "out_channels" => match val.parse() {
                    Ok(v) => c.k = bounded("out_channels", v, 1, 2048, &mut notes).unwrap_or(c.k),
                    Err(_) => notes.push(format!("out_channels = {shown} is not a number.")),
                },
                "kernel_size" | "stride" | "padding" => match parse_pair(&val) {
                    Some(p) => set_hw(&mut c, key.chars().next().map_or('f', |ch| if ch == 'k' { 'f' } else { ch }), p, &mut notes),
                    None => notes.push(format!("{key} = {shown} is not understood (padding='same' or 'valid' included); it was not used.")),
                },
                "dilation" => match parse_pair(&val) {
                    Some((a, b)) if a == b => c.dil = bounded("dilation", a, 1, 8, &mut notes).unwrap_or(c.dil),
                    _ => notes.push(format!("dilation = {shown}: only one dilation for both axes is supported.")),
                },
                "bias" => c.bias = val != "False",
                "groups" if val == "1" => {}
                _ => notes.push(format!("{a} is not supported; it was ignored.")),
            }
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
        let names = ["kernel_size", "stride", "padding", "dilation"];
        for (a, key, val) in keyword_args(&args, &names) {
            let shown = short(&val);
            match key.as_str() {
                "kernel_size" | "stride" | "padding" => match parse_pair(&val) {
                    Some(p) => set_hw(
                        &mut c,
                        if key == "kernel_size" {
                            'f'
                        } else {
                            key.chars().next().unwrap_or('s')
                        },
                        p,
                        &mut notes,
                    ),
                    None => notes.push(format!(
                        "{key} = {shown} is not understood; it was not used."
                    )),
                },
                "dilation" => match parse_pair(&val) {
                    Some((a, b)) if a == b => {
                        c.dil = bounded("dilation", a, 1, 8, &mut notes).unwrap_or(c.dil)
                    }
                    _ => notes.push(format!(
                        "dilation = {shown}: only one dilation for both axes is supported."
                    )),
                },
                "ceil_mode" => {
                    if val == "True" {
                        c.rounding = Rounding::Ceil;
                    }
                }
                _ => notes.push(format!("{a} is not supported; it was ignored.")),
            }
        }
        // PyTorch's default stride is the kernel size.
        if !split_args(&args)
            .iter()
            .enumerate()
            .any(|(i, a)| a.starts_with("stride") || (i == 1 && !a.contains('=')))
        {
            c.s = c.f;
            c.sw_rect = c.fw_rect;
        }
        return Ok(Imported {
            config: c,
            dialect: Dialect::PyTorch,
            notes,
        });
    }
    for name in torch_conv {
        if let Some(args) = call_args(text, name) {
            let v: Vec<Option<usize>> = split_args(&args).iter().map(|a| a.parse().ok()).collect();
            if v.len() < 4 || v.iter().any(Option::is_none) {
                return Err(format!("{name} needs whole numbers: nInputPlane, nOutputPlane, kW, kH[, dW, dH, padW, padH]."));
            }
            let v: Vec<usize> = v.into_iter().flatten().collect();
            c.op = Op::Conv;
            c.rounding = Rounding::Floor;
            c.d = bounded("nInputPlane", v[0], 1, 2048, &mut notes).unwrap_or(c.d);
            c.k = bounded("nOutputPlane", v[1], 1, 2048, &mut notes).unwrap_or(c.k);
            set_hw(&mut c, 'f', (v[3], v[2]), &mut notes);
            set_hw(
                &mut c,
                's',
                (*v.get(5).unwrap_or(&1), *v.get(4).unwrap_or(&1)),
                &mut notes,
            );
            let pw = *v.get(6).unwrap_or(&0);
            set_hw(&mut c, 'p', (*v.get(7).unwrap_or(&pw), pw), &mut notes);
            if name.contains("Dilated") {
                match (v.get(8), v.get(9)) {
                    (Some(&a), Some(&b)) if a == b => {
                        c.dil = bounded("dilation", a, 1, 8, &mut notes).unwrap_or(c.dil)
                    }
                    (Some(_), Some(_)) => {
                        notes.push("Different dilations per axis are not supported.".into())
                    }
                    _ => {}
                }
            }
            return Ok(Imported {
                config: c,
                dialect: Dialect::Torch7,
                notes,
            });
        }
    }
    if let Some(args) = call_args(text, "nn.SpatialMaxPooling") {
        let v: Vec<Option<usize>> = split_args(&args).iter().map(|a| a.parse().ok()).collect();
        if v.len() < 2 || v.iter().any(Option::is_none) {
            return Err(
                "nn.SpatialMaxPooling needs whole numbers: kW, kH[, dW, dH, padW, padH].".into(),
            );
        }
        let v: Vec<usize> = v.into_iter().flatten().collect();
        c.op = Op::MaxPool;
        c.rounding = if text.contains(":ceil()") {
            Rounding::Ceil
        } else {
            Rounding::Floor
        };
        set_hw(&mut c, 'f', (v[1], v[0]), &mut notes);
        set_hw(
            &mut c,
            's',
            (*v.get(3).unwrap_or(&v[1]), *v.get(2).unwrap_or(&v[0])),
            &mut notes,
        );
        set_hw(
            &mut c,
            'p',
            (*v.get(5).unwrap_or(&0), *v.get(4).unwrap_or(&0)),
            &mut notes,
        );
        return Ok(Imported {
            config: c,
            dialect: Dialect::Torch7,
            notes,
        });
    }
    if text.contains("convolution_param") || text.contains("pooling_param") {
        let pool = text.contains("pooling_param");
        c.op = if pool { Op::MaxPool } else { Op::Conv };
        // Caffe floors convolutions and ceils pooling.
        c.rounding = if pool {
            Rounding::Ceil
        } else {
            Rounding::Floor
        };
        let field = |key: &str| -> Option<usize> {
            text.lines().find_map(|l| {
                let (k, v) = l.trim().split_once(':')?;
                (k.trim() == key).then(|| v.split('#').next().unwrap_or("").trim().parse().ok())?
            })
        };
        if let Some(k) = field("num_output") {
            c.k = bounded("num_output", k, 1, 2048, &mut notes).unwrap_or(c.k);
        }
        let get = |one: &str, default: usize| {
            let v = field(one);
            (
                field(&format!("{one}_h")).or(v).unwrap_or(default),
                field(&format!("{one}_w")).or(v).unwrap_or(default),
            )
        };
        let k = field("kernel_size");
        let kh = field("kernel_h").or(k);
        let kw = field("kernel_w").or(k);
        match (kh, kw) {
            (Some(h), Some(w)) => set_hw(&mut c, 'f', (h, w), &mut notes),
            _ => return Err("The prototxt has no kernel_size (or kernel_h and kernel_w).".into()),
        }
        set_hw(&mut c, 's', get("stride", 1), &mut notes);
        set_hw(&mut c, 'p', get("pad", 0), &mut notes);
        if let Some(d) = field("dilation") {
            c.dil = bounded("dilation", d, 1, 8, &mut notes).unwrap_or(c.dil);
        }
        if text.contains("bias_term: false") {
            c.bias = false;
        }
        if pool && (text.contains("pool: AVE") || text.contains("pool: STOCHASTIC")) {
            notes.push("Only MAX pooling is shown; the pool type was read as MAX.".into());
        }
        if text.contains("group:") {
            notes.push("group is not supported yet; it was ignored.".into());
        }
        return Ok(Imported {
            config: c,
            dialect: Dialect::Caffe,
            notes,
        });
    }
    Err("This is not a snippet ConvScope reads: paste nn.Conv2d(…), nn.MaxPool2d(…), nn.SpatialConvolution(…), nn.SpatialMaxPooling(…) or a Caffe layer { … convolution_param / pooling_param … }.".into())
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
            "require 'nn'\nmodule = nn.SpatialConvolution(3, 10, 5, 5, 1, 1, 2, 2)"
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
        assert!(export(&pool, Dialect::Torch7)
            .ends_with("nn.SpatialMaxPooling(3, 3, 2, 2, 0, 0):ceil()"));
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
                let back = import(&export(&c, d), &c).unwrap();
                assert_eq!(back.config.normalized(), c.normalized(), "{d:?}");
            }
        }
    }

    #[test]
    fn what_is_not_understood_is_said() {
        let base = Config::default();
        let i = import("nn.Conv2d(3, 8, 3, padding='same', groups=2)", &base).unwrap();
        assert!(
            i.notes
                .iter()
                .any(|n| n.contains("padding = 'same' is not understood")),
            "{:?}",
            i.notes
        );
        assert!(
            i.notes
                .iter()
                .any(|n| n.contains("groups=2 is not supported")),
            "{:?}",
            i.notes
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
}
