//! The real-image view's drawing (wasm32 only). Pictures and activation maps are bitmaps:
//! one RGBA pixel per value, put on a canvas of the map's own size with `putImageData` and
//! scaled up by CSS (`image-rendering: pixelated`), which takes about a millisecond for a
//! 256 × 256 map where drawing each cell as a rectangle took far longer. The small legends
//! and the FC bar chart go through plotters.

use crate::app::charts::ColorScale;
use crate::app::text::num;
use crate::cnn::Volume;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

pub use super::charts::ChartInk;
use super::charts::{js_text, plot_err, prepare, root};
use super::shown::{self, Drawing};

/// The canvas's 2D context.
fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, String> {
    canvas
        .get_context("2d")
        .map_err(js_text)?
        .ok_or_else(|| "this browser gives no 2D canvas".to_string())?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| "not a 2D canvas context".to_string())
}

/// Puts `width` × `height` RGBA bytes on `canvas`, resizing its buffer to exactly that.
pub fn put_rgba(
    canvas: &HtmlCanvasElement,
    width: usize,
    height: usize,
    rgba: &[u8],
) -> Result<(), String> {
    let size = (width as u32, height as u32);
    put_in_store(canvas, size, size, rgba).map(|_| ())
}

/// Sizes `canvas`'s store to `store` (width, height) unless it already is (a resize clears
/// it) and puts `picture` × RGBA bytes at its top left. Gives back the canvas's 2D context
/// when it is drawn on directly; `None` when it shows bitmaps ([`shown::put`]: a fresh store,
/// blank around the picture).
fn put_in_store(
    canvas: &HtmlCanvasElement,
    store: (u32, u32),
    picture: (u32, u32),
    rgba: &[u8],
) -> Result<Option<CanvasRenderingContext2d>, String> {
    if (canvas.width(), canvas.height()) != store {
        canvas.set_width(store.0);
        canvas.set_height(store.1);
    }
    let data = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), picture.0, picture.1)
        .map_err(js_text)?;
    if shown::put(canvas, &data).map_err(js_text)? {
        return Ok(None);
    }
    let ctx = context(canvas)?;
    ctx.put_image_data(&data, 0.0, 0.0).map_err(js_text)?;
    Ok(Some(ctx))
}

thread_local! {
    /// Whether this browser shows part of a canvas's store with CSS `object-view-box`
    /// (Chromium does; a browser without it gets stores of the picture's size).
    static VIEW_BOX: std::cell::Cell<Option<bool>> = const { std::cell::Cell::new(None) };
}

/// Whether `object-view-box` is understood: a style it does not know is dropped.
fn view_box(canvas: &HtmlCanvasElement) -> bool {
    if let Some(known) = VIEW_BOX.get() {
        return known;
    }
    let style = canvas.style();
    let _ = style.set_property("object-view-box", "inset(0px)");
    let known = style
        .get_property_value("object-view-box")
        .is_ok_and(|v| !v.is_empty());
    let _ = style.remove_property("object-view-box");
    VIEW_BOX.set(Some(known));
    known
}

/// Puts `width` × `height` RGBA bytes at the top left of `canvas`, whose store is `store`
/// (width, height; at least the picture's size; the picture's own size where the browser lacks
/// `object-view-box`). Setting a canvas's size reallocates and clears its store: a stride
/// change resized all 16 map canvases (~4.4 ms of the change in a profile). With a store
/// that does not depend on the stride ([`crate::app::lab::Lab::map_store`]) nothing is
/// resized, and CSS `object-view-box` shows only the picture's part of it: the canvas lays out
/// as a canvas of the picture's size (its natural size is the view box), and since the store
/// depends only on the picture, F and padding, a page that got here by sliding the stride
/// paints exactly as one that started at this stride. The rest of the store is cleared. The
/// picture's size is in the canvas's `data-w` and `data-h`, the part of the store to read or
/// export.
pub fn put_rgba_kept(
    canvas: &HtmlCanvasElement,
    store: (usize, usize),
    width: usize,
    height: usize,
    rgba: &[u8],
) -> Result<(), String> {
    let need = (width as u32, height as u32);
    let have = (canvas.width(), canvas.height());
    let shown = |name: &str| {
        canvas
            .get_attribute(name)
            .and_then(|v| v.parse::<u32>().ok())
    };
    let was = (shown("data-w"), shown("data-h"));
    let store = if store.0 >= width && store.1 >= height && view_box(canvas) {
        (store.0 as u32, store.1 as u32)
    } else {
        need
    };
    let ctx = put_in_store(canvas, store, need, rgba)?;
    if store == have && was == (Some(need.0), Some(need.1)) {
        return Ok(()); // same store, same picture size: the rest and the CSS are as they were
    }
    let (w, h) = (need.0 as f64, need.1 as f64);
    let (sw, sh) = (store.0 as f64, store.1 as f64);
    // A smaller picture leaves the last one's pixels around it (a new store is blank).
    // A canvas that shows bitmaps got a fresh store and gave no context.
    if let (true, Some(ctx)) = (store == have, &ctx) {
        ctx.clear_rect(w, 0.0, sw - w, sh);
        ctx.clear_rect(0.0, h, w, sh - h);
    }
    canvas
        .set_attribute("data-w", &need.0.to_string())
        .map_err(js_text)?;
    canvas
        .set_attribute("data-h", &need.1.to_string())
        .map_err(js_text)?;
    let style = canvas.style();
    if store == need {
        style.remove_property("object-view-box").map_err(js_text)?;
    } else {
        let inset = format!("inset(0px {}px {}px 0px)", sw - w, sh - h);
        style
            .set_property("object-view-box", &inset)
            .map_err(js_text)?;
    }
    Ok(())
}

