//! Paints a [`Scene`] on an HTML canvas. Thin on purpose: every position was decided in
//! [`super::scene`]; this only sizes the canvas for the screen and replays the shapes.

use super::scene::{Align, Scene, Shape};
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
    for shape in &scene.shapes {
        match shape {
            Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                if let Some(f) = fill {
                    ctx.set_fill_style_str(&f.css());
                    ctx.fill_rect(*x, *y, *w, *h);
                }
                if let Some((c, lw)) = stroke {
                    ctx.set_stroke_style_str(&c.css());
                    ctx.set_line_width(*lw);
                    ctx.stroke_rect(*x, *y, *w, *h);
                }
            }
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
            } => {
                ctx.set_stroke_style_str(&color.css());
                ctx.set_line_width(*width);
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
                ctx.set_font(&format!(
                    "{} {size}px system-ui, -apple-system, 'Segoe UI', sans-serif",
                    if *bold { 700 } else { 400 }
                ));
                ctx.set_text_align(match align {
                    Align::Left => "left",
                    Align::Center => "center",
                });
                ctx.set_fill_style_str(&color.css());
                ctx.fill_text(text, *x, *y)?;
            }
        }
    }
    Ok(())
}
