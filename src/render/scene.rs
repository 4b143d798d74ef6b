//! Scene geometry: where every cell, the window, the labels and the numbers go, in CSS pixels.
//! Pure, so the picture's layout is tested natively; the canvas painter only replays it.

use crate::app::layer::Layer;
use crate::app::relations::{related, Focus};
use crate::app::state::Op;
use crate::app::text::{channel_label, num};
use crate::cnn::Geometry;

/// A colour with alpha.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rgba {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
    /// Opacity, 0–1.
    pub a: f32,
}

impl Rgba {
    /// An opaque colour from 0xRRGGBB.
    pub const fn hex(rgb: u32) -> Rgba {
        Rgba {
            r: (rgb >> 16) as u8,
            g: (rgb >> 8) as u8,
            b: rgb as u8,
            a: 1.0,
        }
    }

    /// The same colour at another opacity.
    pub const fn alpha(self, a: f32) -> Rgba {
        Rgba { a, ..self }
    }

    /// Linear blend from `self` (t = 0) to `other` (t = 1).
    pub fn mix(self, other: Rgba, t: f64) -> Rgba {
        let t = t.clamp(0.0, 1.0);
        let ch = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
        Rgba {
            r: ch(self.r, other.r),
            g: ch(self.g, other.g),
            b: ch(self.b, other.b),
            a: self.a + (other.a - self.a) * t as f32,
        }
    }

    /// The colour as a CSS string.
    pub fn css(&self) -> String {
        format!("rgba({},{},{},{})", self.r, self.g, self.b, self.a)
    }
}

/// The palette (Okabe–Ito hues, safe for the common colour-vision deficiencies). The same
/// colours are CSS variables in `www/style.css` for the legend.
pub mod palette {
    use super::Rgba;
    /// Input cells, lowest value.
    pub const INPUT_LO: Rgba = Rgba::hex(0xFFFFFF);
    /// Input cells, highest value.
    pub const INPUT_HI: Rgba = Rgba::hex(0xB9D3EA);
    /// Zero-padding fill: grey, never the input's colour.
    pub const PADDING: Rgba = Rgba::hex(0xE4E4E4);
    /// Zero-padding hatching.
    pub const PADDING_HATCH: Rgba = Rgba::hex(0xB0B0B0);
    /// The "0" written in padding cells.
    pub const PADDING_TEXT: Rgba = Rgba::hex(0x7A7A7A);
    /// Negative signed values (weights, outputs).
    pub const NEGATIVE: Rgba = Rgba::hex(0x0072B2);
    /// Positive signed values.
    pub const POSITIVE: Rgba = Rgba::hex(0xD55E00);
    /// The window, the filter in use and the cell being written.
    pub const ACTIVE: Rgba = Rgba::hex(0x009E73);
    /// Text in the active colour, dark enough for small labels (WCAG AA on white).
    pub const ACTIVE_TEXT: Rgba = Rgba::hex(0x00704F);
    /// What the pointer points at and everything related to it.
    pub const FOCUS: Rgba = Rgba::hex(0xF0E442);
    /// Rows and columns the window never reaches.
    pub const UNREACHED: Rgba = Rgba::hex(0xCC79A7);
    /// Cells past the padded input that ceil rounding reads as padding.
    pub const OVERHANG: Rgba = Rgba::hex(0x6A3D9A);
    /// Grid lines.
    pub const GRID: Rgba = Rgba::hex(0x9A9A9A);
    /// Text.
    pub const TEXT: Rgba = Rgba::hex(0x1B1B1B);
    /// Secondary text (labels).
    pub const MUTED: Rgba = Rgba::hex(0x555555);
}

/// Horizontal text alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Text starts at x.
    Left,
    /// Text is centred on x.
    Center,
}

/// One thing to draw.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// An axis-aligned rectangle.
    Rect {
        /// Left edge.
        x: f64,
        /// Top edge.
        y: f64,
        /// Width.
        w: f64,
        /// Height.
        h: f64,
        /// Fill, if any.
        fill: Option<Rgba>,
        /// Outline colour and width, if any.
        stroke: Option<(Rgba, f64)>,
    },
    /// A straight line.
    Line {
        /// Start x.
        x1: f64,
        /// Start y.
        y1: f64,
        /// End x.
        x2: f64,
        /// End y.
        y2: f64,
        /// Colour.
        color: Rgba,
        /// Width.
        width: f64,
    },
    /// Text, vertically centred on y.
    Text {
        /// Anchor x.
        x: f64,
        /// Middle of the text.
        y: f64,
        /// The text.
        text: String,
        /// Font size.
        size: f64,
        /// Colour.
        color: Rgba,
        /// Alignment at x.
        align: Align,
        /// Bold weight.
        bold: bool,
    },
}

/// Room above the panels for their titles.
const TITLE_H: f64 = 28.0;
/// Room above each slice or map for its label.
const LABEL_H: f64 = 20.0;
/// Vertical gap between slices (and between output maps).
const SLICE_GAP: f64 = 12.0;
/// Room below the last filter slice (its bias).
const FOOT_H: f64 = 28.0;
/// Gap between panels, where the "∗" and "=" signs go.
const GAP: f64 = 44.0;
/// Horizontal gap between (input slice, filter slice) pairs, where a "+" goes.
const PAIR_GAP: f64 = 36.0;
/// Horizontal gap between columns of output maps.
const MAP_GAP: f64 = 16.0;
/// Cell size limits: legible numbers need ≥ 18 px, and beyond 48 px the picture only grows.
const CELL_MIN: f64 = 6.0;
const CELL_MAX: f64 = 48.0;
/// Numbers are written in cells at least this large.
const NUMBERS_FROM: f64 = 18.0;

/// The padded input along one axis, as drawn: padding before, the input, padding after, and
/// the cells past the padded input that a ceil window reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extent {
    /// Padding before the input (top or left).
    pub lo: usize,
    /// Input length.
    pub n: usize,
    /// Padding after the input (bottom or right).
    pub hi: usize,
    /// Cells past the padded input read by the last window (ceil only).
    pub overhang: usize,
    /// Cells at the end that no window reaches (floor and the lecture's misfit).
    pub unreached: usize,
}

