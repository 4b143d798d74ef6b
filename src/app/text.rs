//! The read-outs as text: the output-size formula with the numbers filled in, the output
//! volume, parameters, multiply-adds and memory, the dot product at the current position and
//! the live-region sentence.

use super::fields::Field;
use super::layer::Layer;
use super::state::{Config, Op};
use crate::cnn::{conv_cost, Axis, ConvTrace, Geometry, Hw, PoolTrace, Rounding, ShapeError};
use crate::plural;
use crate::tr;

/// A number as a student reads it: whole numbers without decimals, others with at most two
/// decimals, and values below 1 with three significant digits (so Gaussian(0, 0.01) weights
/// stay readable: 0.0123).
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            "NaN".into()
        } else if v > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    // A huge value (typed into a box, say) as a power of ten: its digits would saturate.
    if v.abs() >= 1e15 {
        let e = v.abs().log10().floor() as i32;
        let m = (v / 10f64.powi(e) * 100.0).round() / 100.0;
        // 9.996e20 rounds to a mantissa of 10: one power up.
        let (m, e) = if m.abs() >= 10.0 {
            (m / 10.0, e + 1)
        } else {
            (m, e)
        };
        let sup: String = e
            .to_string()
            .chars()
            .map(|c| {
                "⁰¹²³⁴⁵⁶⁷⁸⁹"
                    .chars()
                    .nth(c.to_digit(10).unwrap_or(0) as usize)
                    .unwrap_or(c)
            })
            .collect();
        return format!("{}×10{sup}", num(m));
    }
    let s = if v.abs() >= 1.0 || v == 0.0 {
        let r = (v * 100.0).round() / 100.0;
        if r.fract() == 0.0 {
            format!("{}", r as i64)
        } else {
            format!("{r:.2}").trim_end_matches('0').to_string()
        }
    } else {
        // Decimals for three significant digits, at most 6 (below that it reads as 0).
        let decimals = (2 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
        let t = format!("{v:.decimals$}");
        let t = t.trim_end_matches('0').trim_end_matches('.');
        if t.is_empty() || t == "-" {
            "0".into()
        } else {
            t.to_string()
        }
    };
    // A real minus sign reads better than a hyphen; "-0" is just 0.
    if s == "-0" {
        "0".into()
    } else {
        s.replacen('-', "−", 1)
    }
}

/// A count with thousands separators: 34944 → "34,944".
pub fn count(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Bytes in binary units: "72 B", "12.1 KiB", "1.1 MiB".
pub fn bytes(v: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if v < 1024 {
        return format!("{v} B");
    }
    let mut x = v as f64 / 1024.0;
    let mut unit = 0;
    // Four digits (once rounded) read as the next unit: "0.99 MiB", not "1014.0 KiB".
    while x >= 999.95 && unit < UNITS.len() - 1 {
        x /= 1024.0;
        unit += 1;
    }
    if x < 1.0 {
        format!("{x:.2} {}", UNITS[unit])
    } else {
        format!("{x:.1} {}", UNITS[unit])
    }
}

/// A factor inside a product: negative numbers in parentheses, so "2·(−1)" is unambiguous.
fn factor(v: f32) -> String {
    let s = num(v as f64);
    if s.starts_with('−') {
        format!("({s})")
    } else {
        s
    }
}

/// The output-size read-out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formula {
    /// The formula of the rounding policy with the numbers filled in.
    pub expr: String,
    /// "W₂ × H₂ × D₂", or a short phrase when there is no output.
    pub shape: String,
    /// Whether there is an output under the chosen rounding.
    pub fits: bool,
    /// A sentence about the result: why it does not fit, or what the rounding did.
    pub note: Option<String>,
}

/// The label of a rounding policy in the controls.
pub fn rounding_label(r: Rounding) -> &'static str {
    match r {
        Rounding::Strict => tr!("round.strict"),
        Rounding::Floor => tr!("round.floor"),
        Rounding::Ceil => tr!("round.ceil"),
        Rounding::Same => tr!("round.same"),
    }
}

/// "2 rows" or "1 column": `count` cells of the padded input along `axis`.
fn lines(count: usize, axis: Axis) -> String {
    match axis {
        Axis::Height => plural!(count, "unit.row"),
        Axis::Width => plural!(count, "unit.column"),
    }
}

