//! Canvases that change only when their data does (the charts and every canvas of the
//! real-image view) are drawn off the page and shown as a still picture (wasm32 only).
//!
//! Why: with software compositing (no GPU), Chromium copies the whole store of *every* 2D
//! canvas within a few thousand pixels of the viewport at every frame's commit, changed or not.
//! Four unchanged 600 × 400 canvases added 0.35 ms to each frame in a bare page; on the
//! explainer the size chart and the heatmaps added ~0.1 ms to each step of the lecture
//! example's animation and ~0.2 ms at 64 × 64, and once the real-image view had been opened
//! its ~30 canvases another ~0.5 ms to every frame of the page. A `bitmaprenderer` canvas
//! holding an `ImageBitmap` costs nothing a frame. So the painters draw on a canvas that is
//! not in the document (its *surface*, with the store and 2D context the page's canvas had
//! before), and [`Drawing`] hands its pixels to the page's canvas when dropped: one copy per
//! repaint instead of one per frame. A picture put whole (a map, the input) skips the
//! surface: [`put`].
//!
//! A browser without `OffscreenCanvas` or `bitmaprenderer` gets the page's canvas itself as
//! the surface, as before. Tests read these canvases by drawing them on a canvas of their own:
//! a `bitmaprenderer` canvas gives no 2D context.

use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmapRenderingContext, ImageData,
    OffscreenCanvas,
};

/// The properties of a page canvas that say whether it shows bitmaps and hold its surface.
const SHOWS: &str = "convscopeShows";
const SURFACE: &str = "convscopeSurface";

/// A repaint of one page canvas: draw on [`Drawing::surface`]; the pixels go to the page when
/// this is dropped (also on an early return or an error, as a canvas drawn on directly would
/// show what was drawn so far).
pub struct Drawing {
    page: HtmlCanvasElement,
    /// `None` where the page's canvas is drawn on directly.
    surface: Option<HtmlCanvasElement>,
}

impl Drawing {
    /// Starts a repaint of `page`, whose store size is already set: its surface takes that
    /// size (a resize clears it, as it cleared the page's canvas) and keeps its pixels
    /// between repaints otherwise.
    pub fn on(page: &HtmlCanvasElement) -> Drawing {
        let surface = shows_bitmaps(page).then(|| surface_of(page)).flatten();
        if let Some(s) = &surface {
            let size = (page.width(), page.height());
            if (s.width(), s.height()) != size {
                s.set_width(size.0);
                s.set_height(size.1);
            }
        }
        Drawing {
            page: page.clone(),
            surface,
        }
    }

    /// The canvas to draw on.
    pub fn surface(&self) -> &HtmlCanvasElement {
        self.surface.as_ref().unwrap_or(&self.page)
    }
}

impl Drop for Drawing {
    fn drop(&mut self) {
        let Some(surface) = &self.surface else {
            return;
        };
        let size = (surface.width(), surface.height());
        let shown = offscreen(size).and_then(|copy| {
            if let Some((canvas, g)) = &copy {
                g.draw_image_with_html_canvas_element(surface, 0.0, 0.0)?;
                show(&self.page, canvas, size)?;
            }
            Ok(())
        });
        if let Err(e) = shown {
            web_sys::console::error_1(&e); // the canvas keeps its last picture
        }
    }
}

/// Shows `data` at the top left of `page`'s store (its current size; blank around it) when
/// `page` shows bitmaps, and says whether it did: one `putImageData` on an `OffscreenCanvas`,
/// with no surface to keep (a picture is put whole).
pub fn put(page: &HtmlCanvasElement, data: &ImageData) -> Result<bool, JsValue> {
    if !shows_bitmaps(page) {
        return Ok(false);
    }
    let size = (page.width(), page.height());
    if let Some((canvas, g)) = offscreen(size)? {
        g.put_image_data(data, 0.0, 0.0)?;
        show(page, &canvas, size)?;
    }
    Ok(true)
}

