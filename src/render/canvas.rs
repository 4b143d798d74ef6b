//! Paints a [`Scene`] on an HTML canvas. Thin on purpose: every position was decided in
//! [`super::scene`]; this only sizes the canvas for the screen and replays the shapes.

use super::scene::{self, Align, Rgba, Scene, Shape};
use std::ops::Range;
use std::rc::Rc;
use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, ImageData};

thread_local! {
    /// How much a deck scales up the frame this page is in (reveal.js scales its slides with
    /// a CSS transform, which the frame's pixel ratio does not show): drawn for it, the
    /// picture stays sharp on a projector. 1 elsewhere.
    static FRAME_SCALE: std::cell::Cell<f64> = const { std::cell::Cell::new(1.0) };
}

/// Measures [`FRAME_SCALE`] again: the frame element's drawn width over its laid-out width,
/// readable when the deck is on this page's origin (a cross-origin frame stays at 1).
pub(crate) fn measure_frame_scale() {
    let s = web_sys::window()
        .and_then(|w| w.frame_element().ok().flatten())
        // The parent's element, of the parent's realm: `instanceof` this realm's HTMLElement
        // is false, so unchecked (an iframe is an HTMLElement).
        .map(|e| e.unchecked_into::<HtmlElement>())
        .map(|e| {
            (
                e.get_bounding_client_rect().width(),
                f64::from(e.offset_width()),
            )
        })
        .filter(|&(drawn, laid)| laid > 0.0 && drawn > laid * 1.05)
        .map_or(1.0, |(drawn, laid)| (drawn / laid).min(3.0));
    FRAME_SCALE.with(|c| c.set(s));
}

/// The device pixel ratio (times a deck's scale of this frame), or 1 when the browser
/// reports nonsense.
pub(crate) fn device_pixel_ratio() -> f64 {
    let r = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    if r.is_finite() && r > 0.0 {
        (r * FRAME_SCALE.with(|c| c.get())).min(4.0)
    } else {
        1.0
    }
}

/// The context's current styles, so that a style is set (and its CSS string made and
/// decoded) only when it changes: a 64 × 64 frame sets thousands of them.
#[derive(Default)]
struct Pen {
    fill: Option<Rgba>,
    stroke: Option<(Rgba, f64)>,
    font: Option<(f64, bool)>,
    align: Option<Align>,
}

impl Pen {
    fn fill(&mut self, ctx: &CanvasRenderingContext2d, c: &Rgba) {
        if self.fill != Some(*c) {
            ctx.set_fill_style_str(&c.css());
            self.fill = Some(*c);
        }
    }

    fn stroke(&mut self, ctx: &CanvasRenderingContext2d, c: &Rgba, width: f64) {
        if self.stroke != Some((*c, width)) {
            ctx.set_stroke_style_str(&c.css());
            ctx.set_line_width(width);
            self.stroke = Some((*c, width));
        }
    }

    fn align(&mut self, ctx: &CanvasRenderingContext2d, align: Align) {
        if self.align != Some(align) {
            ctx.set_text_align(match align {
                Align::Left => "left",
                Align::Center => "center",
            });
            self.align = Some(align);
        }
    }

    fn font(&mut self, ctx: &CanvasRenderingContext2d, size: f64, bold: bool) {
        if self.font != Some((size, bold)) {
            ctx.set_font(&format!(
                "{} {size}px system-ui, -apple-system, 'Segoe UI', sans-serif",
                if bold { 700 } else { 400 }
            ));
            self.font = Some((size, bold));
        }
    }
}

/// x, y, width, height, fill, outline (colour, width) of a rectangle.
type RectSpec = (f64, f64, f64, f64, Option<Rgba>, Option<(Rgba, f64)>);

/// A run with at least this many grid cells goes through [`Lattice`]: below it the rectangles
/// are cheaper than a bitmap (and a small frame stays drawn exactly as before).
const LATTICE_FROM: usize = 64;

/// Cells of the run's cell size whose corners sit on one grid (`origin` + whole multiples of
/// `cell`): a panel's cells. Their fills become one bitmap with a pixel per cell, scaled up
/// without smoothing (one `drawImage` instead of a `fillRect` per cell), and their outlines
/// become the grid's lines, merged into one segment per run of neighbouring edges. A 64 × 64
/// layer has ~46,000 cells on a 1141 × 11168 canvas; their `fillRect`s took ~80 ms a frame.
struct Lattice {
    origin: (f64, f64),
    cell: f64,
    /// (column, row, index of the rectangle in the run).
    cells: Vec<(i64, i64, usize)>,
}

impl Lattice {
    /// The column and row of a cell at `(x, y)`, if it sits on this lattice.
    fn index(origin: (f64, f64), cell: f64, x: f64, y: f64) -> Option<(i64, i64)> {
        let (i, j) = ((x - origin.0) / cell, (y - origin.1) / cell);
        let (ri, rj) = (i.round(), j.round());
        ((i - ri).abs() < 1e-6 && (j - rj).abs() < 1e-6).then_some((ri as i64, rj as i64))
    }

    /// Columns, rows and top-left (column, row) of the cells' bounding box.
    fn bounds(&self) -> (usize, usize, i64, i64) {
        let (mut i0, mut j0, mut i1, mut j1) = (i64::MAX, i64::MAX, i64::MIN, i64::MIN);
        for &(i, j, _) in &self.cells {
            (i0, j0, i1, j1) = (i0.min(i), j0.min(j), i1.max(i), j1.max(j));
        }
        ((i1 - i0 + 1) as usize, (j1 - j0 + 1) as usize, i0, j0)
    }