/// Localised sentence for a core error (the core's `Display` is English only).
pub fn error(e: &ShapeError) -> String {
    let what = |w: &str| what(w);
    let axis = |a: Axis| match a {
        Axis::Height => tr!("axis.height"),
        Axis::Width => tr!("axis.width"),
    };
    match e {
        ShapeError::ZeroSize { what: w } => tr!("err.zero_size", what(w)),
        ShapeError::ZeroStride { axis: a } => {
            tr!("err.zero_stride", axis(*a), lines(1, *a))
        }
        ShapeError::ZeroDilation { axis: a } => tr!("err.zero_dilation", axis(*a)),
        ShapeError::KernelTooLarge {
            axis: a,
            span,
            padded,
        } => tr!(
            "err.kernel_too_large",
            lines(*span, *a),
            lines(*padded, *a),
            axis(*a)
        ),
        ShapeError::DoesNotFit(nf) => {
            let pads = if nf.pad_lo == nf.pad_hi {
                format!("2·{}", nf.pad_lo)
            } else {
                format!("{} + {}", nf.pad_lo, nf.pad_hi)
            };
            let exact = format!(
                "({} − {} + {pads}) / {} + 1 = {}",
                nf.input,
                nf.span,
                nf.stride,
                nf.exact_output_text()
            );
            let (paddings, strides) = settable(nf);
            let strides = or_list(&strides);
            let first = tr!(
                "err.not_fit",
                exact,
                axis(nf.axis),
                lines(nf.unreached, nf.axis)
            );
            let second = if paddings.is_empty() {
                tr!(
                    "err.not_fit.no_padding",
                    nf.stride,
                    strides,
                    Field::P.range().1
                )
            } else {
                tr!("err.not_fit.padding", or_list(&paddings), strides)
            };
            format!("{first} {second}")
        }
        ShapeError::DepthMismatch { input, filters } => {
            tr!("err.depth_mismatch", filters, input)
        }
        ShapeError::KernelMismatch { spec, filters } => tr!(
            "err.kernel_mismatch",
            format!("{}×{}", spec.h, spec.w),
            format!("{}×{}", filters.h, filters.w)
        ),
        ShapeError::DataLength {
            what: w,
            expected,
            got,
        } => tr!("err.data_length", expected, what(w), got),
        ShapeError::Overflow { what: w } => tr!("err.overflow", what(w)),
        ShapeError::PoolPaddingTooLarge { axis: a, pad, span } => {
            tr!("err.pool_padding", pad, axis(*a), span)
        }
        ShapeError::WindowAllPadding { row, col } => tr!("err.window_all_padding", row, col),
        ShapeError::GroupsDoNotDivide {
            what: crate::cnn::GroupCount::InputDepth,
            value,
            groups,
        } => tr!("err.groups_depth", value, groups),
        ShapeError::GroupsDoNotDivide {
            what: crate::cnn::GroupCount::Filters,
            value,
            groups,
        } => tr!("err.groups_filters", value, groups),
        ShapeError::GroupDepthMismatch {
            input,
            groups,
            filters,
        } => tr!(
            "err.group_depth",
            groups,
            input / (*groups).max(1),
            input,
            filters
        ),
        ShapeError::OutputPaddingTooLarge {
            axis: a,
            output_padding,
            stride,
            dilation,
        } => tr!("err.opad", output_padding, axis(*a), stride, dilation),
        ShapeError::TransposeNoOutput {
            axis: a,
            full,
            trimmed,
        } => tr!(
            "err.transpose_none",
            axis(*a),
            lines(*full, *a),
            lines(*trimmed, *a)
        ),
        ShapeError::OutOfRange {
            what: w,
            index,
            len,
        } => {
            if *len == 0 {
                tr!("err.out_of_range.none", what(w), index)
            } else {
                tr!("err.out_of_range", what(w), index, len - 1)
            }
        }
    }
}

/// The core's English name of a quantity, in the current language (unknown names as they are).
fn what(w: &str) -> String {
    let key = match w {
        "input height" => tr!("what.input_height"),
        "input width" => tr!("what.input_width"),
        "input depth" => tr!("what.input_depth"),
        "filter height" => tr!("what.filter_height"),
        "filter width" => tr!("what.filter_width"),
        "filter depth" => tr!("what.filter_depth"),
        "filter count" => tr!("what.filter_count"),
        "filter span" => tr!("what.filter_span"),
        "output height" => tr!("what.output_height"),
        "output width" => tr!("what.output_width"),
        "volume depth" => tr!("what.volume_depth"),
        "filter" => tr!("what.filter"),
        "channel" => tr!("what.channel"),
        "output row" => tr!("what.output_row"),
        "output column" => tr!("what.output_column"),
        "number of parameters" => tr!("what.params"),
        "number of output positions" => tr!("what.positions"),
        other => return other.to_string(),
    };
    key.to_string()
}

/// "a", "a or b", "a, b or c" in the current language.
fn or_list(items: &[usize]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => {
            let head: Vec<String> = init.iter().map(|v| v.to_string()).collect();
            tr!("list.or", head.join(", "), last)
        }
    }
}

/// The inputs of the size formula along one axis.
struct AxisIn {
    /// "H₂" or "W₂".
    name: &'static str,
    n: usize,
    span: usize,
    s: usize,
    lo: usize,
    hi: usize,
    /// Writes no padding term when there is none (the lecture's pooling formula).
    bare: bool,
}

fn axes(c: &Config) -> [AxisIn; 2] {
    let (sh, sw) = c.spans();
    let p = c.padding();
    [
        AxisIn {
            name: "H₂",
            n: c.n,
            span: sh,
            s: c.s,
            lo: p.top,
            hi: p.bottom,
            bare: false,
        },
        AxisIn {
            name: "W₂",
            n: c.w(),
            span: sw,
            s: c.sw(),
            lo: p.left,
            hi: p.right,
            bare: false,
        },
    ]
}

impl AxisIn {
    fn numer(&self) -> i64 {
        self.n as i64 - self.span as i64 + self.lo as i64 + self.hi as i64
    }

    /// "(7 − 3 + 2·0) / 2", with "lo + hi" when the two sides differ.
    fn inner(&self) -> String {
        if self.bare && self.lo == 0 && self.hi == 0 {
            return format!("({} − {}) / {}", self.n, self.span, self.s);
        }
        let pad = if self.lo == self.hi {
            format!("2·{}", self.lo)
        } else {
            format!("{} + {}", self.lo, self.hi)
        };
        format!("({} − {} + {pad}) / {}", self.n, self.span, self.s)
    }

    /// ⌈(N − span + lo + hi) / S⌉ + 1, before PyTorch's correction for a last window
    /// starting in the padding.
    fn ceil_out(&self) -> usize {
        (self.numer().max(0) as usize).div_ceil(self.s) + 1
    }

    fn exact(&self) -> String {
        format!(
            "{} + 1 = {}",
            self.inner(),
            num(self.numer() as f64 / self.s as f64 + 1.0)
        )
    }

    /// The expression of this axis under the rounding policy, given its plan.
    fn expr(&self, rounding: Rounding, plan: Option<&crate::cnn::AxisPlan>) -> String {
        let inner = self.inner();
        match (rounding, plan) {
            (Rounding::Floor, Some(a)) => format!("⌊{inner}⌋ + 1 = {}", a.output),
            (Rounding::Ceil, Some(a)) => {
                let ceil_out = self.ceil_out();
                if a.output < ceil_out {
                    format!("⌈{inner}⌉ + 1 = {ceil_out} − 1 = {}", a.output)
                } else {
                    format!("⌈{inner}⌉ + 1 = {ceil_out}")
                }
            }
            (Rounding::Same, Some(a)) => format!("⌈{} / {}⌉ = {}", self.n, self.s, a.output),
            _ => self.exact(),
        }
    }
}

