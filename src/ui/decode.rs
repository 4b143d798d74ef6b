//! Reading a user's file into a [`Picture`] with the browser's own decoders: the bytes are
//! checked first ([`check_bytes`]: empty, not an image, animated GIF), then an `<img>` reads
//! the header (its natural size is checked against [`MAX_PIXELS`] before a single pixel is
//! decoded), `createImageBitmap` decodes it (a damaged file fails here), and a canvas
//! scales it to at most [`MAX_SIDE`] pixels on the long side and hands back RGBA bytes.
//!
//! The image is loaded from a `data:` address, which the page's strict Content-Security-Policy
//! allows (`img-src 'self' data:`), where a `blob:` address would not be.

use crate::app::image_text::UploadError;
use crate::app::images::{check_bytes, check_size, fitted, Picture, MAX_SIDE};
use js_sys::{Promise, Uint8Array};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, File, FileReader, HtmlCanvasElement, HtmlImageElement, ImageBitmap,
};

/// A decoded upload: the picture (at most [`MAX_SIDE`] on its long side) and its original
/// size.
pub struct Decoded {
    /// The pixels.
    pub picture: Picture,
    /// Width and height before scaling.
    pub original: (usize, usize),
}

/// Resolves when `target` fires `ok`, rejects when it fires `error`.
fn event_promise(target: &web_sys::EventTarget, ok: &str, start: impl FnOnce()) -> Promise {
    let target = target.clone();
    let ok = ok.to_string();
    let mut start = Some(start);
    Promise::new(&mut move |resolve, reject| {
        let on_ok = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let on_err = Closure::once_into_js(move || {
            let _ = reject.call0(&JsValue::NULL);
        });
        let opts = web_sys::AddEventListenerOptions::new();
        opts.set_once(true);
        let _ = target.add_event_listener_with_callback_and_add_event_listener_options(
            &ok,
            on_ok.unchecked_ref(),
            &opts,
        );
        let _ = target.add_event_listener_with_callback_and_add_event_listener_options(
            "error",
            on_err.unchecked_ref(),
            &opts,
        );
        if let Some(f) = start.take() {
            f();
        }
    })
}

/// Reads, checks, decodes and scales `file`.
pub async fn decode(file: File) -> Result<Decoded, UploadError> {
    if file.size() == 0.0 {
        return Err(UploadError::Empty);
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| UploadError::Unreadable)?;
    let bytes = Uint8Array::new(&buffer).to_vec();
    check_bytes(&bytes)?;
    drop(bytes);

    // The file as a data: address.
    let reader = FileReader::new().map_err(|_| UploadError::Unreadable)?;
    let read = {
        let (r, f) = (reader.clone(), file.clone());
        event_promise(&reader, "load", move || {
            let _ = r.read_as_data_url(&f);
        })
    };
    JsFuture::from(read)
        .await
        .map_err(|_| UploadError::Unreadable)?;
    let url = reader
        .result()
        .ok()
        .and_then(|r| r.as_string())
        .ok_or(UploadError::Unreadable)?;

    // The header: load gives the natural size without decoding the pixels.
    let img = HtmlImageElement::new().map_err(|_| UploadError::Unreadable)?;
    let load = {
        let i = img.clone();
        event_promise(&img, "load", move || i.set_src(&url))
    };
    JsFuture::from(load)
        .await
        .map_err(|_| UploadError::Undecodable)?;
    let (w, h) = (img.natural_width(), img.natural_height());
    check_size(w, h)?;
    // createImageBitmap decodes every pixel and rejects a damaged file, where the <img>
    // (and its decode()) would quietly show what it could.
    let window = web_sys::window().ok_or(UploadError::Unreadable)?;
    let bitmap: ImageBitmap = JsFuture::from(
        window
            .create_image_bitmap_with_blob(&file)
            .map_err(|_| UploadError::Undecodable)?,
    )
    .await
    .map_err(|_| UploadError::Undecodable)?
    .dyn_into()
    .map_err(|_| UploadError::Undecodable)?;

    // Scale onto white (transparent pixels would otherwise read as black) and read back.
    let (tw, th) = fitted(w as usize, h as usize, MAX_SIDE);
    let document = window.document().ok_or(UploadError::Unreadable)?;
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| UploadError::Unreadable)?
        .dyn_into()
        .map_err(|_| UploadError::Unreadable)?;
    canvas.set_width(tw as u32);
    canvas.set_height(th as u32);
    // Drawn once and read back: a context made for reading (Chromium warns otherwise).
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"willReadFrequently".into(), &true.into());
    let ctx: CanvasRenderingContext2d = canvas
        .get_context_with_context_options("2d", &opts)
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or(UploadError::Unreadable)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, tw as f64, th as f64);
    ctx.set_image_smoothing_enabled(true);
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, tw as f64, th as f64)
        .map_err(|_| UploadError::Undecodable)?;
    bitmap.close();
    let data = ctx
        .get_image_data(0.0, 0.0, tw as f64, th as f64)
        .map_err(|_| UploadError::Undecodable)?;
    let picture = Picture::new(tw, th, data.data().0).ok_or(UploadError::Undecodable)?;
    Ok(Decoded {
        picture,
        original: (w as usize, h as usize),
    })
}