/// The input volume as a picture: RGB for three channels, grey for one.
pub fn paint_input(canvas: &HtmlCanvasElement, v: &Volume) -> Result<(), String> {
    let (h, w) = (v.height(), v.width());
    let n = h * w;
    let byte = |x: f32| (x * 255.0).round().clamp(0.0, 255.0) as u8;
    let data = v.data();
    let mut px = vec![[0u8; 4]; n];
    for (i, p) in px.iter_mut().enumerate() {
        *p = if v.depth() >= 3 {
            [byte(data[i]), byte(data[n + i]), byte(data[2 * n + i]), 255]
        } else {
            let g = byte(data[i]);
            [g, g, g, 255]
        };
    }
    put_rgba(canvas, w, h, &px.into_flattened())
}

/// Steps per sign of a map's colour table.
const STEPS: usize = 1024;

/// A colour table: RGBA at each step, negative steps first.
type Table = std::rc::Rc<[[u8; 4]]>;

/// Colour tables kept, by half range.
const TABLES_KEPT: usize = 32;

thread_local! {
    /// The latest colour tables, by the bits of the half range they were built for (newest
    /// last). A table depends on the scale's half range only, and a stride change repaints 16
    /// maps whose ranges mostly did not move: each table is 2,050 `ColorScale::rgb` calls.
    static TABLES: std::cell::RefCell<Vec<(u32, Table)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// `scale`'s colours at 1,024 steps per sign from 0 to the half range, negative steps first:
/// a pixel then costs a multiply and a copy instead of a blend.
fn colour_table(scale: &ColorScale) -> Table {
    let h = scale.half_range;
    let key = h.to_bits();
    TABLES.with_borrow_mut(|tables| {
        if let Some(i) = tables.iter().position(|(k, _)| *k == key) {
            let hit = tables.remove(i);
            tables.push(hit.clone());
            return hit.1;
        }
        let step = |sign: f32, i: usize| {
            let [r, g, b] = scale.rgb(sign * h * i as f32 / STEPS as f32);
            [r, g, b, 255]
        };
        let table: Table = (0..=STEPS)
            .map(|i| step(-1.0, i))
            .chain((0..=STEPS).map(|i| step(1.0, i)))
            .collect();
        if tables.len() == TABLES_KEPT {
            tables.remove(0);
        }
        tables.push((key, table.clone()));
        table
    })
}

/// One activation map's RGBA bytes in its diverging colour scale (blue below 0, white at 0,
/// orange above), for [`put_rgba_kept`]. A pure function of the map and its scale, so the
/// view keeps the bytes of a map it may show again (the stride slider going back).
pub fn map_rgba(map: &Volume, scale: &ColorScale) -> Vec<u8> {
    let h = scale.half_range;
    let table = colour_table(scale);
    let (neg, pos) = table.split_at(STEPS + 1);
    let k = if h > 0.0 { STEPS as f32 / h } else { 0.0 };
    let data = map.data();
    // Whole pixels and an index loop: in the size-optimised build iterator adapters and
    // small copies are not always inlined.
    let mut px = vec![[0u8; 4]; data.len()];
    let mut j = 0;
    while j < data.len() {
        let v = data[j];
        // NaN maps to step 0 (white), as in ColorScale::rgb.
        let i = ((v.abs() * k + 0.5) as usize).min(STEPS);
        px[j] = if v < 0.0 { neg[i] } else { pos[i] };
        j += 1;
    }
    px.into_flattened()
}

/// One channel of the zoom: a cell per pixel in its grey with its value (two decimals), the
/// zero padding light grey with "0", the window outlined in the page's green. Plain 2D canvas
/// calls: no text is measured.
pub fn paint_zoom(
    canvas: &HtmlCanvasElement,
    z: &crate::app::lab::Zoom,
    c: usize,
) -> Result<(), String> {
    let cell = 30.0;
    let (rows, cols) = (z.rows.len() as f64, z.cols.len() as f64);
    let dpr = prepare(canvas, cols * cell, rows * cell)?;
    let drawing = Drawing::on(canvas);
    let ctx = context(drawing.surface())?;
    ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)
        .map_err(js_text)?;
    ctx.set_font("10px ui-monospace, monospace");
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    let Some(grid) = z.channels.get(c) else {
        return Ok(());
    };
    for (r, vals) in grid.iter().enumerate() {
        for (k, v) in vals.iter().enumerate() {
            let (x, y) = (k as f64 * cell, r as f64 * cell);
            let (fill, ink, text) = match v {
                Some(v) => {
                    let b = (v * 255.0).round().clamp(0.0, 255.0) as u8;
                    // Black text from grey 117 up, white below: both keep 4.5:1.
                    let ink = if b >= 117 { "#000" } else { "#fff" };
                    (format!("rgb({b},{b},{b})"), ink, format!("{v:.2}"))
                }
                None => ("#e4e4e4".to_string(), "#555", "0".to_string()),
            };
            ctx.set_fill_style_str(&fill);
            ctx.fill_rect(x, y, cell, cell);
            ctx.set_fill_style_str(ink);
            ctx.fill_text(&text, x + cell / 2.0, y + cell / 2.0)
                .map_err(js_text)?;
        }
    }
    ctx.set_stroke_style_str("#ccc");
    ctx.set_line_width(1.0);
    for r in 0..=z.rows.len() {
        ctx.stroke_rect(0.0, r as f64 * cell, cols * cell, 0.0);
    }
    for k in 0..=z.cols.len() {
        ctx.stroke_rect(k as f64 * cell, 0.0, 0.0, rows * cell);
    }
    // The window starts one cell in (the ring).
    ctx.set_stroke_style_str("#009e73");
    ctx.set_line_width(3.0);
    let f = z.f as f64 * cell;
    ctx.stroke_rect(cell, cell, f, f);
    Ok(())
}