/// A pooling padding beyond half its window along some axis, which PyTorch and Torch7
/// refuse (Caffe, and the page, allow up to the window − 1): (the padding, the window).
pub fn pool_beyond_half(c: &Config) -> Option<(usize, usize)> {
    if c.op != Op::MaxPool || c.rounding == Rounding::Same {
        return None;
    }
    beyond_half(c, c.padding())
}

/// The first side (height, then width) on which the padding `p` is above half of `c`'s
/// undilated window, as PyTorch and Torch7 check a max pool's: (padding, window).
pub fn beyond_half(c: &Config, p: crate::cnn::Padding) -> Option<(usize, usize)> {
    [(p.top.max(p.bottom), c.f), (p.left.max(p.right), c.fw())]
        .into_iter()
        .find(|&(pad, window)| 2 * pad > window)
}

/// A square layer's size formula along one side, as the read-out writes it under `rounding`
/// with the side's plan (or its error): "(32 − 5 + 2·0) / 1 + 1 = 28",
/// "⌊(32 − 5 + 2·0) / 2⌋ + 1 = 14", "⌈32 / 2⌉ = 16", "(7 − 3 + 2·0) / 3 + 1 = 2.33" when it
/// does not fit; without a value after any other error. `pool` writes the lecture's pooling form, "(28 − 2) / 2 + 1".
pub fn side_formula(
    n: usize,
    f: usize,
    s: usize,
    p: usize,
    pool: bool,
    rounding: Rounding,
    plan: Result<&crate::cnn::AxisPlan, &ShapeError>,
) -> String {
    let a = AxisIn {
        name: "",
        n,
        span: f,
        s,
        lo: p,
        hi: p,
        bare: pool,
    };
    match plan {
        Ok(plan) => a.expr(rounding, Some(plan)),
        Err(ShapeError::DoesNotFit(nf)) => {
            format!("{} + 1 = {}", a.inner(), nf.exact_output_text())
        }
        Err(_) => format!("{} + 1", a.inner()),
    }
}

/// The formula read-out for a configuration: the lecture's single formula for a square
/// layer, one per axis ("H₂ = … · W₂ = …") otherwise.
pub fn formula(config: &Config, exact: &Result<Geometry, ShapeError>) -> Formula {
    if config.is_transposed() {
        return super::transpose_text::formula(config, &config.transpose_geometry());
    }
    let (s, p) = (config.s, config.p);
    let k = config.maps();
    let [rows, cols] = axes(config);
    let square = config.is_square();
    let shape = |g: &Geometry| format!("{} × {} × {k}", g.out_w(), g.out_h());
    let plans = exact.as_ref().ok().map(|g| (g.rows, g.cols));
    let expr = if square {
        rows.expr(config.rounding, plans.as_ref().map(|p| &p.0))
    } else {
        format!(
            "{} = {}   ·   {} = {}",
            rows.name,
            rows.expr(config.rounding, plans.as_ref().map(|p| &p.0)),
            cols.name,
            cols.expr(config.rounding, plans.as_ref().map(|p| &p.1))
        )
    };
    let mut notes: Vec<String> = Vec::new();
    if let Ok(g) = exact {
        match config.rounding {
            Rounding::Floor if g.rows.unreached > 0 || g.cols.unreached > 0 => notes.push(tr!(
                "note.floor",
                lines(g.rows.unreached, Axis::Height),
                lines(g.cols.unreached, Axis::Width)
            )),
            Rounding::Ceil => {
                let dropped = [(&rows, &g.rows), (&cols, &g.cols)]
                    .iter()
                    .any(|(a, plan)| plan.output < a.ceil_out());
                if dropped {
                    notes.push(tr!("note.ceil_dropped").to_string());
                }
                let over = g.rows.overhang.max(g.cols.overhang);
                if over > 0 {
                    notes.push(tr!("note.ceil_overhang", plural!(over, "unit.cell")));
                }
            }
            Rounding::Same => {
                let (lo, hi) = (g.rows.pad_lo, g.rows.pad_hi);
                let o = g.out_h();
                if square {
                    let total = format!(
                        "max(({o} − 1)·{s} + {} − {}, 0) = {}",
                        rows.span,
                        rows.n,
                        lo + hi
                    );
                    notes.push(if hi > lo {
                        tr!("note.same_uneven", total, lo, hi)
                    } else {
                        tr!("note.same", total, lo, hi)
                    });
                } else {
                    notes.push(tr!(
                        "note.same_rect",
                        g.rows.pad_lo,
                        g.rows.pad_hi,
                        g.cols.pad_lo,
                        g.cols.pad_hi
                    ));
                }
            }
            _ => {}
        }
    }
    if config.dil > 1 {
        notes.push(tr!(
            "note.dilation",
            config.dil,
            config.f,
            format!(
                "{d}·({f} − 1) + 1 = {}",
                rows.span,
                d = config.dil,
                f = config.f
            ),
            crate::plural!(config.dil - 1, "unit.cell")
        ));
    }
    if let Some(n) = super::transpose_text::groups_note(config) {
        notes.push(n);
    }
    if let Some((pad, window)) = pool_beyond_half(config) {
        notes.push(tr!("note.pool_half", pad, window));
    }
    let joined = |notes: Vec<String>| (!notes.is_empty()).then(|| notes.join(" "));
    match exact {
        Ok(g) => {
            // The lecture's point about 1×1 filters: size stays, depth changes.
            if square
                && config.op == Op::Conv
                && config.f == 1
                && s == 1
                && p == 0
                && notes.is_empty()
            {
                notes.push(tr!(
                    "note.one_by_one",
                    format!("{} × {}", g.out_w(), g.out_h()),
                    config.d,
                    k,
                    crate::plural!(config.d, "unit.channel")
                ));
            }
            Formula {
                expr,
                shape: shape(g),
                fits: true,
                note: joined(notes),
            }
        }
        Err(ShapeError::DoesNotFit(nf)) => {
            let a = if nf.axis == crate::cnn::Axis::Height {
                &rows
            } else {
                &cols
            };
            let r = nf.remainder;
            let reach = if square {
                tr!("list.and", lines(r, Axis::Height), lines(r, Axis::Width))
            } else {
                lines(r, nf.axis)
            };
            let mut note = vec![tr!("fit.remainder", a.numer(), a.s, r, reach)];
            let (paddings, fitting_strides) = settable(nf);
            let fixes: Vec<String> = paddings
                .iter()
                .map(|&q| {
                    let o = (a.n + 2 * q - nf.span) / a.s + 1;
                    if square {
                        format!("P = {q} ({o} × {o})")
                    } else {
                        tr!("fit.both_sides", q, format!("{} = {o}", a.name))
                    }
                })
                .collect();
            if fixes.is_empty() {
                note.push(tr!("fit.no_padding", a.s, Field::P.range().1));
            } else {
                note.push(tr!(
                    "fit.padding",
                    a.s,
                    fixes.join(&format!(" {} ", tr!("list.or_sep")))
                ));
            }
            let strides: Vec<String> = fitting_strides
                .iter()
                .filter(|&&t| t != a.s)
                .map(|t| t.to_string())
                .collect();
            if !strides.is_empty() {
                let pad = if square {
                    format!("P = {p}")
                } else {
                    tr!("fit.this_padding").into()
                };
                note.push(tr!("fit.stride", pad, strides.join(", ")));
            }
            note.push(tr!("fit.or_round").into());
            notes.insert(0, note.join(" "));
            Formula {
                expr,
                shape: tr!("shape.not_fit").into(),
                fits: false,
                note: joined(notes),
            }
        }
        Err(e) => {
            notes.insert(0, error(e));
            Formula {
                expr,
                shape: tr!("shape.none").into(),
                fits: false,
                note: joined(notes),
            }
        }
    }
}

