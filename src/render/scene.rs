//! Scene geometry: where every cell, the window, the labels and the numbers go, in CSS pixels.
//! Pure, so the picture's layout is tested natively; the canvas painter only replays it.

use crate::app::layer::Layer;
use crate::app::text::num;

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
    /// Rows and columns the window never reaches.
    pub const UNREACHED: Rgba = Rgba::hex(0xCC79A7);
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

/// Room above the grids for their titles.
const TITLE_H: f64 = 30.0;
/// Room below the grids (the bias under the filter).
const FOOT_H: f64 = 30.0;
/// Gap between panels, where the "∗" and "=" signs go.
const GAP: f64 = 44.0;
/// Cell size limits: legible numbers need ≥ 18 px, and beyond 48 px the picture only grows.
const CELL_MIN: f64 = 6.0;
const CELL_MAX: f64 = 48.0;
/// Numbers are written in cells at least this large.
const NUMBERS_FROM: f64 = 18.0;

/// Where the three panels sit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    /// Side of one cell.
    pub cell: f64,
    /// Cells per side of the padded input (N + 2P).
    pub padded: usize,
    /// Filter side F.
    pub filter: usize,
    /// Output rows and columns (0 × 0 when no window fits).
    pub out: (usize, usize),
    /// Top-left of the padded input.
    pub input_at: (f64, f64),
    /// Top-left of the filter.
    pub filter_at: (f64, f64),
    /// Top-left of the output.
    pub output_at: (f64, f64),
    /// Whole scene width.
    pub width: f64,
    /// Whole scene height.
    pub height: f64,
}

impl Layout {
    /// Lays the panels out for a canvas `avail` CSS pixels wide.
    pub fn new(layer: &Layer, avail: f64) -> Layout {
        let c = &layer.config;
        let padded = c.n + 2 * c.p;
        let out = layer.shown.map_or((0, 0), |g| (g.out_h(), g.out_w()));
        let cols = (padded + c.f + out.1.max(1)) as f64;
        let cell = ((avail - 2.0 * GAP - 2.0) / cols)
            .clamp(CELL_MIN, CELL_MAX)
            .floor();
        let rows = padded.max(c.f).max(out.0.max(1)) as f64;
        let input_at = (1.0, TITLE_H);
        let filter_at = (input_at.0 + padded as f64 * cell + GAP, TITLE_H);
        let output_at = (filter_at.0 + c.f as f64 * cell + GAP, TITLE_H);
        Layout {
            cell,
            padded,
            filter: c.f,
            out,
            input_at,
            filter_at,
            output_at,
            width: output_at.0 + out.1.max(1) as f64 * cell + 1.0,
            height: TITLE_H + rows * cell + FOOT_H,
        }
    }