    /// Draws the filled cells (later ones over earlier, as the rectangles would) as one bitmap.
    fn fill(&self, ctx: &CanvasRenderingContext2d, rects: &[RectSpec]) -> Result<(), JsValue> {
        let (w, h, i0, j0) = self.bounds();
        let mut rgba = vec![0u8; w * h * 4];
        for &(i, j, r) in &self.cells {
            if let Some(f) = rects[r].4 {
                let at = (((j - j0) as usize) * w + (i - i0) as usize) * 4;
                rgba[at..at + 4].copy_from_slice(&[f.r, f.g, f.b, 255]);
            }
        }
        // Exactly the bitmap's size: the canvas being drawn from is copied before the next
        // putImageData changes it, so a scratch grown to the largest lattice (a 64-cell row
        // after eight 64 × 64 maps) made each of a frame's ~200 runs copy ~190 kB.
        let scratch = scratch_canvas()?;
        if scratch.width() != w as u32 || scratch.height() != h as u32 {
            scratch.set_width(w as u32);
            scratch.set_height(h as u32);
        }
        let sctx = context(&scratch)?;
        let image =
            ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w as u32, h as u32)?;
        sctx.put_image_data(&image, 0.0, 0.0)?;
        let c = self.cell;
        ctx.set_image_smoothing_enabled(false);
        ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            &scratch,
            0.0,
            0.0,
            w as f64,
            h as f64,
            self.origin.0 + i0 as f64 * c,
            self.origin.1 + j0 as f64 * c,
            w as f64 * c,
            h as f64 * c,
        )?;
        ctx.set_image_smoothing_enabled(true);
        Ok(())
    }

    /// Adds to the current path the outlines of the cells outlined in `style`: every edge
    /// of such a cell, neighbouring edges on one line merged into one segment. A stroke that
    /// covers at most one device pixel is drawn as a hairline, where each cell's rectangle
    /// drew a shared edge twice (darker) and corners got no mitre: then an edge is added
    /// once per cell it belongs to, to be stroked with butt caps. A wider stroke covers the
    /// union of the rectangles' outlines with mitred corners: then each edge is added once,
    /// to be stroked with square caps. Either way the pixels match the rectangles'.
    fn outline(
        &self,
        ctx: &CanvasRenderingContext2d,
        rects: &[RectSpec],
        style: (Rgba, f64),
        hairline: bool,
    ) {
        let (w, h, i0, j0) = self.bounds();
        let mut on = vec![false; w * h];
        for &(i, j, r) in &self.cells {
            if rects[r].5 == Some(style) {
                on[((j - j0) as usize) * w + (i - i0) as usize] = true;
            }
        }
        let at = |i: usize, j: usize| on[j * w + i];
        let c = self.cell;
        let (x0, y0) = (self.origin.0 + i0 as f64 * c, self.origin.1 + j0 as f64 * c);
        // How many times an edge is drawn, given how many of its two cells are outlined.
        let times = |n: u8| if hairline { n } else { n.min(1) };
        let mut segs = Vec::new();
        // Horizontal lines: line `j` is the top of row `j` and the bottom of row `j − 1`.
        for j in 0..=h {
            let count = |i: usize| times((j < h && at(i, j)) as u8 + (j > 0 && at(i, j - 1)) as u8);
            scene::edge_runs(w, count, &mut segs);
            for &(a, b, n) in &segs {
                for _ in 0..n {
                    ctx.move_to(x0 + a as f64 * c, y0 + j as f64 * c);
                    ctx.line_to(x0 + b as f64 * c, y0 + j as f64 * c);
                }
            }
        }
        for i in 0..=w {
            let count = |j: usize| times((i < w && at(i, j)) as u8 + (i > 0 && at(i - 1, j)) as u8);
            scene::edge_runs(h, count, &mut segs);
            for &(a, b, n) in &segs {
                for _ in 0..n {
                    ctx.move_to(x0 + i as f64 * c, y0 + a as f64 * c);
                    ctx.line_to(x0 + i as f64 * c, y0 + b as f64 * c);
                }
            }
        }
    }
}

thread_local! {
    /// An off-screen canvas the lattices' bitmaps are put on before being scaled up.
    static SCRATCH: std::cell::RefCell<Option<HtmlCanvasElement>> = const { std::cell::RefCell::new(None) };
}

/// Replaces everything on `ctx` (a canvas of `size` device pixels) with `from`'s pixels.
fn copy_whole(
    ctx: &CanvasRenderingContext2d,
    from: &HtmlCanvasElement,
    size: (u32, u32),
) -> Result<(), JsValue> {
    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
    ctx.clear_rect(0.0, 0.0, size.0 as f64, size.1 as f64);
    ctx.draw_image_with_html_canvas_element(from, 0.0, 0.0)
}

/// A new canvas, not in the document; in a worker (the stage painted off the main thread,
/// `ui::stage_worker`), an `OffscreenCanvas`, which the painter uses through the same
/// bindings: it has the element's `width`, `height` and `getContext`, and `drawImage` takes
/// either.
pub(crate) fn new_canvas() -> Result<HtmlCanvasElement, JsValue> {
    match web_sys::window().and_then(|w| w.document()) {
        Some(doc) => Ok(doc.create_element("canvas")?.unchecked_into()),
        None => Ok(web_sys::OffscreenCanvas::new(1, 1)?.unchecked_into()),
    }
}

