//! Scene geometry: where every cell, the window, the labels and the numbers go, in CSS pixels.
//! Pure, so the picture's layout is tested natively; the canvas painter only replays it.

use crate::app::layer::Layer;
use crate::app::relations::{related, Focus};
use crate::app::state::{Op, Theme};
use crate::app::text::{channel_label, num};
use crate::app::transpose_text;
use crate::cnn::{group_of, DirectCell, Geometry, ShapeError};
use crate::{plural, tr};

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

    /// The colour as a CSS string: `#rrggbb` when opaque (most fills: made without the float
    /// formatting that showed in a 64 × 64 change's profile, and quicker for the canvas to
    /// parse), `rgba(…)` otherwise.
    pub fn css(&self) -> String {
        if self.a >= 1.0 {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let mut s = String::with_capacity(7);
            s.push('#');
            for v in [self.r, self.g, self.b] {
                s.push(HEX[usize::from(v >> 4)] as char);
                s.push(HEX[usize::from(v & 15)] as char);
            }
            return s;
        }
        format!("rgba({},{},{},{})", self.r, self.g, self.b, self.a)
    }
}

/// The palette (Okabe–Ito hues, safe for the common colour-vision deficiencies). The same
/// colours are CSS variables in `www/style.css` for the legend.
/// The colours of the picture in one theme. The light one uses Okabe–Ito hues (safe for the
/// common colour-vision deficiencies); dark and high-contrast keep the same hues, lifted or
/// deepened for their background.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// Input cells, lowest value.
    pub input_lo: Rgba,
    /// Input cells, highest value.
    pub input_hi: Rgba,
    /// Zero-padding fill: grey, never the input's colour.
    pub padding: Rgba,
    /// Zero-padding hatching.
    pub padding_hatch: Rgba,
    /// The "0" written in padding cells.
    pub padding_text: Rgba,
    /// Negative signed values (weights, outputs).
    pub negative: Rgba,
    /// Positive signed values.
    pub positive: Rgba,
    /// The window, the filter in use and the cell being written.
    pub active: Rgba,
    /// Text in the active colour, dark enough for small labels (WCAG AA on white).
    pub active_text: Rgba,
    /// What the pointer points at and everything related to it.
    pub focus: Rgba,
    /// Rows and columns the window never reaches.
    pub unreached: Rgba,
    /// Cells past the padded input that ceil rounding reads as padding.
    pub overhang: Rgba,
    /// A zero inserted between input cells by a transposed convolution's stride: pale
    /// amber, never the padding's grey.
    pub inserted: Rgba,
    /// The outline of an inserted zero (Okabe–Ito orange).
    pub inserted_edge: Rgba,
    /// The "0" written in an inserted zero, dark enough to read on it.
    pub inserted_text: Rgba,
    /// Grid lines.
    pub grid: Rgba,
    /// Text.
    pub text: Rgba,
    /// Secondary text (labels).
    pub muted: Rgba,
    /// Which palette this is, in the names of panels ([`Panel::content`]): the painter's kept
    /// bitmaps in one palette are not copied into a picture in another, so two palettes with
    /// one `id` must have the same colours.
    pub id: u8,
}

impl Palette {
    /// Dark text on white (the default).
    pub const LIGHT: Palette = Palette {
        input_lo: Rgba::hex(0xFFFFFF),
        input_hi: Rgba::hex(0xB9D3EA),
        padding: Rgba::hex(0xE4E4E4),
        padding_hatch: Rgba::hex(0xB0B0B0),
        padding_text: Rgba::hex(0x7A7A7A),
        negative: Rgba::hex(0x0072B2),
        positive: Rgba::hex(0xD55E00),
        active: Rgba::hex(0x009E73),
        active_text: Rgba::hex(0x00704F),
        focus: Rgba::hex(0xF0E442),
        unreached: Rgba::hex(0xCC79A7),
        overhang: Rgba::hex(0x6A3D9A),
        inserted: Rgba::hex(0xFFF1CC),
        inserted_edge: Rgba::hex(0xE69F00),
        inserted_text: Rgba::hex(0x8A5A00),
        grid: Rgba::hex(0x9A9A9A),
        text: Rgba::hex(0x1B1B1B),
        muted: Rgba::hex(0x555555),
        id: 0,
    };

    /// Light text on near-black.
    pub const DARK: Palette = Palette {
        input_lo: Rgba::hex(0x1F2530),
        input_hi: Rgba::hex(0x3F6E9E),
        padding: Rgba::hex(0x2C2C2C),
        padding_hatch: Rgba::hex(0x5E5E5E),
        padding_text: Rgba::hex(0xA0A0A0),
        negative: Rgba::hex(0x56B4E9),
        positive: Rgba::hex(0xE69F00),
        active: Rgba::hex(0x1FBF8F),
        active_text: Rgba::hex(0x5FE0B5),
        focus: Rgba::hex(0xF0E442),
        unreached: Rgba::hex(0xCC79A7),
        overhang: Rgba::hex(0xB39DDB),
        inserted: Rgba::hex(0x3D3220),
        inserted_edge: Rgba::hex(0xE69F00),
        inserted_text: Rgba::hex(0xF5C56B),
        grid: Rgba::hex(0x6E6E6E),
        text: Rgba::hex(0xEDEDED),
        muted: Rgba::hex(0xB8B8B8),
        id: 1,
    };

    /// Black on white with deeper hues, for projectors.
    pub const CONTRAST: Palette = Palette {
        input_lo: Rgba::hex(0xFFFFFF),
        input_hi: Rgba::hex(0x9CC3E6),
        padding: Rgba::hex(0xCFCFCF),
        padding_hatch: Rgba::hex(0x6A6A6A),
        padding_text: Rgba::hex(0x000000),
        negative: Rgba::hex(0x0050A0),
        positive: Rgba::hex(0xB34700),
        active: Rgba::hex(0x007A55),
        active_text: Rgba::hex(0x005A3F),
        focus: Rgba::hex(0xFFE000),
        unreached: Rgba::hex(0xB0337F),
        overhang: Rgba::hex(0x4B1D7A),
        inserted: Rgba::hex(0xFFE3A0),
        inserted_edge: Rgba::hex(0xB36B00),
        inserted_text: Rgba::hex(0x5A3A00),
        grid: Rgba::hex(0x000000),
        text: Rgba::hex(0x000000),
        muted: Rgba::hex(0x1A1A1A),
        id: 2,
    };

    /// The palette of a theme already resolved (`Auto` draws as light).
    pub fn of(theme: Theme) -> Palette {
        match theme {
            Theme::Dark => Palette::DARK,
            Theme::Contrast => Palette::CONTRAST,
            Theme::Light | Theme::Auto => Palette::LIGHT,
        }
    }
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
    /// A row of cells of side `cell` from (x, y) rightwards, cell `i` drawn as the
    /// [`Shape::Rect`] with fill `fills[i]` and outline `strokes[i]` would be. Cells too small
    /// for numbers come in rows: a 64 × 64 layer has ~46,000 of them, and a frame built,
    /// compared and dropped them one `Rect` each.
    Cells {
        /// Left edge of the first cell.
        x: f64,
        /// Top edge.
        y: f64,
        /// Side of each cell.
        cell: f64,
        /// Each cell's fill (opaque).
        fills: Vec<Rgba>,
        /// Each cell's outline colour and width, if any.
        strokes: Vec<Option<(Rgba, f64)>>,
    },
}

impl Shape {
    /// A rectangle with an opaque fill or none, or a row of opaque cells: the painter draws a
    /// run of these (a grid of cells) fills first, then outlines, so a run is painted as a
    /// whole.
    pub fn in_cell_run(&self) -> bool {
        match self {
            Shape::Rect { fill, .. } => fill.is_none_or(|f| f.a >= 1.0),
            Shape::Cells { fills, .. } => fills.iter().all(|f| f.a >= 1.0),
            _ => false,
        }
    }

    /// Whether this is a line of `color` and `width`: the painter strokes a run of these as
    /// one path.
    pub fn same_pen(&self, color: &Rgba, width: f64) -> bool {
        matches!(self, Shape::Line { color: c, width: w, .. } if c == color && *w == width)
    }

    /// The same shape `dx`, `dy` further right and down.
    pub fn moved(&self, dx: f64, dy: f64) -> Shape {
        let mut s = self.clone();
        match &mut s {
            Shape::Rect { x, y, .. } | Shape::Text { x, y, .. } | Shape::Cells { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Shape::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *y1 += dy;
                *x2 += dx;
                *y2 += dy;
            }
        }
        s
    }

    /// Calls `f` with (x, y, width, height, fill, outline) of each rectangle the shape draws:
    /// a [`Shape::Rect`] itself, or each cell of a [`Shape::Cells`] row.
    pub fn for_each_rect(
        &self,
        mut f: impl FnMut(f64, f64, f64, f64, Option<Rgba>, Option<(Rgba, f64)>),
    ) {
        match self {
            Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => f(*x, *y, *w, *h, *fill, *stroke),
            Shape::Cells {
                x,
                y,
                cell,
                fills,
                strokes,
            } => {
                for (i, (fill, stroke)) in fills.iter().zip(strokes).enumerate() {
                    f(x + i as f64 * cell, *y, *cell, *cell, Some(*fill), *stroke);
                }
            }
            _ => {}
        }
    }
}

/// How many of `new`'s first shapes are the same as `old`'s, ending where no run of cells
/// ([`Shape::in_cell_run`]) continues: a canvas that holds `old`'s first shapes as painted
/// holds that many of `new`'s, so the painter can draw only the rest. An animation step
/// changes the picture from the current output map on; a pointer move only the focus marks.
pub fn reusable_prefix(old: &Scene, new: &Scene) -> usize {
    let mut n = old
        .shapes
        .iter()
        .zip(&new.shapes)
        .take_while(|(a, b)| a == b)
        .count();
    while n > 0
        && n < new.shapes.len()
        && new.shapes[n].in_cell_run()
        && new.shapes[n - 1].in_cell_run()
    {
        n -= 1;
    }
    // A kept panel has no shapes to compare: the copy ends at the first panel that differs.
    if let Some((a, b)) = old
        .panels
        .iter()
        .zip(&new.panels)
        .find(|(a, b)| (a.kept || b.kept) && a != b)
    {
        n = n.min(a.range.start).min(b.range.start);
    }
    n
}

/// Left, top, right and bottom edges, in CSS pixels.
pub type Bounds = (f64, f64, f64, f64);

impl Shape {
    /// Every pixel the shape can touch, in CSS pixels: half its outline's width around a
    /// rectangle or a line (whose caps reach that far past its ends too), and for text a
    /// box an em high either side of its middle and an em wide per character (the widest
    /// glyphs are Hangul's, an em each; canvas text cannot be measured here). Antialiasing
    /// reaches a device pixel further: the painter adds it.
    pub fn bounds(&self) -> Bounds {
        match self {
            Shape::Rect {
                x, y, w, h, stroke, ..
            } => {
                let m = stroke.map_or(0.0, |s| s.1 / 2.0);
                (x - m, y - m, x + w + m, y + h + m)
            }
            Shape::Cells {
                x,
                y,
                cell,
                strokes,
                ..
            } => {
                let m = strokes
                    .iter()
                    .flatten()
                    .fold(0.0_f64, |m, s| m.max(s.1 / 2.0));
                let w = cell * strokes.len() as f64;
                (x - m, y - m, x + w + m, y + cell + m)
            }
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                ..
            } => {
                let m = width / 2.0;
                (
                    x1.min(*x2) - m,
                    y1.min(*y2) - m,
                    x1.max(*x2) + m,
                    y1.max(*y2) + m,
                )
            }
            Shape::Text {
                x,
                y,
                text,
                size,
                align,
                ..
            } => {
                let w = text.chars().count() as f64 * size;
                let left = match align {
                    Align::Left => *x,
                    Align::Center => x - w / 2.0,
                };
                (left - size, y - size, left + w + size, y + size)
            }
        }
    }
}

/// Every pixel `shapes` can touch ([`Shape::bounds`] of them all), if there are any: a run of
/// cells is drawn whole, so the painter culls it, and [`repaint_area`] grows round it, by this.
pub fn bounds_of(shapes: &[Shape]) -> Option<Bounds> {
    shapes
        .iter()
        .map(Shape::bounds)
        .reduce(|a, b| (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3)))
}

/// Where a canvas holding `old` as painted must be painted again to hold `new`: the bounds
/// of every shape that differs between the two at the same place in the order (or has no
/// counterpart), of every shape in a run of cells that holds such a shape (the painter draws
/// a run's fills, then its outlines in order of their first appearance, so one cell can
/// change how its neighbours' shared edges come out), and of every panel that differs.
/// Elsewhere the same shapes cover each pixel, in the same order: it stays as it is. `None`
/// when the two are laid out differently (every pixel may change).
///
/// The first `same` shapes are known to be the same in both (say, [`reusable_prefix`]'s
/// count, which the painter has anyway): they are not compared again.
pub fn changed(old: &Scene, new: &Scene, same: usize) -> Option<Vec<Bounds>> {
    if old.layout.width != new.layout.width
        || old.layout.height != new.layout.height
        || old.layout.cell != new.layout.cell
    {
        return None;
    }
    let end = old.shapes.len().max(new.shapes.len());
    let same = same.min(end);
    let differs: Vec<bool> = (0..end)
        .map(|i| i >= same && old.shapes.get(i) != new.shapes.get(i))
        .collect();
    // From the first difference, or a run of cells that reaches it from before it.
    let mut from = differs.iter().position(|&d| d).unwrap_or(end);
    while from > 0 && new.shapes[from - 1].in_cell_run() {
        from -= 1;
    }
    let mut out = Vec::new();
    for scene in [old, new] {
        let shapes = &scene.shapes;
        let mut i = from;
        while i < shapes.len() {
            let run = if shapes[i].in_cell_run() {
                shapes[i..].iter().take_while(|s| s.in_cell_run()).count()
            } else {
                1
            };
            if differs[i..i + run].contains(&true) {
                out.extend(shapes[i..i + run].iter().map(Shape::bounds));
            }
            i += run;
        }
    }
    for j in 0..old.panels.len().max(new.panels.len()) {
        let (a, b) = (old.panels.get(j), new.panels.get(j));
        if a != b {
            for p in a.into_iter().chain(b) {
                let (x, y, w, h) = p.bounds;
                out.push((x, y, x + w, y + h));
            }
        }
    }
    Some(out)
}

/// Left, top, right and bottom edges in whole device pixels.
pub type Area = (u32, u32, u32, u32);

/// Repainting in rectangles pays while they cover at most this share of the canvas; past it,
/// clearing and copying the whole canvas costs about the same and needs no diff.
const REPAINT_AREA_UP_TO: f64 = 0.5;

/// More changed places than this are repainted as their bounding box: merging them pair by
/// pair would cost more than it saves. A step of the CS231n demo has ~50 (the map's cells,
/// the windows, each from both frames); a pointer over a 64 × 64 layer, hundreds.
const REPAINT_RECTS_UP_TO: usize = 256;

/// The device pixels of a canvas of `size` at `dpr` device pixels per CSS pixel to paint
/// again where `changed` ([`changed`]) may differ, when the painter draws `scene`'s shapes from
/// `from` on over a copy of those before: each place widened by a device pixel for
/// antialiasing and cut to the canvas; then each rectangle takes in the whole of everything
/// drawn from `from` on that reaches it (a panel, a run of cells, a shape), until nothing
/// drawn crosses a rectangle's edge, and rectangles that meet merge: the painter restores the
/// rectangles and draws over them unclipped (a clip's edge across an antialiased edge moved
/// it by a 255th). `None` when that is more than half the canvas: paint all of it.
pub fn repaint_area(
    changed: &[Bounds],
    scene: &Scene,
    from: usize,
    size: (u32, u32),
    dpr: f64,
) -> Option<Vec<Area>> {
    let px = |v: f64, max: u32| v.clamp(0.0, max as f64) as u32;
    let area_of = |(l, t, r, b): Bounds| -> Area {
        (
            px((l * dpr).floor() - 1.0, size.0),
            px((t * dpr).floor() - 1.0, size.1),
            px((r * dpr).ceil() + 1.0, size.0),
            px((b * dpr).ceil() + 1.0, size.1),
        )
    };
    let mut rects: Vec<Area> = Vec::new();
    for &b in changed {
        let a = area_of(b);
        if a.0 < a.2 && a.1 < a.3 {
            rects.push(a);
        }
    }
    // What the painter draws from `from` on, as it walks the shapes: a panel whole (its
    // bitmap, or its shapes in place), a run of cells whole, any other shape.
    let (shapes, panels) = (&scene.shapes, &scene.panels);
    let mut drawn: Vec<Area> = Vec::new();
    let (mut i, mut p) = (from, panels.partition_point(|q| q.range.start < from));
    loop {
        if let Some(q) = panels.get(p).filter(|q| q.range.start == i) {
            let (x, y, w, h) = q.bounds;
            drawn.push(area_of((x, y, x + w, y + h)));
            (i, p) = (q.range.end.max(i), p + 1);
            continue;
        }
        let Some(s) = shapes.get(i) else {
            break;
        };
        let run = if s.in_cell_run() {
            shapes[i..].iter().take_while(|s| s.in_cell_run()).count()
        } else {
            1
        };
        drawn.extend(bounds_of(&shapes[i..i + run]).map(area_of));
        i += run;
    }
    let union = |a: Area, b: Area| (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3));
    if rects.len() > REPAINT_RECTS_UP_TO {
        rects = rects.into_iter().reduce(union).into_iter().collect();
    }
    // Merge until no two meet (most places come twice, from the frame before and this one):
    // few places, so pair by pair, pass after pass (a merged box can reach an earlier one);
    // then take in what is drawn across an edge, and again, until nothing grows.
    let meet = |a: Area, b: Area| a.0 <= b.2 && b.0 <= a.2 && a.1 <= b.3 && b.1 <= a.3;
    let overlap = |a: Area, b: Area| a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
    let mut grew = true;
    while grew {
        grew = false;
        let mut i = 0;
        while i < rects.len() {
            let mut j = i + 1;
            while j < rects.len() {
                if meet(rects[i], rects[j]) {
                    let b = rects.swap_remove(j);
                    rects[i] = union(rects[i], b);
                    grew = true;
                } else {
                    j += 1;
                }
            }
            for &d in &drawn {
                if overlap(rects[i], d) && union(rects[i], d) != rects[i] {
                    rects[i] = union(rects[i], d);
                    grew = true;
                }
            }
            i += 1;
        }
    }
    let area = |r: &Area| (r.2 - r.0) as f64 * (r.3 - r.1) as f64;
    let whole = size.0 as f64 * size.1 as f64;
    (rects.iter().map(area).sum::<f64>() <= REPAINT_AREA_UP_TO * whole).then_some(rects)
}

/// The largest picture, in device pixels, that draws its changing map in place: the CS231n
/// demo's and a 32 × 32 layer's are 0.67 Mpx at one device pixel per CSS pixel, a 64 × 64
/// layer's 1.0–1.13 Mpx. A picture over this many CSS pixels draws its map being filled from
/// two pictures that do not change instead ([`Panel::changing`]).
pub const IN_PLACE_UP_TO: f64 = 800_000.0;

/// Whether the painter draws `panel` shape by shape where it stands rather than through a
/// bitmap of it: a [`Panel::changing`] one, in a picture of `layout` at `dpr` device pixels
/// per CSS pixel up to 0.8 Mpx (`IN_PLACE_UP_TO`). There, a step of a 32 × 32 layer's animation
/// (a 28 × 28 map, drawn as a new bitmap every step) took ~0.25 ms less script; at 64 × 64,
/// in place made a slider change during the animation ~1 ms slower (wall clock p50).
pub fn in_place(panel: &Panel, layout: &Layout, dpr: f64) -> bool {
    panel.changing && layout.width * layout.height * dpr * dpr <= IN_PLACE_UP_TO
}