/// The cost read-outs, each written out with its numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Costs {
    /// What the parameter count counts ("(F·F·D₁)·K + K").
    pub params_label: String,
    /// "(F·F·D₁)·K + K = total" (the lecture's parameter count); 0 for pooling.
    pub params: String,
    /// What the work count counts: multiply-adds, or comparisons for pooling.
    pub work_label: String,
    /// Multiply-adds (comparisons) of one forward pass, or a dash without an output.
    pub work: String,
    /// Output memory in f32, or a dash without an output.
    pub memory: String,
}

/// The output's memory: "9 values × 4 B = 36 B" ("1 value" for one).
pub fn memory_line(elems: u64) -> String {
    if elems == 1 {
        tr!("cost.memory_one", bytes(4))
    } else {
        tr!("cost.memory", count(elems), bytes(elems * 4))
    }
}

/// Parameters, multiply-adds (or comparisons) and output memory of a configuration.
pub fn costs(config: &Config, exact: &Result<Geometry, ShapeError>) -> Costs {
    let Config { f, d, k, bias, .. } = *config;
    let out = exact.as_ref().map(|g| Hw::new(g.out_h(), g.out_w()));
    if config.is_transposed() || config.groups_in_force() > 1 {
        return super::transpose_text::costs(config, out.ok());
    }
    let memory = memory_line;
    if config.op == Op::MaxPool {
        // A max over F·F values takes F·F − 1 comparisons; pooling learns nothing.
        let (work, mem) = match &out {
            Ok(o) => {
                let cmp = (f * config.fw() - 1) as u64;
                let outs = (o.w * o.h * d) as u64;
                (
                    format!("{cmp} × {}·{} × {d} = {}", o.w, o.h, count(cmp * outs)),
                    memory(outs),
                )
            }
            Err(_) => ("—".into(), "—".into()),
        };
        return Costs {
            params_label: tr!("cost.params").into(),
            params: tr!("cost.pool_params").into(),
            work_label: tr!("cost.comparisons").into(),
            work,
            memory: mem,
        };
    }
    // Weights and biases do not depend on the output, so count them on a 1×1 output if needed.
    let per = conv_cost(
        d,
        k,
        Hw::new(f, config.fw()),
        *out.as_ref().unwrap_or(&Hw::square(1)),
        bias,
    );
    let params_label = if bias {
        tr!("cost.params_bias")
    } else {
        tr!("cost.params_nobias")
    }
    .to_string();
    let work_label = tr!("cost.macs").to_string();
    match per {
        Ok(c) => {
            let params = if bias {
                format!(
                    "({f}·{fw}·{d})·{k} + {k} = {}",
                    count(c.params),
                    fw = config.fw()
                )
            } else {
                format!("({f}·{fw}·{d})·{k} = {}", count(c.params), fw = config.fw())
            };
            let (work, memory) = match out {
                Ok(o) => (
                    work_line(c.weights_per_filter, o, k, c.macs),
                    memory(c.output_elems),
                ),
                Err(_) => ("—".into(), "—".into()),
            };
            Costs {
                params_label,
                params,
                work_label,
                work,
                memory,
            }
        }
        Err(e) => Costs::unavailable(params_label, work_label, &e),
    }
}

impl Costs {
    /// The read-outs when the costs cannot be counted: the parameters say why (`e`).
    pub(crate) fn unavailable(params_label: String, work_label: String, e: &ShapeError) -> Costs {
        Costs {
            params_label,
            params: error(e),
            work_label,
            work: "—".into(),
            memory: "—".into(),
        }
    }
}

/// "9 × 3·3 × 2 = 162": one filter's weights × the positions it is applied at × K = the
/// multiply-adds.
pub(crate) fn work_line(weights_per_filter: u64, at: Hw, k: usize, macs: u64) -> String {
    format!(
        "{} × {}·{} × {k} = {}",
        count(weights_per_filter),
        at.w,
        at.h,
        count(macs)
    )
}