fn scratch_canvas() -> Result<HtmlCanvasElement, JsValue> {
    SCRATCH.with(|s| {
        if let Some(c) = s.borrow().as_ref() {
            return Ok(c.clone());
        }
        let c = new_canvas()?;
        *s.borrow_mut() = Some(c.clone());
        Ok(c)
    })
}

/// Paints a run of rectangles: the fills, then the outlines, one path and one stroke per
/// outline style (in order of first appearance). Tens of thousands of strokeRect calls, each
/// after setting a freshly formatted colour string (a 64 × 64 input and eight 60 × 60 maps),
/// took most of a frame; where two cells' outlines meet, the later cell's stroke covered the
/// shared edge anyway, so drawing the outlines after all the fills looks the same. A run with
/// many cells of the scene's cell size draws them through [`Lattice`].
fn paint_rects(
    ctx: &CanvasRenderingContext2d,
    pen: &mut Pen,
    run: &[Shape],
    cell: f64,
    dpr: f64,
) -> Result<(), JsValue> {
    let mut rects: Vec<RectSpec> = Vec::with_capacity(run.len());
    for s in run {
        s.for_each_rect(|x, y, w, h, fill, stroke| rects.push((x, y, w, h, fill, stroke)));
    }
    let is_cell = |r: &RectSpec| cell > 0.0 && r.2 == cell && r.3 == cell;
    let lattice = rects.iter().filter(|r| is_cell(r)).count() >= LATTICE_FROM;
    // Outline styles, in order of first appearance.
    let mut styles: Vec<(Rgba, f64)> = Vec::new();
    for r in &rects {
        if let Some(st) = r.5 {
            if !styles.contains(&st) {
                styles.push(st);
            }
        }
    }
    // Fills in order; consecutive cells gather in lattices, drawn before any other fill.
    let mut lattices: Vec<Lattice> = Vec::new();
    let mut done: Vec<Lattice> = Vec::new();
    for (n, r) in rects.iter().enumerate() {
        if lattice && is_cell(r) {
            let on = lattices
                .iter()
                .position(|l| Lattice::index(l.origin, cell, r.0, r.1).is_some());
            match on {
                Some(k) => {
                    let l = &mut lattices[k];
                    if let Some((i, j)) = Lattice::index(l.origin, cell, r.0, r.1) {
                        l.cells.push((i, j, n));
                    }
                }
                None => lattices.push(Lattice {
                    origin: (r.0, r.1),
                    cell,
                    cells: vec![(0, 0, n)],
                }),
            }
            continue;
        }
        if let Some(f) = r.4 {
            for l in lattices.drain(..) {
                l.fill(ctx, &rects)?;
                done.push(l);
            }
            pen.fill(ctx, &f);
            ctx.fill_rect(r.0, r.1, r.2, r.3);
        }
    }
    for l in lattices.drain(..) {
        l.fill(ctx, &rects)?;
        done.push(l);
    }
    for st in styles {
        pen.stroke(ctx, &st.0, st.1);
        ctx.begin_path();
        for r in &rects {
            if r.5 == Some(st) && !(lattice && is_cell(r)) {
                ctx.rect(r.0, r.1, r.2, r.3);
            }
        }
        if lattice {
            let hairline = st.1 * dpr <= 1.0;
            ctx.set_line_cap(if hairline { "butt" } else { "square" });
            for l in &done {
                l.outline(ctx, &rects, st, hairline);
            }
        }
        ctx.stroke();
        if lattice {
            ctx.set_line_cap("round");
        }
    }
    Ok(())
}

/// The context's 2D interface (an `OffscreenCanvasRenderingContext2D` for an
/// `OffscreenCanvas`, in the stage's worker and in `shown.rs`: the same methods, so the same
/// bindings, unchecked).
pub(crate) fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    Ok(canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("this browser gives no 2D canvas"))?
        .unchecked_into())
}

/// Where a frame's CSS size goes.
#[derive(Clone, Copy)]
pub enum Sizing<'a> {
    /// On the page: on the canvas, and on its parent when given (which clips it, so the
    /// canvas can keep its store across neighbouring sizes, see [`prepare`]).
    Page(Option<&'a HtmlElement>),
    /// Nowhere: an `OffscreenCanvas` in a worker, whose placeholder the page sizes
    /// ([`size_css`]).
    Store,
}

/// Gives `canvas` (and `frame`, its clipping parent) the CSS size of `scene`, at its zoom.
pub fn size_css(
    canvas: &HtmlElement,
    frame: Option<&HtmlElement>,
    scene: &Scene,
) -> Result<(), JsValue> {
    let z = scene.layout.zoom;
    let (w, h) = (
        scene.layout.width.ceil() * z,
        scene.layout.height.ceil() * z,
    );
    for el in std::iter::once(canvas).chain(frame) {
        css_size(el, w, h)?;
    }
    // A print lays the page out at the paper's width, which the layout never hears of:
    // www/style.css zooms the stage's clip by this there. Through the CSSOM, which a strict
    // Content-Security-Policy allows (a style attribute it refuses).
    let zoom = scene::print_zoom(w).to_string();
    canvas.style().set_property("--print-zoom", &zoom)
}

/// Gives `el` a CSS size of `w` × `h` px.
fn css_size(el: &HtmlElement, w: f64, h: f64) -> Result<(), JsValue> {
    let style = el.style();
    style.set_property("width", &format!("{w}px"))?;
    style.set_property("height", &format!("{h}px"))
}