/// A canvas's backing store is kept for a frame that fills at least this many eighths of it
/// each way.
const STORE_KEPT_FROM: u64 = 6;

/// A store made for a frame that outgrew the last gets this fraction of the frame to spare
/// that way.
const STORE_ROOM: u32 = 8;

/// The backing store, in device pixels, to paint a frame of `need` on, given the canvas's
/// store `have` and the last frame painted on it, `last`: `have` when the frame fits in it and
/// fills at least 3/4 of it each way; else one as wide and as high as the larger of the two
/// each way, if the frame fills 3/4 of that; else exactly `need`. Setting a canvas's size
/// reallocates and clears its store (~3–6 ms at 1.1–1.5 Mpx in a profile), and a change of K
/// at N = 64 moves the frame between 1157 and 1182 CSS px wide (D = 3), or between 1008 × 988
/// and 1210 × 996 (D = 8); K 9 ↔ 10 between 1182 × 956 and 1157 × 1244, where neither holds
/// the other. Kept or grown, the store is allocated once. A store made anew for a frame that
/// outgrew the old one some way gets an eighth of the frame to spare that way, but no more
/// than keeps the last frame at 3/4 of it when that can be had (K 9 ↔ 10): a slider swept up
/// a step at a time (P at N = 64 widens the frame 24 px a step) then finds room for the next
/// few steps instead of a new store at every one. The stage clips the slack to the frame's
/// size, so the page's layout and the picture are the same either way.
pub fn backing_size(have: (u32, u32), need: (u32, u32), last: (u32, u32)) -> (u32, u32) {
    let size = kept_store(have, need, STORE_KEPT_FROM);
    if size == have || have.0 == 0 || have.1 == 0 {
        return size;
    }
    let room = |h: u32, s: u32, n: u32, l: u32| {
        let (spare, most) = (
            n.saturating_add(n / STORE_ROOM),
            l as u64 * 8 / STORE_KEPT_FROM,
        );
        match n > h {
            true if most >= n as u64 => s.max(spare.min(most as u32)),
            true => s.max(spare),
            false => s,
        }
    };
    (
        room(have.0, size.0, need.0, last.0),
        room(have.1, size.1, need.1, last.1),
    )
}

/// `have` when `need` fits in it and fills at least `eighths`/8 of it each way; else the
/// larger of the two each way, when `need` fills that as much; else `need`: [`backing_size`]
/// for the stage (6/8); the activation maps' small canvas keeps its store for pictures down to
/// half its size (4/8), since K = 8 and K = 9 maps at N = 64 are 574 × 365 and 570 × 237 px.
pub fn kept_store(have: (u32, u32), need: (u32, u32), eighths: u64) -> (u32, u32) {
    let fits = |have: u32, need: u32| need <= have && need as u64 * 8 >= have as u64 * eighths;
    [have, (have.0.max(need.0), have.1.max(need.1))]
        .into_iter()
        .find(|s| fits(s.0, need.0) && fits(s.1, need.1))
        .unwrap_or(need)
}

/// The runs of a lattice's line (the painter's cell outlines): for edges `0..len`, drawn
/// `count(k)` times each, the runs of neighbouring edges drawn equally often and at least
/// once, as (from, to, times), into `out`. Generic in `count` so that it is inlined: through
/// `&dyn Fn`, called twice an edge, a 64 × 64 layer's padded slices and maps took ~2 ms of a
/// P step (profiled, session 33; ~0.8 ms now).
pub fn edge_runs(len: usize, count: impl Fn(usize) -> u8, out: &mut Vec<(usize, usize, u8)>) {
    out.clear();
    let mut start = 0;
    let mut run = if len > 0 { count(0) } else { 0 };
    for k in 1..=len {
        let next = if k < len { count(k) } else { u8::MAX };
        if next != run {
            if run > 0 {
                out.push((start, k, run));
            }
            (start, run) = (k, next);
        }
    }
}

/// The width a printed page gives the picture, in CSS pixels: A4 at Chrome's default margins
/// is 718 (190 mm at 96 px an inch; US Letter's is wider), of which the page's own margins
/// round the picture take 70.
const PRINT_WIDTH: f64 = 640.0;

/// The zoom a picture `width` CSS pixels wide is printed at: 1 when it fits the page, else
/// what makes it fit (a 1044-pixel stage would lose its maps off the page's right edge).
pub fn print_zoom(width: f64) -> f64 {
    if width > PRINT_WIDTH {
        PRINT_WIDTH / width
    } else {
        1.0
    }
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
/// The least width of the pooling window's column, however small its cells: its label
/// ("max 3 × 3", ~60 px at 12 px, up to ~75 for "max 11 × 11") starts there, and with
/// [`PAIR_GAP`] after it ends before the next slice's label (at N = 64 it ran into it).
const POOL_WINDOW_W: f64 = 44.0;
/// Cell size limits: legible numbers need ≥ 18 px, and beyond 48 px the picture only grows.
const CELL_MIN: f64 = 6.0;
const CELL_MAX: f64 = 48.0;
/// A big layer (64 × 64 with several slices and maps) that fits nowhere at 6 px is drawn at
/// down to 3 px within two screens, like a picture, rather than as a canvas a dozen screens
/// tall (which also took ~150 ms a change to raster).
const CELL_FLOOR: f64 = 3.0;
/// Numbers are written in cells at least this large.
const NUMBERS_FROM: f64 = 18.0;
/// The most a slide's frame zooms a picture ([`zoom`]): a small layer (3 × 3) on a wall
/// of a hall is large enough at three times the page's size.
pub const ZOOM_MAX: f64 = 3.0;

/// How much a slide's frame, which should not scroll, zooms the picture `lay` so that it
/// fills `room` (CSS pixels): only a picture already at the largest cell (48 px) grows
/// (a smaller cell is what the room allowed), uniformly, to the largest factor up to
/// [`ZOOM_MAX`] at which its whole (the CSS size a painter gives it, whole pixels) still fits
/// both ways; 1 when it does not grow. In 1024ths, so that the zoomed size is exact and
/// never a rounding over the room.
pub fn zoom(lay: &Layout, (avail_w, avail_h): (f64, f64)) -> f64 {
    let (w, h) = (lay.width.ceil(), lay.height.ceil());
    let room = avail_w.is_finite() && avail_h.is_finite();
    if lay.cell < CELL_MAX || !room || w <= 0.0 || h <= 0.0 {
        return 1.0;
    }
    let z = ((avail_w / w).min(avail_h / h).min(ZOOM_MAX) * 1024.0).floor() / 1024.0;
    z.max(1.0)
}

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
    /// Top-left of the active filter's slice for each channel, beside its input slice (or, in
    /// a slide's frame, under it).
    pub filters: Vec<(f64, f64)>,
    /// Left edge of the output maps.
    pub out_x: f64,
    /// Top-left of each output map (one per filter).
    pub maps: Vec<(f64, f64)>,
    /// Whole scene width.
    pub width: f64,
    /// Whole scene height.
    pub height: f64,
    /// The output maps sit below the input (a narrow screen) rather than to its right.
    pub stacked: bool,
    /// The scatter view of a transposed convolution: the input is drawn as it is, the maps
    /// at their untrimmed size, and only input cells are hit.
    pub scatter: bool,
    /// How much larger than its CSS pixels the picture is shown: 1 on a page; in a slide's
    /// frame, [`zoom`] (everything above is in the picture's own pixels, which the painter
    /// scales, like a higher pixel ratio).
    pub zoom: f64,
}

/// Which picture of a transposed convolution to draw (other layers have only the first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum View {
    /// The window slides over the (zero-stuffed) input: the convolution as computed.
    #[default]
    Direct,
    /// Each input cell stamps a scaled copy of the filter into the output.
    Scatter,
}

impl Layout {
    /// Lays the panels out in `avail_w` × `avail_h` CSS pixels: the largest cell (up to
    /// 48 px) for which some arrangement of the (input slice, filter slice) pairs, one to D per
    /// row, fits both ways. When nothing fits even at 6 px, the largest cell down to 3 px that
    /// fits the width and two screens; failing that, the pairs stack in one column at the
    /// largest cell that fits the width, and the page scrolls down.
    pub fn new(layer: &Layer, avail_w: f64, avail_h: f64) -> Layout {
        Self::for_view(layer, View::Direct, avail_w, avail_h)
    }

    /// [`Layout::new`] for a view: the scatter view of a transposed layer draws the input
    /// without its zeros and the maps at their untrimmed size.
    pub fn for_view(layer: &Layer, view: View, avail_w: f64, avail_h: f64) -> Layout {
        Self::fitted(layer, view, (avail_w, avail_h), 2.0)
    }

    /// [`Layout::for_view`] where small cells may take up to `screens` times `avail_h`
    /// (2 on a page that scrolls; 1 in a slide's frame, which should not: there each filter
    /// may go under its input slice, where that gives larger cells and the other arrangements
    /// print no numbers, and a picture at the largest cell is shown zoomed to fill the room,
    /// [`zoom`]).
    pub fn fitted(layer: &Layer, view: View, room: (f64, f64), screens: f64) -> Layout {
        let mut lay = Self::fitted_cells(layer, view, room, screens);
        if screens <= 1.0 {
            lay.zoom = zoom(&lay, room);
        }
        lay
    }