impl Extent {
    /// Cells drawn along this axis.
    pub const fn cells(&self) -> usize {
        self.lo + self.n + self.hi + self.overhang
    }
}

/// Where every panel sits.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Side of one cell.
    pub cell: f64,
    /// The padded input's rows as drawn.
    pub rows: Extent,
    /// The padded input's columns as drawn.
    pub cols: Extent,
    /// Filter rows and columns (F, Fw).
    pub filter: (usize, usize),
    /// Output rows and columns of one map (0 × 0 when no window fits).
    pub out: (usize, usize),
    /// Top-left of each input slice (one per channel).
    pub slices: Vec<(f64, f64)>,
    /// Top-left of the active filter's slice for each channel, beside its input slice.
    pub filters: Vec<(f64, f64)>,
    /// Left edge of the output maps.
    pub out_x: f64,
    /// Top-left of each output map (one per filter).
    pub maps: Vec<(f64, f64)>,
    /// Whole scene width.
    pub width: f64,
    /// Whole scene height.
    pub height: f64,
}

impl Layout {
    /// Lays the panels out in `avail_w` × `avail_h` CSS pixels: the largest cell (up to
    /// 48 px) for which some arrangement of the (input slice, filter slice) pairs, one to D per
    /// row, fits both ways. When nothing fits even at 6 px, the pairs stack in one column at
    /// the largest cell that fits the width, and the page scrolls down.
    pub fn new(layer: &Layer, avail_w: f64, avail_h: f64) -> Layout {
        let c = &layer.config;
        let (rows, cols) = extents(c, layer.shown.as_ref());
        let out = layer.shown.map_or((0, 0), |g| (g.out_h(), g.out_w()));
        let place = |cell: f64, per_row: usize| {
            Self::place(
                cell,
                per_row,
                rows,
                cols,
                (c.f, c.fw()),
                c.d,
                c.maps(),
                out,
                avail_h,
            )
        };
        let mut cell = CELL_MAX;
        while cell >= CELL_MIN {
            let best = (1..=c.d)
                .map(|per_row| place(cell, per_row))
                .filter(|l| l.width <= avail_w && l.height <= avail_h)
                .min_by(|a, b| a.height.total_cmp(&b.height));
            if let Some(l) = best {
                return l;
            }
            cell -= 1.0;
        }
        let mut cell = CELL_MAX;
        loop {
            let lay = place(cell, 1);
            if lay.width <= avail_w || cell <= CELL_MIN {
                return lay;
            }
            cell -= 1.0;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn place(
        cell: f64,
        per_row: usize,
        rows: Extent,
        cols: Extent,
        (fh, fw): (usize, usize),
        depth: usize,
        maps: usize,
        out: (usize, usize),
        avail_h: f64,
    ) -> Layout {
        let slice_h = LABEL_H + rows.cells().max(fh) as f64 * cell;
        let pair_w = cols.cells() as f64 * cell + GAP + fw as f64 * cell;
        let grid_rows = depth.div_ceil(per_row);
        let at = |ch: usize| {
            let (r, col) = (ch / per_row, ch % per_row);
            (
                1.0 + col as f64 * (pair_w + PAIR_GAP),
                TITLE_H + LABEL_H + r as f64 * (slice_h + SLICE_GAP),
            )
        };
        let slices: Vec<(f64, f64)> = (0..depth).map(at).collect();
        let filters = slices
            .iter()
            .map(|&(x, y)| (x + cols.cells() as f64 * cell + GAP, y))
            .collect();
        let block_w = per_row.min(depth) as f64 * (pair_w + PAIR_GAP) - PAIR_GAP;
        let block_h = grid_rows as f64 * slice_h + (grid_rows - 1) as f64 * SLICE_GAP;
        let map_h = LABEL_H + out.0.max(1) as f64 * cell;
        let map_w = out.1.max(1) as f64 * cell;
        // Output maps fill columns as tall as the input block (or the room there is, if
        // that is more), then wrap.
        let col_h = if avail_h.is_finite() {
            block_h.max(avail_h - TITLE_H - FOOT_H)
        } else {
            block_h
        };
        let per_col = (((col_h + SLICE_GAP) / (map_h + SLICE_GAP)).floor() as usize).max(1);
        let out_x = 1.0 + block_w + GAP;
        let map_list: Vec<(f64, f64)> = (0..maps)
            .map(|k| {
                let (col, row) = (k / per_col, k % per_col);
                (
                    out_x + col as f64 * (map_w + MAP_GAP),
                    TITLE_H + LABEL_H + row as f64 * (map_h + SLICE_GAP),
                )
            })
            .collect();
        let map_cols = maps.div_ceil(per_col).max(1);
        let maps_h = per_col.min(maps) as f64 * (map_h + SLICE_GAP) - SLICE_GAP;
        Layout {
            cell,
            rows,
            cols,
            filter: (fh, fw),
            out,
            slices,
            filters,
            out_x,
            maps: map_list,
            width: out_x + map_cols as f64 * (map_w + MAP_GAP) - MAP_GAP + 1.0,
            height: TITLE_H + block_h.max(maps_h) + FOOT_H,
        }
    }

    /// What lies under a point: an output cell, an input cell (padding included) or a weight.
    pub fn hit(&self, x: f64, y: f64) -> Option<Focus> {
        let cell = self.cell;
        let inside = |(ox, oy): (f64, f64), rows: usize, cols: usize| {
            if x < ox || y < oy {
                return None;
            }
            let (r, c) = (((y - oy) / cell) as usize, ((x - ox) / cell) as usize);
            (r < rows && c < cols).then_some((r, c))
        };
        let (oh, ow) = self.out;
        for (k, &m) in self.maps.iter().enumerate() {
            if let Some((r, c)) = inside(m, oh, ow) {
                return Some(Focus::Output { k, r, c });
            }
        }
        for (ch, &s) in self.slices.iter().enumerate() {
            if let Some((py, px)) = inside(s, self.rows.cells(), self.cols.cells()) {
                return Some(Focus::Input { ch, py, px });
            }
        }
        for (ch, &f) in self.filters.iter().enumerate() {
            if let Some((fy, fx)) = inside(f, self.filter.0, self.filter.1) {
                return Some(Focus::Weight { ch, fy, fx });
            }
        }
        None
    }
}

/// The drawn extents of the padded input: the geometry's effective padding (SAME computes
/// its own), its overhang and unreached cells; without a geometry, P on every side.
fn extents(c: &crate::app::state::Config, g: Option<&Geometry>) -> (Extent, Extent) {
    let p = c.padding();
    let ext = |a: Option<&crate::cnn::AxisPlan>, n: usize, lo: usize, hi: usize| match a {
        Some(a) => Extent {
            lo: a.pad_lo,
            n,
            hi: a.pad_hi,
            overhang: a.overhang,
            unreached: a.unreached,
        },
        None => Extent {
            lo,
            n,
            hi,
            overhang: 0,
            unreached: 0,
        },
    };
    (
        ext(g.map(|g| &g.rows), c.n, p.top, p.bottom),
        ext(g.map(|g| &g.cols), c.w(), p.left, p.right),
    )
}

/// Everything to draw for one frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// The layout the shapes were placed by.
    pub layout: Layout,
    /// The shapes, back to front.
    pub shapes: Vec<Shape>,
}

fn rect(x: f64, y: f64, w: f64, h: f64, fill: Option<Rgba>, stroke: Option<(Rgba, f64)>) -> Shape {
    Shape::Rect {
        x,
        y,
        w,
        h,
        fill,
        stroke,
    }
}

fn text(x: f64, y: f64, s: String, size: f64, color: Rgba, align: Align, bold: bool) -> Shape {
    Shape::Text {
        x,
        y,
        text: s,
        size,
        color,
        align,
        bold,
    }
}

fn line(x1: f64, y1: f64, x2: f64, y2: f64, color: Rgba, width: f64) -> Shape {
    Shape::Line {
        x1,
        y1,
        x2,
        y2,
        color,
        width,
    }
}

/// Diverging fill for a signed value, scaled by the largest magnitude shown.
fn signed_fill(v: f32, max_abs: f32) -> Rgba {
    let t = if max_abs > 0.0 {
        (v / max_abs).abs() as f64
    } else {
        0.0
    };
    let hue = if v < 0.0 {
        palette::NEGATIVE
    } else {
        palette::POSITIVE
    };
    // At most 55 % towards the hue, so black numbers stay legible on it.
    Rgba::hex(0xFFFFFF).mix(hue, 0.55 * t)
}

/// Draws one cell with an optional centred number.
struct Painter {
    shapes: Vec<Shape>,
    cell: f64,
    font: f64,
    numbers: bool,
}

impl Painter {
    fn cell(&mut self, x: f64, y: f64, fill: Rgba, stroke: Option<(Rgba, f64)>) {
        self.shapes
            .push(rect(x, y, self.cell, self.cell, Some(fill), stroke));
    }

