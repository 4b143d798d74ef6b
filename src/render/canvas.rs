//! Paints a [`Scene`] on an HTML canvas. Thin on purpose: every position was decided in
//! [`super::scene`]; this only sizes the canvas for the screen and replays the shapes.

use super::scene::{Align, Rgba, Scene, Shape};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

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

/// Paints a run of rectangles: the fills, then the outlines, one path and one stroke per
/// outline style (in order of first appearance). Tens of thousands of strokeRect calls, each
/// after setting a freshly formatted colour string (a 64 × 64 input and eight 60 × 60 maps),
/// took most of a frame; where two cells' outlines meet, the later cell's stroke covered the
/// shared edge anyway, so drawing the outlines after all the fills looks the same.
fn paint_rects(
    ctx: &CanvasRenderingContext2d,
    pen: &mut Pen,
    run: &[Shape],
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
    // Outline styles, in order of first appearance.
    let mut styles: Vec<(Rgba, f64)> = Vec::new();
    for r in &rects {
        if let Some(st) = r.5 {
            if !styles.contains(&st) {
                styles.push(st);
            }
        }
    }
    for (x, y, w, h, f) in filled() {
        pen.fill(ctx, &f);
        ctx.fill_rect(x, y, w, h);
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
                paint_rects(&ctx, &mut pen, &shapes[i..i + run])?;
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