/// Whether `page` shows bitmaps, decided on first use: when this browser has
/// `OffscreenCanvas` and gives `page` a `bitmaprenderer` context (it does not once `page`
/// has a 2D one).
fn shows_bitmaps(page: &HtmlCanvasElement) -> bool {
    let key = JsValue::from_str(SHOWS);
    if let Some(known) = js_sys::Reflect::get(page, &key)
        .ok()
        .and_then(|v| v.as_bool())
    {
        return known;
    }
    let has_offscreen =
        js_sys::Reflect::has(&js_sys::global(), &"OffscreenCanvas".into()).unwrap_or(false);
    let shows = has_offscreen && matches!(page.get_context("bitmaprenderer"), Ok(Some(_)));
    let _ = js_sys::Reflect::set(page, &key, &JsValue::from_bool(shows));
    shows
}

/// `page`'s surface, a canvas outside the document, made on first use.
fn surface_of(page: &HtmlCanvasElement) -> Option<HtmlCanvasElement> {
    let key = JsValue::from_str(SURFACE);
    if let Some(kept) = js_sys::Reflect::get(page, &key)
        .ok()
        .and_then(|v| v.dyn_into::<HtmlCanvasElement>().ok())
    {
        return Some(kept);
    }
    let surface = page
        .owner_document()?
        .create_element("canvas")
        .ok()?
        .dyn_into::<HtmlCanvasElement>()
        .ok()?;
    let _ = js_sys::Reflect::set(page, &key, &surface);
    Some(surface)
}

/// An `OffscreenCanvas`, its 2D context and its size. The canvas is sized and the context
/// drawn on through the element's bindings (`HtmlCanvasElement`, `CanvasRenderingContext2d`),
/// as the stage's painter does in its worker (`canvas::new_canvas`): the same JavaScript
/// properties and methods, and the page's wasm and glue then carry one import for each
/// instead of two (~0.1 kB gzipped).
type Through = (OffscreenCanvas, CanvasRenderingContext2d, (u32, u32));

thread_local! {
    /// The one `OffscreenCanvas` every repaint goes through: a transfer leaves it blank, and
    /// making one per repaint cost as much again as the rest (in a bare page, 16 maps of
    /// 256 × 256 a frame: ~85 µs a map made new, ~45 through one kept canvas, ~60 through
    /// one kept per map).
    static THROUGH: RefCell<Option<Through>> = const { RefCell::new(None) };
}

/// The blank `w` × `h` `OffscreenCanvas` and its 2D context; `None` for an empty size (an
/// `ImageBitmap` cannot be empty; the page's canvas then keeps nothing to show).
fn offscreen(
    (w, h): (u32, u32),
) -> Result<Option<(OffscreenCanvas, CanvasRenderingContext2d)>, JsValue> {
    if w == 0 || h == 0 {
        return Ok(None);
    }
    THROUGH.with_borrow_mut(|slot| {
        if let Some((canvas, g, size)) = slot {
            if *size != (w, h) {
                let element: &HtmlCanvasElement = canvas.unchecked_ref();
                element.set_width(w);
                element.set_height(h);
                *size = (w, h);
            }
            return Ok(Some((canvas.clone(), g.clone())));
        }
        let canvas = OffscreenCanvas::new(w, h)?;
        let g = crate::render::canvas::context(canvas.unchecked_ref())?;
        *slot = Some((canvas.clone(), g.clone(), (w, h)));
        Ok(Some((canvas, g)))
    })
}

/// Hands `copy`'s pixels (`w` × `h`) to `page` as an `ImageBitmap` (moved, not copied),
/// sizing `page`'s store to match.
fn show(
    page: &HtmlCanvasElement,
    copy: &OffscreenCanvas,
    (w, h): (u32, u32),
) -> Result<(), JsValue> {
    if (page.width(), page.height()) != (w, h) {
        page.set_width(w);
        page.set_height(h);
    }
    let ctx: ImageBitmapRenderingContext = page
        .get_context("bitmaprenderer")?
        .ok_or("no bitmaprenderer context")?
        .unchecked_into();
    ctx.transfer_from_image_bitmap(&copy.transfer_to_image_bitmap()?);
    Ok(())
}