    /// The output cell under a point, as a row-major position, for click-to-seek.
    pub fn output_cell_at(&self, x: f64, y: f64) -> Option<usize> {
        let (ox, oy) = self.output_at;
        if x < ox || y < oy {
            return None;
        }
        let (col, row) = (
            ((x - ox) / self.cell) as usize,
            ((y - oy) / self.cell) as usize,
        );
        (row < self.out.0 && col < self.out.1).then_some(row * self.out.1 + col)
    }
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

/// Builds the frame for `step` on a canvas `avail` CSS pixels wide.
pub fn build(layer: &Layer, step: usize, avail: f64) -> Scene {
    let lay = Layout::new(layer, avail);
    let mut s = Vec::new();
    let c = &layer.config;
    let cell = lay.cell;
    let numbers = cell >= NUMBERS_FROM;
    let font = (cell * 0.42).clamp(9.0, 18.0);
    let grid = Some((palette::GRID, 1.0));

    // Titles.
    let title_y = TITLE_H / 2.0;
    let title = |x: f64, t: String| text(x, title_y, t, 13.0, palette::MUTED, Align::Left, true);
    s.push(title(
        lay.input_at.0,
        format!("input {n} × {n}, zero-padding P = {}", c.p, n = c.n),
    ));
    s.push(title(lay.filter_at.0, format!("filter {f} × {f}", f = c.f)));
    s.push(title(
        lay.output_at.0,
        match lay.out {
            (0, _) => "output: none".into(),
            (h, w) => format!("output {w} × {h}"),
        },
    ));

    // The padded input: padding cells grey, hatched and marked 0; input cells by value.
    let (ix, iy) = lay.input_at;
    for py in 0..lay.padded {
        for px in 0..lay.padded {
            let (x, y) = (ix + px as f64 * cell, iy + py as f64 * cell);
            let inside = (c.p..c.p + c.n).contains(&py) && (c.p..c.p + c.n).contains(&px);
            if inside {
                let v = layer.input.get(0, py - c.p, px - c.p).unwrap_or(0.0);
                let t = (v as f64) / 3.0;
                s.push(rect(
                    x,
                    y,
                    cell,
                    cell,
                    Some(palette::INPUT_LO.mix(palette::INPUT_HI, t)),
                    grid,
                ));
                if numbers {
                    s.push(text(
                        x + cell / 2.0,
                        y + cell / 2.0,
                        num(v as f64),
                        font,
                        palette::TEXT,
                        Align::Center,
                        false,
                    ));
                }
            } else {
                s.push(rect(
                    x,
                    y,
                    cell,
                    cell,
                    Some(palette::PADDING),
                    Some((palette::PADDING_HATCH, 1.0)),
                ));
                // Two hatch strokes per cell: unmistakably not input, even in greyscale.
                for k in [0.33, 0.66] {
                    s.push(Shape::Line {
                        x1: x + cell * k,
                        y1: y,
                        x2: x,
                        y2: y + cell * k,
                        color: palette::PADDING_HATCH,
                        width: 1.0,
                    });
                    s.push(Shape::Line {
                        x1: x + cell,
                        y1: y + cell * k,
                        x2: x + cell * k,
                        y2: y + cell,
                        color: palette::PADDING_HATCH,
                        width: 1.0,
                    });
                }
                if numbers {
                    s.push(text(
                        x + cell / 2.0,
                        y + cell / 2.0,
                        "0".into(),
                        font,
                        palette::PADDING_TEXT,
                        Align::Center,
                        false,
                    ));
                }
            }
        }
    }
    // The input's own border, so N is visible inside the padding.
    if c.p > 0 {
        s.push(rect(
            ix + c.p as f64 * cell,
            iy + c.p as f64 * cell,
            c.n as f64 * cell,
            c.n as f64 * cell,
            None,
            Some((palette::TEXT, 1.5)),
        ));
    }

    // Rows and columns no window reaches (the stride does not divide evenly): struck through.
    if let Some(g) = layer.shown {
        let (ur, uc) = (g.rows.unreached, g.cols.unreached);
        for py in 0..lay.padded {
            for px in 0..lay.padded {
                if py + ur >= lay.padded || px + uc >= lay.padded {
                    let (x, y) = (ix + px as f64 * cell, iy + py as f64 * cell);
                    s.push(rect(
                        x,
                        y,
                        cell,
                        cell,
                        Some(palette::UNREACHED.alpha(0.28)),
                        None,
                    ));
                    s.push(Shape::Line {
                        x1: x + 2.0,
                        y1: y + cell - 2.0,
                        x2: x + cell - 2.0,
                        y2: y + 2.0,
                        color: palette::UNREACHED,
                        width: 2.0,
                    });
                }
            }
        }
    }

    // The filter, its bias, and the operators between the panels.
    let (fx0, fy0) = lay.filter_at;
    let wmax = layer
        .filters
        .weights()
        .iter()
        .fold(0f32, |m, w| m.max(w.abs()));
    for fy in 0..c.f {
        for fx in 0..c.f {
            let w = layer.filters.weight(0, 0, fy, fx).unwrap_or(0.0);
            let (x, y) = (fx0 + fx as f64 * cell, fy0 + fy as f64 * cell);
            s.push(rect(x, y, cell, cell, Some(signed_fill(w, wmax)), grid));
            if numbers {
                s.push(text(
                    x + cell / 2.0,
                    y + cell / 2.0,
                    num(w as f64),
                    font,
                    palette::TEXT,
                    Align::Center,
                    false,
                ));
            }
        }
    }
    let fside = c.f as f64 * cell;
    s.push(rect(
        fx0,
        fy0,
        fside,
        fside,
        None,
        Some((palette::ACTIVE, 3.0)),
    ));
    s.push(text(
        fx0,
        fy0 + fside + FOOT_H / 2.0,
        format!(
            "bias b = {}",
            num(layer.filters.bias(0).unwrap_or(0.0) as f64)
        ),
        13.0,
        palette::MUTED,
        Align::Left,
        false,
    ));
    let mid = TITLE_H + (lay.padded.max(c.f).max(lay.out.0.max(1)) as f64 * cell) / 2.0;
    s.push(text(
        fx0 - GAP / 2.0,
        mid,
        "∗".into(),
        26.0,
        palette::MUTED,
        Align::Center,
        true,
    ));
    s.push(text(
        lay.output_at.0 - GAP / 2.0,
        mid,
        "=".into(),
        26.0,
        palette::MUTED,
        Align::Center,
        true,
    ));

    // The output: computed cells filled, the current one highlighted, later ones empty.
    let (ox, oy) = lay.output_at;
    let current = layer.position(step);
    if let (Some(out), (oh, ow)) = (&layer.output, lay.out) {
        let omax = out.data().iter().fold(0f32, |m, v| m.max(v.abs()));
        for r in 0..oh {
            for col in 0..ow {
                let i = r * ow + col;
                let (x, y) = (ox + col as f64 * cell, oy + r as f64 * cell);
                let v = out.get(0, r, col).unwrap_or(0.0);
                if i <= step {
                    // The cell being written takes the active colour alone, like its window.
                    let fill = if i == step {
                        Rgba::hex(0xFFFFFF)
                    } else {
                        signed_fill(v, omax)
                    };
                    s.push(rect(x, y, cell, cell, Some(fill), grid));
                    if numbers {
                        s.push(text(
                            x + cell / 2.0,
                            y + cell / 2.0,
                            num(v as f64),
                            font,
                            palette::TEXT,
                            Align::Center,
                            i == step,
                        ));
                    }
                } else {
                    s.push(rect(
                        x,
                        y,
                        cell,
                        cell,
                        Some(Rgba::hex(0xFFFFFF)),
                        Some((palette::GRID.alpha(0.6), 1.0)),
                    ));
                }
            }
        }
    }

    // The window at the current position and the cell it writes, in the active colour.
    if let (Some((r, col)), Some(g)) = (current, layer.shown) {
        let span = |a: &crate::cnn::AxisPlan| (a.span as f64) * cell;
        let (wx, wy) = (
            ix + (col * g.cols.stride) as f64 * cell,
            iy + (r * g.rows.stride) as f64 * cell,
        );
        s.push(rect(
            wx,
            wy,
            span(&g.cols),
            span(&g.rows),
            Some(palette::ACTIVE.alpha(0.16)),
            Some((palette::ACTIVE, 3.0)),
        ));
        let (cx, cy) = (ox + col as f64 * cell, oy + r as f64 * cell);
        s.push(rect(
            cx,
            cy,
            cell,
            cell,
            Some(palette::ACTIVE.alpha(0.16)),
            Some((palette::ACTIVE, 3.0)),
        ));
    }

    Scene {
        layout: lay,
        shapes: s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Config;

    fn layer(n: usize, f: usize, s: usize, p: usize) -> Layer {
        Layer::new(Config {
            n,
            f,
            s,
            p,
            seed: 1,
        })
        .unwrap()
    }

    fn rects(scene: &Scene, stroke: Rgba) -> Vec<(f64, f64, f64, f64)> {
        scene
            .shapes
            .iter()
            .filter_map(|sh| match sh {
                Shape::Rect {
                    x,
                    y,
                    w,
                    h,
                    stroke: Some((c, _)),
                    ..
                } if *c == stroke => Some((*x, *y, *w, *h)),
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
    fn padding_cells_are_grey_and_counted_exactly() {
        let l = layer(7, 3, 1, 2);
        let sc = build(&l, 0, 1200.0);
        // (7 + 4)² − 7² padding cells.
        assert_eq!(fills(&sc, palette::PADDING), 11 * 11 - 49);
        let zeros = sc
            .shapes
            .iter()
            .filter(|sh| matches!(sh, Shape::Text { text, color, .. } if text == "0" && *color == palette::PADDING_TEXT))
            .count();
        assert_eq!(zeros, 72, "every padding cell shows its 0");
        assert_eq!(
            fills(&build(&layer(7, 3, 1, 0), 0, 1200.0), palette::PADDING),
            0
        );
    }

    #[test]
    fn window_moves_by_the_stride() {
        let l = layer(7, 3, 2, 0);
        let sc0 = build(&l, 0, 1000.0);
        let cell = sc0.layout.cell;
        let (ix, iy) = sc0.layout.input_at;
        // Step 4 of a 3×3 output is row 1, column 1: the window starts 2 cells right and down.
        let sc4 = build(&l, 4, 1000.0);
        let active = rects(&sc4, palette::ACTIVE);
        assert!(
            active.contains(&(ix + 2.0 * cell, iy + 2.0 * cell, 3.0 * cell, 3.0 * cell)),
            "{active:?}"
        );
        let (ox, oy) = sc4.layout.output_at;
        assert!(active.contains(&(ox + cell, oy + cell, cell, cell)));
        assert_eq!(
            sc4.layout.output_cell_at(ox + cell * 1.5, oy + cell * 1.5),
            Some(4)
        );
        assert_eq!(sc4.layout.output_cell_at(ox - 1.0, oy), None);
        assert_eq!(sc4.layout.output_cell_at(ox + cell * 3.5, oy), None);
    }

    #[test]
    fn unreached_cells_are_struck_through_when_it_does_not_fit() {
        // 7/3/3/0: one row and one column are never reached: 7 + 7 − 1 = 13 cells.
        let sc = build(&layer(7, 3, 3, 0), 0, 1000.0);
        assert_eq!(fills(&sc, palette::UNREACHED.alpha(0.28)), 13);
        assert_eq!(
            fills(
                &build(&layer(7, 3, 2, 0), 0, 1000.0),
                palette::UNREACHED.alpha(0.28)
            ),
            0
        );
    }

    #[test]
    fn the_scene_fits_its_canvas_and_numbers_only_when_legible() {
        for (n, f, s, p, w) in [
            (7, 3, 2, 0, 900.0),
            (32, 11, 1, 8, 1200.0),
            (1, 1, 1, 0, 300.0),
            (32, 3, 1, 1, 360.0),
        ] {
            let sc = build(&layer(n, f, s, p), 0, w);
            for sh in &sc.shapes {
                if let Shape::Rect { x, y, w, h, .. } = sh {
                    assert!(*x >= 0.0 && *y >= 0.0, "{sh:?}");
                    assert!(
                        x + w <= sc.layout.width + 1e-9 && y + h <= sc.layout.height + 1e-9,
                        "{sh:?}"
                    );
                }
            }
            let cell_texts = sc
                .shapes
                .iter()
                .filter(|sh| matches!(sh, Shape::Text { align: Align::Center, size, .. } if *size < 20.0))
                .count();
            if sc.layout.cell >= NUMBERS_FROM {
                // Every padded-input, filter and computed output cell carries its number.
                assert!(
                    cell_texts >= (n + 2 * p) * (n + 2 * p) + f * f,
                    "{n} {f} {s} {p}"
                );
            } else {
                assert_eq!(cell_texts, 0, "{n} {f} {s} {p}");
            }
        }
        let big = build(&layer(32, 11, 1, 8), 0, 1200.0);
        assert!(big.layout.cell < NUMBERS_FROM);
        assert!(!big
            .shapes
            .iter()
            .any(|sh| matches!(sh, Shape::Text { text, .. } if text == "0")));
    }

    #[test]
    fn future_output_cells_are_empty() {
        let l = layer(7, 3, 2, 0);
        let sc = build(&l, 2, 1000.0);
        // 9 output cells, 3 computed (steps 0, 1, 2): 6 empty ones, drawn with a faint border.
        let empties = sc.shapes.iter().filter(|sh| matches!(sh, Shape::Rect { stroke: Some((c, _)), .. } if *c == palette::GRID.alpha(0.6))).count();
        assert_eq!(empties, 6);
    }
}