    fn number(&mut self, x: f64, y: f64, label: String, color: Rgba, bold: bool) {
        // Long labels (real values: "−0.0123") shrink to fit the cell, about 0.6 em per
        // character; below 8 px they would be unreadable, so they are left out.
        let size = self
            .font
            .min((self.cell - 2.0) / (0.6 * label.chars().count().max(1) as f64));
        if self.numbers && size >= 8.0 {
            let c = self.cell / 2.0;
            self.shapes
                .push(text(x + c, y + c, label, size, color, Align::Center, bold));
        }
    }

    /// A zero-padding cell: grey, hatched and marked 0, unmistakably not input.
    fn padding(&mut self, x: f64, y: f64, outline: Rgba, value: &str) {
        let cell = self.cell;
        self.cell(x, y, palette::PADDING, Some((outline, 1.0)));
        for k in [0.33, 0.66] {
            self.shapes.push(line(
                x + cell * k,
                y,
                x,
                y + cell * k,
                palette::PADDING_HATCH,
                1.0,
            ));
            self.shapes.push(line(
                x + cell,
                y + cell * k,
                x + cell * k,
                y + cell,
                palette::PADDING_HATCH,
                1.0,
            ));
        }
        self.number(x, y, value.into(), palette::PADDING_TEXT, false);
    }