/// Sizes `canvas` for a scene (CSS size × device pixel ratio, so the grid stays sharp on HiDPI
/// screens; plotters-canvas leaves this to the caller as well) and returns its context and
/// the buffer's size. A store that holds the scene and is not much larger
/// ([`scene::backing_size`]) is kept, with the CSS size it was made with, or grown to hold
/// both the scene and the last (K 9 ↔ 10 at N = 64: a wider frame, then a taller one): the
/// picture stays sharp, and `frame` (the canvas's parent, which clips it) takes the scene's
/// CSS size, so the page lays out exactly as for a canvas of the scene's size. `kept` is the
/// pixel ratio the store was sized for and the last frame's size in device pixels; only a
/// store made at this ratio is kept. `dpr` is the ratio the scene is drawn at, its zoom
/// included (the canvas's CSS size is its store's at the screen's ratio, `dpr` / zoom).
fn prepare(
    canvas: &HtmlCanvasElement,
    sizing: Sizing,
    scene: &Scene,
    dpr: f64,
    kept: &mut (f64, (u32, u32)),
) -> Result<(CanvasRenderingContext2d, (u32, u32)), JsValue> {
    let (w, h) = (scene.layout.width.ceil(), scene.layout.height.ceil());
    let need = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    let have = (canvas.width(), canvas.height());
    let frame = match sizing {
        Sizing::Page(frame) => frame,
        Sizing::Store => None,
    };
    let (kept_dpr, last) = *kept;
    let size = if frame.is_some() && kept_dpr == dpr {
        scene::backing_size(have, need, last)
    } else {
        need
    };
    if size != have {
        canvas.set_width(size.0);
        canvas.set_height(size.1);
    }
    *kept = (dpr, need);
    if let Sizing::Page(frame) = sizing {
        // A new store: the canvas at its CSS size, which a store grown to hold this frame
        // and the last makes larger than the frame. The frame that clips it (else the
        // canvas) at the scene's.
        if size != have || kept_dpr != dpr {
            let z = scene.layout.zoom;
            css_size(canvas, size.0 as f64 / dpr * z, size.1 as f64 / dpr * z)?;
        }
        size_css(frame.unwrap_or(canvas), None, scene)?;
    }
    Ok((context(canvas)?, size))
}

/// Draws the scene's shapes `range` on `ctx` (already cleared, or holding the shapes before
/// them), in CSS pixels. A panel ([`scene::Panel`]) that lies wholly in `range` is copied
/// from its bitmap in `panels` (drawn first if its content is new) instead of drawn shape by
/// shape.
fn draw(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene,
    range: Range<usize>,
    dpr: f64,
    panels: &mut Panels,
) -> Result<(), JsValue> {
    draw_in(ctx, scene, range, dpr, panels, None)
}

/// [`draw`], leaving out what lies wholly outside `only` (device pixels) when given: only
/// there was the frame restored to be drawn over.
fn draw_in(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene,
    range: Range<usize>,
    dpr: f64,
    panels: &mut Panels,
    only: Option<&[scene::Area]>,
) -> Result<(), JsValue> {
    let (shapes, cell) = (&scene.shapes[..range.end], scene.layout.cell);
    let shapes = Drawn {
        shapes,
        cell,
        dpr,
        shift: (0.0, 0.0),
        only,
    };
    draw_shapes(ctx, &shapes, range.start, Some((panels, scene)))
}

/// Shapes to draw, and how: the scene's cell size, `dpr` device pixels per CSS pixel,
/// shifted by `shift` device pixels, and only what reaches `only` if given.
struct Drawn<'a> {
    shapes: &'a [Shape],
    cell: f64,
    dpr: f64,
    shift: (f64, f64),
    only: Option<&'a [scene::Area]>,
}

impl Drawn<'_> {
    /// Whether something within `b` (CSS pixels) can change a pixel that is drawn.
    fn reaches(&self, b: scene::Bounds) -> bool {
        self.only.is_none_or(|only| {
            let (l, t) = (b.0 * self.dpr + self.shift.0, b.1 * self.dpr + self.shift.1);
            let (r, bt) = (b.2 * self.dpr + self.shift.0, b.3 * self.dpr + self.shift.1);
            // A device pixel of antialiasing either way.
            only.iter().any(|&(x0, y0, x1, y1)| {
                let (x0, y0, x1, y1) = (f64::from(x0), f64::from(y0), f64::from(x1), f64::from(y1));
                l - 1.0 < x1 && x0 < r + 1.0 && t - 1.0 < y1 && y0 < bt + 1.0
            })
        })
    }
}