/// One product w·x of the dot product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// "w·x" as text.
    pub text: String,
    /// Whether x lies in the zero-padding.
    pub padding: bool,
}

/// One input channel's share of the dot product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelSum {
    /// "R", "G", "B" for an RGB input, else "c0", "c1", …
    pub label: String,
    /// Every product of this channel, row-major over the filter.
    pub terms: Vec<Term>,
    /// The channel's sum, as text.
    pub sum: String,
}

impl ChannelSum {
    /// The channel's products as one line, "w·x + w·x + …", and where each padding term lies
    /// in it as (start, end) in UTF-16 code units, as a DOM `Range` counts: the page writes
    /// the line as one text node and shades those spans with a CSS highlight, a step's cheaper
    /// layout than an element per term.
    pub fn line(&self) -> (String, Vec<(u32, u32)>) {
        let mut line = String::new();
        let mut at = 0u32;
        let mut padding = Vec::new();
        for (i, t) in self.terms.iter().enumerate() {
            if i > 0 {
                line.push_str(" + ");
                at += 3;
            }
            let len = t.text.encode_utf16().count() as u32;
            if t.padding {
                padding.push((at, at + len));
            }
            line.push_str(&t.text);
            at += len;
        }
        (line, padding)
    }
}

/// The dot product at one output position, written out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DotProduct {
    /// `out[k][r][c]`.
    pub target: String,
    /// The filter's name, `w0`.
    pub filter: String,
    /// One entry per input channel.
    pub channels: Vec<ChannelSum>,
    /// The bias as text.
    pub bias: String,
    /// "9 + 4 + (−2) + 1": the channel sums and the bias.
    pub sums: String,
    /// The output value, as text.
    pub total: String,
    /// "max(0, −2) = 0" when ReLU follows the convolution.
    pub relu: Option<String>,
}

/// The name of input channel `c` of a `depth`-channel input.
pub fn channel_label(c: usize, depth: usize) -> String {
    match (depth, c) {
        (3, 0) => "R".into(),
        (3, 1) => "G".into(),
        (3, 2) => "B".into(),
        _ => format!("c{c}"),
    }
}

/// The dot product of a trace, as text; with `relu`, also the clipped value.
pub fn dot_product(t: &ConvTrace, relu: bool) -> DotProduct {
    let depth = t.channels.len();
    let channels: Vec<ChannelSum> = t
        .channels
        .iter()
        .map(|c| ChannelSum {
            label: channel_label(c.channel, depth),
            terms: c
                .taps
                .iter()
                .map(|tap| Term {
                    text: format!("{}·{}", factor(tap.weight), factor(tap.input)),
                    padding: tap.padding,
                })
                .collect(),
            sum: num(c.sum as f64),
        })
        .collect();
    let sums = t
        .channels
        .iter()
        .map(|c| factor(c.sum))
        .chain(std::iter::once(factor(t.bias)))
        .collect::<Vec<_>>()
        .join(" + ");
    DotProduct {
        target: format!("out[{}][{}][{}]", t.filter, t.row, t.col),
        filter: format!("w{}", t.filter),
        channels,
        bias: factor(t.bias),
        sums,
        total: num(t.total as f64),
        relu: relu.then(|| {
            format!(
                "max(0, {}) = {}",
                num(t.total as f64),
                num(t.total.max(0.0) as f64)
            )
        }),
    }
}

/// An estimate of `s`'s width when each character counts `other`, except a minus sign
/// (`minus`) and a point (`point`): numbers written by [`num`] in a font whose digits are
/// tabular. The unit is the caller's (`ch`, pixels).
pub fn text_width(s: &str, other: f64, minus: f64, point: f64) -> f64 {
    s.chars()
        .map(|c| match c {
            '−' | '-' => minus,
            '.' => point,
            _ => other,
        })
        .sum()
}

/// How wide the real-image view's dot-product sum column must be, in `ch` of its type (to
/// 0.1), for "= sum" of every channel and "= total" (the total's number in type 1.3× as large)
/// to fit with the cell's 8 px of padding. Widths measured in the page's bold sans-serif
/// (DejaVu Sans in Chromium on Linux, whose minus sign is widest of the usual fonts): a digit
/// 1 ch by definition (tabular), a minus sign 1.2, a point 0.55, "= " 1.7, the padding 0.9.
/// The view hands this to the style sheet as `--sum-width`; the style sheet keeps the column
/// at least 6.2em, which the usual numbers fit, so only long ones (a filter of small weights:
/// "= −0.000425") widen it instead of running past the card's edge.
pub fn sum_column_ch(sums: &[&str], total: &str) -> f64 {
    let width = |s: &str| text_width(s, 1.0, 1.2, 0.55);
    let (prefix, padding) = (1.7, 0.9);
    let widest = sums.iter().map(|s| width(s)).fold(0.0, f64::max);
    let need = (prefix + widest).max(prefix + 1.3 * width(total)) + padding;
    (need * 10.0).ceil() / 10.0
}

/// A channel's terms (row-major over an `f` × `f` window) as one line per window row, each
/// but the last ending in "+", so the written sum reads as the window is laid out. Terms that
/// do not make whole rows of `f` (or `f` = 0) stay on one line.
pub fn window_rows(terms: &[Term], f: usize) -> Vec<String> {
    // A no-break space before each "+": a line too narrow for its row breaks after a "+",
    // so every line but a row's last ends in "+" as a row's line does, never starts with one.
    let join = |ts: &[Term]| {
        ts.iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join("\u{a0}+ ")
    };
    if f == 0 || !terms.len().is_multiple_of(f) {
        return vec![join(terms)];
    }
    let rows = terms.len() / f;
    terms
        .chunks(f)
        .enumerate()
        .map(|(i, row)| {
            let line = join(row);
            if i + 1 < rows {
                line + "\u{a0}+"
            } else {
                line
            }
        })
        .collect()
}

