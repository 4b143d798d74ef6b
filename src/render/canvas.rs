//! Paints a [`Scene`] on an HTML canvas. Thin on purpose: every position was decided in
//! [`super::scene`]; this only sizes the canvas for the screen and replays the shapes.

use super::scene::{Align, Rgba, Scene, Shape};
use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// The device pixel ratio, or 1 when the browser reports nonsense.
pub(crate) fn device_pixel_ratio() -> f64 {
    let r = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    if r.is_finite() && r > 0.0 {
        r.min(4.0)
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

/// Rectangles this many or more are filled through one pixel buffer.
const BITMAP_RUN: usize = 64;

/// Paints a run of rectangles: the fills, then the outlines, one path and one stroke per
/// outline style. Tens of thousands of fillRect / strokeRect calls (a 64 × 64 input and
/// eight 60 × 60 maps) took most of a frame; where two cells' outlines meet, the later
/// cell's stroke covered the shared edge anyway. A long run of opaque fills is written
/// into the canvas's pixels in one getImageData / putImageData, each cell snapped to whole
/// device pixels (so adjacent cells leave no seam).
fn paint_rects(
    ctx: &CanvasRenderingContext2d,
    pen: &mut Pen,
    run: &[Shape],
    dpr: f64,
    (bw, bh): (u32, u32),
) -> Result<(), JsValue> {
    let rects: Vec<RectSpec> = run
        .iter()
        .filter_map(|s| match s {
            Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => Some((*x, *y, *w, *h, *fill, *stroke)),
            _ => None,
        })
        .collect();
    let filled = || {
        rects
            .iter()
            .filter_map(|r| r.4.map(|f| (r.0, r.1, r.2, r.3, f)))
    };
    if rects.len() >= BITMAP_RUN && rects.iter().all(|r| r.4.is_none_or(|f| f.a >= 1.0)) {
        // Bounding box in device pixels, inside the buffer.
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (x, y, w, h, _) in filled() {
            x0 = x0.min(x * dpr);
            y0 = y0.min(y * dpr);
            x1 = x1.max((x + w) * dpr);
            y1 = y1.max((y + h) * dpr);
        }
        let x0 = x0.round().clamp(0.0, bw as f64) as usize;
        let y0 = y0.round().clamp(0.0, bh as f64) as usize;
        let x1 = x1.round().clamp(0.0, bw as f64) as usize;
        let y1 = y1.round().clamp(0.0, bh as f64) as usize;
        if x1 > x0 && y1 > y0 {
            let (w, h) = (x1 - x0, y1 - y0);
            // Transparent where no cell is, so drawing it over the canvas keeps what is
            // there (reading the pixels back instead forces a raster and was slower).
            let mut px = vec![0u8; w * h * 4];
            for (x, y, rw, rh, f) in filled() {
                let snap = |v: f64, lo: usize, hi: usize| {
                    ((v * dpr).round().max(0.0) as usize).clamp(lo, hi) - lo
                };
                let (l, r) = (snap(x, x0, x1), snap(x + rw, x0, x1));
                let (t, b) = (snap(y, y0, y1), snap(y + rh, y0, y1));
                let colour = [f.r, f.g, f.b, 255];
                for row in t..b {
                    if let Some(line) = px.get_mut((row * w + l) * 4..(row * w + r) * 4) {
                        for p in line.chunks_exact_mut(4) {
                            p.copy_from_slice(&colour);
                        }
                    }
                }
            }
            let image =
                ImageData::new_with_u8_clamped_array_and_sh(Clamped(&px[..]), w as u32, h as u32)?;
            let scratch = scratch_canvas(w as u32, h as u32)?;
            scratch_context(&scratch)?.put_image_data(&image, 0.0, 0.0)?;
            ctx.save();
            ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
            let drawn = ctx
                .draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                    &scratch, 0.0, 0.0, w as f64, h as f64, x0 as f64, y0 as f64, w as f64,
                    h as f64,
                );
            ctx.restore();
            drawn?;
        }
    } else {
        for (x, y, w, h, f) in filled() {
            pen.fill(ctx, &f);
            ctx.fill_rect(x, y, w, h);
        }
    }
    // Outlines, grouped by style in order of first appearance.
    let mut styles: Vec<(Rgba, f64)> = Vec::new();
    for r in &rects {
        if let Some(st) = r.5 {
            if !styles.contains(&st) {
                styles.push(st);
            }
        }
    }
    for (c, lw) in styles {
        pen.stroke(ctx, &c, lw);
        ctx.begin_path();
        for r in rects.iter().filter(|r| r.5 == Some((c, lw))) {
            ctx.rect(r.0, r.1, r.2, r.3);
        }
        ctx.stroke();
    }
    Ok(())
}

thread_local! {
    /// An offscreen canvas for the cell bitmaps, made once and grown as needed.
    static SCRATCH: std::cell::RefCell<Option<HtmlCanvasElement>> =
        const { std::cell::RefCell::new(None) };
}

/// The offscreen canvas, at least `w` × `h` buffer pixels.
fn scratch_canvas(w: u32, h: u32) -> Result<HtmlCanvasElement, JsValue> {
    let canvas = match SCRATCH.with(|s| s.borrow().clone()) {
        Some(c) => c,
        None => {
            let c: HtmlCanvasElement = web_sys::window()
                .and_then(|w| w.document())
                .ok_or_else(|| JsValue::from_str("no document"))?
                .create_element("canvas")?
                .dyn_into()?;
            SCRATCH.with(|s| *s.borrow_mut() = Some(c.clone()));
            c
        }
    };
    if canvas.width() < w || canvas.height() < h {
        canvas.set_width(canvas.width().max(w));
        canvas.set_height(canvas.height().max(h));
    }
    Ok(canvas)
}

/// The 2D context of a canvas.
fn scratch_context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("this browser gives no 2D canvas"))?
        .dyn_into()
        .map_err(JsValue::from)
}