/// Draws `drawn.shapes[from..]` on `ctx`; with `panels`, the shapes are the scene's and its
/// panels are copied.
fn draw_shapes(
    ctx: &CanvasRenderingContext2d,
    drawn: &Drawn,
    from: usize,
    mut panels: Option<(&mut Panels, &Scene)>,
) -> Result<(), JsValue> {
    let (shapes, cell, dpr, shift) = (drawn.shapes, drawn.cell, drawn.dpr, drawn.shift);
    let transform =
        |ctx: &CanvasRenderingContext2d| ctx.set_transform(dpr, 0.0, 0.0, dpr, shift.0, shift.1);
    transform(ctx)?;
    ctx.set_text_baseline("middle");
    ctx.set_line_cap("round");
    let mut pen = Pen::default();
    let mut i = from;
    // The next panel that could start at `i`.
    let mut next = panels.as_ref().map_or(0, |(_, scene)| {
        scene.panels.partition_point(|p| p.range.start < i)
    });
    loop {
        if let Some((cache, scene)) = panels.as_mut() {
            while scene.panels.get(next).is_some_and(|p| p.range.start < i) {
                next += 1;
            }
            // A kept panel at the end of a part of the scene is the next part's to copy.
            let whole = shapes.len() == scene.shapes.len();
            let here =
                |p: &&scene::Panel| p.range.start == i && !scene::in_place(p, &scene.layout, dpr);
            // A panel drawn in place is left out whole when it reaches nothing drawn: its
            // shapes stay in its bounds, where their own (a text's estimated width) may not.
            let skipped = |p: &&scene::Panel| {
                p.range.start == i
                    && p.range.end > i
                    && p.range.end <= shapes.len()
                    && !drawn.reaches((
                        p.bounds.0,
                        p.bounds.1,
                        p.bounds.0 + p.bounds.2,
                        p.bounds.1 + p.bounds.3,
                    ))
            };
            if let Some(p) = scene.panels.get(next).filter(skipped) {
                next += 1;
                i = p.range.end;
                continue;
            }
            if let Some(p) = scene.panels.get(next).filter(here) {
                next += 1;
                if p.range.end <= shapes.len() && (i < shapes.len() || whole) {
                    let (x, y, w, h) = p.bounds;
                    if drawn.reaches((x, y, x + w, y + h)) {
                        cache.blit(ctx, scene, next - 1, dpr)?;
                        transform(ctx)?;
                    }
                    i = p.range.end;
                    continue;
                }
            }
        }
        if i >= shapes.len() {
            break;
        }
        let lone = !matches!(shapes[i], Shape::Rect { .. } | Shape::Cells { .. });
        if lone && drawn.only.is_some() && !drawn.reaches(shapes[i].bounds()) {
            i += 1;
            continue;
        }
        match &shapes[i] {
            Shape::Rect { .. } | Shape::Cells { .. } => {
                // A run of rectangles with opaque fills or none (a grid of cells); none
                // reaches a kept panel (one without shapes), which follows its label.
                let run = shapes[i..]
                    .iter()
                    .take_while(|s| s.in_cell_run())
                    .count()
                    .max(1);
                let run = &shapes[i..i + run];
                i += run.len();
                // A run is drawn whole or not at all (see `scene::changed`).
                if drawn.only.is_some() && !scene::bounds_of(run).is_some_and(|b| drawn.reaches(b))
                {
                    continue;
                }
                paint_rects(ctx, &mut pen, run, cell, dpr)?;
                continue;
            }
            Shape::Line { color, width, .. } => {
                // The lines that follow in the same colour and width are one path, stroked
                // once, up to the next panel: a padded slice's hatching is hundreds of lines
                // (four a cell where numbers are drawn).
                let stop = panels
                    .as_ref()
                    .and_then(|(_, scene)| scene.panels.get(next))
                    .map_or(shapes.len(), |p| p.range.start.max(i + 1).min(shapes.len()));
                pen.stroke(ctx, color, *width);
                ctx.begin_path();
                while let Some(s @ Shape::Line { x1, y1, x2, y2, .. }) =
                    shapes[..stop].get(i).filter(|s| s.same_pen(color, *width))
                {
                    if drawn.only.is_none() || drawn.reaches(s.bounds()) {
                        ctx.move_to(*x1, *y1);
                        ctx.line_to(*x2, *y2);
                    }
                    i += 1;
                }
                ctx.stroke();
                continue;
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
                pen.font(ctx, *size, *bold);
                pen.align(ctx, *align);
                pen.fill(ctx, color);
                ctx.fill_text(text, *x, *y)?;
            }
        }
        i += 1;
    }
    Ok(())
}

/// The panels' bitmaps, each an off-screen canvas holding one [`scene::Panel`] as drawn,
/// found by its content ([`Scene::panel_key`]), the device pixel ratio and its sub-pixel
/// offset. A 64 × 64 layer's slider change used to redraw ~46,000 cells; now it draws the
/// panels whose content changed (a change of K: the filters and the maps that differ) and
/// copies the rest, pixel for pixel what drawing them in place gives.
#[derive(Default)]
pub struct Panels {
    /// At most [`KEEP_MAX`], looked up a dozen times a frame: a list, not a `HashMap` (whose
    /// code for one more key type cost the page ~4 kB gzipped).
    kept: Vec<Kept>,
    /// Canvases of evicted panels, reused rather than created again.
    spare: Vec<HtmlCanvasElement>,
    /// Frames painted so far: a panel unused for [`KEEP_FRAMES`] frames is let go.
    frame: u64,
}

/// (content, device pixel ratio and sub-pixel offsets as bits).
type PanelKey = ((u64, u64), u64, u64, u64);

struct Kept {
    key: PanelKey,
    canvas: HtmlCanvasElement,
    used: u64,
}

/// A panel's bitmap's key, top-left device pixel, sub-pixel offset and size ([`place`]).
type Placed = (PanelKey, (f64, f64), (f64, f64), (f64, f64));

/// The key of a panel's bitmap, its top-left device pixel, its sub-pixel offset and its
/// size in device pixels: the bitmap starts on a whole device pixel, and what is left over is
/// part of the key.
fn place(content: (u64, u64), (bx, by, bw, bh): (f64, f64, f64, f64), dpr: f64) -> Placed {
    let (x0, y0) = ((bx * dpr).floor(), (by * dpr).floor());
    let (fx, fy) = (bx * dpr - x0, by * dpr - y0);
    let (w, h) = (((bx + bw) * dpr).ceil() - x0, ((by + bh) * dpr).ceil() - y0);
    let key = (content, dpr.to_bits(), fx.to_bits(), fy.to_bits());
    (key, (x0, y0), (fx, fy), (w, h))
}