    fn label(&mut self, x: f64, y: f64, s: String, color: Rgba, bold: bool) {
        self.shapes.push(text(
            x,
            y - LABEL_H / 2.0,
            s,
            12.0,
            color,
            Align::Left,
            bold,
        ));
    }
}

/// Builds the frame for `step` on a canvas `avail` CSS pixels wide.
pub fn build(
    layer: &Layer,
    step: usize,
    focus: Option<Focus>,
    avail_w: f64,
    avail_h: f64,
) -> Scene {
    if layer.values.is_none() && layer.too_big.is_some() {
        return sketch(layer, avail_w);
    }
    let mut lay = Layout::new(layer, avail_w, avail_h);
    let c = &layer.config;
    let cell = lay.cell;
    let mut pt = Painter {
        shapes: Vec::new(),
        cell,
        font: (cell * 0.42).clamp(9.0, 18.0),
        numbers: cell >= NUMBERS_FROM,
    };
    let grid = Some((palette::GRID, 1.0));
    let current = layer.position(step);
    let active_k = current.map_or(0, |(k, _, _)| k);
    let pool = c.op == Op::MaxPool;
    // Shade inputs by the largest value present (0–3, 0–9 for pooling, below 1 for real
    // values).
    let input_top = layer
        .values
        .as_ref()
        .map_or(1.0, |v| v.input.data().iter().fold(0f32, |m, &x| m.max(x)))
        .max(1e-6) as f64;
    let pad_text = if pool { "−∞" } else { "0" };

    // Titles.
    let title =
        |x: f64, t: String| text(x, TITLE_H / 2.0, t, 13.0, palette::MUTED, Align::Left, true);
    let pad_word = if pool { "padding" } else { "zero-padding" };
    let pads = if lay.rows.lo == lay.rows.hi && lay.cols.lo == lay.rows.lo {
        format!("{pad_word} P = {}", lay.rows.lo)
    } else {
        format!(
            "{pad_word} {} top/left, {} bottom/right",
            lay.rows.lo, lay.rows.hi
        )
    };
    let operation = if pool {
        format!("max pool {} × {}, stride {}", c.fw(), c.f, stride_text(c))
    } else {
        format!(
            "∗ {k} filter(s) {fw} × {f} × {d}, stride {s}",
            k = c.k,
            fw = c.fw(),
            f = c.f,
            d = c.d,
            s = stride_text(c)
        )
    };
    let output = match lay.out {
        (0, _) => "no output".to_string(),
        (h, w) if c.relu && !pool => format!("ReLU → output {w} × {h} × {}", c.maps()),
        (h, w) => format!("output {w} × {h} × {}", c.maps()),
    };
    // One title line for the whole operation, so narrow panels never make titles collide.
    let heading = format!(
        "input {w} × {n} × {d}, {pads}{dil}   {operation}   →   {output}",
        w = c.w(),
        n = c.n,
        d = c.d,
        dil = if c.dil > 1 {
            format!(", dilation {}", c.dil)
        } else {
            String::new()
        }
    );
    // Canvas text cannot be measured here; ~7.2 px per character of 13 px bold is generous.
    lay.width = lay.width.max(heading.chars().count() as f64 * 7.2 + 4.0);
    pt.shapes.push(title(1.0, heading));
    let out_x = lay.out_x;

    let values = layer.values.as_ref();
    // Each input slice with its padding, and beside it the active filter's slice.
    for (ch, (&(sx, sy), &(fx0, fy0))) in lay.slices.iter().zip(&lay.filters).enumerate() {
        let name = channel_label(ch, c.d);
        pt.label(sx, sy, format!("input {name}"), palette::MUTED, false);
        for py in 0..lay.rows.cells() {
            for px in 0..lay.cols.cells() {
                let (x, y) = (sx + px as f64 * cell, sy + py as f64 * cell);
                let in_rows = (lay.rows.lo..lay.rows.lo + c.n).contains(&py);
                let in_cols = (lay.cols.lo..lay.cols.lo + c.w()).contains(&px);
                let past = py >= lay.rows.lo + c.n + lay.rows.hi
                    || px >= lay.cols.lo + c.w() + lay.cols.hi;
                if in_rows && in_cols {
                    let v = values
                        .and_then(|v| v.input.get(ch, py - lay.rows.lo, px - lay.cols.lo))
                        .unwrap_or(0.0);
                    pt.cell(
                        x,
                        y,
                        palette::INPUT_LO.mix(palette::INPUT_HI, v as f64 / input_top),
                        grid,
                    );
                    pt.number(x, y, num(v as f64), palette::TEXT, false);
                } else if past {
                    pt.padding(x, y, palette::OVERHANG, pad_text);
                } else {
                    pt.padding(x, y, palette::PADDING_HATCH, pad_text);
                }
            }
        }
        // The input's own border, so N is visible inside the padding.
        if lay.rows.cells() > c.n || lay.cols.cells() > c.w() {
            pt.shapes.push(rect(
                sx + lay.cols.lo as f64 * cell,
                sy + lay.rows.lo as f64 * cell,
                c.w() as f64 * cell,
                c.n as f64 * cell,
                None,
                Some((palette::TEXT, 1.5)),
            ));
        }
        // Rows and columns no window reaches: struck through.
        let (rc, cc) = (lay.rows.cells(), lay.cols.cells());
        for py in 0..rc {
            for px in 0..cc {
                if py + lay.rows.unreached >= rc || px + lay.cols.unreached >= cc {
                    let (x, y) = (sx + px as f64 * cell, sy + py as f64 * cell);
                    pt.shapes.push(rect(
                        x,
                        y,
                        cell,
                        cell,
                        Some(palette::UNREACHED.alpha(0.28)),
                        None,
                    ));
                    pt.shapes.push(line(
                        x + 2.0,
                        y + cell - 2.0,
                        x + cell - 2.0,
                        y + 2.0,
                        palette::UNREACHED,
                        2.0,
                    ));
                }
            }
        }

        if pool {
            // Pooling has no weights: beside the active slice, the window it takes the max of.
            if ch == active_k {
                let (fh, fw) = (c.f as f64 * cell, c.fw() as f64 * cell);
                pt.label(
                    fx0,
                    sy,
                    format!("max {} × {}", c.fw(), c.f),
                    palette::MUTED,
                    false,
                );
                pt.shapes.push(rect(
                    fx0,
                    fy0,
                    fw,
                    fh,
                    Some(palette::ACTIVE.alpha(0.08)),
                    Some((palette::ACTIVE, 3.0)),
                ));
                pt.shapes.push(text(
                    fx0 + fw / 2.0,
                    fy0 + fh / 2.0,
                    "max".into(),
                    14.0,
                    palette::ACTIVE_TEXT,
                    Align::Center,
                    true,
                ));
            }
            continue;
        }
        // The active filter's slice for this channel, "∗" between them, "+" to the next pair.
        let mid = sy + lay.rows.cells().max(c.f) as f64 * cell / 2.0;
        pt.shapes.push(text(
            fx0 - GAP / 2.0,
            mid,
            "∗".into(),
            24.0,
            palette::MUTED,
            Align::Center,
            true,
        ));
        if ch + 1 < c.d && lay.slices[ch + 1].1 == sy {
            let plus_x = fx0 + c.fw() as f64 * cell + PAIR_GAP / 2.0;
            pt.shapes.push(text(
                plus_x,
                mid,
                "+".into(),
                24.0,
                palette::MUTED,
                Align::Center,
                true,
            ));
        }
        pt.label(
            fx0,
            sy,
            format!("w{active_k} · {name}"),
            palette::MUTED,
            false,
        );
        if let Some(bank) = values.and_then(|v| v.filters.as_ref()) {
            let wmax = bank.weights().iter().fold(0f32, |m, w| m.max(w.abs()));
            for fy in 0..c.f {
                for fx in 0..c.fw() {
                    let w = bank.weight(active_k, ch, fy, fx).unwrap_or(0.0);
                    let (x, y) = (fx0 + fx as f64 * cell, fy0 + fy as f64 * cell);
                    pt.cell(x, y, signed_fill(w, wmax), grid);
                    pt.number(x, y, num(w as f64), palette::TEXT, false);
                }
            }
        }
        pt.shapes.push(rect(
            fx0,
            fy0,
            c.fw() as f64 * cell,
            c.f as f64 * cell,
            None,
            Some((palette::ACTIVE, 3.0)),
        ));
    }
    // The bias under the last filter slice, and "=" before the output.
    let last = *lay.filters.last().unwrap_or(&(1.0, TITLE_H + LABEL_H));
    let bias = values
        .and_then(|v| v.filters.as_ref())
        .and_then(|b| b.bias(active_k))
        .unwrap_or(0.0);
    if !pool {
        pt.shapes.push(text(
            last.0,
            last.1 + c.f as f64 * cell + 12.0,
            if c.bias {
                format!("+ bias b{active_k} = {}", num(bias as f64))
            } else {
                "no bias".into()
            },
            13.0,
            palette::MUTED,
            Align::Left,
            !c.bias,
        ));
    }
    let mid = lay.slices[0].1 + (lay.rows.cells().max(c.f) as f64 * cell) / 2.0;
    pt.shapes.push(text(
        out_x - GAP / 2.0,
        mid,
        if pool { "→" } else { "=" }.into(),
        26.0,
        palette::MUTED,
        Align::Center,
        true,
    ));

    // The output maps: computed cells filled, the current one in the active colour, later
    // ones empty. Positions run filter by filter, so earlier maps are complete.
    let (oh, ow) = lay.out;
    let per_map = oh * ow;
    if let Some(v) = values {
        let omax = v.output.data().iter().fold(0f32, |m, x| m.max(x.abs()));
        for (k, &(mx, my)) in lay.maps.iter().enumerate() {
            let is_active = k == active_k;
            pt.label(
                mx,
                my,
                if pool {
                    format!("pooled {}", channel_label(k, c.d))
                } else {
                    format!("map {k}")
                },
                if is_active {
                    palette::ACTIVE_TEXT
                } else {
                    palette::MUTED
                },
                is_active,
            );
            for r in 0..oh {
                for col in 0..ow {
                    let i = k * per_map + r * ow + col;
                    let (x, y) = (mx + col as f64 * cell, my + r as f64 * cell);
                    let val = v.output.get(k, r, col).unwrap_or(0.0);
                    if i < step {
                        pt.cell(x, y, signed_fill(val, omax), grid);
                        pt.number(x, y, num(val as f64), palette::TEXT, false);
                    } else if i == step {
                        pt.cell(x, y, Rgba::hex(0xFFFFFF), grid);
                        pt.number(x, y, num(val as f64), palette::TEXT, true);
                    } else {
                        pt.cell(
                            x,
                            y,
                            Rgba::hex(0xFFFFFF),
                            Some((palette::GRID.alpha(0.6), 1.0)),
                        );
                    }
                }
            }
            if is_active {
                pt.shapes.push(rect(
                    mx,
                    my,
                    ow as f64 * cell,
                    oh as f64 * cell,
                    None,
                    Some((palette::ACTIVE, 1.5)),
                ));
            }
        }
    }

    // The window on every input slice at once (a conv) or on its own slice (pooling), and
    // the cell it writes, in the active colour.
    if let (Some((k, r, col)), Some(g)) = (current, layer.shown) {
        let (wh, ww) = (g.rows.span as f64 * cell, g.cols.span as f64 * cell);
        for (ch, &(sx, sy)) in lay.slices.iter().enumerate() {
            if pool && ch != k {
                continue;
            }
            let (wx, wy) = (
                sx + (col * g.cols.stride) as f64 * cell,
                sy + (r * g.rows.stride) as f64 * cell,
            );
            pt.shapes.push(rect(
                wx,
                wy,
                ww,
                wh,
                Some(palette::ACTIVE.alpha(0.16)),
                Some((palette::ACTIVE, 3.0)),
            ));
            // A dilated filter reads only some cells of its span: mark the taps.
            if g.rows.dilation > 1 || g.cols.dilation > 1 {
                for fy in 0..g.rows.kernel {
                    for fx in 0..g.cols.kernel {
                        pt.shapes.push(rect(
                            wx + (fx * g.cols.dilation) as f64 * cell + 2.0,
                            wy + (fy * g.rows.dilation) as f64 * cell + 2.0,
                            cell - 4.0,
                            cell - 4.0,
                            Some(palette::ACTIVE.alpha(0.3)),
                            Some((palette::ACTIVE_TEXT, 2.0)),
                        ));
                    }
                }
            }
        }
        if let Some(&(mx, my)) = lay.maps.get(k) {
            pt.shapes.push(rect(
                mx + col as f64 * cell,
                my + r as f64 * cell,
                cell,
                cell,
                Some(palette::ACTIVE.alpha(0.16)),
                Some((palette::ACTIVE, 3.0)),
            ));
        }
        // The winner of the max, filled solid so it reads as "this one".
        if let (Some(t), Some(&(sx, sy))) = (layer.pool_trace(step), lay.slices.get(k)) {
            if let Some(win) = t.cells.get(t.argmax) {
                let (py, px) = (
                    (win.iy + g.rows.pad_lo as isize) as f64,
                    (win.ix + g.cols.pad_lo as isize) as f64,
                );
                pt.shapes.push(rect(
                    sx + px * cell,
                    sy + py * cell,
                    cell,
                    cell,
                    Some(palette::ACTIVE.alpha(0.45)),
                    Some((palette::ACTIVE_TEXT, 3.0)),
                ));
                pt.number(
                    sx + px * cell,
                    sy + py * cell,
                    num(t.max as f64),
                    palette::TEXT,
                    true,
                );
            }
        }
    }

    // What the pointer relates to, on top of everything: yellow tint, dark outline.
    if let Some(f) = focus {
        let rel = related(layer, f);
        let mark = |shapes: &mut Vec<Shape>, (x, y): (f64, f64)| {
            shapes.push(rect(
                x,
                y,
                cell,
                cell,
                Some(palette::FOCUS.alpha(0.45)),
                Some((palette::TEXT, 2.0)),
            ));
        };
        for &(ch, py, px) in &rel.inputs {
            if let Some(&(sx, sy)) = lay.slices.get(ch) {
                if py < lay.rows.cells() && px < lay.cols.cells() {
                    mark(
                        &mut pt.shapes,
                        (sx + px as f64 * cell, sy + py as f64 * cell),
                    );
                }
            }
        }
        for &(k, r, c) in &rel.outputs {
            if let Some(&(mx, my)) = lay.maps.get(k) {
                mark(&mut pt.shapes, (mx + c as f64 * cell, my + r as f64 * cell));
            }
        }
        for &(ch, fy, fx) in &rel.weights {
            if let Some(&(fx0, fy0)) = lay.filters.get(ch) {
                mark(
                    &mut pt.shapes,
                    (fx0 + fx as f64 * cell, fy0 + fy as f64 * cell),
                );
            }
        }
    }

    Scene {
        layout: lay,
        shapes: pt.shapes,
    }
}

/// "2", or "2 × 3" (rows × columns) when the strides differ.
fn stride_text(c: &crate::app::state::Config) -> String {
    if c.s == c.sw() {
        c.s.to_string()
    } else {
        format!("{} down, {} across", c.s, c.sw())
    }
}

/// A layer too large to draw cell by cell: three labelled blocks (input, filters, output)
/// sized by their sides, and the sentence saying why.
fn sketch(layer: &Layer, avail: f64) -> Scene {
    let c = &layer.config;
    let mut shapes = Vec::new();
    let out = layer.shown.map(|g| (g.out_h(), g.out_w()));
    let biggest = c.n.max(out.map_or(0, |o| o.0)).max(1) as f64;
    let scale = (avail.min(900.0) * 0.28 / biggest).min(4.0);
    let side = |n: usize| (n as f64 * scale).max(6.0);
    let top = TITLE_H + 8.0;
    let mut x = 1.0;
    let block =
        |x: f64, s: f64, depth: usize, fill: Rgba, label: String, shapes: &mut Vec<Shape>| {
            // A few offset outlines suggest the depth of the volume.
            let layers = depth.min(4);
            for i in (0..layers).rev() {
                let o = i as f64 * 6.0;
                shapes.push(rect(
                    x + o,
                    top + o,
                    s,
                    s,
                    Some(fill),
                    Some((palette::TEXT, 1.0)),
                ));
            }
            shapes.push(text(
                x,
                TITLE_H / 2.0,
                label,
                13.0,
                palette::MUTED,
                Align::Left,
                true,
            ));
            s + (layers - 1) as f64 * 6.0
        };
    let w = block(
        x,
        side(c.n),
        c.d,
        palette::INPUT_HI,
        format!("input {} × {} × {}", c.w(), c.n, c.d),
        &mut shapes,
    );
    x += w + GAP;
    let w = block(
        x,
        side(c.f),
        c.k,
        palette::POSITIVE.alpha(0.35),
        if c.op == Op::MaxPool {
            format!("max pool {} × {}, stride {}", c.fw(), c.f, stride_text(c))
        } else {
            format!("{} filters {} × {} × {}", c.k, c.fw(), c.f, c.d)
        },
        &mut shapes,
    );
    x += w.max(190.0) + GAP;
    let w = match out {
        Some((h, ow)) => block(
            x,
            side(h),
            c.maps(),
            palette::ACTIVE.alpha(0.2),
            format!("output {ow} × {h} × {}", c.maps()),
            &mut shapes,
        ),
        None => 0.0,
    };
    let height = top + side(c.n).max(out.map_or(0.0, |o| side(o.0))) + 40.0;
    if let Some(why) = &layer.too_big {
        shapes.push(text(
            1.0,
            height - 14.0,
            format!("{why} Sizes are to scale; read-outs are exact."),
            13.0,
            palette::MUTED,
            Align::Left,
            false,
        ));
    }
    // One placement, not Layout::new's search over every arrangement of the D slices (seconds
    // for D = K = 2048); a sketch has no cells to point at, so it lists none.
    let (rows, cols) = extents(c, layer.shown.as_ref());
    let mut layout = Layout::place(
        CELL_MIN,
        1,
        rows,
        cols,
        (c.f, c.fw()),
        1,
        1,
        out.unwrap_or((0, 0)),
        f64::INFINITY,
    );
    layout.width = (x + w + 1.0).max(avail.min(900.0));
    layout.height = height;
    layout.maps.clear();
    layout.slices.clear();
    layout.filters.clear();
    Scene { layout, shapes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Config;
    use crate::cnn::Rounding;

    fn layer(n: usize, d: usize, k: usize, f: usize, s: usize, p: usize) -> Layer {
        Layer::new(Config {
            n,
            d,
            k,
            f,
            s,
            p,
            ..Config::default()
        })
        .unwrap()
    }

    fn active_rects(scene: &Scene) -> Vec<(f64, f64, f64, f64)> {
        scene
            .shapes
            .iter()
            .filter_map(|sh| match sh {
                Shape::Rect {
                    x,
                    y,
                    w,
                    h,
                    stroke: Some((c, lw)),
                    ..
                } if *c == palette::ACTIVE && *lw == 3.0 => Some((*x, *y, *w, *h)),
                _ => None,
            })
            .collect()
    }

    fn fills(scene: &Scene, fill: Rgba) -> usize {
        scene
            .shapes
            .iter()
            .filter(|sh| matches!(sh, Shape::Rect { fill: Some(f), .. } if *f == fill))
            .count()
    }

    #[test]
    fn padding_cells_are_grey_and_counted_exactly_on_every_slice() {
        let sc = build(&layer(7, 3, 2, 3, 1, 2), 0, None, 1400.0, f64::INFINITY);
        // (7 + 4)² − 7² padding cells on each of 3 slices.
        assert_eq!(fills(&sc, palette::PADDING), 3 * (11 * 11 - 49));
        let zeros = sc
            .shapes
            .iter()
            .filter(|sh| matches!(sh, Shape::Text { text, color, .. } if text == "0" && *color == palette::PADDING_TEXT))
            .count();
        assert_eq!(zeros, 3 * 72, "every padding cell shows its 0");
        assert_eq!(
            fills(
                &build(&layer(7, 1, 1, 3, 1, 0), 0, None, 1200.0, f64::INFINITY),
                palette::PADDING
            ),
            0
        );
    }

    #[test]
    fn window_moves_by_the_stride_on_every_slice_and_filter_by_filter() {
        let l = layer(7, 2, 2, 3, 2, 0);
        let sc = build(&l, 9 + 4, None, 1400.0, f64::INFINITY);
        let lay = &sc.layout;
        let cell = lay.cell;
        // Step 13 = filter 1, position 4 of its 3×3 map: row 1, column 1.
        let active = active_rects(&sc);
        for &(sx, sy) in &lay.slices {
            assert!(active.contains(&(sx + 2.0 * cell, sy + 2.0 * cell, 3.0 * cell, 3.0 * cell)));
        }
        let (mx, my) = lay.maps[1];
        assert!(
            active.contains(&(mx + cell, my + cell, cell, cell)),
            "{active:?}"
        );
        // Clicking an output cell seeks to its step: hit, then the layer's position index.
        let step_at = |x: f64, y: f64| match lay.hit(x, y) {
            Some(Focus::Output { k, r, c }) => l.step_of(k, r, c),
            _ => None,
        };
        assert_eq!(step_at(mx + cell * 1.5, my + cell * 1.5), Some(13));
        let (m0x, m0y) = lay.maps[0];
        assert_eq!(step_at(m0x + cell * 2.5, m0y + cell * 0.5), Some(2));
        assert_eq!(step_at(m0x - 1.0, m0y), None);
    }

    #[test]
    fn unreached_cells_are_struck_through_and_ceil_overhang_is_padding() {
        // 7/3/3/0: one row and one column are never reached: 7 + 7 − 1 = 13 cells.
        let sc = build(&layer(7, 1, 1, 3, 3, 0), 0, None, 1000.0, f64::INFINITY);
        assert_eq!(fills(&sc, palette::UNREACHED.alpha(0.28)), 13);
        assert_eq!(sc.layout.rows.cells(), 7);
        // Under ceil the last window reads 2 cells past the input: drawn as padding.
        let ceil = Layer::new(Config {
            s: 3,
            rounding: Rounding::Ceil,
            ..Config::default()
        })
        .unwrap();
        let sc = build(&ceil, 0, None, 1000.0, f64::INFINITY);
        assert_eq!(sc.layout.rows.overhang, 2);
        assert_eq!(sc.layout.rows.cells(), 9);
        assert_eq!(fills(&sc, palette::PADDING), 81 - 49);
        assert_eq!(fills(&sc, palette::UNREACHED.alpha(0.28)), 0);
    }

    #[test]
    fn same_padding_is_drawn_where_tensorflow_puts_it() {
        let l = Layer::new(Config {
            n: 6,
            s: 2,
            rounding: Rounding::Same,
            ..Config::default()
        })
        .unwrap();
        let sc = build(&l, 0, None, 1000.0, f64::INFINITY);
        assert_eq!((sc.layout.rows.lo, sc.layout.rows.hi), (0, 1));
        assert_eq!(fills(&sc, palette::PADDING), 49 - 36);
    }

    #[test]
    fn output_maps_wrap_into_columns_and_fill_filter_by_filter() {
        let l = layer(8, 1, 6, 3, 1, 0);
        let sc = build(&l, 36 + 5, None, 1600.0, f64::INFINITY);
        let lay = &sc.layout;
        assert_eq!(lay.maps.len(), 6);
        let columns: std::collections::BTreeSet<u64> =
            lay.maps.iter().map(|m| m.0 as u64).collect();
        assert!(
            columns.len() > 1,
            "six 6×6 maps beside one 8×8 slice wrap: {columns:?}"
        );
        // Step 41: map 0 complete (36), map 1 has 5 computed + the current cell, 30 empty;
        // maps 2–5 empty: 30 + 4·36 empty cells.
        let empties = sc.shapes.iter().filter(|sh| matches!(sh, Shape::Rect { stroke: Some((c, _)), .. } if *c == palette::GRID.alpha(0.6))).count();
        assert_eq!(empties, 30 + 4 * 36);
    }

    #[test]
    fn the_scene_fits_its_canvas_and_numbers_only_when_legible() {
        for (n, d, k, f, s, p, w) in [
            (7, 1, 1, 3, 2, 0, 900.0),
            (7, 3, 2, 3, 2, 1, 1200.0),
            (32, 3, 6, 5, 1, 0, 1200.0),
            (64, 1, 16, 11, 1, 16, 1200.0),
            (1, 1, 1, 1, 1, 0, 300.0),
            (32, 3, 4, 3, 1, 1, 360.0),
        ] {
            let sc = build(&layer(n, d, k, f, s, p), 0, None, w, f64::INFINITY);
            for sh in &sc.shapes {
                if let Shape::Rect { x, y, w, h, .. } = sh {
                    assert!(*x >= 0.0 && *y >= 0.0, "{sh:?}");
                    assert!(
                        x + w <= sc.layout.width + 1e-9 && y + h <= sc.layout.height + 1e-9,
                        "{n} {d} {k} {f} {s} {p}: {sh:?} in {}×{}",
                        sc.layout.width,
                        sc.layout.height
                    );
                }
            }
            let cell_texts = sc
                .shapes
                .iter()
                .filter(|sh| matches!(sh, Shape::Text { align: Align::Center, size, .. } if *size < 20.0))
                .count();
            if sc.layout.cell >= NUMBERS_FROM {
                let padded = (n + 2 * p) * (n + 2 * p);
                assert!(cell_texts >= d * (padded + f * f), "{n} {f} {s} {p}");
            } else {
                assert_eq!(cell_texts, 0, "{n} {f} {s} {p}");
            }
        }
    }

    #[test]
    fn slices_go_side_by_side_when_the_height_is_short() {
        // The lecture-style 7×7×3, P = 1, two filters on a 1240-wide stage: the largest cell
        // wins, in whichever arrangement of (input, filter) pairs fits the height.
        let l = layer(7, 3, 2, 3, 1, 1);
        for h in [620.0, 400.0] {
            let sc = build(&l, 0, None, 1240.0, h);
            let lay = &sc.layout;
            assert!(
                lay.height <= h && lay.width <= 1240.0,
                "{} × {}",
                lay.width,
                lay.height
            );
            assert!(lay.cell >= NUMBERS_FROM, "cell {} at height {h}", lay.cell);
        }
        // 400 px high leaves room for one row only: R + G + B side by side.
        let sc = build(&l, 0, None, 1240.0, 400.0);
        let lay = &sc.layout;
        assert!(
            lay.slices.iter().all(|s| s.1 == lay.slices[0].1),
            "{:?}",
            lay.slices
        );
        let pluses = sc
            .shapes
            .iter()
            .filter(|sh| matches!(sh, Shape::Text { text, .. } if text == "+"))
            .count();
        assert_eq!(pluses, 2, "R + G + B");
        // With unlimited height the same layer stacks its slices and grows.
        let tall = build(&l, 0, None, 1240.0, f64::INFINITY);
        assert!(tall.layout.cell > lay.cell);
        assert!(tall.layout.slices[1].1 > tall.layout.slices[0].1);
    }

    #[test]
    fn hit_testing_finds_outputs_inputs_and_weights_and_focus_is_drawn() {
        let l = layer(7, 2, 2, 3, 2, 1);
        let sc = build(&l, 0, None, 1400.0, f64::INFINITY);
        let lay = &sc.layout;
        let c = lay.cell;
        let mid = |(x, y): (f64, f64), r: usize, col: usize| {
            (x + (col as f64 + 0.5) * c, y + (r as f64 + 0.5) * c)
        };
        let (x, y) = mid(lay.maps[1], 2, 3);
        assert_eq!(lay.hit(x, y), Some(Focus::Output { k: 1, r: 2, c: 3 }));
        let (x, y) = mid(lay.slices[1], 0, 8);
        assert_eq!(
            lay.hit(x, y),
            Some(Focus::Input {
                ch: 1,
                py: 0,
                px: 8
            })
        );
        let (x, y) = mid(lay.filters[0], 2, 1);
        assert_eq!(
            lay.hit(x, y),
            Some(Focus::Weight {
                ch: 0,
                fy: 2,
                fx: 1
            })
        );
        assert_eq!(lay.hit(0.0, 0.0), None);
        // The focus tints exactly the related cells.
        let focus = Focus::Input {
            ch: 0,
            py: 2,
            px: 2,
        };
        let sc = build(&l, 0, Some(focus), 1400.0, f64::INFINITY);
        let rel = related(&l, focus);
        let tinted = fills(&sc, palette::FOCUS.alpha(0.45));
        assert_eq!(
            tinted,
            rel.inputs.len() + rel.outputs.len() + rel.weights.len()
        );
        assert_eq!(
            rel.outputs.len(),
            2 * 4,
            "2 × 2 windows cover (2, 2) with P 1, S 2, in both maps"
        );
    }

    #[test]
    fn rectangular_inputs_asymmetric_padding_and_dilated_taps() {
        use crate::app::fields::Field;
        let c = Config {
            s: 1,
            ..Config::default()
        }
        .with_rect(true)
        .with(Field::W, 9)
        .with(Field::Fw, 2)
        .with(Field::Pl, 1)
        .with(Field::Dil, 2);
        let l = Layer::new(c).unwrap();
        let sc = build(&l, 0, None, 1400.0, f64::INFINITY);
        let lay = &sc.layout;
        // Rows: 7, no padding; columns: 1 + 9 = 10 cells.
        assert_eq!((lay.rows.cells(), lay.cols.cells()), (7, 10));
        assert_eq!(lay.filter, (3, 2));
        assert_eq!(
            fills(&sc, palette::PADDING),
            7,
            "one padding column of 7 cells"
        );
        // Dilation 2: the window spans 5 rows and 3 columns and marks its 3 × 2 taps.
        let taps = fills(&sc, palette::ACTIVE.alpha(0.3));
        assert_eq!(taps, 6);
        let g = l.shown.unwrap();
        assert_eq!((g.out_h(), g.out_w()), (3, 8));
    }

    #[test]
    fn a_layer_too_large_to_animate_is_sketched_with_the_reason() {
        let l = layer(227, 3, 96, 11, 4, 0);
        let sc = build(&l, 0, None, 1200.0, f64::INFINITY);
        assert!(sc.layout.maps.is_empty());
        // Nothing of the sketch can be pointed at as a cell (found at D = K = 2048, where the
        // sketch also searched every arrangement of 2048 slices for seconds).
        assert!(sc.layout.slices.is_empty() && sc.layout.filters.is_empty());
        for (x, y) in [(10.0, 40.0), (200.0, 60.0), (600.0, 80.0)] {
            assert_eq!(sc.layout.hit(x, y), None);
        }
        let texts: Vec<&str> = sc
            .shapes
            .iter()
            .filter_map(|sh| match sh {
                Shape::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(texts.contains(&"input 227 × 227 × 3"), "{texts:?}");
        assert!(texts.contains(&"output 55 × 55 × 96"), "{texts:?}");
        assert!(texts.iter().any(|t| t.contains("read-outs are exact")));
    }
}
