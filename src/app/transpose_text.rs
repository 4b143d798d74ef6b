//! The sentences of transposed and grouped convolution (from the string tables, keys
//! `tc.*`): the output-size formula with its numbers, the parameter count
//! `F·F·(D₁/G)·K + K`, the notes, the labels of the controls and of the picture, and the
//! scatter view's read-out.

use super::layer::Layer;
use super::state::Config;
use super::text::{count, num, Costs, Formula};
use crate::cnn::{conv_cost_grouped, DirectCell, Hw, ShapeError, TransposeAxis, TransposeGeometry};
use crate::plural;
use crate::tr;

/// Why a transposed layer is sketched instead of animated, if it is: its zero-stuffed input
/// is larger than `side` cells, or its padding crops that input.
pub fn too_big(t: &TransposeGeometry, side: usize) -> Option<String> {
    let (h, w) = (t.rows.direct_len(), t.cols.direct_len());
    if h > side || w > side {
        return Some(tr!(
            "tc.big",
            format!("{w} × {h}"),
            format!("{side} × {side}")
        ));
    }
    if t.crops() {
        let a = if t.rows.border_lo < 0 || t.rows.border_hi < 0 {
            &t.rows
        } else {
            &t.cols
        };
        return Some(tr!("tc.crops", a.pad_lo.max(a.pad_hi), a.span - 1));
    }
    None
}

/// The label of the formula read-out.
pub fn formula_label(c: &Config) -> &'static str {
    if c.is_transposed() {
        tr!("tc.size_label")
    } else {
        tr!("read.size")
    }
}

/// "2·(2 − 1) + 1 + 3 − 2·1 = 4" for one axis of a transposed convolution (the span in place
/// of F when dilated; both paddings when they differ).
fn axis_expr(n: usize, s: usize, a: usize, span: usize, lo: usize, hi: usize) -> String {
    let pads = if lo == hi {
        format!("2·{lo}")
    } else {
        format!("({lo} + {hi})")
    };
    let full = (s * (n - 1) + a + span) as i64 - (lo + hi) as i64;
    format!(
        "{s}·({n} − 1) + {a} + {span} − {pads} = {}",
        num(full as f64)
    )
}

/// The output-size read-out of a transposed convolution: `S·(N − 1) + a + F − 2P` with the
/// numbers, one per axis when the layer is not square, and what the direct view does.
pub fn formula(c: &Config, t: &Result<TransposeGeometry, ShapeError>) -> Formula {
    let p = c.padding();
    let (sh, sw) = c.spans();
    let rows = axis_expr(c.n, c.s, c.opad, sh, p.top, p.bottom);
    let cols = axis_expr(c.w(), c.sw(), c.opad, sw, p.left, p.right);
    let expr = if c.is_square() {
        rows
    } else {
        format!("H₂ = {rows}   ·   W₂ = {cols}")
    };
    let mut notes = Vec::new();
    match t {
        Ok(g) => {
            notes.push(direct_note(c, g));
            if let Some(n) = groups_note(c) {
                notes.push(n);
            }
            Formula {
                expr,
                shape: format!("{} × {} × {}", g.out_w(), g.out_h(), c.k),
                fits: true,
                note: Some(notes.join(" ")),
            }
        }
        Err(e) => Formula {
            expr,
            shape: tr!("shape.none").into(),
            fits: false,
            note: Some(super::text::error(e)),
        },
    }
}

/// What the direct view does, with the numbers: zeros between cells, the border, the
/// rotated filter.
fn direct_note(c: &Config, g: &TransposeGeometry) -> String {
    let r = &g.rows;
    let between = match r.zeros_between() {
        0 => tr!("tc.between_none").to_string(),
        z => plural!(z, "tc.between"),
    };
    let border = if g.crops() {
        tr!("tc.border_crops").to_string()
    } else if r.border_lo == r.border_hi && g.cols.border_lo == r.border_lo {
        plural!(r.border_lo(), "tc.border")
    } else {
        tr!(
            "tc.border_sides",
            r.border_lo(),
            r.border_hi(),
            g.cols.border_lo(),
            g.cols.border_hi(),
            c.opad
        )
    };
    tr!("tc.direct", between, border, format!("{}×{}", c.fw(), c.f))
}