/// How many frames a panel's bitmap outlives its last use: a slider moved back and forth, or
/// an animation whose other maps are still on screen, finds it again, and so does a looping
/// animation its filters (the CS231n demo's loop is 18 steps: at 16 frames, each step to the
/// next filter drew that filter's slices anew). [`KEEP_MAX`] bounds the memory either way.
const KEEP_FRAMES: u64 = 64;
/// At most this many bitmaps are kept (a 64 × 64 × 8 layer with K = 16 has 8 slices, 8
/// filter slices and 16 maps; the empty maps share one).
const KEEP_MAX: usize = 96;

impl Panels {
    /// Copies panel `i` of `scene` onto `ctx` (drawing its bitmap first if no kept one has
    /// the same content), leaving `ctx` with the identity transform.
    fn blit(
        &mut self,
        ctx: &CanvasRenderingContext2d,
        scene: &Scene,
        i: usize,
        dpr: f64,
    ) -> Result<(), JsValue> {
        let p = &scene.panels[i];
        let (bx, by, _, _) = p.bounds;
        let (key, (x0, y0), (fx, fy), (w, h)) = place(scene.panel_key(i), p.bounds, dpr);
        let frame = self.frame;
        let at = match self.kept.iter().position(|k| k.key == key) {
            Some(at) => at,
            // Its shapes were left out for a bitmap that is gone: cannot happen while the frame
            // is painted in the task that built its scene (see `Frames::holds`).
            None if p.kept => return Ok(()),
            None => {
                let canvas = match self.spare.pop() {
                    Some(c) => c,
                    None => new_canvas()?,
                };
                let (cw, ch) = (w as u32, h as u32);
                let pctx = context(&canvas)?;
                if canvas.width() != cw || canvas.height() != ch {
                    canvas.set_width(cw);
                    canvas.set_height(ch);
                } else {
                    pctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
                    pctx.clear_rect(0.0, 0.0, w, h);
                }
                // Drawn in the panel's own coordinates: Skia rounds coordinates to 32-bit
                // floats, so the same hatch line drawn at x = 900 and at x = 20 covers pixels
                // a few 255ths differently; relative to its corner a panel draws the same
                // anywhere.
                let moved: Vec<Shape> = scene.shapes[p.range.clone()]
                    .iter()
                    .map(|s| s.moved(-bx, -by))
                    .collect();
                let moved = Drawn {
                    shapes: &moved,
                    cell: scene.layout.cell,
                    dpr,
                    shift: (fx, fy),
                    only: None,
                };
                draw_shapes(&pctx, &moved, 0, None)?;
                self.kept.push(Kept {
                    key,
                    canvas,
                    used: frame,
                });
                self.kept.len() - 1
            }
        };
        let k = &mut self.kept[at];
        k.used = frame;
        ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
        if p.parts.is_empty() {
            return ctx.draw_image_with_html_canvas_element(&k.canvas, x0, y0);
        }
        // Only the parts, each cut at whole device pixels of the bitmap (`max` and `min`, not
        // `clamp`, whose panic message alone brought 2.5 kB of float formatting to the wasm).
        let px = |v: f64, o: f64, most: f64| ((v * dpr).round() - o).max(0.0).min(most);
        for &(l, t, r, b) in &p.parts {
            let (sx, sy) = (px(l, x0, w), px(t, y0, h));
            let (sw, sh) = (px(r, x0, w) - sx, px(b, y0, h) - sy);
            if sw > 0.0 && sh > 0.0 {
                ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                    &k.canvas,
                    sx,
                    sy,
                    sw,
                    sh,
                    x0 + sx,
                    y0 + sy,
                    sw,
                    sh,
                )?;
            }
        }
        Ok(())
    }

    /// Whether a bitmap of `content` at `bounds` is kept; it is then kept for this frame too.
    fn holds(&mut self, content: (u64, u64), bounds: (f64, f64, f64, f64), dpr: f64) -> bool {
        let key = place(content, bounds, dpr).0;
        let frame = self.frame;
        self.kept
            .iter_mut()
            .find(|k| k.key == key)
            .map(|k| k.used = frame)
            .is_some()
    }

    /// After a frame: lets go of the bitmaps no recent frame used.
    fn end_frame(&mut self) {
        let frame = self.frame;
        let mut i = 0;
        while i < self.kept.len() {
            let oldest = (0..self.kept.len())
                .min_by_key(|&j| self.kept[j].used)
                .filter(|_| self.kept.len() > KEEP_MAX);
            let stale = self.kept[i].used + KEEP_FRAMES < frame;
            match (stale, oldest) {
                (false, None) => i += 1,
                (true, _) => self.evict(i),
                (false, Some(j)) => self.evict(j),
            }
        }
        self.frame += 1;
    }

    fn evict(&mut self, i: usize) {
        let k = self.kept.swap_remove(i);
        if self.spare.len() < 8 {
            self.spare.push(k.canvas);
        }
    }
}