/// A max-pooling window written out: its values and which one wins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolMax {
    /// `out[c][r][col]`.
    pub target: String,
    /// The slice's name ("R", "c0", …).
    pub channel: String,
    /// The window's values, row-major; padding cells read "−∞" and are marked.
    pub cells: Vec<Term>,
    /// Index into `cells` of the maximum.
    pub argmax: usize,
    /// The maximum, as text.
    pub max: String,
}

/// A pooling trace as text.
pub fn pool_max(t: &PoolTrace, depth: usize) -> PoolMax {
    PoolMax {
        target: format!("out[{}][{}][{}]", t.channel, t.row, t.col),
        channel: channel_label(t.channel, depth),
        cells: t
            .cells
            .iter()
            .map(|c| Term {
                text: num(c.value as f64),
                padding: c.padding,
            })
            .collect(),
        argmax: t.argmax,
        max: num(t.max as f64),
    }
}

/// The sentence the live region reads out for the current step.
pub fn status(layer: &Layer, step: usize) -> String {
    let positions = layer.config.positions();
    if let Some(s) = layer
        .transpose
        .and_then(|_| super::transpose_text::status(layer, step))
    {
        return s;
    }
    if let (Some((c, r, col)), Some(t)) = (layer.position(step), layer.pool_trace(step)) {
        return tr!(
            "status.pool",
            step + 1,
            positions,
            channel_label(c, layer.config.d),
            r,
            col,
            t.cells.len(),
            num(t.max as f64)
        );
    }
    match (layer.position(step), layer.trace(step)) {
        (Some((k, r, c)), Some(t)) => {
            let pads = t
                .channels
                .iter()
                .flat_map(|c| c.taps.iter())
                .filter(|tap| tap.padding)
                .count();
            let pad_note = match pads {
                0 => String::new(),
                1 => tr!("status.pad_one").into(),
                n => tr!("status.pad_many", n),
            };
            let relu_note = if layer.config.relu {
                tr!("status.relu", num(t.total.max(0.0) as f64))
            } else {
                String::new()
            };
            tr!(
                "status.conv",
                step + 1,
                positions,
                k,
                r,
                c,
                num(t.total as f64),
                relu_note,
                pad_note
            )
        }
        _ => match &layer.too_big {
            Some(why) => tr!("status.too_big", why),
            None => tr!("status.none", why_none(layer)),
        },
    }
}

/// The paddings and strides that would fit (`nf`'s suggestions) that the P and S boxes
/// accept: a suggestion the page refuses is no help.
fn settable(nf: &crate::cnn::NotFit) -> (Vec<usize>, Vec<usize>) {
    let within = |v: &[usize], f: Field| {
        let (lo, hi) = f.range();
        v.iter()
            .copied()
            .filter(|x| (lo..=hi).contains(x))
            .collect()
    };
    (
        within(&nf.fitting_paddings, Field::P),
        within(&nf.fitting_strides, Field::S),
    )
}