/// Draws `scene`, sizing the canvas buffer to CSS size × device pixel ratio so the grid stays
/// sharp on HiDPI screens (plotters-canvas leaves this to the caller as well).
pub fn paint(canvas: &HtmlCanvasElement, scene: &Scene) -> Result<(), JsValue> {
    let dpr = device_pixel_ratio();
    let (w, h) = (scene.layout.width.ceil(), scene.layout.height.ceil());
    let (bw, bh) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != bw || canvas.height() != bh {
        canvas.set_width(bw);
        canvas.set_height(bh);
    }
    let style = canvas.style();
    style.set_property("width", &format!("{w}px"))?;
    style.set_property("height", &format!("{h}px"))?;
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("this browser gives no 2D canvas"))?
        .dyn_into()?;
    ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)?;
    ctx.clear_rect(0.0, 0.0, w, h);
    ctx.set_text_baseline("middle");
    ctx.set_line_cap("round");
    let mut pen = Pen::default();
    let shapes = &scene.shapes;
    let mut i = 0;
    while i < shapes.len() {
        match &shapes[i] {
            Shape::Rect { .. } => {
                // A run of rectangles with opaque fills or none (a grid of cells).
                let run = shapes[i..]
                    .iter()
                    .take_while(|s| {
                        matches!(s, Shape::Rect { fill, .. } if fill.is_none_or(|f| f.a >= 1.0))
                    })
                    .count()
                    .max(1);
                paint_rects(&ctx, &mut pen, &shapes[i..i + run], dpr, (bw, bh))?;
                i += run;
                continue;
            }
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
            } => {
                pen.stroke(&ctx, color, *width);
                ctx.begin_path();
                ctx.move_to(*x1, *y1);
                ctx.line_to(*x2, *y2);
                ctx.stroke();
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
                pen.font(&ctx, *size, *bold);
                ctx.set_text_align(match align {
                    Align::Left => "left",
                    Align::Center => "center",
                });
                pen.fill(&ctx, color);
                ctx.fill_text(text, *x, *y)?;
            }
        }
        i += 1;
    }
    Ok(())
}