/// What one frame leaves for the next: the scene it painted, and an off-screen canvas
/// holding its first `len` shapes as painted. An animation step or a pointer move changes
/// only the shapes from the current output map (or the focus marks) on: the next frame
/// copies the unchanged beginning (the input with its numbers, the filters, the finished
/// maps) with one `drawImage` and draws only the rest, pixel for pixel what a full repaint
/// would draw ([`scene::reusable_prefix`] ends the copy where a run of cells starts).
#[derive(Default)]
pub struct Frames {
    last: Option<Rc<Scene>>,
    cache: Option<Cached>,
    /// Pictures of a frame's settled part ([`Scene::settled`]), newest last: a frame that
    /// draws the same copies one and draws the rest over it. A looping animation then draws
    /// each filter's settled part once, where the step to the next filter drew it again each
    /// loop (the CS231n demo's slowest step of nine, ~1.5 ms above the others; PERFORMANCE.md).
    bases: Vec<Base>,
    panels: Panels,
    /// The device pixel ratio the canvas's store was sized for, and the last frame's size in
    /// device pixels.
    store: (f64, (u32, u32)),
    /// The canvas `last` was painted on in full, its store's size and the pixel ratio: a
    /// frame painted there again paints only where it differs from `last`.
    painted: Option<(HtmlCanvasElement, (u32, u32), f64)>,
}

/// A picture of `scene`'s first `scene.settled` shapes (the copy, once drawn up to there).
struct Base {
    canvas: HtmlCanvasElement,
    scene: Rc<Scene>,
    size: (u32, u32),
    dpr: f64,
}

/// At most this many [`Base`]s, each a whole picture: one per filter of a layer with up to
/// four (the CS231n demo has two), and only for a picture of up to [`BASE_UP_TO`] device
/// pixels (3.2 MB each at most).
const BASES: usize = 4;
const BASE_UP_TO: u32 = 800_000;
/// The largest map drawn over a base at every step (the CS231n demo's has 9 cells; a
/// 32 × 32 layer's 784 cells are cheaper added to the copy one at a time).
const BASE_MAP_CELLS: usize = 64;

struct Cached {
    canvas: HtmlCanvasElement,
    /// How many of the scene's first shapes it holds.
    len: usize,
    size: (u32, u32),
    dpr: f64,
}

impl Frames {
    /// `drawn`, noting first that the canvas holds the frame when it was painted whole.
    fn painted_if(
        &mut self,
        drawn: Result<(), JsValue>,
        canvas: &HtmlCanvasElement,
        size: (u32, u32),
        dpr: f64,
    ) -> Result<(), JsValue> {
        if drawn.is_ok() {
            self.painted = Some((canvas.clone(), size, dpr));
        }
        drawn
    }

    /// Whether the painter holds the bitmap of a panel drawing `content` at `bounds` (the
    /// question [`scene::build_kept`] asks); if so it is kept for the next frame, so a scene
    /// built on the answer is painted from it when painted in the same task (the pixel ratio
    /// cannot change in between). `dpr` is [`device_pixel_ratio`], read once for the scene (a
    /// scene asks this for each of its panels, and each read crosses into JavaScript), times
    /// the zoom the scene names with its question, as [`paint_frame`] multiplies them.
    pub fn holds(&mut self, content: (u64, u64), bounds: (f64, f64, f64, f64), dpr: f64) -> bool {
        self.panels.holds(content, bounds, dpr)
    }
}