/// Why a layer small enough to animate has no output: its geometry's error, in a sentence.
pub fn why_none(layer: &Layer) -> String {
    layer.exact.as_ref().err().map_or_else(String::new, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_channels_line_marks_its_padding_terms_in_utf16_units() {
        let term = |text: &str, padding| Term {
            text: text.into(),
            padding,
        };
        let ch = ChannelSum {
            label: "R".into(),
            terms: vec![term("(−1)·0", true), term("2·3", false), term("0·0", true)],
            sum: "6".into(),
        };
        let (line, pads) = ch.line();
        assert_eq!(line, "(−1)·0 + 2·3 + 0·0");
        // "−" and "·" are one UTF-16 unit each (and three and two bytes in UTF-8).
        assert_eq!(pads, vec![(0, 6), (15, 18)]);
        let units: Vec<u16> = line.encode_utf16().collect();
        let pick = |(a, b): (u32, u32)| String::from_utf16(&units[a as usize..b as usize]).unwrap();
        assert_eq!(pick(pads[0]), "(−1)·0");
        assert_eq!(pick(pads[1]), "0·0");
        let none = ChannelSum {
            terms: vec![],
            ..ch
        };
        assert_eq!(none.line(), (String::new(), vec![]));
    }
    use crate::app::layer::Layer;

    fn cfg(n: usize, d: usize, k: usize, f: usize, s: usize, p: usize) -> Config {
        Config {
            n,
            d,
            k,
            f,
            s,
            p,
            ..Config::default()
        }
    }

    #[test]
    fn the_sum_column_fits_the_longest_sum_or_the_larger_total() {
        // "= 0.6" three times and "= 1.8": the total decides, 1.7 + 1.3 · 2.55 + 0.9, up.
        assert_eq!(sum_column_ch(&["0.6", "0.6", "0.6"], "1.8"), 6.0);
        // A small weight's sum: 1.7 + 1.2 + 0.55 + 7 + 0.9 (the total, 5.55 · 1.3, is less).
        assert_eq!(
            sum_column_ch(&["0.0169", "−0.000425", "0.00263"], "0.0191"),
            11.4
        );
        // A long total beats the sums: 1.7 + 1.3 · 6.2 + 0.9.
        assert_eq!(sum_column_ch(&["1"], "−12345"), 10.7);
        assert_eq!(sum_column_ch(&[], "0"), 3.9);
    }

    #[test]
    fn a_windows_terms_are_written_one_line_per_row() {
        let terms = |n: usize| -> Vec<Term> {
            (1..=n)
                .map(|i| Term {
                    text: format!("t{i}"),
                    padding: false,
                })
                .collect()
        };
        // "_" for the no-break space before each "+" (a wrapped line breaks after the "+").
        let rows = |n: usize, f: usize| -> Vec<String> {
            window_rows(&terms(n), f)
                .iter()
                .map(|l| l.replace('\u{a0}', "_"))
                .collect()
        };
        assert_eq!(
            rows(4, 2),
            ["t1_+ t2_+", "t3_+ t4"],
            "2 × 2: two lines, the first carrying the sum on"
        );
        assert_eq!(
            rows(9, 3),
            ["t1_+ t2_+ t3_+", "t4_+ t5_+ t6_+", "t7_+ t8_+ t9"]
        );
        // Not whole rows, or no F: the terms stay on one line rather than being cut wrongly.
        assert_eq!(rows(5, 2), ["t1_+ t2_+ t3_+ t4_+ t5"]);
        assert_eq!(rows(3, 0), ["t1_+ t2_+ t3"]);
        assert_eq!(rows(1, 1), ["t1"]);
        assert!(window_rows(&[], 3).is_empty());
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(num(3.0), "3");
        assert_eq!(num(-2.0), "−2");
        assert_eq!(num(2.3333), "2.33");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(-0.0), "0");
        assert_eq!(factor(-1.0), "(−1)");
        assert_eq!(num(0.0123456), "0.0123");
        assert_eq!(num(-0.004567), "−0.00457");
        assert_eq!(num(0.333333), "0.333");
        assert_eq!(num(1e-9), "0");
        assert_eq!(num(54.25), "54.25");
        assert_eq!(count(34944), "34,944");
        assert_eq!(count(760), "760");
        assert_eq!(count(1_000_000), "1,000,000");
        // Found in review: 3.4e38 typed into a weight box read "9223372036854775807".
        assert_eq!(num(3.4e38), "3.4×10³⁸");
        assert_eq!(num(-1e38), "−1×10³⁸");
        assert_eq!(num(1e308), "1×10³⁰⁸");
        assert_eq!(num(9.996e20), "1×10²¹");
        assert_eq!(num(123_456_789_012_345.0), "123456789012345");
        assert_eq!(bytes(72), "72 B");
        assert_eq!(bytes(1_161_600), "1.1 MiB");
        assert_eq!(bytes(1_038_336), "0.99 MiB");
        assert_eq!(bytes(1_023_999), "0.98 MiB");
        assert_eq!(bytes(999 * 1024), "999.0 KiB");
    }

    #[test]
    fn formula_with_numbers_for_the_lecture_examples() {
        let c = Config::default();
        let f = formula(&c, &c.geometry());
        assert_eq!(f.expr, "(7 − 3 + 2·0) / 2 + 1 = 3");
        assert_eq!(f.shape, "3 × 3 × 1");
        assert!(f.fits && f.note.is_none());

        let c = Config { s: 1, ..c };
        assert_eq!(formula(&c, &c.geometry()).shape, "5 × 5 × 1");

        let c = Config { s: 3, ..c };
        let f = formula(&c, &c.geometry());
        assert_eq!(f.expr, "(7 − 3 + 2·0) / 3 + 1 = 2.33");
        assert!(!f.fits);
        let note = f.note.unwrap();
        assert!(note.contains("remainder of 1"), "{note}");
        assert!(note.contains("P = 1 (3 × 3)"), "{note}");

        let c = cfg(32, 3, 6, 5, 1, 0);
        assert_eq!(formula(&c, &c.geometry()).shape, "28 × 28 × 6");
        let c = cfg(32, 3, 10, 5, 1, 2);
        assert_eq!(formula(&c, &c.geometry()).shape, "32 × 32 × 10");
        assert_eq!(costs(&c, &c.geometry()).params, "(5·5·3)·10 + 10 = 760");
        let c = cfg(227, 3, 96, 11, 4, 0);
        assert_eq!(formula(&c, &c.geometry()).shape, "55 × 55 × 96");
        assert_eq!(
            costs(&c, &c.geometry()).params,
            "(11·11·3)·96 + 96 = 34,944"
        );
    }

    #[test]
    fn formulas_of_the_other_rounding_policies() {
        let c = Config {
            s: 3,
            rounding: Rounding::Floor,
            ..Config::default()
        };
        let f = formula(&c, &c.geometry());
        assert_eq!(f.expr, "⌊(7 − 3 + 2·0) / 3⌋ + 1 = 2");
        assert_eq!(f.shape, "2 × 2 × 1");
        assert!(f.note.unwrap().contains("last 1 row and 1 column"));

        let c = Config {
            rounding: Rounding::Ceil,
            ..c
        };
        let f = formula(&c, &c.geometry());
        assert_eq!(f.expr, "⌈(7 − 3 + 2·0) / 3⌉ + 1 = 3");
        assert!(f.note.unwrap().contains("2 cells past"));

        // Pool-like 112/F3/S2: floor 55, ceil 56 (Caffe).
        let c = Config { n: 112, s: 2, ..c };
        assert_eq!(formula(&c, &c.geometry()).shape, "56 × 56 × 1");

        let c = Config {
            n: 6,
            f: 3,
            s: 2,
            p: 0,
            rounding: Rounding::Same,
            ..Config::default()
        };
        let f = formula(&c, &c.geometry());
        assert_eq!(f.expr, "⌈6 / 2⌉ = 3");
        assert_eq!(f.shape, "3 × 3 × 1");
        let note = f.note.unwrap();
        assert!(note.contains("0 top/left and 1 bottom/right"), "{note}");
    }

    #[test]
    fn rectangular_asymmetric_and_dilated_layers_get_one_formula_per_axis() {
        use crate::app::fields::Field;
        let c = Config::default()
            .with_rect(true)
            .with(Field::W, 9)
            .with(Field::Sw, 3);
        let f = formula(&c, &c.geometry());
        assert_eq!(
            f.expr,
            "H₂ = (7 − 3 + 2·0) / 2 + 1 = 3   ·   W₂ = (9 − 3 + 2·0) / 3 + 1 = 3"
        );
        assert_eq!(f.shape, "3 × 3 × 1");
        // Padding 1 on top only: rows (7 − 3 + 1 + 0) / 2 + 1 = 3.5 does not fit.
        let c = Config::default().with(Field::Pt, 1);
        let f = formula(&c, &c.geometry());
        assert!(
            f.expr.starts_with("H₂ = (7 − 3 + 1 + 0) / 2 + 1 = 3.5"),
            "{}",
            f.expr
        );
        let note = f.note.unwrap();
        assert!(note.contains("last 1 row of the padded input"), "{note}");
        // Dilation 2 on 7×7 with F = 3, S = 1: spans 5, (7 − 5)/1 + 1 = 3.
        let c = Config {
            s: 1,
            ..Config::default()
        }
        .with(Field::Dil, 2);
        let f = formula(&c, &c.geometry());
        assert_eq!(
            f.expr,
            "H₂ = (7 − 5 + 2·0) / 1 + 1 = 3   ·   W₂ = (7 − 5 + 2·0) / 1 + 1 = 3"
        );
        assert!(f.note.unwrap().contains("spans 2·(3 − 1) + 1 = 5 cells"));
        let k = costs(
            &Config::default()
                .with_rect(true)
                .with(Field::Fw, 5)
                .with(Field::K, 2),
            &Ok(c.geometry().unwrap()),
        );
        assert_eq!(k.params, "(3·5·1)·2 + 2 = 32");
    }

    #[test]
    fn one_by_one_convolution_says_the_depth_changes() {
        let c = cfg(7, 4, 2, 1, 1, 0);
        let f = formula(&c, &c.geometry());
        assert_eq!(f.shape, "7 × 7 × 2");
        assert!(f.note.unwrap().starts_with("1×1 convolution: width and height stay 7 × 7; the depth goes from D₁ = 4 to D₂ = K = 2."));
    }

    #[test]
    fn a_filter_larger_than_the_input_says_so() {
        let c = cfg(3, 1, 1, 5, 1, 0);
        let f = formula(&c, &c.geometry());
        assert_eq!(f.expr, "(3 − 5 + 2·0) / 1 + 1 = −1");
        assert_eq!(f.shape, "no output");
        assert!(f.note.unwrap().contains('5'));
        let k = costs(&c, &c.geometry());
        assert_eq!(k.params, "(5·5·1)·1 + 1 = 26");
        assert_eq!(k.work, "—");
    }

    #[test]
    fn costs_are_written_out() {
        let c = cfg(7, 3, 2, 3, 2, 1);
        let k = costs(&c, &c.geometry());
        assert_eq!(k.params, "(3·3·3)·2 + 2 = 56");
        assert_eq!(k.work, "27 × 4·4 × 2 = 864");
        assert_eq!(k.memory, "32 values × 4 B = 128 B");
        // Found in review: "1 values".
        assert_eq!(memory_line(1), "1 value × 4 B = 4 B");
        let c = Config { bias: false, ..c };
        assert_eq!(costs(&c, &c.geometry()).params, "(3·3·3)·2 = 54");
    }

    #[test]
    fn suggested_paddings_and_strides_are_ones_the_boxes_accept() {
        // Found in review: N 7, F 31, S 16, P 16 suggested P = 20, 28 and 36 (P goes to 16).
        let c = cfg(7, 1, 1, 31, 16, 16);
        let g = c.geometry();
        let note = formula(&c, &g).note.unwrap();
        let said = |what: &str| -> Vec<usize> {
            note.split(what)
                .skip(1)
                .filter_map(|t| {
                    t.split(|ch: char| !ch.is_ascii_digit())
                        .next()?
                        .parse()
                        .ok()
                })
                .collect()
        };
        assert!(!said("P = ").is_empty(), "{note}");
        assert!(said("P = ").iter().all(|&p| p <= 16), "{note}");
        assert!(said("stride S = ").iter().all(|&s| s <= 16), "{note}");
        assert!(note.contains("P = 12 (1 × 1)"), "{note}");
        let why = error(g.as_ref().unwrap_err());
        assert!(!why.contains("20"), "{why}");
    }

    #[test]
    fn a_layer_without_an_output_says_why() {
        // Found in review: groups that do not divide the channels were reported as a filter
        // that does not fit.
        let status = |c: Config| status(&Layer::new(c).unwrap(), 0);
        assert_eq!(
            status(cfg(7, 1, 1, 9, 1, 0)),
            "No output position. The filter spans 9 rows but the padded input has only 7 rows along the height: it is larger than the input."
        );
        let grouped = Config {
            groups: 3,
            ..cfg(7, 1, 1, 3, 1, 0)
        };
        assert_eq!(
            status(grouped),
            "No output position. The input depth D₁ = 1 is not divisible by G = 3: its channels cannot be split into 3 equal groups."
        );
        assert_eq!(
            crate::app::transpose_text::groups_operation(&grouped, "2"),
            "∗ 1 filter 3 × 3 × 1/3 in G = 3 groups, stride 2"
        );
    }

    #[test]
    fn dot_product_adds_up_per_channel() {
        let l = Layer::new(cfg(7, 3, 2, 3, 2, 1)).unwrap();
        let d = dot_product(&l.trace(0).unwrap(), false);
        assert_eq!(d.relu, None);
        let r = dot_product(&l.trace(0).unwrap(), true);
        assert_eq!(
            r.relu.unwrap(),
            format!(
                "max(0, {0}) = {1}",
                r.total,
                if r.total.starts_with('−') {
                    "0".to_string()
                } else {
                    r.total.clone()
                }
            )
        );
        assert_eq!(d.target, "out[0][0][0]");
        assert_eq!(d.channels.len(), 3);
        assert_eq!(
            d.channels
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>(),
            ["R", "G", "B"]
        );
        // The top-left window with P = 1 has 5 of its 9 taps in the zero-padding, per channel.
        for c in &d.channels {
            assert_eq!(c.terms.len(), 9);
            assert_eq!(c.terms.iter().filter(|t| t.padding).count(), 5);
        }
        assert_eq!(
            d.sums.matches(" + ").count(),
            3,
            "three channel sums and the bias"
        );
        let s = status(&l, 16);
        assert!(
            s.starts_with("Step 17 of 32: filter 1, output row 0, column 0 = "),
            "{s}"
        );
        assert!(s.ends_with("5 taps in the zero-padding."), "{s}");
    }
}