/// The sentence about groups, when G > 1: which filters see which channels.
pub fn groups_note(c: &Config) -> Option<String> {
    let g = c.groups_in_force();
    if g <= 1 || !c.d.is_multiple_of(g) || !c.k.is_multiple_of(g) {
        return None;
    }
    let (dg, kg) = (c.d / g, c.k / g);
    if g == c.d {
        return Some(if kg == 1 {
            tr!("tc.depthwise", g)
        } else {
            tr!("tc.depthwise_mult", g, kg)
        });
    }
    let range = |lo: usize, n: usize| {
        if n == 1 {
            lo.to_string()
        } else {
            format!("{lo}–{}", lo + n - 1)
        }
    };
    Some(tr!(
        "tc.groups",
        g,
        dg,
        c.d,
        range(0, kg),
        range(0, dg),
        range((g - 1) * kg, kg),
        range((g - 1) * dg, dg)
    ))
}

/// The parameter and cost read-outs of a grouped or transposed convolution: parameters
/// `F·F·(D₁/G)·K + K` with the numbers, multiply-adds (for a transposed layer, each input
/// cell times its group's filters: the inserted zeros cost nothing), output memory.
pub fn costs(c: &Config, out: Option<Hw>) -> Costs {
    let g = c.groups_in_force();
    let (f, fw, d, k) = (c.f, c.fw(), c.d, c.k);
    let params_label = if c.bias {
        tr!("tc.params_bias")
    } else {
        tr!("tc.params_nobias")
    }
    .to_string();
    let work_label = if c.is_transposed() {
        tr!("tc.macs")
    } else {
        tr!("cost.macs")
    }
    .to_string();
    // MACs: weights of one filter × positions × K, the positions being the input's for a
    // transposed layer (every input cell stamps each filter once) and the output's otherwise.
    let positions = if c.is_transposed() {
        Some(Hw::new(c.n, c.w()))
    } else {
        out
    };
    match conv_cost_grouped(
        d,
        k,
        g,
        Hw::new(f, fw),
        positions.unwrap_or(Hw::square(1)),
        c.bias,
    ) {
        Ok(cost) => {
            let bias = if c.bias {
                format!(" + {k}")
            } else {
                String::new()
            };
            let params = format!("{f}·{fw}·({d}/{g})·{k}{bias} = {}", count(cost.params));
            let (work, memory) = match (positions, out) {
                (Some(pos), Some(o)) => {
                    let elems = (o.h * o.w * k) as u64;
                    (
                        super::text::work_line(cost.weights_per_filter, pos, k, cost.macs),
                        super::text::memory_line(elems),
                    )
                }
                _ => ("—".into(), "—".into()),
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

/// The labels of the transposed-and-groups controls: (transposed toggle, scatter toggle,
/// summary of the section).
pub fn control_labels() -> (&'static str, &'static str, &'static str) {
    (
        tr!("tc.ctl_transposed"),
        tr!("tc.ctl_scatter"),
        tr!("tc.ctl_summary"),
    )
}

/// Why a field does not apply right now (shown in place of its hint), for G and a.
pub fn unused_hint(c: &Config, field: super::fields::Field) -> Option<&'static str> {
    use super::fields::Field;
    match field {
        Field::G if c.op != super::state::Op::Conv => Some(tr!("tc.unused_g")),
        Field::Opad if !c.is_transposed() => Some(tr!("tc.unused_opad")),
        _ => None,
    }
}

/// What kind of cell (`py`, `px`) of the direct view's input is, as a short phrase for the
/// picture's legend and the dot product: "input", "inserted zero" or "border zero".
pub fn cell_kind(t: &TransposeGeometry, py: usize, px: usize) -> DirectCell {
    match (t.rows.cell(py), t.cols.cell(px)) {
        (DirectCell::Input(r), DirectCell::Input(c)) => {
            // Encode the 2-D input cell as a row-major index for callers that need one.
            DirectCell::Input(r * t.cols.input + c)
        }
        (DirectCell::Border, _) | (_, DirectCell::Border) => DirectCell::Border,
        _ => DirectCell::Inserted,
    }
}

/// The picture's heading for a transposed layer: the input part.
pub fn heading_input(c: &Config, t: &TransposeGeometry, scatter: bool) -> String {
    let r: &TransposeAxis = &t.rows;
    let input = format!("{} × {} × {}", c.w(), c.n, c.d);
    if scatter {
        return tr!("scene.input", input);
    }
    let border = if r.border_lo == r.border_hi {
        tr!("tc.head_border", r.border_lo())
    } else {
        tr!("tc.head_border_sides", r.border_lo(), r.border_hi())
    };
    tr!(
        "tc.head_input",
        input,
        format!("{} × {}", t.cols.direct_len(), r.direct_len()),
        r.zeros_between(),
        border
    )
}

/// The picture's heading for a transposed layer: the operation and the output.
pub fn heading_rest(c: &Config, t: &TransposeGeometry, scatter: bool, output: &str) -> String {
    let _ = t;
    let filter = format!("{} × {}", c.fw(), c.f);
    if scatter {
        tr!(
            "tc.head_scatter",
            plural!(c.k, "unit.filter"),
            filter,
            c.s,
            output,
            c.p
        )
    } else {
        tr!(
            "tc.head_direct",
            plural!(c.k, "unit.filter"),
            filter,
            output
        )
    }
}

/// The picture's whole heading for a transposed layer (one line).
pub fn heading(c: &Config, t: &TransposeGeometry, scatter: bool, output: &str) -> String {
    format!(
        "{}   {}",
        heading_input(c, t, scatter),
        heading_rest(c, t, scatter, output)
    )
}

/// The operation in the picture's heading of a grouped convolution.
pub fn groups_operation(c: &Config, stride: &str) -> String {
    let g = c.groups_in_force().max(1);
    // Groups that do not divide the channels leave D₁/G a fraction (the page says why).
    let depth = if c.d.is_multiple_of(g) {
        (c.d / g).to_string()
    } else {
        format!("{}/{g}", c.d)
    };
    tr!(
        "tc.groups_op",
        plural!(c.k, "unit.filter"),
        format!("{} × {} × {depth}", c.fw(), c.f),
        g,
        stride
    )
}

/// The label of filter `k`'s slice for channel `name` in the scatter view (as stored).
pub fn scatter_filter_label(k: usize, name: &str) -> String {
    tr!("tc.as_stored", k, name)
}

/// The note under the last filter in the scatter view: what the map starts from (short, so
/// it stays clear of the maps).
pub fn scatter_bias(k: usize, bias: Option<String>) -> String {
    match bias {
        Some(b) => tr!("tc.start_bias", k, b),
        None => tr!("tc.start_zero").into(),
    }
}

/// Labels in the picture: the input slice of the direct view.
pub fn slice_label(name: &str) -> String {
    tr!("tc.slice", name)
}

/// The label of filter `k`'s slice for channel `name` in the direct view (rotated).
pub fn rotated_label(k: usize, name: &str) -> String {
    tr!("tc.rotated", k, name)
}

/// The label of a filter slot whose channel is outside the active filter's group.
pub fn outside_group_label(k: usize, g: usize) -> String {
    tr!("tc.not_group", k, g)
}

/// The scatter view's read-out at one step: what input cell stamps what into which map.
pub fn scatter_lines(layer: &Layer, step: usize) -> Option<(String, Vec<String>, String)> {
    let t = layer.scatter_trace(step)?;
    let c = &layer.config;
    let g = layer.transpose.as_ref()?;
    let mut lines = Vec::new();
    let per = c.f * c.fw();
    for chunk in t.stamps.chunks(per.max(1)) {
        let Some(first) = chunk.first() else { continue };
        let kept = chunk.iter().filter(|s| s.out.is_some()).count();
        let name = super::text::channel_label(first.channel, c.d);
        lines.push(tr!(
            "tc.stamp_line",
            format!(
                "x[{name}][{}][{}] = {}",
                t.row,
                t.col,
                num(first.input as f64)
            ),
            per,
            format!("w{}·{name}", t.filter),
            kept,
            per - kept
        ));
    }
    let (r0, c0) = (t.row * g.rows.stride, t.col * g.cols.stride);
    let target = tr!(
        "tc.stamp_target",
        format!("({}, {})", t.row, t.col),
        t.filter,
        format!("{}–{}", r0, r0 + g.rows.span - 1),
        format!("{}–{}", c0, c0 + g.cols.span - 1)
    );
    let status = tr!(
        "tc.stamp_status",
        step + 1,
        c.scatter_positions(),
        t.row,
        t.col,
        t.filter
    );
    Some((target, lines, status))
}

/// The line under the picture in the scatter view.
pub fn scatter_point() -> &'static str {
    tr!("tc.scatter_point")
}

/// The legend entry of an inserted zero.
pub fn inserted_legend() -> &'static str {
    tr!("tc.inserted_legend")
}

/// The hint under the dot product of a transposed layer.
pub fn dot_hint() -> &'static str {
    tr!("tc.dot_hint")
}