/// Draws `scene`, reusing what the previous frame (kept in `frames`) drew the same way. With
/// `frame`, the canvas's parent that clips it, the canvas keeps its store across neighbouring
/// sizes (see [`prepare`]). A zoomed scene (a slide's, [`scene::zoom`]) is drawn as at a pixel
/// ratio that much higher, on a canvas that much larger in CSS: everything below sees only
/// that ratio (as does the scene's question about kept bitmaps, `Frames::holds`).
pub fn paint_frame(
    canvas: &HtmlCanvasElement,
    sizing: Sizing,
    scene: &Rc<Scene>,
    frames: &mut Frames,
    dpr: f64,
) -> Result<(), JsValue> {
    let dpr = dpr * scene.layout.zoom;
    let (ctx, size) = prepare(canvas, sizing, scene, dpr, &mut frames.store)?;
    // Whether the canvas still holds the last frame as painted (set again once this one is).
    let holds_last = frames
        .painted
        .take()
        .is_some_and(|(c, s, d)| &c == canvas && s == size && d == dpr);
    let same = frames.last.replace(scene.clone()).filter(|last| {
        last.layout.width == scene.layout.width && last.layout.height == scene.layout.height
    });
    // Where this frame can differ from the last: only there is the canvas painted again (an
    // animation step of the CS231n demo changes an eighth of it). Clearing and copying the
    // whole 1044 × 640 canvas made its pixels the largest part of the frame's raster work.
    let shared = same
        .as_ref()
        .map_or(0, |last| scene::reusable_prefix(last, scene));
    let changed = same
        .filter(|_| holds_last)
        .and_then(|last| scene::changed(&last, scene, shared));
    if changed.as_ref().is_some_and(|c| c.is_empty()) {
        frames.panels.end_frame();
        frames.painted = Some((canvas.clone(), size, dpr));
        return Ok(());
    }
    let changed = changed.as_deref();
    // A frame that shares a beginning with the last (the next position, not a new layer)
    // copies at least its settled part, so the next frame finds that in the copy: at the
    // step to the next filter the copy is drawn again from the changed filter on, and the
    // step after would otherwise draw it all again (~1 ms of the CS231n demo's step).
    let keep = if shared > 0 {
        shared.max(scene.settled)
    } else {
        0
    };
    let settled = scene.settled;
    let (oh, ow) = scene.layout.out;
    // A small picture whose map being filled is small: its settled part is copied from a
    // base drawn for it before (for each filter, once per loop of the animation), and the
    // rest drawn over it, that map included: no drawing on an off-screen copy at all, so
    // the step to the next filter costs what any step costs.
    let based = settled > 0 && size.0 * size.1 <= BASE_UP_TO && oh * ow <= BASE_MAP_CELLS;
    if based {
        let found = frames.bases.iter().position(|b| {
            b.size == size
                && b.dpr == dpr
                && b.scene.settled == settled
                && scene::reusable_prefix(&b.scene, scene) >= settled
        });
        if let Some(i) = found {
            let b = frames.bases.remove(i);
            let from = b.canvas.clone();
            frames.bases.push(b);
            // The copy no longer follows the frames.
            if let Some(c) = frames.cache.as_mut() {
                c.len = 0;
            }
            let all = settled..scene.shapes.len();
            let drawn = repaint(
                &ctx,
                &from,
                size,
                changed,
                scene,
                all,
                dpr,
                &mut frames.panels,
            );
            frames.panels.end_frame();
            return frames.painted_if(drawn, canvas, size, dpr);
        }
    }
    // The copy holds the last frame's beginning: only what this frame shares stays.
    if frames
        .cache
        .as_ref()
        .is_some_and(|c| c.size != size || c.dpr != dpr || c.len > shared)
    {
        if let Some(c) = frames.cache.as_mut() {
            c.len = 0;
            c.size = size;
            c.dpr = dpr;
        }
    }
    if keep > 0 && frames.cache.is_none() {
        let c = new_canvas()?;
        frames.cache = Some(Cached {
            canvas: c,
            len: 0,
            size,
            dpr,
        });
    }
    let copied = match frames.cache.as_mut() {
        Some(c) if keep > 0 => {
            let cctx = context(&c.canvas)?;
            if c.canvas.width() != size.0 || c.canvas.height() != size.1 {
                c.canvas.set_width(size.0);
                c.canvas.set_height(size.1);
                c.len = 0;
            } else if c.len == 0 {
                cctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
                cctx.clear_rect(0.0, 0.0, size.0 as f64, size.1 as f64);
            }
            // Extend the copy to everything this frame shares with the last one.
            let mut source = None;
            if keep > c.len {
                let whole = based && keep == settled;
                draw(&cctx, scene, c.len..keep, dpr, &mut frames.panels)?;
                c.len = keep;
                if whole {
                    // Just drawn up to the settled part: the copy becomes a base, and the
                    // next frame copies from there; the copy goes on, empty, in the oldest
                    // base's canvas when there are enough (a layer with more filters would
                    // make a canvas at every filter), else in a new one.
                    let spare = if frames.bases.len() >= BASES {
                        frames.bases.remove(0).canvas
                    } else {
                        new_canvas()?
                    };
                    let base = std::mem::replace(&mut c.canvas, spare);
                    c.len = 0;
                    source = Some(base.clone());
                    frames.bases.push(Base {
                        canvas: base,
                        scene: scene.clone(),
                        size,
                        dpr,
                    });
                }
            }
            Some((source.unwrap_or_else(|| c.canvas.clone()), keep))
        }
        _ => None,
    };
    let all = scene.shapes.len();
    let drawn = match copied {
        Some((from, keep)) => repaint(
            &ctx,
            &from,
            size,
            changed,
            scene,
            keep..all,
            dpr,
            &mut frames.panels,
        ),
        None => {
            ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
            ctx.clear_rect(0.0, 0.0, size.0 as f64, size.1 as f64);
            draw(&ctx, scene, 0..all, dpr, &mut frames.panels)
        }
    };
    frames.panels.end_frame();
    frames.painted_if(drawn, canvas, size, dpr)
}

/// Paints `scene` over the frame on the canvas (`ctx`, of `size` device pixels), given where
/// the two differ (`changed`; `None`: everywhere): each rectangle of [`scene::repaint_area`]
/// takes `from`'s pixels (the scene's shapes before `range`, as painted), then the shapes
/// `range` are drawn there; the rest of the frame stays as it is.
#[allow(clippy::too_many_arguments)]
fn repaint(
    ctx: &CanvasRenderingContext2d,
    from: &HtmlCanvasElement,
    size: (u32, u32),
    changed: Option<&[scene::Bounds]>,
    scene: &Scene,
    range: Range<usize>,
    dpr: f64,
    panels: &mut Panels,
) -> Result<(), JsValue> {
    let area = changed.and_then(|c| scene::repaint_area(c, scene, range.start, size, dpr));
    let Some(area) = area else {
        copy_whole(ctx, from, size)?;
        return draw(ctx, scene, range, dpr, panels);
    };
    // No clip: everything drawn from `range` on that reaches a rectangle lies inside it
    // (`scene::repaint_area` grew them so), so drawing leaves the rest of the frame alone. A
    // clip was tried: its edge across an antialiased edge moved that edge by a 255th (and a
    // clip of several rectangles, one path, blended every edge through a coverage mask).
    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
    for r in &area {
        let (x, y) = (f64::from(r.0), f64::from(r.1));
        let (w, h) = (f64::from(r.2 - r.0), f64::from(r.3 - r.1));
        ctx.clear_rect(x, y, w, h);
        ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            from, x, y, w, h, x, y, w, h,
        )?;
    }
    draw_in(ctx, scene, range, dpr, panels, Some(&area))
}