/// The FC layer's scores as bars (orange above 0, blue below), one per output, with a zero
/// line and labelled ticks. Drawn from plotters' primitives at fixed positions: its chart
/// builder measures every label through the page's layout, which costs a reflow per label
/// on each redraw.
pub fn paint_bars(
    canvas: &HtmlCanvasElement,
    scores: &[f32],
    w: f64,
    ink: ChartInk,
) -> Result<(), String> {
    let h = 200.0;
    let dpr = prepare(canvas, w, h)?;
    let px = |v: f64| (v * dpr).round() as i32;
    let drawing = Drawing::on(canvas);
    let root = root(drawing.surface(), ink.bg)?;
    let (left, right, top, bottom) = (60.0, w - 8.0, 10.0, h - 24.0);
    let hi = scores.iter().copied().fold(0.0f32, f32::max) as f64;
    let lo = scores.iter().copied().fold(0.0f32, f32::min) as f64;
    let (lo, hi) = if hi - lo > 0.0 { (lo, hi) } else { (-1.0, 1.0) };
    let y = |v: f64| bottom - (v - lo) / (hi - lo) * (bottom - top);
    let font = |anchor: Pos| {
        (FontFamily::SansSerif, 11.0 * dpr)
            .into_font()
            .color(&ink.ink)
            .pos(anchor)
    };
    // Ticks: min, 0, max (0 only when it lies between).
    let mut ticks = vec![lo, hi];
    if lo < 0.0 && hi > 0.0 {
        ticks.push(0.0);
    }
    for t in ticks {
        root.draw(&PathElement::new(
            vec![(px(left - 4.0), px(y(t))), (px(right), px(y(t)))],
            ink.axis.stroke_width(1),
        ))
        .map_err(plot_err)?;
        root.draw(&Text::new(
            num(t),
            (px(left - 6.0), px(y(t))),
            font(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(plot_err)?;
    }
    let n = scores.len().max(1) as f64;
    let slot = (right - left) / n;
    let pos = RGBColor(0xD5, 0x5E, 0x00);
    let neg = RGBColor(0x00, 0x72, 0xB2);
    let zero = y(0.0_f64.clamp(lo, hi));
    for (i, &v) in scores.iter().enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        let colour = if v < 0.0 { neg } else { pos };
        let (a, b) = (zero.min(y(v as f64)), zero.max(y(v as f64)));
        root.draw(&Rectangle::new(
            [
                (px(cx - slot * 0.3), px(a)),
                (px(cx + slot * 0.3), px(b).max(px(a) + 1)),
            ],
            colour.filled(),
        ))
        .map_err(plot_err)?;
        root.draw(&Text::new(
            i.to_string(),
            (px(cx), px(bottom + 6.0)),
            font(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(plot_err)?;
    }
    root.draw(&PathElement::new(
        vec![(px(left), px(zero)), (px(right), px(zero))],
        ink.ink.stroke_width(1),
    ))
    .map_err(plot_err)?;
    root.present().map_err(plot_err)
}