/// The hint under the scatter read-out.
pub fn scatter_hint() -> &'static str {
    tr!("tc.scatter_hint")
}

/// The status sentence of a transposed layer's direct view at `step`.
pub fn status(layer: &Layer, step: usize) -> Option<String> {
    let (k, r, c) = layer.position(step)?;
    let t = layer.trace(step)?;
    let zeros = t
        .channels
        .iter()
        .flat_map(|c| c.taps.iter())
        .filter(|tap| tap.padding)
        .count();
    Some(tr!(
        "tc.status",
        step + 1,
        layer.config.positions(),
        k,
        r,
        c,
        num(t.total as f64),
        plural!(zeros, "tc.taps")
    ))
}

/// The sentence under the picture for a focus in a transposed layer's direct view (`None`
/// for other layers): what an input, inserted-zero or border cell feeds, what an output
/// reads.
pub fn describe(
    layer: &Layer,
    focus: super::relations::Focus,
    rel: &super::relations::Related,
) -> Option<String> {
    use super::relations::Focus;
    let t = layer.transpose.as_ref()?;
    let d = layer.config.d;
    Some(match focus {
        Focus::Input { ch, py, px } => {
            let name = super::text::channel_label(ch, d);
            let n = plural!(rel.outputs.len(), "unit.out_cell");
            match (t.rows.cell(py), t.cols.cell(px)) {
                (DirectCell::Input(r), DirectCell::Input(c)) => tr!(
                    "tc.rel_input",
                    name,
                    r,
                    c,
                    n,
                    format!("{}×{}", layer.config.fw(), layer.config.f)
                ),
                (DirectCell::Border, _) | (_, DirectCell::Border) => tr!("tc.rel_border", n),
                _ => tr!("tc.rel_inserted", n),
            }
        }
        Focus::Output { k, r, c } => {
            let real = rel
                .inputs
                .iter()
                .filter(|&&(_, py, px)| {
                    matches!(
                        (t.rows.cell(py), t.cols.cell(px)),
                        (DirectCell::Input(_), DirectCell::Input(_))
                    )
                })
                .count();
            tr!("tc.rel_output", k, r, c, rel.inputs.len(), real)
        }
        Focus::Weight { .. } => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::fields::Field;

    fn tconv(n: usize, f: usize, s: usize, p: usize, a: usize) -> Config {
        Config {
            transposed: true,
            opad: a,
            ..Config::square(crate::app::state::Op::Conv, n, 1, 1, f, s, p)
        }
    }

    #[test]
    fn transposed_formulas_with_numbers() {
        let c = tconv(2, 3, 2, 1, 1);
        let f = formula(&c, &c.transpose_geometry());
        assert_eq!(f.expr, "2·(2 − 1) + 1 + 3 − 2·1 = 4");
        assert_eq!(f.shape, "4 × 4 × 1");
        let note = f.note.unwrap();
        assert!(
            note.starts_with("1 zero goes between neighbouring input cells (S − 1), a border of zeros surrounds it: 1 above, 2 below"),
            "{note}"
        );
        let c = tconv(2, 3, 2, 0, 0);
        let f = formula(&c, &c.transpose_geometry());
        assert_eq!(f.expr, "2·(2 − 1) + 0 + 3 − 2·0 = 5");
        assert!(f
            .note
            .unwrap()
            .contains("a border of 2 zeros surrounds it (F − 1 − P)"),);
        let c = tconv(2, 3, 2, 1, 2);
        let f = formula(&c, &c.transpose_geometry());
        assert!(!f.fits);
        assert!(f
            .note
            .unwrap()
            .contains("must be smaller than the stride S = 2"));
    }

    #[test]
    fn pointing_at_the_zero_stuffed_input_says_what_each_cell_is() {
        use crate::app::relations::{describe, Focus};
        let l = Layer::new(tconv(2, 3, 2, 1, 1)).unwrap();
        let at = |py, px| describe(&l, Focus::Input { ch: 0, py, px });
        assert_eq!(
            at(1, 1),
            "Input c0 row 0, column 0 feeds 4 output cells: the 3×3 patch it stamps with the filter in the scatter view."
        );
        // Not "output cell(s)", "adds nothing to them": found in review.
        assert_eq!(
            at(1, 2),
            "An inserted zero (S − 1 between input cells): it is read by 6 output cells and adds nothing."
        );
        assert_eq!(
            at(0, 0),
            "A border zero (F − 1 − P around the input): it is read by 1 output cell and adds nothing."
        );
        assert_eq!(
            describe(&l, Focus::Output { k: 0, r: 1, c: 1 }),
            "Output map 0, row 1, column 1 reads 9 cells of the zero-stuffed input; only 4 of them are input cells, the rest inserted or border zeros."
        );
    }

    #[test]
    fn grouped_parameters_with_numbers() {
        let c = Config::square(crate::app::state::Op::Conv, 8, 4, 4, 3, 1, 1).with(Field::G, 4);
        let g = c.geometry().unwrap();
        let k = costs(&c, Some(Hw::new(g.out_h(), g.out_w())));
        assert_eq!(k.params, "3·3·(4/4)·4 + 4 = 40");
        assert_eq!(k.work, "9 × 8·8 × 4 = 2,304");
        assert!(groups_note(&c)
            .unwrap()
            .starts_with("Depthwise (G = D₁ = 4)"));
        let c = c.with(Field::G, 2).with(Field::K, 6);
        assert_eq!(costs(&c, None).params, "3·3·(4/2)·6 + 6 = 114");
        assert_eq!(
            groups_note(&c).unwrap(),
            "G = 2 groups: each filter sees D₁/G = 2 of the 4 channels — filters 0–2 see channels 0–1, …, filters 3–5 see channels 2–3."
        );
        let bad = c.with(Field::G, 3);
        assert_eq!(
            costs(&bad, None).params,
            "The input depth D₁ = 4 is not divisible by G = 3: its channels cannot be split into 3 equal groups."
        );
    }
}