    /// [`Layout::fitted`] at zoom 1.
    fn fitted_cells(
        layer: &Layer,
        view: View,
        (avail_w, avail_h): (f64, f64),
        screens: f64,
    ) -> Layout {
        let c = &layer.config;
        let scatter = view == View::Scatter && layer.transpose.is_some();
        let (rows, cols) = if scatter {
            let plain = |n| Extent {
                lo: 0,
                n,
                hi: 0,
                overhang: 0,
                unreached: 0,
            };
            (plain(c.n), plain(c.w()))
        } else {
            extents(c, layer.shown.as_ref())
        };
        let out = match (scatter, layer.transpose) {
            (true, Some(t)) => (
                t.rows.output + t.rows.pad_lo + t.rows.pad_hi,
                t.cols.output + t.cols.pad_lo + t.cols.pad_hi,
            ),
            _ => layer.shown.map_or((0, 0), |g| (g.out_h(), g.out_w())),
        };
        let place = |cell: f64, per_row: usize, (stacked, under): (bool, bool)| Layout {
            scatter,
            ..Self::place(
                cell,
                per_row,
                rows,
                cols,
                (
                    c.f,
                    c.fw(),
                    if c.op == Op::MaxPool {
                        POOL_WINDOW_W
                    } else {
                        0.0
                    },
                ),
                c.d,
                c.maps(),
                out,
                (avail_w, avail_h),
                (stacked, under),
            )
        };
        let best_down_to = |arr: (bool, bool), floor: f64, max_h: f64| {
            let mut cell = CELL_MAX;
            while cell >= floor {
                let best = (1..=c.d)
                    .map(|per_row| place(cell, per_row, arr))
                    .filter(|l| l.width <= avail_w && l.height <= max_h)
                    .min_by(|a, b| a.height.total_cmp(&b.height));
                if best.is_some() {
                    return best;
                }
                cell -= 1.0;
            }
            None
        };
        // Arrangements (maps below, filters under their slices): the first that prints numbers,
        // in this order, else the largest cell (the first on a tie). Side by side as the
        // lecture draws it; on a narrow screen (a phone), the maps go below. In a slide's frame,
        // which cannot scroll, a filter may go under its slice, the pairs then as wide as the
        // slices (at 1024 × 768 the 7 × 7 × 3 example had 17 px cells, no numbers, and room
        // below).
        let mut chosen: Option<Layout> = None;
        for arr in [(false, false), (true, false), (false, true)] {
            if arr.1 && screens > 1.0 || chosen.as_ref().is_some_and(|l| l.cell >= NUMBERS_FROM) {
                break;
            }
            if let Some(l) = best_down_to(arr, CELL_MIN, avail_h) {
                if chosen.as_ref().is_none_or(|c| l.cell > c.cell) {
                    chosen = Some(l);
                }
            }
        }
        if let Some(l) = chosen {
            return l;
        }
        // Smaller cells, side by side or stacked, within two screens.
        let small = [(false, false), (true, false)]
            .into_iter()
            .filter_map(|stacked| best_down_to(stacked, CELL_FLOOR, screens * avail_h))
            .max_by(|a, b| {
                a.cell
                    .total_cmp(&b.cell)
                    .then(b.height.total_cmp(&a.height))
            });
        if let Some(small) = small {
            return small;
        }
        // A frame that should not scroll: the shortest picture at the smallest cells.
        if screens <= 1.0 {
            let shortest = [false, true]
                .into_iter()
                .flat_map(|stacked| (1..=c.d).map(move |per_row| (stacked, per_row)))
                .map(|(stacked, per_row)| place(CELL_FLOOR, per_row, (stacked, false)))
                .filter(|l| l.width <= avail_w)
                .min_by(|a, b| a.height.total_cmp(&b.height));
            if let Some(l) = shortest {
                return l;
            }
        }
        let mut cell = CELL_MAX;
        loop {
            let lay = place(cell, 1, (true, false));
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
        (fh, fw, fw_min): (usize, usize, f64),
        depth: usize,
        maps: usize,
        out: (usize, usize),
        (avail_w, avail_h): (f64, f64),
        (stacked, under): (bool, bool),
    ) -> Layout {
        let (slice_w, filter_w) = (cols.cells() as f64 * cell, (fw as f64 * cell).max(fw_min));
        // Under its slice, a filter sits at the pair's right with its label above it and
        // the "∗" to its left.
        let below = rows.cells() as f64 * cell + SLICE_GAP + LABEL_H;
        let (slice_h, pair_w) = if under {
            (
                LABEL_H + below + fh as f64 * cell,
                slice_w.max(GAP + filter_w),
            )
        } else {
            (
                LABEL_H + rows.cells().max(fh) as f64 * cell,
                slice_w + GAP + filter_w,
            )
        };
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
            .map(|&(x, y)| match under {
                true => (x + pair_w - filter_w, y + below),
                false => (x + slice_w + GAP, y),
            })
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
        if stacked {
            // Maps in rows under the input block, as many per row as the width allows.
            let per_row_maps =
                (((avail_w - 2.0 + MAP_GAP) / (map_w + MAP_GAP)).floor() as usize).max(1);
            let top = TITLE_H + block_h + GAP + LABEL_H;
            let map_list: Vec<(f64, f64)> = (0..maps)
                .map(|k| {
                    let (row, col) = (k / per_row_maps, k % per_row_maps);
                    (
                        1.0 + col as f64 * (map_w + MAP_GAP),
                        top + row as f64 * (map_h + SLICE_GAP),
                    )
                })
                .collect();
            let map_rows = maps.div_ceil(per_row_maps).max(1);
            let maps_w = per_row_maps.min(maps.max(1)) as f64 * (map_w + MAP_GAP) - MAP_GAP;
            return Layout {
                cell,
                rows,
                cols,
                filter: (fh, fw),
                out,
                slices,
                filters,
                out_x: 1.0,
                maps: map_list,
                width: block_w.max(maps_w) + 2.0,
                height: top - LABEL_H + map_rows as f64 * (map_h + SLICE_GAP) - SLICE_GAP + FOOT_H,
                stacked: true,
                scatter: false,
                zoom: 1.0,
            };
        }
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
            stacked: false,
            scatter: false,
            zoom: 1.0,
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
        if self.scatter {
            // The scatter view steps over input cells; its maps are in untrimmed coordinates.
            for (ch, &s) in self.slices.iter().enumerate() {
                if let Some((py, px)) = inside(s, self.rows.cells(), self.cols.cells()) {
                    return Some(Focus::Input { ch, py, px });
                }
            }
            return None;
        }
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
        // The plan's own input: the zero-stuffed one for a transposed layer.
        Some(a) => Extent {
            lo: a.pad_lo,
            n: a.input,
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
    /// Blocks of `shapes` that each draw one panel (an input slice with its padding, a
    /// filter slice, an output map, or one of the two pictures of a large map being filled,
    /// which cover one place), in order, their blocks apart.
    pub panels: Vec<Panel>,
    /// How many of the first shapes stay as they are at the next position of the animation:
    /// everything before the map being filled (0: no such map). The painter keeps them in
    /// its copy even when the last frame shared fewer, so the step to the next filter draws
    /// them once, not at that step and again at the one after (see `canvas::paint_frame`).
    pub settled: usize,
}

/// A run of a scene's shapes that draws one panel and nothing outside `bounds`. The painter
/// keeps each panel's pixels by [`Scene::panel_key`] and draws a panel again only when its
/// content changes: a change of K redraws the maps and filters, not the input slices.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    /// The shapes that draw it: `shapes[range]`. The painter copies a panel from a bitmap
    /// drawn from these shapes alone, except one it draws in place ([`in_place`]): no run
    /// of cells ([`Shape::in_cell_run`]) crosses either end of such a [`Panel::changing`]
    /// one, so it is drawn exactly as its bitmap would be.
    pub range: std::ops::Range<usize>,
    /// Left, top, width and height of every pixel those shapes touch, outlines included.
    pub bounds: (f64, f64, f64, f64),
    /// What the panel draws, named from what its shapes are made of (an input slice: its
    /// values, extents, cell size and palette), for an input slice and a map before they are
    /// drawn; see [`Scene::panel_key`].
    pub content: (u64, u64),
    /// Its shapes were left out (`range` is empty): the painter said it holds the bitmap of
    /// `content` ([`build_kept`]).
    pub kept: bool,
    /// The current map of a running animation, part filled: its content changes with every
    /// step, so a bitmap of it is drawn once and thrown away. A small picture draws it in
    /// place instead ([`in_place`]); a large one (over [`IN_PLACE_UP_TO`] CSS pixels) makes
    /// it two panels that do not change, its empty and complete pictures, the second in
    /// [`Panel::parts`].
    pub changing: bool,
    /// Copy only these parts of the bitmap (left, top, right, bottom; empty: all of it): the
    /// part of a map filled so far, over the map's empty picture ([`filled_parts`]).
    pub parts: Vec<Bounds>,
}

/// Room around a panel's cells for the outlines on its edge (the widest, 3 px, reaches
/// 1.5 px out).
const PANEL_MARGIN: f64 = 2.0;

fn panel(range: std::ops::Range<usize>, x: f64, y: f64, w: f64, h: f64) -> Panel {
    let m = PANEL_MARGIN;
    Panel {
        range,
        bounds: (x - m, y - m, w + 2.0 * m, h + 2.0 * m),
        content: (0, 0),
        kept: false,
        changing: false,
        parts: Vec::new(),
    }
}

/// The parts of a map at `origin` (`cols` cells of `cell` a row) that its first `done`
/// cells cover, within `bounds` (the map's panel, its margin for the outlines included):
/// the rows filled whole, from the panel's top to the first row's edge not yet filled, and
/// the filled cells of that row, from the panel's left. None of zero size.
pub fn filled_parts(
    (bx, by, bw, _): (f64, f64, f64, f64),
    (mx, my): (f64, f64),
    cell: f64,
    cols: usize,
    done: usize,
) -> Vec<Bounds> {
    let (rows, rest) = (done / cols, done % cols);
    let edge = my + rows as f64 * cell;
    let mut parts = Vec::new();
    if rows > 0 {
        parts.push((bx, by, bx + bw, edge));
    }
    if rest > 0 {
        parts.push((bx, edge, mx + rest as f64 * cell, edge + cell));
    }
    parts
}

/// Two 64-bit lanes of a multiply–rotate hash: fast enough to run over every cell of a
/// frame (~46,000 at 64 × 64), and 128 bits so that two different panels never share a key.
struct Fingerprint(u64, u64);

impl Fingerprint {
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(23) ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.1 = (self.1.rotate_left(31) ^ v).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    }

    /// A length in CSS pixels, to 1/65,536 px (Skia's own fixed-point step): a hatch line
    /// at `x + 0.33 × cell` sits a rounding error apart in two panels at other places.
    fn f(&mut self, v: f64) {
        self.add((v * 65_536.0).round() as i64 as u64);
    }

    fn rgba(&mut self, c: Option<Rgba>) {
        self.add(c.map_or(u64::MAX, |c| {
            u64::from_le_bytes([c.r, c.g, c.b, 1, 0, 0, 0, 0]) | (c.a.to_bits() as u64) << 32
        }));
    }

    /// A shape's fill and outline (colour and width; none is −1).
    fn paint(&mut self, fill: Option<Rgba>, stroke: Option<(Rgba, f64)>) {
        self.rgba(fill);
        self.rgba(stroke.map(|s| s.0));
        self.f(stroke.map_or(-1.0, |s| s.1));
    }

    fn finish(&self) -> (u64, u64) {
        // splitmix64's finaliser, so every input bit reaches every output bit.
        let mix = |mut z: u64| {
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        (mix(self.0), mix(self.1))
    }
}

/// A panel's name ([`Panel::content`]), given before its shapes are drawn: everything they
/// depend on (sizes, state and the palette as words, then the values it shows). A slider change
/// that leaves an input slice or a map as it was (an input slice under a change of K, F or S;
/// every empty map) then builds none of its shapes when the painter holds its bitmap.
fn panel_name(head: &[u64], values: &[f32]) -> (u64, u64) {
    let mut h = Fingerprint(0x4528_21E6_38D0_1377, 0xBE54_66CF_34E9_0C6C);
    h.add(head.len() as u64);
    for &v in head {
        h.add(v);
    }
    for v in values {
        h.add(v.to_bits() as u64);
    }
    h.finish()
}

/// The name of input slice `ch` of a layer that is not transposed: the padded extents, N and
/// W, the padding's mark, the cell size, the palette and its values.
fn slice_key(layer: &Layer, lay: &Layout, ch: usize, input_top: f64, pal: &Palette) -> (u64, u64) {
    let (c, r, x) = (&layer.config, lay.rows, lay.cols);
    panel_name(
        &[
            lay.cell.to_bits(),
            input_top.to_bits(),
            r.lo as u64,
            r.n as u64,
            r.hi as u64,
            r.overhang as u64,
            r.unreached as u64,
            x.lo as u64,
            x.n as u64,
            x.hi as u64,
            x.overhang as u64,
            x.unreached as u64,
            c.n as u64,
            c.w() as u64,
            (c.op == Op::MaxPool) as u64,
            pal.id as u64,
        ],
        layer.shown_input().and_then(|v| v.slice(ch)).unwrap_or(&[]),
    )
}

impl Scene {
    /// The shapes with every row of cells ([`Shape::Cells`]) as its rectangles: what the
    /// painter draws, one shape per thing drawn.
    pub fn flat(&self) -> Vec<Shape> {
        let mut out = Vec::with_capacity(self.shapes.len());
        for s in &self.shapes {
            match s {
                Shape::Cells { .. } => s.for_each_rect(|x, y, w, h, fill, stroke| {
                    out.push(rect(x, y, w, h, fill, stroke))
                }),
                _ => out.push(s.clone()),
            }
        }
        out
    }

    /// What panel `i` draws, relative to its corner: two panels with the same key draw the
    /// same pixels (at the same device pixel ratio and sub-pixel offset), wherever they sit.
    /// The eight empty maps of a paused 64 × 64 layer share one key; an input slice keeps its
    /// key when K changes. It is the panel's [`Panel::content`]; the tests check it against a
    /// fingerprint of the shapes ([`Scene::shapes_key`]).
    pub fn panel_key(&self, i: usize) -> (u64, u64) {
        self.panels[i].content
    }

    /// A fingerprint of panel `i`'s shapes relative to its corner (empty for a
    /// [`Panel::kept`] one): two panels with one [`Scene::panel_key`] must have the same.
    pub fn shapes_key(&self, i: usize) -> (u64, u64) {
        let p = &self.panels[i];
        let (bx, by, bw, bh) = p.bounds;
        let mut h = Fingerprint(0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344);
        for v in [bw, bh, self.layout.cell] {
            h.f(v);
        }
        h.add(p.range.len() as u64);
        for s in &self.shapes[p.range.clone()] {
            match s {
                Shape::Rect {
                    x,
                    y,
                    w,
                    h: rh,
                    fill,
                    stroke,
                } => {
                    h.add(1);
                    for v in [x - bx, y - by, *w, *rh] {
                        h.f(v);
                    }
                    h.paint(*fill, *stroke);
                }
                Shape::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    color,
                    width,
                } => {
                    h.add(2);
                    for v in [x1 - bx, y1 - by, x2 - bx, y2 - by, *width] {
                        h.f(v);
                    }
                    h.rgba(Some(*color));
                }
                Shape::Text {
                    x,
                    y,
                    text,
                    size,
                    color,
                    align,
                    bold,
                } => {
                    h.add(3);
                    for v in [x - bx, y - by, *size] {
                        h.f(v);
                    }
                    h.rgba(Some(*color));
                    h.add(*align as u64 | (*bold as u64) << 8 | (text.len() as u64) << 16);
                    for chunk in text.as_bytes().chunks(8) {
                        let mut b = [0u8; 8];
                        b[..chunk.len()].copy_from_slice(chunk);
                        h.add(u64::from_le_bytes(b));
                    }
                }
                Shape::Cells {
                    x,
                    y,
                    cell,
                    fills,
                    strokes,
                } => {
                    h.add(4);
                    for v in [x - bx, y - by, *cell] {
                        h.f(v);
                    }
                    h.add(fills.len() as u64);
                    for (fill, stroke) in fills.iter().zip(strokes) {
                        h.paint(Some(*fill), *stroke);
                    }
                }
            }
        }
        h.finish()
    }
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

/// Where a padding cell's hatch lines cross its top and left edges, in cells from its
/// corner: [`Painter::padding`] and [`ring_hatch`] must agree on them.
const HATCH: [f64; 2] = [0.33, 0.66];

/// The hatching [`Painter::padding`] gives every cell of a slice of `grid` (columns, rows)
/// cells at `at` outside its input (`input`: first column, first row, columns, rows), as
/// long lines: each of its lines, x + y = (s + k)·cell from the slice's corner, crosses
/// cells with a piece in each, and the pieces in neighbouring padding cells join. One line
/// over each stretch of padding cells covers the same pixels with ~2P times fewer segments
/// (a 64 × 64 slice with P 8: at most 640 instead of 9,216).
fn ring_hatch(
    out: &mut Vec<Shape>,
    at: (f64, f64),
    cell: f64,
    grid: (usize, usize),
    input: (usize, usize, usize, usize),
    color: Rgba,
) {
    let (cols, rows) = (grid.0 as f64, grid.1 as f64);
    let (c0, r0) = (input.0 as f64, input.1 as f64);
    let (c1, r1) = (c0 + input.2 as f64, r0 + input.3 as f64);
    for s in 0..grid.0 + grid.1 {
        for k in HATCH {
            let t = s as f64 + k;
            // Columns along the line (y = t − x): in the grid, and inside the input.
            let (a, b) = ((t - rows).max(0.0), t.min(cols));
            let (ia, ib) = ((t - r1).max(c0), (t - r0).min(c1));
            let parts = if ia < ib {
                [(a, ia), (ib, b)]
            } else {
                [(a, b), (b, b)]
            };
            for (p, q) in parts {
                if p < q {
                    let (x, y) = (at.0, at.1);
                    out.push(line(
                        x + q * cell,
                        y + (t - q) * cell,
                        x + p * cell,
                        y + (t - p) * cell,
                        color,
                        1.0,
                    ));
                }
            }
        }
    }
}

/// Diverging fill for a signed value, scaled by the largest magnitude shown.
fn signed_fill(pal: &Palette, v: f32, max_abs: f32) -> Rgba {
    let t = if max_abs > 0.0 {
        (v / max_abs).abs() as f64
    } else {
        0.0
    };
    let hue = if v < 0.0 { pal.negative } else { pal.positive };
    // At most 55 % towards the hue, so the numbers stay legible on it.
    pal.input_lo.mix(hue, 0.55 * t)
}

/// Draws one cell with an optional centred number.
struct Painter {
    shapes: Vec<Shape>,
    cell: f64,
    font: f64,
    numbers: bool,
    pal: Palette,
    /// Shapes before this index are never extended (a panel starts here).
    fence: usize,
    /// While a slice without numbers lays down its cells: its padding is hatched after them,
    /// whole ([`ring_hatch`]; see [`Painter::padding`]).
    ring: bool,
}

impl Painter {
    /// A cell: without numbers, an opaque cell right of the last shape's row of cells joins
    /// that row ([`Shape::Cells`]).
    fn cell(&mut self, x: f64, y: f64, fill: Rgba, stroke: Option<(Rgba, f64)>) {
        if !self.numbers && fill.a >= 1.0 {
            let open = self.shapes.len() > self.fence;
            if let Some(Shape::Cells {
                x: x0,
                y: y0,
                cell,
                fills,
                strokes,
            }) = self.shapes.last_mut().filter(|_| open)
            {
                if *y0 == y && *cell == self.cell && *x0 + fills.len() as f64 * *cell == x {
                    fills.push(fill);
                    strokes.push(stroke);
                    return;
                }
            }
            // A grid's rows are alike: room for as many cells as the last row took (a 64 × 64
            // layer's slider step built ~25,000 cells, growing each row's lists seven times).
            let room = match self.shapes.last() {
                Some(Shape::Cells { fills, .. }) => fills.len(),
                _ => 1,
            };
            let (mut fills, mut strokes) = (Vec::with_capacity(room), Vec::with_capacity(room));
            fills.push(fill);
            strokes.push(stroke);
            self.shapes.push(Shape::Cells {
                x,
                y,
                cell: self.cell,
                fills,
                strokes,
            });
            return;
        }
        self.shapes
            .push(rect(x, y, self.cell, self.cell, Some(fill), stroke));
    }

    /// Where the next panel starts: no row of cells before it grows into it.
    fn start(&mut self) -> usize {
        self.fence = self.shapes.len();
        self.fence
    }

    fn number(&mut self, x: f64, y: f64, label: String, color: Rgba, bold: bool) {
        if label.is_empty() {
            return;
        }
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

    /// [`Painter::number`] for a value, formatted only when numbers are drawn at all (a
    /// 64 × 64 layer has ~46,000 cells too small for them).
    fn value(&mut self, x: f64, y: f64, v: f64, color: Rgba, bold: bool) {
        if self.numbers {
            self.number(x, y, num(v), color, bold);
        }
    }

    /// A zero-padding cell: grey, hatched and marked 0, unmistakably not input. With
    /// [`Painter::ring`] set, its hatching is left to [`ring_hatch`], after all the slice's
    /// cells: a padded row then stays one run of cells, drawn as one bitmap
    /// ([`Shape::Cells`]), where a cell at a time (a fill, an outline and four strokes each)
    /// made a change of P at 64 × 64 × 3 cost 70–160 ms.
    fn padding(&mut self, x: f64, y: f64, outline: Rgba, value: &str) {
        let cell = self.cell;
        self.cell(x, y, self.pal.padding, Some((outline, 1.0)));
        if self.ring {
            return; // no numbers either
        }
        for k in HATCH {
            self.shapes.push(line(
                x + cell * k,
                y,
                x,
                y + cell * k,
                self.pal.padding_hatch,
                1.0,
            ));
            self.shapes.push(line(
                x + cell,
                y + cell * k,
                x + cell * k,
                y + cell,
                self.pal.padding_hatch,
                1.0,
            ));
        }
        if self.numbers {
            self.number(x, y, value.into(), self.pal.padding_text, false);
        }
    }

    /// A zero inserted between input cells (transposed convolution): pale amber with an
    /// orange outline and a small 0, so it reads neither as input nor as padding.
    fn inserted(&mut self, x: f64, y: f64) {
        let cell = self.cell;
        self.cell(x, y, self.pal.inserted, Some((self.pal.inserted_edge, 1.0)));
        self.shapes.push(rect(
            x + cell * 0.2,
            y + cell * 0.2,
            cell * 0.6,
            cell * 0.6,
            None,
            Some((self.pal.inserted_edge.alpha(0.6), 1.0)),
        ));
        if self.numbers {
            self.number(x, y, "0".into(), self.pal.inserted_text, false);
        }
    }

    /// `op` before a filter's slice at `x` (left edge) and `mid` (its centre line), and "+"
    /// after it when the next channel's pair sits beside it in the same group: both only for
    /// a channel the filter has weights for (`weighted`). One for both views.
    fn operators(
        &mut self,
        op: &str,
        (x, mid): (f64, f64),
        c: &crate::app::state::Config,
        weighted: bool,
        beside: bool,
    ) {
        if !weighted {
            return;
        }
        let muted = self.pal.muted;
        let sign = |x, s: &str| text(x, mid, s.into(), 24.0, muted, Align::Center, true);
        self.shapes.push(sign(x - GAP / 2.0, op));
        if beside {
            let plus_x = x + c.fw() as f64 * self.cell + PAIR_GAP / 2.0;
            self.shapes.push(sign(plus_x, "+"));
        }
    }

    /// Where filter `k` (of group `g`) has no weights, beside a channel of another group: its
    /// label over a box of the filter's size in the padding's colour. One for both views, so
    /// they cannot drift apart (the scatter view once drew it in a light grey in every theme).
    fn outside_group(
        &mut self,
        (x, y): (f64, f64),
        c: &crate::app::state::Config,
        k: usize,
        g: usize,
    ) {
        let pal = self.pal;
        self.label(
            x,
            y,
            transpose_text::outside_group_label(k, g),
            pal.muted,
            false,
        );
        let (w, h) = (c.fw() as f64 * self.cell, c.f as f64 * self.cell);
        let edge = Some((pal.grid.alpha(0.6), 1.0));
        self.shapes.push(rect(x, y, w, h, Some(pal.padding), edge));
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
    pal: &Palette,
) -> Scene {
    build_view(layer, View::Direct, step, focus, avail_w, avail_h, pal)
}

/// [`build`] for a view: the scatter view of a transposed layer steps over input cells and
/// stamps the filter into the output (`step` counts scatter steps then); every other layer
/// has only the direct view.
pub fn build_view(
    layer: &Layer,
    view: View,
    step: usize,
    focus: Option<Focus>,
    avail_w: f64,
    avail_h: f64,
    pal: &Palette,
) -> Scene {
    build_kept(
        layer,
        view,
        step,
        focus,
        (avail_w, avail_h),
        2.0,
        pal,
        &mut |_, _, _| false,
    )
}

/// The question [`build_kept`] asks its painter: does it hold the bitmap of a panel with this
/// name ([`Panel::content`]) at these bounds ([`Panel::bounds`]), shown at this zoom
/// ([`Layout::zoom`], which multiplies the painter's pixel ratio)?
pub type Held<'a> = dyn FnMut((u64, u64), (f64, f64, f64, f64), f64) -> bool + 'a;

/// [`build_view`] for a painter that keeps panels' bitmaps: a panel whose
/// [`Panel::content`] `held(content, bounds, zoom)` says the painter holds is left without shapes
/// ([`Panel::kept`]); the other shapes are [`build_view`]'s. An input slice is most of a
/// frame's shapes, and a change of K, F or S leaves it as it was. `screens`: see
/// [`Layout::fitted`].
#[allow(clippy::too_many_arguments)] // the frame's inputs, each its own
pub fn build_kept(
    layer: &Layer,
    view: View,
    step: usize,
    focus: Option<Focus>,
    (avail_w, avail_h): (f64, f64),
    screens: f64,
    pal: &Palette,
    held: &mut Held,
) -> Scene {
    if layer.values.is_none() && layer.too_big.is_some() {
        return sketch(layer, avail_w, pal);
    }
    if view == View::Scatter && layer.transpose.is_some() && layer.values.is_some() {
        return scatter(layer, step, (avail_w, avail_h), screens, pal);
    }
    let mut lay = Layout::fitted(layer, View::Direct, (avail_w, avail_h), screens);
    // The titles and labels widen the picture within the room it has at its zoom, so the
    // zoomed picture still fits.
    let avail_w = if lay.zoom > 1.0 {
        (avail_w / lay.zoom).floor()
    } else {
        avail_w
    };
    let c = &layer.config;
    let cell = lay.cell;
    let mut pt = Painter {
        shapes: Vec::new(),
        cell,
        font: (cell * 0.42).clamp(9.0, 18.0),
        numbers: cell >= NUMBERS_FROM,
        pal: *pal,
        fence: 0,
        ring: false,
    };
    let grid = Some((pal.grid, 1.0));
    let current = layer.position(step);
    let active_k = current.map_or(0, |(k, _, _)| k);
    let pool = c.op == Op::MaxPool;
    // Shade inputs by the largest value present (0–3, 0–9 for pooling, below 1 for real
    // values).
    let input_top = layer
        .shown_input()
        .map_or(1.0, |v| v.data().iter().fold(0f32, |m, &x| m.max(x)))
        .max(1e-6) as f64;
    let pad_text = if pool { "−∞" } else { "0" };

    // Titles.
    let pad_word = if pool {
        tr!("scene.padding")
    } else {
        tr!("scene.zero_padding")
    };
    let pads = if lay.rows.lo == lay.rows.hi && lay.cols.lo == lay.rows.lo {
        format!("{pad_word} P = {}", lay.rows.lo)
    } else {
        tr!("scene.pads_sides", pad_word, lay.rows.lo, lay.rows.hi)
    };
    let groups = c.groups_in_force().max(1);
    let operation = if pool {
        pool_text(c)
    } else if groups > 1 {
        transpose_text::groups_operation(c, &stride_text(c))
    } else {
        tr!(
            "scene.filters",
            plural!(c.k, "unit.filter"),
            format!("{} × {} × {}", c.fw(), c.f, c.d),
            stride_text(c)
        )
    };
    // The channels the active filter reads (all of them unless grouped).
    let active_group = group_of(current.map_or(0, |(k, _, _)| k), c.maps(), c.d, groups);
    let in_group = |ch: usize| active_group.as_ref().is_none_or(|(_, r)| r.contains(&ch));
    let output = match lay.out {
        (0, _) => tr!("shape.none").to_string(),
        // The lecture's rule refuses the layer; the picture shows what floor would do.
        (h, w) if matches!(layer.exact, Err(ShapeError::DoesNotFit(_))) => {
            tr!("scene.output_floor", format!("{w} × {h} × {}", c.maps()))
        }
        (h, w) if c.relu && !pool => tr!("scene.relu_output", format!("{w} × {h} × {}", c.maps())),
        (h, w) => tr!("scene.output", format!("{w} × {h} × {}", c.maps())),
    };
    let dil = if c.dil > 1 {
        format!(", {}", tr!("scene.dilation", c.dil))
    } else {
        String::new()
    };
    // One title line for the whole operation, so narrow panels never make titles collide; on
    // a narrow screen it breaks before the operation and shrinks (down to 9 px) rather than
    // widen the picture.
    let input = match &layer.transpose {
        Some(t) => transpose_text::heading_input(c, t, false),
        None => format!(
            "{}, {pads}{dil}",
            tr!("scene.input", format!("{} × {} × {}", c.w(), c.n, c.d))
        ),
    };
    let rest = match &layer.transpose {
        Some(t) => transpose_text::heading_rest(c, t, false, &output),
        None => format!("{operation}   →   {output}"),
    };
    two_line_heading(&mut pt, &mut lay, input, rest, avail_w, pal);
    let out_x = lay.out_x;

    let values = layer.values.as_ref();
    let mut panels = Vec::new();
    // Each input slice with its padding, and beside it the active filter's slice.
    for (ch, (&(sx, sy), &(fx0, fy0))) in lay.slices.iter().zip(&lay.filters).enumerate() {
        let name = channel_label(ch, c.d);
        let slice_label = match layer.transpose {
            Some(_) => transpose_text::slice_label(&name),
            None => tr!("scene.input", name),
        };
        pt.label(sx, sy, slice_label, pal.muted, false);
        let start = pt.start();
        let mut slice = panel(
            start..start,
            sx,
            sy,
            lay.cols.cells() as f64 * cell,
            lay.rows.cells() as f64 * cell,
        );
        slice.content = slice_key(layer, &lay, ch, input_top, pal);
        // A transposed layer's slice is drawn in place (its zeros make it no panel).
        let named = layer.transpose.is_none();
        slice.kept = named && held(slice.content, slice.bounds, lay.zoom);
        if !slice.kept {
            // Without numbers (whose 0s go over the hatching), the ring is hatched whole.
            pt.ring = !pt.numbers;
            for py in 0..lay.rows.cells() {
                for px in 0..lay.cols.cells() {
                    let (x, y) = (sx + px as f64 * cell, sy + py as f64 * cell);
                    // A transposed layer's zero-stuffed input: input cells, the zeros inserted
                    // between them, and the border.
                    if let Some(t) = &layer.transpose {
                        match (t.rows.cell(py), t.cols.cell(px)) {
                            (DirectCell::Input(iy), DirectCell::Input(ix)) => {
                                let v = values.and_then(|v| v.input.get(ch, iy, ix)).unwrap_or(0.0);
                                pt.cell(
                                    x,
                                    y,
                                    pal.input_lo.mix(pal.input_hi, v as f64 / input_top),
                                    Some((pal.text, 1.5)),
                                );
                                pt.value(x, y, v as f64, pal.text, true);
                            }
                            (DirectCell::Border, _) | (_, DirectCell::Border) => {
                                pt.padding(x, y, pal.padding_hatch, pad_text)
                            }
                            _ => pt.inserted(x, y),
                        }
                        continue;
                    }
                    let in_rows = (lay.rows.lo..lay.rows.lo + c.n).contains(&py);
                    let in_cols = (lay.cols.lo..lay.cols.lo + c.w()).contains(&px);
                    let past = py >= lay.rows.lo + c.n + lay.rows.hi
                        || px >= lay.cols.lo + c.w() + lay.cols.hi;
                    if in_rows && in_cols {
                        let v = layer
                            .shown_input()
                            .and_then(|v| v.get(ch, py - lay.rows.lo, px - lay.cols.lo))
                            .unwrap_or(0.0);
                        pt.cell(
                            x,
                            y,
                            pal.input_lo.mix(pal.input_hi, v as f64 / input_top),
                            grid,
                        );
                        pt.value(x, y, v as f64, pal.text, false);
                    } else if past {
                        pt.padding(x, y, pal.overhang, pad_text);
                    } else {
                        pt.padding(x, y, pal.padding_hatch, pad_text);
                    }
                }
            }
            if pt.ring {
                // Outside the input (a transposed layer's: its stretched input and zeros).
                let input = match &layer.transpose {
                    Some(t) => (
                        t.cols.border_lo(),
                        t.rows.border_lo(),
                        t.cols.kept(),
                        t.rows.kept(),
                    ),
                    None => (lay.cols.lo, lay.rows.lo, c.w(), c.n),
                };
                let grid_size = (lay.cols.cells(), lay.rows.cells());
                ring_hatch(
                    &mut pt.shapes,
                    (sx, sy),
                    cell,
                    grid_size,
                    input,
                    pal.padding_hatch,
                );
                pt.ring = false;
            }
            // The input's own border, so N is visible inside the padding; for a transposed layer
            // the stretched input's (zeros between cells included).
            if let Some(t) = &layer.transpose {
                if !t.crops() {
                    pt.shapes.push(rect(
                        sx + t.cols.border_lo() as f64 * cell,
                        sy + t.rows.border_lo() as f64 * cell,
                        t.cols.stretched as f64 * cell,
                        t.rows.stretched as f64 * cell,
                        None,
                        Some((pal.text, 1.5)),
                    ));
                }
            } else if lay.rows.cells() > c.n || lay.cols.cells() > c.w() {
                pt.shapes.push(rect(
                    sx + lay.cols.lo as f64 * cell,
                    sy + lay.rows.lo as f64 * cell,
                    c.w() as f64 * cell,
                    c.n as f64 * cell,
                    None,
                    Some((pal.text, 1.5)),
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
                            Some(pal.unreached.alpha(0.28)),
                            None,
                        ));
                        pt.shapes.push(line(
                            x + 2.0,
                            y + cell - 2.0,
                            x + cell - 2.0,
                            y + 2.0,
                            pal.unreached,
                            2.0,
                        ));
                    }
                }
            }
        }
        slice.range = start..pt.start();
        if named {
            panels.push(slice);
        }

        if pool {
            // Pooling has no weights: beside the active slice, the window it takes the max of.
            if ch == active_k {
                let (fh, fw) = (c.f as f64 * cell, c.fw() as f64 * cell);
                pt.label(
                    fx0,
                    fy0,
                    format!("max {} × {}", c.fw(), c.f),
                    pal.muted,
                    false,
                );
                pt.shapes.push(rect(
                    fx0,
                    fy0,
                    fw,
                    fh,
                    Some(pal.active.alpha(0.08)),
                    Some((pal.active, 3.0)),
                ));
                pt.shapes.push(text(
                    fx0 + fw / 2.0,
                    fy0 + fh / 2.0,
                    "max".into(),
                    14.0,
                    pal.active_text,
                    Align::Center,
                    true,
                ));
            }
            continue;
        }
        // The active filter's slice for this channel, "∗" between them, "+" to the next pair.
        // Their middle; a filter under its slice, its own.
        let tall = if fy0 > sy { 0 } else { lay.rows.cells() }.max(c.f);
        let mid = fy0 + tall as f64 * cell / 2.0;
        // A grouped filter convolves and sums only its own group's channels.
        let beside = ch + 1 < c.d && lay.slices[ch + 1].1 == sy && in_group(ch + 1);
        pt.operators("∗", (fx0, mid), c, in_group(ch), beside);
        if !in_group(ch) {
            let g = active_group.as_ref().map_or(0, |(g, _)| *g);
            pt.outside_group((fx0, fy0), c, active_k, g);
            continue;
        }
        let first = active_group.as_ref().map_or(0, |(_, r)| r.start);
        let label = match layer.transpose {
            Some(_) => transpose_text::rotated_label(active_k, &name),
            None => format!("w{active_k} · {name}"),
        };
        // A small filter's label is wider than the filter: the picture makes room for it.
        lay.width = lay
            .width
            .max((fx0 + text_width(&label, 12.0) + 2.0).min(avail_w));
        pt.label(fx0, fy0, label, pal.muted, false);
        let start = pt.start();
        // A transposed layer slides its filters rotated by 180°.
        let bank = layer.shown_filters();
        // Named by the weights drawn, their scale, the size and the palette.
        let mut drawn = Vec::new();
        let mut wmax = -1f32;
        if let Some(bank) = bank {
            wmax = bank.weights().iter().fold(0f32, |m, w| m.max(w.abs()));
            for fy in 0..c.f {
                for fx in 0..c.fw() {
                    let w = bank.weight(active_k, ch - first, fy, fx).unwrap_or(0.0);
                    let (x, y) = (fx0 + fx as f64 * cell, fy0 + fy as f64 * cell);
                    pt.cell(x, y, signed_fill(pal, w, wmax), grid);
                    pt.value(x, y, w as f64, pal.text, false);
                    drawn.push(w);
                }
            }
        }
        pt.shapes.push(rect(
            fx0,
            fy0,
            c.fw() as f64 * cell,
            c.f as f64 * cell,
            None,
            Some((pal.active, 3.0)),
        ));
        let mut filter = panel(
            start..pt.start(),
            fx0,
            fy0,
            c.fw() as f64 * cell,
            c.f as f64 * cell,
        );
        filter.content = panel_name(
            &[
                2,
                cell.to_bits(),
                c.f as u64,
                c.fw() as u64,
                wmax.to_bits() as u64,
                pal.id as u64,
            ],
            &drawn,
        );
        panels.push(filter);
    }
    // The bias under the last filter slice, and "=" before the output.
    let last = *lay.filters.last().unwrap_or(&(1.0, TITLE_H + LABEL_H));
    let bias = layer
        .shown_filters()
        .and_then(|b| b.bias(active_k))
        .unwrap_or(0.0);
    // Where the bias's label went: "=" keeps clear of it.
    let mut bias_box = None;
    // No bias to write for filters that cannot be made (groups that do not divide).
    if !pool && layer.shown_filters().is_some() {
        let label = if c.bias {
            format!("{} = {}", tr!("scene.bias", active_k), num(bias as f64))
        } else {
            tr!("scene.no_bias").into()
        };
        // Under the filter: the picture widens for it while there is room, else it moves left.
        let mut y = last.1 + c.f as f64 * cell + 12.0;
        // Wider than its filter and the gap, it would run under the maps beside them (small
        // cells): the value goes on a line of its own; if even that is too wide, the label
        // goes to the strip under everything, which no map reaches.
        // A filter under its slice has the foot to its left free: the label ends at its right.
        let under = lay.slices.last().is_some_and(|s| last.1 > s.1);
        let fits = |t: &str| lay.stacked || under || last.0 + text_width(t, 13.0) <= out_x - 4.0;
        let lines = match label.split_once(" = ") {
            _ if fits(&label) => vec![label],
            Some((name, value)) if fits(name) => vec![name.to_string(), format!("= {value}")],
            _ => {
                y = lay.height - FOOT_H + 12.0;
                vec![label]
            }
        };
        let top = y;
        for line in lines {
            let label_w = text_width(&line, 13.0);
            lay.width = lay.width.max((last.0 + label_w + 2.0).min(avail_w));
            let x = match under {
                true => last.0 + c.fw() as f64 * cell - label_w,
                false => last.0.min(lay.width - label_w),
            }
            .max(1.0);
            let right = bias_box.map_or(0.0, |b: (f64, f64, f64)| b.0);
            bias_box = Some((right.max(x + label_w), top, y));
            pt.shapes
                .push(text(x, y, line, 13.0, pal.muted, Align::Left, !c.bias));
            y += 15.0;
        }
    }
    // "=" between the input and the maps: in the gap to their left, or above them when they
    // sit below.
    let (eq_x, mut eq_y) = match lay.maps.first() {
        Some(&(_, my)) if lay.stacked => (1.0 + GAP / 2.0, my - LABEL_H - GAP / 2.0),
        _ => (
            out_x - GAP / 2.0,
            lay.slices[0].1 + (lay.rows.cells().max(c.f) as f64 * cell) / 2.0,
        ),
    };
    // A bias label wider than its filter reaches into the gap: "=" moves up beside the
    // filter rather than sit on it (small cells, where the input's middle is the label's
    // height).
    if let Some((right, top, bottom)) = bias_box {
        if right > eq_x - 10.0 && eq_y > top - 22.0 && eq_y < bottom + 22.0 {
            eq_y = (last.1 + c.f as f64 * cell / 2.0).min(top - 26.0);
        }
    }
    pt.shapes.push(text(
        eq_x,
        eq_y,
        if pool { "→" } else { "=" }.into(),
        26.0,
        pal.muted,
        Align::Center,
        true,
    ));

    // The output maps: computed cells filled, the current one in the active colour, later
    // ones empty. Positions run filter by filter, so earlier maps are complete.
    let (oh, ow) = lay.out;
    let per_map = oh * ow;
    let mut settled = 0;
    if let Some(v) = values {
        let omax = v.output.data().iter().fold(0f32, |m, x| m.max(x.abs()));
        for (k, &(mx, my)) in lay.maps.iter().enumerate() {
            let is_active = k == active_k;
            pt.label(
                mx,
                my,
                if pool {
                    tr!("scene.pooled", channel_label(k, c.d))
                } else {
                    tr!("scene.map", k)
                },
                if is_active {
                    pal.active_text
                } else {
                    pal.muted
                },
                is_active,
            );
            let done = (step as i64 - (k * per_map) as i64).clamp(-1, per_map as i64);
            let changing = is_active && done > 0 && done < per_map as i64;
            let (w, h) = (ow as f64 * cell, oh as f64 * cell);
            // A large map being filled is two pictures that do not change with the step: the
            // empty one (the later maps' picture), then the part filled so far copied from
            // the complete one (the one it shows once the animation has moved on); the
            // current cell and the outline are drawn over them. Two bitmaps kept, where a
            // bitmap of each step drew ~4,000 cells (1.1–1.4 ms of a slider change while
            // playing at 64 × 64, and of every step the worker paints).
            let two = changing && lay.width * lay.height > IN_PLACE_UP_TO;
            // Each panel: active, how far filled (its name), the cell drawn current.
            let pictures: &[(bool, i64, i64)] = if two {
                &[(false, -1, -1), (false, per_map as i64, i64::MAX)]
            } else {
                &[(is_active, done, step as i64)]
            };
            if is_active && (0..per_map as i64).contains(&done) {
                settled = pt.start();
            }
            for &(active, filled, at) in pictures {
                let start = pt.start();
                let mut map = panel(start..start, mx, my, w, h);
                // Named by what it draws: its size, whether it is active, how far the steps
                // have filled it (all empty maps share a name), the palette, and its values.
                map.content = panel_name(
                    &[
                        cell.to_bits(),
                        oh as u64,
                        ow as u64,
                        active as u64,
                        filled as u64,
                        omax.to_bits() as u64,
                        pal.id as u64,
                    ],
                    v.output.slice(k).filter(|_| filled >= 0).unwrap_or(&[]),
                );
                map.changing = changing && !two;
                map.kept = held(map.content, map.bounds, lay.zoom);
                if !map.kept {
                    for r in 0..oh {
                        for col in 0..ow {
                            let i = (k * per_map + r * ow + col) as i64;
                            let (x, y) = (mx + col as f64 * cell, my + r as f64 * cell);
                            let val = v.output.get(k, r, col).unwrap_or(0.0);
                            if i < at {
                                pt.cell(x, y, signed_fill(pal, val, omax), grid);
                                pt.value(x, y, val as f64, pal.text, false);
                            } else if i == at {
                                pt.cell(x, y, pal.input_lo, grid);
                                pt.value(x, y, val as f64, pal.text, true);
                            } else {
                                pt.cell(x, y, pal.input_lo, Some((pal.grid.alpha(0.6), 1.0)));
                            }
                        }
                    }
                }
                let outline = || rect(mx, my, w, h, None, Some((pal.active, 1.5)));
                if active && !map.kept {
                    pt.shapes.push(outline());
                }
                map.range = start..pt.start();
                if two && filled >= 0 {
                    map.parts = filled_parts(map.bounds, (mx, my), cell, ow, done as usize);
                    // Over both pictures: the current cell, then the outline.
                    let (r, col) = (done as usize / ow, done as usize % ow);
                    let (x, y) = (mx + col as f64 * cell, my + r as f64 * cell);
                    pt.cell(x, y, pal.input_lo, grid);
                    pt.value(
                        x,
                        y,
                        f64::from(v.output.get(k, r, col).unwrap_or(0.0)),
                        pal.text,
                        true,
                    );
                    pt.shapes.push(outline());
                    pt.start();
                }
                panels.push(map);
            }
        }
    }

    // The window on every input slice at once (a conv) or on its own slice (pooling), and
    // the cell it writes, in the active colour.
    if let (Some((k, r, col)), Some(g)) = (current, layer.shown) {
        let (wh, ww) = (g.rows.span as f64 * cell, g.cols.span as f64 * cell);
        for (ch, &(sx, sy)) in lay.slices.iter().enumerate() {
            if (pool && ch != k) || (!pool && !in_group(ch)) {
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
                Some(pal.active.alpha(0.16)),
                Some((pal.active, 3.0)),
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
                            Some(pal.active.alpha(0.3)),
                            Some((pal.active_text, 2.0)),
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
                Some(pal.active.alpha(0.16)),
                Some((pal.active, 3.0)),
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
                    Some(pal.active.alpha(0.45)),
                    Some((pal.active_text, 3.0)),
                ));
                pt.number(
                    sx + px * cell,
                    sy + py * cell,
                    num(t.max as f64),
                    pal.text,
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
                Some(pal.focus.alpha(0.45)),
                Some((pal.text, 2.0)),
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
        panels,
        settled,
    }
}

/// The scatter view of a transposed layer at scatter step `step`: the input as it is, the
/// current input cell outlined on its group's slices, the filter beside it (not rotated),
/// and the maps at their untrimmed size — the map being stamped holds its bias plus every
/// stamp so far, the current stamp outlined, the cells the padding trims hatched.
fn scatter(
    layer: &Layer,
    step: usize,
    (avail_w, avail_h): (f64, f64),
    screens: f64,
    pal: &Palette,
) -> Scene {
    let mut lay = Layout::fitted(layer, View::Scatter, (avail_w, avail_h), screens);
    let c = &layer.config;
    let cell = lay.cell;
    let mut pt = Painter {
        shapes: Vec::new(),
        cell,
        font: (cell * 0.42).clamp(9.0, 18.0),
        numbers: cell >= NUMBERS_FROM,
        pal: *pal,
        fence: 0,
        ring: false,
    };
    let grid = Some((pal.grid, 1.0));
    // The scatter view draws its panels in place (no [`Panel`]s): it is shown only for
    // transposed layers small enough to step through.
    let panels = Vec::new();
    let (Some(t), Some(v)) = (layer.transpose, layer.values.as_ref()) else {
        return Scene {
            layout: lay,
            shapes: pt.shapes,
            panels: Vec::new(),
            settled: 0,
        };
    };
    let (k, iy, ix) = layer.scatter_position(step).unwrap_or((0, 0, 0));
    let groups = c.groups_in_force().max(1);
    let group = group_of(k, c.k, c.d, groups);
    let first = group.as_ref().map_or(0, |(_, r)| r.start);
    let in_group = |ch: usize| group.as_ref().is_none_or(|(_, r)| r.contains(&ch));
    let input_top = v.input.data().iter().fold(0f32, |m, &x| m.max(x)).max(1e-6) as f64;
    let (fh, fw) = lay.out;
    let output = format!("output {} × {} × {}", t.out_w(), t.out_h(), c.k);
    let heading = transpose_text::heading(c, &t, true, &output);
    lay.width = lay.width.max(heading.chars().count() as f64 * 7.2 + 4.0);
    pt.shapes.push(text(
        1.0,
        TITLE_H / 2.0,
        heading,
        13.0,
        pal.muted,
        Align::Left,
        true,
    ));
    for (ch, (&(sx, sy), &(fx0, fy0))) in lay.slices.iter().zip(&lay.filters).enumerate() {
        let name = channel_label(ch, c.d);
        pt.label(sx, sy, format!("input {name}"), pal.muted, false);
        for py in 0..c.n {
            for px in 0..c.w() {
                let (x, y) = (sx + px as f64 * cell, sy + py as f64 * cell);
                let val = v.input.get(ch, py, px).unwrap_or(0.0);
                pt.cell(
                    x,
                    y,
                    pal.input_lo.mix(pal.input_hi, val as f64 / input_top),
                    grid,
                );
                pt.value(x, y, val as f64, pal.text, false);
            }
        }
        if in_group(ch) {
            pt.shapes.push(rect(
                sx + ix as f64 * cell,
                sy + iy as f64 * cell,
                cell,
                cell,
                Some(pal.active.alpha(0.16)),
                Some((pal.active, 3.0)),
            ));
        }
        let tall = if fy0 > sy { 0 } else { c.n }.max(c.f);
        let mid = fy0 + tall as f64 * cell / 2.0;
        let beside = ch + 1 < c.d && lay.slices[ch + 1].1 == sy && in_group(ch + 1);
        pt.operators("×", (fx0, mid), c, in_group(ch), beside);
        if !in_group(ch) {
            let g = group.as_ref().map_or(0, |(g, _)| *g);
            pt.outside_group((fx0, fy0), c, k, g);
            continue;
        }
        pt.label(
            fx0,
            fy0,
            transpose_text::scatter_filter_label(k, &name),
            pal.muted,
            false,
        );
        if let Some(bank) = v.filters.as_ref() {
            let wmax = bank.weights().iter().fold(0f32, |m, w| m.max(w.abs()));
            for fy in 0..c.f {
                for fx in 0..c.fw() {
                    let w = bank.weight(k, ch - first, fy, fx).unwrap_or(0.0);
                    let (x, y) = (fx0 + fx as f64 * cell, fy0 + fy as f64 * cell);
                    pt.cell(x, y, signed_fill(pal, w, wmax), grid);
                    pt.value(x, y, w as f64, pal.text, false);
                }
            }
        }
        pt.shapes.push(rect(
            fx0,
            fy0,
            c.fw() as f64 * cell,
            c.f as f64 * cell,
            None,
            Some((pal.active, 3.0)),
        ));
    }
    let last = *lay.filters.last().unwrap_or(&(1.0, TITLE_H + LABEL_H));
    let bias = v.filters.as_ref().and_then(|b| b.bias(k)).unwrap_or(0.0);
    pt.shapes.push(text(
        last.0,
        last.1 + c.f as f64 * cell + 12.0,
        transpose_text::scatter_bias(k, c.bias.then(|| num(bias as f64))),
        13.0,
        pal.muted,
        Align::Left,
        false,
    ));
    let mid = lay.slices[0].1 + (c.n.max(c.f) as f64 * cell) / 2.0;
    pt.shapes.push(text(
        lay.out_x - GAP / 2.0,
        mid,
        "→".into(),
        26.0,
        pal.muted,
        Align::Center,
        true,
    ));

    // Which untrimmed output cells the stamps so far have written, and the current stamp.
    let partial = layer.scatter_partial(step);
    let mut touched = vec![false; fh * fw];
    let mut now = vec![false; fh * fw];
    let last_i = iy * c.w() + ix;
    for i in 0..=last_i {
        let (ry, rx) = (i / c.w(), i % c.w());
        for fy in 0..c.f {
            for fx in 0..c.fw() {
                let oy = ry * t.rows.stride + fy * t.rows.dilation;
                let ox = rx * t.cols.stride + fx * t.cols.dilation;
                if oy < fh && ox < fw {
                    touched[oy * fw + ox] = true;
                    now[oy * fw + ox] |= i == last_i;
                }
            }
        }
    }
    let (top, left) = (t.rows.pad_lo, t.cols.pad_lo);
    let inner = |r: usize, col: usize| {
        (top..top + t.out_h()).contains(&r) && (left..left + t.out_w()).contains(&col)
    };
    let omax = v.output.data().iter().fold(0f32, |m, x| m.max(x.abs()));
    for (m, &(mx, my)) in lay.maps.iter().enumerate() {
        let active = m == k;
        pt.label(
            mx,
            my,
            format!("map {m}"),
            if active { pal.active_text } else { pal.muted },
            active,
        );
        for r in 0..fh {
            for col in 0..fw {
                let (x, y) = (mx + col as f64 * cell, my + r as f64 * cell);
                let i = r * fw + col;
                let value = if m < k && inner(r, col) {
                    v.output.get(m, r - top, col - left)
                } else if active && touched[i] {
                    partial.as_ref().and_then(|p| p.get(0, r, col))
                } else {
                    None
                };
                if !inner(r, col) {
                    // Trimmed by the padding: hatched, its partial sum in grey.
                    pt.padding(x, y, pal.padding_hatch, "");
                    if let Some(val) = value {
                        pt.value(x, y, val as f64, pal.padding_text, false);
                    }
                } else if let Some(val) = value {
                    pt.cell(x, y, signed_fill(pal, val, omax), grid);
                    pt.value(x, y, val as f64, pal.text, active && now[i]);
                } else {
                    // Still to come, as the direct view draws its cells still to come.
                    pt.cell(x, y, pal.input_lo, Some((pal.grid.alpha(0.6), 1.0)));
                }
                if active && now[i] {
                    // Outline only: the cell's own fill still shows its sign.
                    pt.shapes
                        .push(rect(x, y, cell, cell, None, Some((pal.active, 2.0))));
                }
            }
        }
        // The output proper, inside what the padding trims.
        pt.shapes.push(rect(
            mx + left as f64 * cell,
            my + top as f64 * cell,
            t.out_w() as f64 * cell,
            t.out_h() as f64 * cell,
            None,
            Some((if active { pal.active } else { pal.text }, 1.5)),
        ));
    }
    // Its heading may have widened it: the zoom is the one that fits it still (this view
    // asks no painter about bitmaps, whose pixel ratio the zoom would be part of).
    if lay.zoom > 1.0 {
        lay.zoom = zoom(&lay, (avail_w, avail_h));
    }
    Scene {
        layout: lay,
        shapes: pt.shapes,
        panels,
        settled: 0,
    }
}

/// "2", or "2 down, 3 across" when the strides differ.
fn stride_text(c: &crate::app::state::Config) -> String {
    if c.s == c.sw() {
        c.s.to_string()
    } else {
        tr!("scene.stride_axes", c.s, c.sw())
    }
}

/// "max pool 2 × 2, stride 2".
fn pool_text(c: &crate::app::state::Config) -> String {
    tr!(
        "scene.pool",
        format!("{} × {}", c.fw(), c.f),
        stride_text(c)
    )
}

/// The picture's heading: one line when it fits at 11 px or more (up to 13 px), else the
/// input part and the operation on two lines, shrunk down to 9 px, rather than widen the
/// picture on a narrow screen.
fn two_line_heading(
    pt: &mut Painter,
    lay: &mut Layout,
    input: String,
    rest: String,
    avail_w: f64,
    pal: &Palette,
) {
    let heading = format!("{input}   {rest}");
    let room = avail_w.max(lay.width) - 4.0;
    if text_width(&heading, 11.0) <= room {
        let size = (13.0 * room / text_width(&heading, 13.0)).min(13.0);
        lay.width = lay.width.max(text_width(&heading, size) + 4.0);
        pt.shapes.push(text(
            1.0,
            TITLE_H / 2.0,
            heading,
            size,
            pal.muted,
            Align::Left,
            true,
        ));
    } else {
        let widest = text_width(&input, 11.0).max(text_width(&rest, 11.0));
        let size = (11.0 * room / widest).clamp(9.0, 11.0);
        lay.width = lay.width.max(widest * size / 11.0 + 4.0);
        for (line, y) in [(input, TITLE_H * 0.25), (rest, TITLE_H * 0.72)] {
            pt.shapes
                .push(text(1.0, y, line, size, pal.muted, Align::Left, true));
        }
    }
}

/// A generous width for bold canvas text of `size` px, which cannot be measured here:
/// about 0.55 em per Latin character, a full em for Hangul and other wide scripts.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|ch| if (ch as u32) >= 0x1100 { 1.0 } else { 0.554 })
        .sum::<f64>()
        * size
}

/// A layer too large to draw cell by cell: three labelled blocks (input, filters, output)
/// sized by their sides, and the sentence saying why.
fn sketch(layer: &Layer, avail: f64, pal: &Palette) -> Scene {
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
                    Some((pal.text, 1.0)),
                ));
            }
            shapes.push(text(
                x,
                TITLE_H / 2.0,
                label,
                13.0,
                pal.muted,
                Align::Left,
                true,
            ));
            s + (layers - 1) as f64 * 6.0
        };
    let w = block(
        x,
        side(c.n),
        c.d,
        pal.input_hi,
        tr!("scene.input", format!("{} × {} × {}", c.w(), c.n, c.d)),
        &mut shapes,
    );
    // Small blocks (a small layer sketched for another reason) still leave room for labels.
    x += w.max(150.0) + GAP;
    let w = block(
        x,
        side(c.f),
        c.k,
        pal.positive.alpha(0.35),
        if c.op == Op::MaxPool {
            pool_text(c)
        } else {
            tr!(
                "scene.sketch_filters",
                c.k,
                format!("{} × {} × {}", c.fw(), c.f, c.d)
            )
        },
        &mut shapes,
    );
    x += w.max(190.0) + GAP;
    let w = match out {
        Some((h, ow)) => block(
            x,
            side(h),
            c.maps(),
            pal.active.alpha(0.2),
            tr!("scene.output", format!("{ow} × {h} × {}", c.maps())),
            &mut shapes,
        ),
        None => 0.0,
    };
    let height = top + side(c.n).max(out.map_or(0.0, |o| side(o.0))) + 40.0;
    // Wide enough for the sentence (canvas text cannot be measured here; ~6.6 px a character).
    let sentence = layer.too_big.as_ref().map_or(0, |w| w.chars().count() + 43) as f64 * 6.6;
    if let Some(why) = &layer.too_big {
        shapes.push(text(
            1.0,
            height - 14.0,
            tr!("scene.sketch_note", why),
            13.0,
            pal.muted,
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
        (c.f, c.fw(), 0.0),
        1,
        1,
        out.unwrap_or((0, 0)),
        (avail, f64::INFINITY),
        (false, false),
    );
    layout.width = (x + w + 1.0).max(avail.min(900.0)).max(sentence);
    layout.height = height;
    layout.maps.clear();
    layout.slices.clear();
    layout.filters.clear();
    Scene {
        layout,
        shapes,
        panels: Vec::new(),
        settled: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Config;
    use crate::cnn::Rounding;

    #[test]
    fn colours_are_css_strings_hex_when_opaque() {
        assert_eq!(Rgba::hex(0x00704f).css(), "#00704f");
        assert_eq!(Rgba::hex(0xffffff).css(), "#ffffff");
        assert_eq!(Rgba::hex(0x0a0b0c).css(), "#0a0b0c");
        assert_eq!(Rgba::hex(0x00704f).alpha(0.5).css(), "rgba(0,112,79,0.5)");
    }

    #[test]
    fn a_backing_store_is_kept_for_a_frame_that_nearly_fills_it() {
        // N = 64, K = 8 and 9 at 1280 px: 1157 and 1182 CSS px wide, 956 high. Wider than
        // the store: a new one, an eighth wider than the frame (1182 + 147).
        assert_eq!(
            backing_size((1157, 956), (1182, 956), (1157, 956)),
            (1329, 956)
        );
        assert_eq!(
            backing_size((1329, 956), (1157, 956), (1329, 956)),
            (1329, 956)
        );
        assert_eq!(
            backing_size((1182, 956), (1157, 956), (1182, 956)),
            (1182, 956)
        );
        assert_eq!(
            backing_size((1182, 956), (1182, 956), (1182, 956)),
            (1182, 956)
        );
        // Taller or wider than the store: a new one, as large as both each way, with room
        // the way it grew.
        assert_eq!(
            backing_size((1182, 956), (1182, 957), (1182, 956)),
            (1182, 1076)
        );
        assert_eq!(
            backing_size((1182, 956), (1183, 900), (1182, 956)),
            (1330, 956)
        );
        // P 0 → 6 at N = 64 (K 8, F 5, 1280 px), a step at a time: a new store at the first
        // step and the last, not at every one.
        let (mut store, mut last) = ((1109, 908), (1109, 908));
        let mut made = vec![];
        for need in [
            (1133, 932),
            (1157, 956),
            (1181, 980),
            (1205, 1004),
            (1210, 1028),
            (1210, 1052),
        ] {
            let next = backing_size(store, need, last);
            last = need;
            assert!(next.0 >= need.0 && next.1 >= need.1);
            if next != store {
                made.push(next);
            }
            store = next;
        }
        assert_eq!(made, [(1274, 1048), (1274, 1183)]);
        // K 9 ↔ 10 at N = 64 (1182 × 956, 1157 × 1244): the store grows once to hold both,
        // its room no more than keeps 956 at 3/4 of it.
        assert_eq!(
            backing_size((1182, 956), (1157, 1244), (1182, 956)),
            (1182, 1274)
        );
        assert_eq!(
            backing_size((1182, 1274), (1182, 956), (1182, 1274)),
            (1182, 1274)
        );
        assert_eq!(
            backing_size((1182, 1274), (1157, 1244), (1182, 1274)),
            (1182, 1274)
        );
        // The same from a store that had room to spare already (made for K = 8, 1157 × 956):
        // the room is what keeps the last frame, K = 9's, not the old store, at 3/4.
        assert_eq!(
            backing_size((1301, 1075), (1157, 1244), (1182, 956)),
            (1301, 1274)
        );
        assert_eq!(
            backing_size((1301, 1274), (1182, 956), (1157, 1244)),
            (1301, 1274)
        );
        // Unless the frame would fill less than 3/4 of that: the frame's size, with room the
        // way it grew.
        assert_eq!(
            backing_size((1182, 500), (800, 1244), (1182, 500)),
            (800, 1399)
        );
        assert_eq!(
            backing_size((400, 956), (1182, 900), (400, 956)),
            (1329, 956)
        );
        assert_eq!(
            backing_size((400, 500), (1182, 900), (400, 500)),
            (1329, 1012)
        );
        // N = 64, D = 8: 1008 × 988 at K = 8, 1210 × 996 at K = 9.
        assert_eq!(
            backing_size((1210, 996), (1008, 988), (1210, 996)),
            (1210, 996)
        );
        // Much smaller (3/4 is the limit, each way): no large transparent store kept.
        assert_eq!(backing_size((800, 800), (600, 800), (800, 800)), (800, 800));
        assert_eq!(backing_size((800, 800), (599, 800), (800, 800)), (599, 800));
        assert_eq!(backing_size((800, 800), (800, 599), (800, 800)), (800, 599));
        assert_eq!(
            backing_size((1182, 956), (300, 200), (1182, 956)),
            (300, 200)
        );
        // A canvas not sized yet: exactly the frame.
        assert_eq!(backing_size((0, 0), (1157, 956), (0, 0)), (1157, 956));
        assert_eq!(backing_size((0, 0), (0, 0), (0, 0)), (0, 0));
        // The activation maps' rule: down to half the store each way.
        assert_eq!(kept_store((574, 365), (570, 237), 4), (574, 365));
        assert_eq!(kept_store((570, 237), (574, 365), 4), (574, 365));
        assert_eq!(kept_store((574, 365), (574, 182), 4), (574, 182));
        assert_eq!(kept_store((574, 365), (287, 365), 4), (574, 365));
        assert_eq!(kept_store((574, 365), (286, 365), 4), (286, 365));
    }

    #[test]
    fn a_line_of_edges_is_runs_of_equal_counts() {
        let runs = |counts: &[u8]| {
            let mut out = vec![(9, 9, 9)];
            edge_runs(counts.len(), |k| counts[k], &mut out);
            out
        };
        assert_eq!(runs(&[]), vec![]);
        assert_eq!(runs(&[0, 0]), vec![]);
        assert_eq!(runs(&[1]), vec![(0, 1, 1)]);
        assert_eq!(runs(&[2, 2, 2, 1]), vec![(0, 3, 2), (3, 4, 1)]);
        assert_eq!(
            runs(&[1, 0, 0, 2, 2, 0, 1, 1]),
            vec![(0, 1, 1), (3, 5, 2), (6, 8, 1)]
        );
    }

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
            .flat()
            .iter()
            .filter_map(|sh| match sh {
                Shape::Rect {
                    x,
                    y,
                    w,
                    h,
                    stroke: Some((c, lw)),
                    ..
                } if *c == Palette::LIGHT.active && *lw == 3.0 => Some((*x, *y, *w, *h)),
                _ => None,
            })
            .collect()
    }

    fn fills(scene: &Scene, fill: Rgba) -> usize {
        scene
            .flat()
            .iter()
            .filter(|sh| matches!(sh, Shape::Rect { fill: Some(f), .. } if *f == fill))
            .count()
    }

    #[test]
    fn a_small_picture_draws_its_part_filled_current_map_in_place() {
        // The CS231n demo: 3 × 3 positions per map, K = 2; maps are the last two panels.
        let l = layer(5, 3, 2, 3, 2, 1);
        let pal = Palette::LIGHT;
        let at = |step, dpr| {
            let sc = build(&l, step, None, 1044.0, 640.0, &pal);
            let n = sc.panels.len();
            let lay = &sc.layout;
            (
                in_place(&sc.panels[n - 2], lay, dpr),
                in_place(&sc.panels[n - 1], lay, dpr),
            )
        };
        // At a map's first position nothing of it is written: it stays a bitmap, which a
        // paused layer's slider change may find again.
        assert_eq!(at(0, 1.0), (false, false));
        assert_eq!(at(4, 1.0), (true, false));
        assert_eq!(at(9, 1.0), (false, false));
        assert_eq!(at(13, 1.0), (false, true));
        // At twice the pixel density the picture is 2.7 Mpx: bitmaps, as for a 64 × 64 layer.
        assert_eq!(at(4, 2.0), (false, false));
        // A 64 × 64 layer's map being filled is no panel that changes (see the next test).
        let big = layer(64, 3, 8, 5, 1, 2);
        let sc = build(&big, 100, None, 1160.0, f64::INFINITY, &pal);
        assert!(!sc
            .panels
            .iter()
            .any(|p| p.changing || in_place(p, &sc.layout, 1.0)));
    }

    #[test]
    fn the_pooling_windows_label_ends_before_the_next_slices_label() {
        // Labels are 12 px: ~0.55 em a character in the page's sans-serif, 0.6 to be safe.
        let width = |t: &str| t.chars().count() as f64 * 12.0 * 0.6;
        for (n, f) in [(64, 2), (64, 3), (64, 11), (32, 2), (16, 3), (7, 3)] {
            let l = Layer::new(Config {
                op: Op::MaxPool,
                n,
                d: 3,
                f,
                s: 1,
                ..Config::default()
            })
            .unwrap();
            let sc = build(&l, 0, None, 1240.0, 640.0, &Palette::LIGHT);
            let labels: Vec<(f64, f64, &str)> = sc
                .shapes
                .iter()
                .filter_map(|s| match s {
                    Shape::Text {
                        x, y, text, size, ..
                    } if *size == 12.0 => Some((*x, *y, text.as_str())),
                    _ => None,
                })
                .collect();
            let &(x, y, text) = labels
                .iter()
                .find(|l| l.2.starts_with("max "))
                .expect("the window's label");
            for &(ox, oy, other) in &labels {
                if oy == y && ox > x {
                    assert!(
                        x + width(text) + 4.0 <= ox,
                        "N {n}, F {f}: {text:?} at {x} runs into {other:?} at {ox}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_large_map_being_filled_is_its_empty_picture_with_part_of_its_complete_one() {
        let l = layer(64, 3, 8, 5, 1, 2);
        let pal = Palette::LIGHT;
        let at = |step| build(&l, step, None, 1240.0, 640.0, &pal);
        // Three slices and three filter slices, then the maps.
        let (done, filling, moved_on) = (at(100), at(101), at(64 * 64 + 5));
        assert_eq!(done.panels.len(), 6 + 8 + 1);
        let (empty, full) = (&done.panels[6], &done.panels[7]);
        assert_eq!(empty.bounds, full.bounds);
        // The empty picture is the later maps' (one bitmap for all), the complete one what
        // map 0 shows once the animation has moved on to map 1.
        assert_eq!(empty.content, done.panels[8].content);
        assert!(empty.parts.is_empty());
        assert_eq!(full.content, moved_on.panels[6].content);
        assert_eq!(
            done.shapes_key(7),
            moved_on.shapes_key(6),
            "one key, one picture"
        );
        // 100 cells of 64 a row, at 4 px: the first row whole, and 36 cells of the second.
        let (mx, my) = done.layout.maps[0];
        let (bx, by, bw, _) = full.bounds;
        assert_eq!(done.layout.cell, 4.0);
        assert_eq!(
            full.parts,
            [
                (bx, by, bx + bw, my + 4.0),
                (bx, my + 4.0, mx + 36.0 * 4.0, my + 8.0)
            ]
        );
        // The current cell and the map's outline follow, drawn where they stand.
        let after = &done.shapes[full.range.end..];
        assert!(after.iter().any(|s| matches!(s,
            Shape::Cells { x, y, fills, .. }
                if *x == mx + 36.0 * 4.0 && *y == my + 4.0 && fills.len() == 1)));
        assert!(after.iter().any(|s| matches!(s,
            Shape::Rect { x, y, w, stroke: Some((c, _)), fill: None, .. }
                if *x == mx && *y == my && *w == 256.0 && *c == pal.active)));
        // A step changes the parts, not the pictures, and leaves everything before them.
        assert_eq!(
            (filling.panels[6].content, filling.panels[7].content),
            (empty.content, full.content)
        );
        assert_eq!(
            filling.panels[7].parts[1],
            (bx, my + 4.0, mx + 37.0 * 4.0, my + 8.0)
        );
        assert_eq!(done.settled, empty.range.start);
        assert!(reusable_prefix(&done, &filling) >= done.settled);
        // A painter holding both pictures gets neither's shapes.
        let mut held = |_: (u64, u64), _: (f64, f64, f64, f64), _: f64| true;
        let kept = build_kept(
            &l,
            View::Direct,
            100,
            None,
            (1240.0, 640.0),
            2.0,
            &pal,
            &mut held,
        );
        assert!(kept.panels[6..8]
            .iter()
            .all(|p| p.kept && p.range.is_empty()));
        // At a map's first cell, and in a small picture, the map stays one panel.
        assert_eq!(at(0).panels.len(), 6 + 8);
        assert!(filled_parts((0.0, 0.0, 10.0, 10.0), (2.0, 2.0), 2.0, 3, 0).is_empty());
    }

    #[test]
    fn a_step_reuses_everything_before_the_current_map_and_never_splits_a_run_of_cells() {
        let l = layer(7, 3, 2, 3, 2, 1);
        let pal = Palette::LIGHT;
        let frame = |step, focus| build(&l, step, focus, 1400.0, f64::INFINITY, &pal);
        // 16 positions per map: steps 17 and 18 are in the second map.
        let (a, b) = (frame(17, None), frame(18, None));
        let n = reusable_prefix(&a, &b);
        assert_eq!(a.shapes[..n], b.shapes[..n]);
        assert_ne!(a.shapes[n..], b.shapes[n..]);
        // The input slices, their padding and the filter in use all lie in the copied part:
        // every cell drawn before the first output map's label.
        let first_map = b
            .shapes
            .iter()
            .position(|s| matches!(s, Shape::Text { text, .. } if text == "map 0"))
            .unwrap();
        assert!(n >= first_map, "{n} < {first_map}");
        // The first map (finished) is copied too.
        assert!(b.shapes[..n]
            .iter()
            .any(|s| matches!(s, Shape::Rect { x, .. } if *x >= b.layout.maps[0].0)));
        // The copy ends at the start of a run of cells, never inside one.
        assert!(!(b.shapes[n].in_cell_run() && b.shapes[n - 1].in_cell_run()));
        // Pointing at a cell adds marks on top: everything before them is reused.
        let focused = frame(18, Some(Focus::Output { k: 0, r: 1, c: 1 }));
        assert_eq!(reusable_prefix(&b, &focused), b.shapes.len());
        // Another layer shares nothing from its title on.
        let other = build(
            &layer(7, 3, 3, 3, 2, 1),
            18,
            None,
            1400.0,
            f64::INFINITY,
            &pal,
        );
        assert_eq!(reusable_prefix(&b, &other), 0);
    }

    /// Whether the part of `b` on a canvas of `size` lies within one of `area`'s rectangles
    /// (device pixels at `dpr`).
    fn covered(area: &[Area], b: Bounds, dpr: f64, size: (u32, u32)) -> bool {
        let (w, h) = (f64::from(size.0), f64::from(size.1));
        let b = (
            (b.0 * dpr).clamp(0.0, w),
            (b.1 * dpr).clamp(0.0, h),
            (b.2 * dpr).clamp(0.0, w),
            (b.3 * dpr).clamp(0.0, h),
        );
        area.iter().any(|a| {
            f64::from(a.0) <= b.0
                && f64::from(a.1) <= b.1
                && b.2 <= f64::from(a.2)
                && b.3 <= f64::from(a.3)
        })
    }

    /// Asserts that everything the painter draws from `from` on (runs whole) that reaches a
    /// rectangle of `area` lies inside it: no antialiased edge crosses a clip's edge.
    fn assert_nothing_drawn_crosses(
        area: &[Area],
        s: &Scene,
        from: usize,
        dpr: f64,
        size: (u32, u32),
    ) {
        let mut i = from;
        while i < s.shapes.len() {
            // A panel is drawn whole (its bitmap, or in place: its shapes stay in its bounds).
            let panel = s
                .panels
                .iter()
                .find(|p| p.range.start == i && !p.range.is_empty());
            let (run, b) = match panel {
                Some(p) => (
                    p.range.len(),
                    (
                        p.bounds.0,
                        p.bounds.1,
                        p.bounds.0 + p.bounds.2,
                        p.bounds.1 + p.bounds.3,
                    ),
                ),
                None => {
                    let run = if s.shapes[i].in_cell_run() {
                        s.shapes[i..].iter().take_while(|x| x.in_cell_run()).count()
                    } else {
                        1
                    };
                    (run, bounds_of(&s.shapes[i..i + run]).unwrap())
                }
            };
            let (w, h) = (f64::from(size.0), f64::from(size.1));
            let d = (
                (b.0 * dpr - 1.0).clamp(0.0, w),
                (b.1 * dpr - 1.0).clamp(0.0, h),
                (b.2 * dpr + 1.0).clamp(0.0, w),
                (b.3 * dpr + 1.0).clamp(0.0, h),
            );
            for r in area {
                let r2 = (
                    f64::from(r.0),
                    f64::from(r.1),
                    f64::from(r.2),
                    f64::from(r.3),
                );
                let reaches = d.0 < r2.2 && r2.0 < d.2 && d.1 < r2.3 && r2.1 < d.3;
                if reaches {
                    assert!(
                        r2.0 <= d.0 && r2.1 <= d.1 && d.2 <= r2.2 && d.3 <= r2.3,
                        "{:?} (shape {i}, {run} drawn together) crosses {r:?}",
                        &s.shapes[i]
                    );
                }
            }
            i += run;
        }
    }

    #[test]
    fn a_rectangle_takes_in_whatever_is_drawn_across_its_edge() {
        // Pointer moves over the CS231n demo and steps of a transposed layer's scatter view:
        // the marks and the hatched padding reach out of the places that changed.
        let pal = Palette::LIGHT;
        let l = layer(5, 3, 2, 3, 2, 1);
        let frame = |focus| build(&l, 4, focus, 1044.0, 640.0, &pal);
        let cells = [
            None,
            Some(Focus::Input {
                ch: 0,
                py: 2,
                px: 1,
            }),
            Some(Focus::Input {
                ch: 0,
                py: 3,
                px: 3,
            }),
            Some(Focus::Output { k: 0, r: 0, c: 0 }),
            None,
        ];
        for dpr in [1.0, 1.5, 2.0] {
            for w in cells.windows(2) {
                let (a, b) = (frame(w[0]), frame(w[1]));
                let size = (
                    (b.layout.width * dpr).ceil() as u32,
                    (b.layout.height * dpr).ceil() as u32,
                );
                let from = reusable_prefix(&a, &b).max(b.settled);
                let area = repaint_area(&changed(&a, &b, 0).unwrap(), &b, from, size, dpr).unwrap();
                assert!(!area.is_empty());
                assert_nothing_drawn_crosses(&area, &b, from, dpr, size);
            }
        }
        let t = Layer::new(preset("tconv-2x2-4x4")).unwrap();
        for step in 0..6 {
            let (a, b) = (
                build_view(&t, View::Scatter, step, None, 1044.0, 640.0, &pal),
                build_view(&t, View::Scatter, step + 1, None, 1044.0, 640.0, &pal),
            );
            let size = (b.layout.width.ceil() as u32, b.layout.height.ceil() as u32);
            let from = reusable_prefix(&a, &b).max(b.settled);
            if let Some(area) = repaint_area(&changed(&a, &b, 0).unwrap(), &b, from, size, 1.0) {
                assert_nothing_drawn_crosses(&area, &b, from, 1.0, size);
            }
        }
    }

    #[test]
    fn shape_bounds_take_in_outlines_line_caps_and_the_widest_text() {
        let c = Rgba::hex(0);
        assert_eq!(
            rect(10.0, 20.0, 30.0, 40.0, Some(c), Some((c, 3.0))).bounds(),
            (8.5, 18.5, 41.5, 61.5)
        );
        assert_eq!(
            rect(10.0, 20.0, 30.0, 40.0, Some(c), None).bounds(),
            (10.0, 20.0, 40.0, 60.0)
        );
        assert_eq!(
            line(50.0, 5.0, 10.0, 25.0, c, 2.0).bounds(),
            (9.0, 4.0, 51.0, 26.0)
        );
        // An em per character either way of the anchor, an em of room round it.
        assert_eq!(
            text(100.0, 50.0, "−12".into(), 10.0, c, Align::Center, false).bounds(),
            (75.0, 40.0, 125.0, 60.0)
        );
        assert_eq!(
            text(100.0, 50.0, "map 1".into(), 12.0, c, Align::Left, false).bounds(),
            (88.0, 38.0, 172.0, 62.0)
        );
        let row = Shape::Cells {
            x: 0.0,
            y: 0.0,
            cell: 4.0,
            fills: vec![c; 3],
            strokes: vec![None, Some((c, 1.0)), None],
        };
        assert_eq!(row.bounds(), (-0.5, -0.5, 12.5, 4.5));
    }

    #[test]
    fn a_step_changes_the_picture_only_round_the_map_cell_and_the_windows() {
        // The CS231n demo at one and two device pixels per CSS pixel.
        let l = layer(5, 3, 2, 3, 2, 1);
        let pal = Palette::LIGHT;
        let frame = |step| build(&l, step, None, 1044.0, 640.0, &pal);
        for dpr in [1.0, 2.0] {
            let size = |s: &Scene| {
                let w = (s.layout.width * dpr).ceil() as u32;
                (w, (s.layout.height * dpr).ceil() as u32)
            };
            for step in 0..18 {
                let (a, b) = (frame(step), frame((step + 1) % 18));
                let places = changed(&a, &b, 0).unwrap();
                // The painter's hint (the shapes it knows are the same) changes nothing.
                assert_eq!(changed(&a, &b, reusable_prefix(&a, &b)).unwrap(), places);
                // Every shape that differs, in either frame, lies in the area painted again,
                // drawn over the base (from the settled part on) or over the kept prefix.
                let from = reusable_prefix(&a, &b).max(b.settled);
                for from in [b.settled, from] {
                    if let Some(area) = repaint_area(&places, &b, from, size(&b), dpr) {
                        assert_nothing_drawn_crosses(&area, &b, from, dpr, size(&b));
                    }
                }
                let area = repaint_area(&places, &b, b.settled, size(&b), dpr);
                let whole = size(&b).0 as f64 * size(&b).1 as f64;
                let end = a.shapes.len().max(b.shapes.len());
                for i in 0..end {
                    if a.shapes.get(i) != b.shapes.get(i) {
                        for s in a.shapes.get(i).into_iter().chain(b.shapes.get(i)) {
                            let area = area
                                .as_deref()
                                .unwrap_or_else(|| panic!("step {step} ×{dpr}: the whole picture"));
                            assert!(
                                covered(area, s.bounds(), dpr, size(&b)),
                                "step {step} ×{dpr}: {s:?}"
                            );
                        }
                    }
                }
                if step % 9 != 8 && step != 17 {
                    // Within one map: a small part of the picture.
                    let area = area.unwrap();
                    let sum: f64 = area
                        .iter()
                        .map(|r| f64::from(r.2 - r.0) * f64::from(r.3 - r.1))
                        .sum();
                    assert!(sum < whole / 5.0, "step {step} ×{dpr}: {sum} of {whole}");
                    // The filter's slices do not change within a map: left alone.
                    let f = b.layout.filters[0];
                    let one = (f.0 + 2.0, f.1 + 2.0, f.0 + 3.0, f.1 + 3.0);
                    assert!(!covered(&area, one, dpr, size(&b)));
                }
            }
        }
        // The same frame: nothing to paint. Another layout: everything.
        assert_eq!(changed(&frame(3), &frame(3), 0), Some(vec![]));
        let other = build(&layer(6, 3, 2, 3, 2, 1), 3, None, 1044.0, 640.0, &pal);
        assert_eq!(changed(&frame(3), &other, 0), None);
    }

    #[test]
    fn one_changed_cell_repaints_its_whole_run_of_cells() {
        // The painter strokes a run's outlines in order of their first appearance: a changed
        // outline colour in one cell can change which of two neighbours' edges lies on top.
        let (grey, red) = (Rgba::hex(0x999999), Rgba::hex(0xff0000));
        let cell = |x: f64, stroke| {
            rect(
                x,
                0.0,
                10.0,
                10.0,
                Some(Rgba::hex(0xffffff)),
                Some((stroke, 1.0)),
            )
        };
        let l = layer(7, 1, 1, 3, 2, 0);
        let mut a = build(&l, 0, None, 1400.0, f64::INFINITY, &Palette::LIGHT);
        a.shapes = vec![
            text(0.0, 0.0, "label".into(), 12.0, grey, Align::Left, false),
            cell(100.0, grey),
            cell(110.0, grey),
            cell(120.0, grey),
            text(300.0, 0.0, "after".into(), 12.0, grey, Align::Left, false),
        ];
        a.panels.clear();
        let mut b = a.clone();
        b.shapes[3] = cell(120.0, red);
        let run = changed(&a, &b, 0).unwrap();
        // The run's three cells, once from each frame; not the texts before and after it.
        assert_eq!(run.len(), 6);
        assert!(run.contains(&b.shapes[1].bounds()));
        assert!(!run.contains(&a.shapes[0].bounds()));
        assert!(!run.contains(&a.shapes[4].bounds()));
        // A shape added at the end is painted; one left out is painted over.
        let mut c = b.clone();
        c.shapes.push(line(0.0, 0.0, 5.0, 5.0, red, 1.0));
        assert_eq!(changed(&b, &c, 0).unwrap(), vec![c.shapes[5].bounds()]);
        assert_eq!(changed(&c, &b, 0).unwrap(), vec![c.shapes[5].bounds()]);
    }

    #[test]
    fn the_area_painted_again_is_whole_device_pixels_merged_and_at_most_half_the_canvas() {
        // Nothing drawn over the copy: the places alone.
        let mut none = build(
            &layer(7, 1, 1, 3, 2, 0),
            0,
            None,
            1400.0,
            900.0,
            &Palette::LIGHT,
        );
        none.shapes.clear();
        none.panels.clear();
        // Widened by a device pixel for antialiasing, cut to the canvas.
        assert_eq!(
            repaint_area(&[(10.2, 20.7, 30.5, 40.0)], &none, 0, (200, 100), 1.0),
            Some(vec![(9, 19, 32, 41)])
        );
        assert_eq!(
            repaint_area(&[(10.2, 20.7, 30.5, 40.0)], &none, 0, (200, 100), 2.0),
            Some(vec![(19, 40, 62, 81)])
        );
        assert_eq!(
            repaint_area(&[(-5.0, -5.0, 3.0, 3.0)], &none, 0, (200, 100), 1.0),
            Some(vec![(0, 0, 4, 4)])
        );
        // Off the canvas: nothing.
        assert_eq!(
            repaint_area(&[(300.0, 0.0, 310.0, 5.0)], &none, 0, (200, 100), 1.0),
            Some(vec![])
        );
        // Places that overlap or meet become their bounding box; apart, they stay apart.
        let mut two = repaint_area(
            &[(10.0, 10.0, 20.0, 20.0), (21.0, 10.0, 30.0, 20.0)],
            &none,
            0,
            (200, 100),
            1.0,
        )
        .unwrap();
        assert_eq!(two, vec![(9, 9, 31, 21)]);
        two = repaint_area(
            &[(10.0, 10.0, 20.0, 20.0), (40.0, 10.0, 50.0, 20.0)],
            &none,
            0,
            (200, 100),
            1.0,
        )
        .unwrap();
        two.sort_unstable();
        assert_eq!(two, vec![(9, 9, 21, 21), (39, 9, 51, 21)]);
        // A merge that reaches a third place takes it in too.
        let three = [
            (10.0, 10.0, 20.0, 20.0),
            (60.0, 10.0, 70.0, 20.0),
            (15.0, 15.0, 65.0, 18.0),
        ];
        assert_eq!(
            repaint_area(&three, &none, 0, (200, 100), 1.0),
            Some(vec![(9, 9, 71, 21)])
        );
        // More than half the canvas: paint it all.
        assert_eq!(
            repaint_area(&[(0.0, 0.0, 150.0, 80.0)], &none, 0, (200, 100), 1.0),
            None
        );
        // Many places: one box round them all.
        let apart = |n: usize| -> Vec<Bounds> {
            (0..n)
                .map(|i| (i as f64 * 4.0, 0.0, i as f64 * 4.0 + 1.0, 1.0))
                .collect()
        };
        assert_eq!(
            repaint_area(&apart(40), &none, 0, (2000, 100), 1.0)
                .unwrap()
                .len(),
            40
        );
        assert_eq!(
            repaint_area(&apart(300), &none, 0, (2000, 100), 1.0),
            Some(vec![(0, 0, 1198, 2)])
        );
    }

    #[test]
    fn the_settled_part_is_everything_before_the_map_being_filled_and_stays_within_that_map() {
        // The CS231n demo: 3 × 3 positions per map, two maps.
        let l = layer(5, 3, 2, 3, 2, 1);
        let pal = Palette::LIGHT;
        let frame = |step| build(&l, step, None, 1044.0, 640.0, &pal);
        for step in 0..18 {
            let a = frame(step);
            let map = &a.panels[a.panels.len() - 2 + step / 9];
            // It ends where the current map's panel starts, after that map's label.
            assert_eq!(a.settled, map.range.start, "step {step}");
            assert!(
                matches!(&a.shapes[a.settled - 1], Shape::Text { text, .. } if *text == format!("map {}", step / 9))
            );
            if step % 9 < 8 {
                // The next position of the same map draws the same settled part...
                let b = frame(step + 1);
                assert_eq!(b.settled, a.settled, "step {step}");
                assert_eq!(a.shapes[..a.settled], b.shapes[..b.settled], "step {step}");
                // ... and what follows it differs: the copy may not go further.
                assert_ne!(a.shapes[a.settled..], b.shapes[b.settled..], "step {step}");
            }
        }
        // The step to the next filter changes the filter's slices, inside the settled part.
        let (a, b) = (frame(8), frame(9));
        assert!(reusable_prefix(&a, &b) < b.settled);
        // Past the last position no map is being filled: no hint.
        assert_eq!(frame(18).settled, 0);
    }

    #[test]
    fn panel_keys_follow_what_a_panel_draws_not_where_it_sits() {
        let pal = Palette::LIGHT;
        // The page's N = 64 case at 4 px cells: slices, filters and maps are panels.
        let at = |k: usize, step: usize, focus: Option<Focus>, pal: &Palette| {
            build(&layer(64, 3, k, 5, 1, 2), step, focus, 1240.0, 640.0, pal)
        };
        let keys = |sc: &Scene| -> Vec<(u64, u64)> {
            (0..sc.panels.len()).map(|i| sc.panel_key(i)).collect()
        };
        let (k8, k9) = (at(8, 0, None, &pal), at(9, 0, None, &pal));
        assert_eq!(k8.layout.cell, 4.0);
        assert_ne!(k8.layout.stacked, k9.layout.stacked, "K moves the maps");
        assert_eq!((k8.panels.len(), k9.panels.len()), (3 * 2 + 8, 3 * 2 + 9));
        // Cells too small for numbers come in rows: ~46,700 cells in far fewer shapes.
        let cells = k8
            .flat()
            .iter()
            .filter(|s| matches!(s, Shape::Rect { w, h, .. } if *w == 4.0 && *h == 4.0))
            .count();
        // Slices with their padding, filters, maps, and the mark on the cell being written.
        assert_eq!(cells, 3 * 68 * 68 + 3 * 5 * 5 + 8 * 64 * 64 + 1);
        assert!(k8.shapes.len() < cells / 4, "{} shapes", k8.shapes.len());
        let (a, b) = (keys(&k8), keys(&k9));
        // Slice, filter, slice, filter, slice, filter, then the maps: a change of K leaves
        // the input slices' keys as they were, wherever the layout puts them.
        for ch in 0..3 {
            assert_eq!(a[2 * ch], b[2 * ch], "input slice {ch}");
        }
        // The empty maps (after map 0, which holds the current cell) share one key; the
        // first map with the cell being written does not.
        assert!(a[7..].iter().all(|k| *k == a[7]));
        assert_ne!(a[6], a[7]);
        // With K = 9 the maps sit elsewhere, yet all nine are found among K = 8's.
        assert_eq!(b[6], a[6]);
        assert!(b[7..].iter().all(|k| *k == a[7]));
        // A step into the map being written makes it two panels: the empty maps' picture
        // and its own complete one (see the test above); the others stay. Pointing at a cell
        // changes no panel (its marks are drawn on top).
        let stepped = keys(&at(8, 5, None, &pal));
        assert_eq!(stepped.len(), a.len() + 1);
        assert_eq!(stepped[..6], a[..6]);
        assert_eq!(stepped[6], a[7]);
        assert_eq!(stepped[8..], a[7..]);
        let focus = Some(Focus::Output { k: 3, r: 2, c: 2 });
        assert_eq!(keys(&at(8, 0, focus, &pal)), a);
        // Another theme draws other pixels: no key is shared.
        let dark = keys(&at(8, 0, None, &Palette::DARK));
        assert!(dark.iter().all(|k| !a.contains(k)));
        // Each panel's key is its own: every input slice holds other values.
        assert!(a[0] != a[2] && a[2] != a[4] && a[0] != a[4]);
        // Another seed, other input values, other slice keys.
        let reseeded = Layer::new(Config {
            seed: 2,
            ..k8_config()
        })
        .unwrap();
        let other = keys(&build(&reseeded, 0, None, 1240.0, 640.0, &pal));
        assert!((0..3).all(|ch| other[2 * ch] != a[2 * ch]));
    }

    fn k8_config() -> Config {
        Config {
            n: 64,
            d: 3,
            k: 8,
            f: 5,
            s: 1,
            p: 2,
            ..Config::default()
        }
    }

    /// Along every line a padding cell's hatching lies on (x + y = s + 0.33 or s + 0.66 cells
    /// from the slice's corner at `at`), a point is hatched by `shapes` exactly where its cell
    /// of the `grid` (columns, rows) is padding (`pad(column, row)`).
    fn assert_hatched(
        sc: &Scene,
        shapes: &[Shape],
        at: (f64, f64),
        grid: (usize, usize),
        pad: impl Fn(usize, usize) -> bool,
    ) {
        let (cell, hatch) = (sc.layout.cell, Palette::LIGHT.padding_hatch);
        // (x + y, from x, to x) of each hatch line, in cells from the corner.
        let segs: Vec<(f64, f64, f64)> = shapes
            .iter()
            .filter(|s| s.same_pen(&hatch, 1.0))
            .map(|s| match *s {
                Shape::Line { x1, y1, x2, .. } => {
                    let (a, b) = ((x1 - at.0) / cell, (x2 - at.0) / cell);
                    (a + (y1 - at.1) / cell, a.min(b), a.max(b))
                }
                _ => unreachable!(),
            })
            .collect();
        let (w, h) = (grid.0 as f64, grid.1 as f64);
        for s in 0..grid.0 + grid.1 {
            for k in [0.33, 0.66] {
                let t = s as f64 + k;
                for m in 0..grid.0 * 10 {
                    let x = m as f64 / 10.0 + 0.05;
                    let y = t - x;
                    let inside = (0.0..w).contains(&x) && (0.0..h).contains(&y);
                    let want = inside && pad(x as usize, y as usize);
                    let hatched = segs
                        .iter()
                        .any(|&(u, a, b)| (u - t).abs() < 1e-6 && a <= x && x <= b);
                    assert_eq!(hatched, want, "x + y = {t}, x = {x}");
                }
            }
        }
    }

    #[test]
    fn a_padded_slice_is_rows_of_cells_then_long_lines_of_hatching() {
        // Without numbers (64 × 64): every padded row of a slice is one run of cells (one
        // bitmap for the painter), and the slice's hatching follows them in one stretch
        // (stroked as one path), as long lines that cover exactly the padding cells' pieces.
        let pal = Palette::LIGHT;
        let sc = build(&layer(64, 3, 8, 5, 1, 2), 0, None, 1200.0, 800.0, &pal);
        // Each slice's panel, then its filter slice's.
        let slices: Vec<_> = sc.panels.iter().step_by(2).take(3).collect();
        for (p, &(sx, sy)) in slices.iter().zip(&sc.layout.slices) {
            let shapes = &sc.shapes[p.range.clone()];
            let rows = shapes
                .iter()
                .filter(|s| matches!(s, Shape::Cells { .. }))
                .count();
            assert_eq!(rows, 68, "one run of 68 cells a padded row");
            let hatch: Vec<usize> = (0..shapes.len())
                .filter(|&i| shapes[i].same_pen(&pal.padding_hatch, 1.0))
                .collect();
            assert_eq!(
                hatch.last().unwrap() - hatch[0] + 1,
                hatch.len(),
                "in one stretch"
            );
            let last_cells = shapes
                .iter()
                .rposition(|s| matches!(s, Shape::Cells { .. }));
            assert!(last_cells.unwrap() < hatch[0], "after every cell");
            // A cell at a time, the ring's 528 cells took 4 lines each: 2,112.
            assert!(hatch.len() <= 528, "{} lines", hatch.len());
            assert_hatched(&sc, shapes, (sx, sy), (68, 68), |x, y| {
                !((2..66).contains(&x) && (2..66).contains(&y))
            });
        }
        // A transposed layer's border (its slice is drawn in place, no panel: the scene's only
        // hatching): 2 × 2 stretched by S 2 in a 6 × 6 grid, its cells numbered and hatched
        // one by one; 30 × 30 stretched to 59 × 59, without numbers, hatched whole.
        for n in [2, 30] {
            let t = Layer::new(Config {
                n,
                ..preset("tconv-2x2-4x4")
            })
            .unwrap();
            let sc = build(&t, 0, None, 1200.0, 800.0, &pal);
            let tr = t.transpose.unwrap();
            let border =
                |q, a: &crate::cnn::transpose::TransposeAxis| a.cell(q) == DirectCell::Border;
            let grid = (sc.layout.cols.cells(), sc.layout.rows.cells());
            assert_hatched(&sc, &sc.shapes, sc.layout.slices[0], grid, |x, y| {
                border(x, &tr.cols) || border(y, &tr.rows)
            });
        }
        // With numbers (7 × 7, P 2) a padding cell is hatched on its own and its 0 drawn
        // over that: 4 lines and a 0 a cell.
        let sc = build(&layer(7, 1, 1, 3, 1, 2), 0, None, 1400.0, 800.0, &pal);
        let shapes = &sc.shapes[sc.panels[0].range.clone()];
        assert_hatched(&sc, shapes, sc.layout.slices[0], (11, 11), |x, y| {
            !((2..9).contains(&x) && (2..9).contains(&y))
        });
        let lines = shapes
            .iter()
            .filter(|s| s.same_pen(&pal.padding_hatch, 1.0));
        assert_eq!(lines.count(), 4 * (11 * 11 - 49));
    }

    #[test]
    fn padding_cells_are_grey_and_counted_exactly_on_every_slice() {
        let sc = build(
            &layer(7, 3, 2, 3, 1, 2),
            0,
            None,
            1400.0,
            f64::INFINITY,
            &Palette::LIGHT,
        );
        // (7 + 4)² − 7² padding cells on each of 3 slices.
        assert_eq!(fills(&sc, Palette::LIGHT.padding), 3 * (11 * 11 - 49));
        let zeros = sc
            .flat()
            .iter()
            .filter(|sh| matches!(sh, Shape::Text { text, color, .. } if text == "0" && *color == Palette::LIGHT.padding_text))
            .count();
        assert_eq!(zeros, 3 * 72, "every padding cell shows its 0");
        assert_eq!(
            fills(
                &build(
                    &layer(7, 1, 1, 3, 1, 0),
                    0,
                    None,
                    1200.0,
                    f64::INFINITY,
                    &Palette::LIGHT
                ),
                Palette::LIGHT.padding
            ),
            0
        );
    }

    #[test]
    fn window_moves_by_the_stride_on_every_slice_and_filter_by_filter() {
        let l = layer(7, 2, 2, 3, 2, 0);
        let sc = build(&l, 9 + 4, None, 1400.0, f64::INFINITY, &Palette::LIGHT);
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
        let sc = build(
            &layer(7, 1, 1, 3, 3, 0),
            0,
            None,
            1000.0,
            f64::INFINITY,
            &Palette::LIGHT,
        );
        assert_eq!(fills(&sc, Palette::LIGHT.unreached.alpha(0.28)), 13);
        assert_eq!(sc.layout.rows.cells(), 7);
        // Under ceil the last window reads 2 cells past the input: drawn as padding.
        let ceil = Layer::new(Config {
            s: 3,
            rounding: Rounding::Ceil,
            ..Config::default()
        })
        .unwrap();
        let sc = build(&ceil, 0, None, 1000.0, f64::INFINITY, &Palette::LIGHT);
        assert_eq!(sc.layout.rows.overhang, 2);
        assert_eq!(sc.layout.rows.cells(), 9);
        assert_eq!(fills(&sc, Palette::LIGHT.padding), 81 - 49);
        assert_eq!(fills(&sc, Palette::LIGHT.unreached.alpha(0.28)), 0);
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
        let sc = build(&l, 0, None, 1000.0, f64::INFINITY, &Palette::LIGHT);
        assert_eq!((sc.layout.rows.lo, sc.layout.rows.hi), (0, 1));
        assert_eq!(fills(&sc, Palette::LIGHT.padding), 49 - 36);
    }

    #[test]
    fn output_maps_wrap_into_columns_and_fill_filter_by_filter() {
        let l = layer(8, 1, 6, 3, 1, 0);
        let sc = build(&l, 36 + 5, None, 1600.0, f64::INFINITY, &Palette::LIGHT);
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
        let empties = sc.flat().iter().filter(|sh| matches!(sh, Shape::Rect { stroke: Some((c, _)), .. } if *c == Palette::LIGHT.grid.alpha(0.6))).count();
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
            let sc = build(
                &layer(n, d, k, f, s, p),
                0,
                None,
                w,
                f64::INFINITY,
                &Palette::LIGHT,
            );
            for sh in &sc.flat() {
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
                .flat()
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
            let sc = build(&l, 0, None, 1240.0, h, &Palette::LIGHT);
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
        let sc = build(&l, 0, None, 1240.0, 400.0, &Palette::LIGHT);
        let lay = &sc.layout;
        assert!(
            lay.slices.iter().all(|s| s.1 == lay.slices[0].1),
            "{:?}",
            lay.slices
        );
        let pluses = sc
            .flat()
            .iter()
            .filter(|sh| matches!(sh, Shape::Text { text, .. } if text == "+"))
            .count();
        assert_eq!(pluses, 2, "R + G + B");
        // With unlimited height the same layer stacks its slices and grows.
        let tall = build(&l, 0, None, 1240.0, f64::INFINITY, &Palette::LIGHT);
        assert!(tall.layout.cell > lay.cell);
        assert!(tall.layout.slices[1].1 > tall.layout.slices[0].1);
    }

    #[test]
    fn hit_testing_finds_outputs_inputs_and_weights_and_focus_is_drawn() {
        let l = layer(7, 2, 2, 3, 2, 1);
        let sc = build(&l, 0, None, 1200.0, 800.0, &Palette::LIGHT);
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
        let sc = build(&l, 0, Some(focus), 1400.0, f64::INFINITY, &Palette::LIGHT);
        let rel = related(&l, focus);
        let tinted = fills(&sc, Palette::LIGHT.focus.alpha(0.45));
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
        let sc = build(&l, 0, None, 1200.0, 800.0, &Palette::LIGHT);
        let lay = &sc.layout;
        // Rows: 7, no padding; columns: 1 + 9 = 10 cells.
        assert_eq!((lay.rows.cells(), lay.cols.cells()), (7, 10));
        assert_eq!(lay.filter, (3, 2));
        assert_eq!(
            fills(&sc, Palette::LIGHT.padding),
            7,
            "one padding column of 7 cells"
        );
        // Dilation 2: the window spans 5 rows and 3 columns and marks its 3 × 2 taps.
        let taps = fills(&sc, Palette::LIGHT.active.alpha(0.3));
        assert_eq!(taps, 6);
        let g = l.shown.unwrap();
        assert_eq!((g.out_h(), g.out_w()), (3, 8));
    }

    fn preset(id: &str) -> Config {
        crate::app::presets::PRESETS
            .iter()
            .find(|p| p.id == id)
            .unwrap()
            .config
    }

    #[test]
    fn transposed_zeros_between_cells_are_drawn_apart_from_the_border() {
        // 2×2, F 3, S 2, P 1, a 1: rows B x 0 x B B — 3×3 stretched, border around it.
        let l = Layer::new(preset("tconv-2x2-4x4")).unwrap();
        let sc = build(&l, 0, None, 1200.0, f64::INFINITY, &Palette::LIGHT);
        assert_eq!((sc.layout.rows.cells(), sc.layout.cols.cells()), (6, 6));
        assert_eq!(
            fills(&sc, Palette::LIGHT.inserted),
            9 - 4,
            "3×3 stretched, 4 inputs"
        );
        assert_eq!(fills(&sc, Palette::LIGHT.padding), 36 - 9);
        let texts: Vec<&str> = sc
            .shapes
            .iter()
            .filter_map(|sh| match sh {
                Shape::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("input 2 × 2 × 1 zero-stuffed to 6 × 6")),
            "{texts:?}"
        );
        assert!(texts.contains(&"w0 · c0, rotated"), "{texts:?}");
        // The window (3×3, stride 1) at output (0, 0) sits at the top-left of the 6×6.
        let (sx, sy) = sc.layout.slices[0];
        let c = sc.layout.cell;
        assert!(active_rects(&sc).contains(&(sx, sy, 3.0 * c, 3.0 * c)));
        assert_eq!(sc.layout.out, (4, 4));
    }

    #[test]
    fn a_picture_wider_than_a_printed_page_is_printed_smaller() {
        assert_eq!(print_zoom(600.0), 1.0);
        assert_eq!(print_zoom(PRINT_WIDTH), 1.0);
        assert!((print_zoom(1044.0) * 1044.0 - PRINT_WIDTH).abs() < 1e-9);
        // Not a number (no layout yet): printed as it is.
        assert_eq!(print_zoom(f64::NAN), 1.0);
    }

    #[test]
    fn the_scatter_view_takes_its_colours_from_the_theme() {
        // A grouped transposed layer: filter 0 has no weights for channel 1, and at the first
        // stamp most of its map is still unwritten.
        let l = Layer::new(Config {
            d: 2,
            k: 2,
            groups: 2,
            ..preset("tconv-2x2-4x4")
        })
        .unwrap();
        for pal in [Palette::LIGHT, Palette::DARK, Palette::CONTRAST] {
            let sc = build_view(&l, View::Scatter, 0, None, 1200.0, f64::INFINITY, &pal);
            let lay = &sc.layout;
            let c = lay.cell;
            let fill_at = |x: f64, y: f64, w: f64| {
                let mut found = Vec::new();
                for sh in sc.flat() {
                    sh.for_each_rect(|rx, ry, rw, _, fill, _| {
                        if (rx, ry, rw) == (x, y, w) {
                            found.extend(fill);
                        }
                    });
                }
                found
            };
            // Output (4, 4), inside what the padding trims and not yet stamped: drawn as the
            // direct view draws a cell still to come.
            let (mx, my) = lay.maps[0];
            assert_eq!(fill_at(mx + 4.0 * c, my + 4.0 * c, c), vec![pal.input_lo]);
            // Channel 1, outside filter 0's group: the box the direct view draws there.
            let (fx, fy) = lay.filters[1];
            assert_eq!(fill_at(fx, fy, 3.0 * c), vec![pal.padding]);
            // And, as there, no "×" beside it: one for channel 0 only.
            let times = sc
                .flat()
                .iter()
                .filter(|sh| matches!(sh, Shape::Text { text, .. } if text == "×"))
                .count();
            assert_eq!(times, 1);
        }
    }

    #[test]
    fn the_scatter_view_stamps_the_filter_into_the_untrimmed_output() {
        let l = Layer::new(preset("tconv-2x2-4x4")).unwrap();
        // Step 1: input (0, 1) stamps rows 0–2, columns 2–4 of the 6×6 untrimmed map.
        let sc = build_view(
            &l,
            View::Scatter,
            1,
            None,
            1200.0,
            f64::INFINITY,
            &Palette::LIGHT,
        );
        let lay = &sc.layout;
        assert!(lay.scatter);
        assert_eq!((lay.rows.cells(), lay.cols.cells()), (2, 2));
        assert_eq!(lay.out, (6, 6));
        let stamp: Vec<(f64, f64)> = sc
            .flat()
            .iter()
            .filter_map(|sh| match sh {
                Shape::Rect {
                    x,
                    y,
                    stroke: Some((col, lw)),
                    ..
                } if *col == Palette::LIGHT.active && *lw == 2.0 => Some((*x, *y)),
                _ => None,
            })
            .collect();
        let (mx, my) = lay.maps[0];
        let c = lay.cell;
        assert_eq!(stamp.len(), 9);
        assert!(stamp.contains(&(mx + 2.0 * c, my)));
        assert!(stamp.contains(&(mx + 4.0 * c, my + 2.0 * c)));
        // The ring of P = 1 that the padding trims off every side is hatched.
        assert_eq!(fills(&sc, Palette::LIGHT.padding), 36 - 16);
        // Only input cells are hit, in plain coordinates.
        assert_eq!(
            lay.hit(lay.slices[0].0 + 1.5 * c, lay.slices[0].1 + 0.5 * c),
            Some(Focus::Input {
                ch: 0,
                py: 0,
                px: 1
            })
        );
        assert_eq!(lay.hit(mx + 0.5 * c, my + 0.5 * c), None);
        // After the last stamp the inner 4×4 holds the output.
        let last = build_view(
            &l,
            View::Scatter,
            3,
            None,
            1200.0,
            f64::INFINITY,
            &Palette::LIGHT,
        );
        let out = &l.values.as_ref().unwrap().output;
        let numbers: Vec<String> = last
            .flat()
            .iter()
            .filter_map(|sh| match sh {
                Shape::Text { text, x, y, .. }
                    if *x > mx + c && *x < mx + 5.0 * c && *y > my + c && *y < my + 5.0 * c =>
                {
                    Some(text.clone())
                }
                _ => None,
            })
            .collect();
        let want: Vec<String> = out.data().iter().map(|&v| num(v as f64)).collect();
        assert_eq!(numbers, want);
    }

    #[test]
    fn a_depthwise_filter_is_drawn_against_its_own_channel_only() {
        let l = Layer::new(preset("depthwise")).unwrap();
        // Step 49 + 3: map 1 (channel G), output row 0, column 3.
        let sc = build(&l, 49 + 3, None, 1400.0, f64::INFINITY, &Palette::LIGHT);
        let texts: Vec<&str> = sc
            .shapes
            .iter()
            .filter_map(|sh| match sh {
                Shape::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(texts.contains(&"w1 · c1"), "{texts:?}");
        assert_eq!(
            texts.iter().filter(|t| **t == "w1: not group 1").count(),
            3,
            "{texts:?}"
        );
        // The window and the filter outline on channel 1 only, plus the output cell.
        assert_eq!(active_rects(&sc).len(), 1 + 1 + 1);
    }

    #[test]
    fn a_layer_too_large_to_animate_is_sketched_with_the_reason() {
        let l = layer(227, 3, 96, 11, 4, 0);
        let sc = build(&l, 0, None, 1200.0, f64::INFINITY, &Palette::LIGHT);
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

    #[test]
    fn a_big_layer_that_fits_nowhere_at_6_px_is_one_screen_at_smaller_cells() {
        // The page benchmark's layer: 64 × 64 × 3, eight 5 × 5 filters, S 1, P 2.
        let l = layer(64, 3, 8, 5, 1, 2);
        let lay = Layout::new(&l, 1141.0, 680.0);
        assert!(
            lay.cell < CELL_MIN && lay.cell >= CELL_FLOOR,
            "cell {}",
            lay.cell
        );
        assert!(lay.width <= 1141.0 && lay.height <= 2.0 * 680.0, "{lay:?}");
        // A layer that fits at 6 px or more keeps its cells.
        assert!(Layout::new(&layer(32, 3, 6, 5, 1, 2), 1141.0, 760.0).cell >= CELL_MIN);
    }

    #[test]
    fn a_phone_puts_the_maps_under_the_input_and_keeps_numbers_legible() {
        let l = layer(7, 1, 2, 3, 1, 1);
        let wide = build(&l, 0, None, 1200.0, f64::INFINITY, &Palette::LIGHT);
        assert!(!wide.layout.stacked);
        let phone = build(&l, 0, None, 340.0, f64::INFINITY, &Palette::LIGHT);
        let lay = &phone.layout;
        assert!(lay.stacked, "{lay:?}");
        assert!(lay.cell >= NUMBERS_FROM, "cell {}", lay.cell);
        assert!(lay.width <= 340.0, "width {}", lay.width);
        let input_bottom = lay.slices[0].1 + lay.rows.cells() as f64 * lay.cell;
        assert!(lay.maps.iter().all(|m| m.1 > input_bottom));
        // Every shape stays inside the picture, the heading included.
        for sh in &phone.flat() {
            if let Shape::Rect { x, w, .. } = sh {
                assert!(x + w <= lay.width + 1.0, "{sh:?}");
            }
        }
        // Hit-testing follows: the first output cell is found where it is drawn.
        let (mx, my) = lay.maps[0];
        assert_eq!(
            lay.hit(mx + 1.0, my + 1.0),
            Some(Focus::Output { k: 0, r: 0, c: 0 })
        );
    }

    #[test]
    fn a_layer_without_an_output_still_shows_its_input_and_filters() {
        // Found in review: with F = 9 on the 7 × 7 input the picture drew the input as zeros
        // and the filter as an empty box.
        let texts = |l: &Layer| -> Vec<String> {
            build(l, 0, None, 1200.0, f64::INFINITY, &Palette::LIGHT)
                .flat()
                .iter()
                .filter_map(|sh| match sh {
                    Shape::Text { text, .. } => Some(text.clone()),
                    _ => None,
                })
                .collect()
        };
        let big = layer(7, 1, 1, 9, 1, 0);
        assert!(big.values.is_none());
        let seen = texts(&big);
        let input = big.shown_input().unwrap();
        // Every input value and every weight is written, the input's as with a filter that fits.
        let fits = layer(7, 1, 1, 3, 1, 0);
        assert_eq!(input, &fits.values.as_ref().unwrap().input);
        let numbers = |xs: &[f32]| xs.iter().map(|&v| num(v as f64)).collect::<Vec<_>>();
        let weights = big.shown_filters().unwrap().weights();
        assert_eq!(weights.len(), 81);
        let mut want = numbers(input.data());
        want.extend(numbers(weights));
        let mut got: Vec<String> = seen
            .iter()
            .filter(|t| t.parse::<f64>().is_ok() || t.starts_with('−'))
            .cloned()
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want);
        assert!(input.data().iter().any(|&v| v != 0.0));
        assert!(
            seen.iter().any(|t| t.ends_with("→   no output")),
            "{seen:?}"
        );
    }

    #[test]
    fn the_equals_sign_keeps_clear_of_the_bias_label() {
        // Found in review: on a phone (and in a slide's frame) "+ bias b0 = 1" ran into "=".
        for (l, w, h) in ["7x7-s2", "f3-s1-p1"].into_iter().flat_map(|p| {
            let l = Layer::new(preset(p)).unwrap();
            [360.0, 420.0, 600.0, 900.0, 920.0, 1200.0]
                .into_iter()
                .flat_map(move |w| [180.0, 260.0, 400.0, f64::INFINITY].map(|h| (l.clone(), w, h)))
        }) {
            {
                let sc = build(&l, 0, None, w, h, &Palette::LIGHT);
                let boxes: Vec<(String, (f64, f64, f64, f64))> = sc
                    .flat()
                    .iter()
                    .filter_map(|sh| match sh {
                        Shape::Text {
                            x,
                            y,
                            text,
                            size,
                            align,
                            ..
                        } => {
                            let tw = text_width(text, *size);
                            let x0 = if *align == Align::Center {
                                x - tw / 2.0
                            } else {
                                *x
                            };
                            Some((text.clone(), (x0, y - size / 2.0, x0 + tw, y + size / 2.0)))
                        }
                        _ => None,
                    })
                    .collect();
                let apart = |a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)| {
                    a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1
                };
                let eq = boxes.iter().find(|(t, _)| t == "=").unwrap().1;
                // The label, on one line or two ("+ bias b0", "= 1").
                let bias: Vec<_> = boxes
                    .iter()
                    .filter(|(t, _)| t.starts_with("+ bias") || t.starts_with("= "))
                    .map(|b| b.1)
                    .collect();
                assert!(!bias.is_empty(), "{w} × {h}");
                let (cell, (oh, ow)) = (sc.layout.cell, sc.layout.out);
                for b in &bias {
                    assert!(apart(*b, eq), "{w} × {h}: '=' {eq:?}, bias {b:?}");
                    // Nor under the maps, which would hide it.
                    for &(mx, my) in &sc.layout.maps {
                        let map = (mx, my, mx + ow as f64 * cell, my + oh as f64 * cell);
                        assert!(apart(*b, map), "{w} × {h}: bias {b:?}, map {map:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_stride_that_does_not_fit_is_said_in_the_heading() {
        // Found in review: the heading said "output 2 × 2 × 1" where the read-outs said the
        // layer does not fit; the picture shows what floor would do.
        let l = Layer::new(preset("7x7-s3")).unwrap();
        let heading: Vec<String> = build(&l, 0, None, 1200.0, f64::INFINITY, &Palette::LIGHT)
            .flat()
            .iter()
            .filter_map(|sh| match sh {
                Shape::Text { text, .. } if text.contains('→') => Some(text.clone()),
                _ => None,
            })
            .collect();
        assert!(
            heading
                .iter()
                .any(|t| t.ends_with("→   does not fit (floor: 2 × 2 × 1)")),
            "{heading:?}"
        );
    }

    /// A slide's frame: the frame built as the stage builds it there (one screen), with
    /// every zoom `held` was asked about.
    fn in_frame(l: &Layer, view: View, room: (f64, f64)) -> (Scene, Vec<f64>) {
        let mut asked = Vec::new();
        let mut held = |_: (u64, u64), _: (f64, f64, f64, f64), z: f64| {
            asked.push(z);
            false
        };
        let sc = build_kept(l, view, 0, None, room, 1.0, &Palette::LIGHT, &mut held);
        (sc, asked)
    }

    #[test]
    fn a_slide_zooms_a_picture_at_the_largest_cell_until_it_fills_the_frame() {
        // The audit's case: 7 × 7, stride 2, at 1280 × 720 is 714 × 412 at 48 px cells, with
        // the right half of the frame empty. Room 1240 × 560: the height decides.
        let l = Layer::new(preset("7x7-s2")).unwrap();
        let lay = Layout::fitted(&l, View::Direct, (1240.0, 560.0), 1.0);
        assert_eq!(lay.cell, CELL_MAX);
        let (w, h) = (lay.width.ceil(), lay.height.ceil());
        assert_eq!(lay.zoom, zoom(&lay, (1240.0, 560.0)));
        assert!(
            h * lay.zoom <= 560.0 && h * lay.zoom > 559.0,
            "{} {h}",
            lay.zoom
        );
        assert!(w * lay.zoom <= 1240.0 && lay.zoom > 1.3, "{} {w}", lay.zoom);
        // A wide, short room: the width decides.
        let z = zoom(&lay, (900.0, 2000.0));
        assert!(w * z <= 900.0 && w * z > 899.0, "{z} {w}");
        assert!(h * z <= 2000.0);
        // A hall's projector: no more than ZOOM_MAX.
        assert_eq!(zoom(&lay, (8000.0, 8000.0)), ZOOM_MAX);
        // No room to spare (or no number at all): as laid out, never smaller.
        assert_eq!(zoom(&lay, (w, h)), 1.0);
        assert_eq!(zoom(&lay, (w - 10.0, h + 500.0)), 1.0);
        assert_eq!(zoom(&lay, (f64::NAN, 900.0)), 1.0);
        // The page scrolls and stays as it was: no zoom, the same layout.
        let page = Layout::fitted(&l, View::Direct, (1240.0, 560.0), 2.0);
        assert_eq!(page.zoom, 1.0);
        assert_eq!(Layout { zoom: 1.0, ..lay }, page);
        let sc = build(&l, 0, None, 1240.0, 560.0, &Palette::LIGHT);
        assert_eq!(sc.layout.zoom, 1.0);
    }

    #[test]
    fn a_slide_does_not_zoom_a_picture_the_room_already_shrank() {
        // Cells below the largest are what the room allowed: zooming them would only blur
        // what a larger cell would have drawn, and the frame has nothing to spare anyway.
        let l = layer(32, 3, 4, 3, 1, 1);
        let lay = Layout::fitted(&l, View::Direct, (1240.0, 560.0), 1.0);
        assert!(lay.cell < CELL_MAX);
        assert_eq!(lay.zoom, 1.0);
        assert_eq!(zoom(&Layout { zoom: 1.0, ..lay }, (5000.0, 5000.0)), 1.0);
    }

    #[test]
    fn a_zoomed_frame_fits_its_room_whole_titles_and_labels_included() {
        // The titles and the labels widen a picture after its layout (a small filter's
        // label, the heading); in a slide they do so within the room at the zoom, so the
        // zoomed picture never scrolls. And a painter is asked about its bitmaps at the
        // zoom the frame is shown at (it multiplies the pixel ratio).
        let layers = [
            Layer::new(preset("7x7-s2")).unwrap(),
            Layer::new(preset("pool-4x4")).unwrap(),
            Layer::new(preset("f3-s1-p1")).unwrap(),
            layer(3, 1, 1, 1, 1, 0),
            layer(3, 1, 1, 3, 1, 0),
            layer(3, 3, 2, 2, 1, 1),
        ];
        let mut zoomed = 0;
        for l in &layers {
            for room in [
                (900.0, 400.0),
                (1240.0, 560.0),
                (1900.0, 900.0),
                (500.0, 900.0),
            ] {
                let (sc, asked) = in_frame(l, View::Direct, room);
                let z = sc.layout.zoom;
                let (w, h) = (sc.layout.width.ceil() * z, sc.layout.height.ceil() * z);
                assert!(
                    w <= room.0 && h <= room.1,
                    "{:?} at {room:?}: {w} × {h} (×{z})",
                    l.config
                );
                assert!((1.0..=ZOOM_MAX).contains(&z));
                assert!(!asked.is_empty() && asked.iter().all(|&a| a == z));
                zoomed += usize::from(z > 1.0);
            }
        }
        assert!(zoomed >= 12, "{zoomed}");
        // A 1 × 1 × 1 input with a 1 × 1 filter: its heading is most of its width, and the
        // picture, titles and all, still grows as far as the frame allows.
        let (sc, _) = in_frame(&layers[3], View::Direct, (1900.0, 900.0));
        assert!(sc.layout.zoom > 1.5, "{}", sc.layout.zoom);
    }

    #[test]
    fn the_scatter_view_zooms_in_a_slide_and_still_fits() {
        let l = Layer::new(preset("tconv-2x2-4x4")).unwrap();
        for room in [(900.0, 400.0), (1240.0, 560.0), (1900.0, 900.0)] {
            let (sc, _) = in_frame(&l, View::Scatter, room);
            let z = sc.layout.zoom;
            assert!(sc.layout.scatter);
            assert!(z > 1.0, "{room:?}");
            let (w, h) = (sc.layout.width.ceil() * z, sc.layout.height.ceil() * z);
            assert!(w <= room.0 && h <= room.1, "{room:?}: {w} × {h} (×{z})");
        }
    }

    /// Asserts that everything `sc` draws lies inside its picture (a text as wide as the scene
    /// measures it, `text_width`, and as tall as its size).
    fn assert_inside(sc: &Scene, what: &str) {
        let lay = &sc.layout;
        for sh in &sc.flat() {
            let b = match sh {
                Shape::Text {
                    x,
                    y,
                    text,
                    size,
                    align,
                    ..
                } => {
                    let w = text_width(text, *size);
                    let left = if *align == Align::Left {
                        *x
                    } else {
                        x - w / 2.0
                    };
                    (left, y - size / 2.0, left + w, y + size / 2.0)
                }
                _ => sh.bounds(),
            };
            let inside = b.0 >= -1.0 && b.1 >= -1.0 && b.2 <= lay.width + 1.0;
            assert!(
                inside && b.3 <= lay.height + 1.0,
                "{what}: {sh:?} in {} × {}",
                lay.width,
                lay.height
            );
        }
    }

    /// The centres of the texts `s` drawn in `sc`.
    fn signs(sc: &Scene, s: &str) -> Vec<(f64, f64)> {
        let at = |sh: &Shape| match sh {
            Shape::Text { x, y, text, .. } if text == s => Some((*x, *y)),
            _ => None,
        };
        sc.flat().iter().filter_map(at).collect()
    }

    #[test]
    fn a_slide_puts_each_filter_under_its_slice_when_that_keeps_the_numbers() {
        // The notes' 7 × 7 × 3 with two filters (P = 1) in a 1024 × 768 frame, whose picture
        // gets 986 × 413: side by side, the width allowed 17 px cells (no numbers) and left
        // the height below empty. With each filter under its input slice: 21 px, numbers.
        let l = Layer::new(preset("f3-s1-p1")).unwrap();
        let room = (986.0, 413.0);
        let (sc, _) = in_frame(&l, View::Direct, room);
        let lay = &sc.layout;
        assert_eq!(lay.cell, 21.0);
        assert!(!lay.stacked && lay.zoom == 1.0);
        assert!(lay.width <= room.0 && lay.height <= room.1, "{lay:?}");
        let (c, side) = (lay.cell, 9.0 * lay.cell);
        for (&(sx, sy), &(fx, fy)) in lay.slices.iter().zip(&lay.filters) {
            // One row of slices, each with its filter under it, flush with its right edge.
            assert_eq!(sy, TITLE_H + LABEL_H);
            assert_eq!(
                (fx + 3.0 * c, fy),
                (sx + side, sy + side + SLICE_GAP + LABEL_H)
            );
        }
        // The maps beside the row, after the "=".
        assert_eq!(lay.maps[0].0, lay.slices[2].0 + side + GAP);
        // Every input and weight cell has its number, and so does the first output.
        let numbers = sc
            .flat()
            .iter()
            .filter(
                |sh| matches!(sh, Shape::Text { align: Align::Center, size, .. } if *size < 20.0),
            )
            .count();
        assert_eq!(numbers, 3 * (81 + 9) + 1);
        // "∗" left of each filter at its middle; "+" between the pairs, at the same height.
        let star: Vec<_> = lay
            .filters
            .iter()
            .map(|&(x, y)| (x - GAP / 2.0, y + 1.5 * c))
            .collect();
        assert_eq!(signs(&sc, "∗"), star);
        let plus: Vec<_> = lay.slices[1..]
            .iter()
            .zip(&star)
            .map(|(&(x, _), &(_, y))| (x - PAIR_GAP / 2.0, y))
            .collect();
        assert_eq!(signs(&sc, "+"), plus);
        assert_inside(&sc, "7 × 7 × 3");
        // The pointer finds the cells where they are drawn.
        let mid = |(x, y): (f64, f64), r: usize, col: usize| {
            (x + (col as f64 + 0.5) * c, y + (r as f64 + 0.5) * c)
        };
        let (x, y) = mid(lay.filters[2], 2, 1);
        let weight = Focus::Weight {
            ch: 2,
            fy: 2,
            fx: 1,
        };
        assert_eq!(lay.hit(x, y), Some(weight));
        let (x, y) = mid(lay.slices[1], 8, 8);
        assert_eq!(
            lay.hit(x, y),
            Some(Focus::Input {
                ch: 1,
                py: 8,
                px: 8
            })
        );
        let (x, y) = mid(lay.maps[1], 6, 0);
        assert_eq!(lay.hit(x, y), Some(Focus::Output { k: 1, r: 6, c: 0 }));
        // Left of a filter, under its slice: the "∗", nothing to point at.
        assert_eq!(lay.hit(star[0].0, star[0].1), None);
        // A page, which scrolls, keeps the lecture's arrangement; so does a frame where side
        // by side already prints numbers (1280 × 720's 1242 × 352).
        let page = Layout::fitted(&l, View::Direct, room, 2.0);
        assert_eq!(page.cell, 17.0);
        assert_eq!(page.filters[0].1, page.slices[0].1);
        let wide = Layout::fitted(&l, View::Direct, (1242.0, 352.0), 1.0);
        assert_eq!(wide.cell, 19.0);
        assert_eq!(wide.filters[0].1, wide.slices[0].1);
    }

    #[test]
    fn filters_under_their_slices_stay_in_the_frame_in_every_view() {
        // Frames where a filter goes under its slice: grouped (a filter outside its group is
        // a blank box), depthwise, transposed (both views), pooling (its window): all drawn
        // inside the picture, each filter's label over it.
        let tconv = Config {
            n: 9,
            d: 3,
            k: 1,
            f: 1,
            p: 0,
            transposed: true,
            ..Config::default()
        };
        let d3 = |id| Config { d: 3, ..preset(id) };
        let cases = [
            (preset("grouped-g2"), View::Direct, (1242.0, 360.0)),
            (preset("depthwise"), View::Direct, (1242.0, 352.0)),
            (d3("tconv-2x2-5x5"), View::Direct, (700.0, 350.0)),
            (tconv, View::Scatter, (986.0, 413.0)),
            (d3("pool-4x4"), View::Direct, (500.0, 250.0)),
            (
                Config {
                    d: 4,
                    ..preset("f3-s1-p1")
                },
                View::Direct,
                (1242.0, 352.0),
            ),
        ];
        for (c, view, room) in cases {
            let (sc, _) = in_frame(&Layer::new(c).unwrap(), view, room);
            let lay = &sc.layout;
            assert_eq!(lay.scatter, view == View::Scatter);
            assert!(lay.width <= room.0 && lay.height <= room.1, "{c:?} {lay:?}");
            assert_inside(&sc, &format!("{c:?} {view:?}"));
            for (&(_, sy), &(fx, fy)) in lay.slices.iter().zip(&lay.filters) {
                assert!(fy > sy, "{c:?}: {lay:?}");
                let label = |sh: &Shape| {
                    matches!(sh, Shape::Text { x, y, size, .. }
                        if *x == fx && *size == 12.0 && *y == fy - LABEL_H / 2.0)
                };
                // (Pooling labels only the active channel's window.)
                let labelled = sc.flat().iter().any(label);
                assert!(labelled || c.op == Op::MaxPool, "{c:?} {view:?}");
            }
        }
    }
}
