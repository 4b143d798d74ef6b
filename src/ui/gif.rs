//! "Save the animation as GIF". The page hands the real-image view's wasm, which it fetches
//! when a GIF is first made (`gif_save` in `src/bin/convscope-lab.rs`), its address and the
//! sentence beside the button; that wasm paints every position on a canvas of its own (as the
//! PNG of one frame is painted), at one pixel per CSS pixel, encodes them (`crate::app::gif`),
//! offers the file and writes how it went. The page's own wasm carries none of it (its size
//! budget).

use super::assets::describe;
use super::stage::{frame_size, paint_here, Frame};
use crate::app::gif::{with_margin, Animation, MARGIN, MAX_FRAMES};
use crate::app::layer::Layer;
use crate::app::url;
use crate::render::{canvas, charts::ChartInk, scene};
use crate::tr;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

/// What the page's "Save the animation as GIF" runs, in the view's wasm: the GIF of the layer
/// the address `query` describes (its view and colours too), drawn for a stage of `room`,
/// `delay_cs` hundredths of a second a position, offered as `name`. `status` (the sentence
/// beside the button) says how far it is and how it ended; while it works it carries
/// `data-busy`, and a second press meanwhile does nothing.
pub async fn save(
    query: &str,
    room: (f64, f64),
    delay_cs: u16,
    name: &str,
    status: &web_sys::Element,
) {
    if status.has_attribute("data-busy") {
        return;
    }
    let _ = status.set_attribute("data-busy", "");
    let said = match make(query, room, delay_cs, status).await {
        Ok((positions, bytes)) => download(&bytes, name)
            .map(|()| {
                tr!(
                    "gif.done",
                    positions,
                    crate::app::text::bytes(bytes.len() as u64)
                )
            })
            .map_err(|e| tr!("gif.failed", describe(&e))),
        Err(why) => Err(why),
    };
    status.set_text_content(Some(&said.unwrap_or_else(|why| why)));
    let _ = status.remove_attribute("data-busy");
}

/// Offers `bytes` as a file called `name`.
fn download(bytes: &[u8], name: &str) -> Result<(), JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/gif");
    let bytes = Uint8Array::from(bytes);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&Array::of1(&bytes), &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlElement = doc.create_element("a")?.unchecked_into();
    a.set_attribute("href", &url)?;
    a.set_attribute("download", name)?;
    a.click();
    // Kept a minute: the download reads it after this task.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Waits for the next task: the page renders and takes input in between.
async fn breathe() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let later = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .ok()
        });
        if later.is_none() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// The GIF of every position of the layer the address `query` describes (in its colours,
/// `theme=`), drawn for a stage of `room` (width, height), `delay_cs` hundredths of a second
/// a position, and
/// how many positions it holds; `status` says how far it is every few frames. `Err` is the
/// sentence saying why there is none.
async fn make(
    query: &str,
    room: (f64, f64),
    delay_cs: u16,
    status: &web_sys::Element,
) -> Result<(usize, Vec<u8>), String> {
    let viz = url::from_query(query, Default::default()).viz;
    // The page sends the colours it shows; "system" (none sent) is the light theme.
    let theme = viz.theme.resolve(false, false);
    let positions = viz.positions();
    if positions == 0 {
        return Err(tr!("gif.none").into());
    }
    if positions > MAX_FRAMES {
        return Err(tr!("gif.too_many", positions, MAX_FRAMES));
    }
    let failed = |why: String| tr!("gif.failed", why);
    let layer = Layer::new(viz.config).map_err(|e| failed(crate::app::text::error(&e)))?;
    status.set_text_content(Some(&tr!("gif.progress", 0, positions)));
    let frame = Frame {
        view: if viz.scattering() {
            scene::View::Scatter
        } else {
            scene::View::Direct
        },
        focus: None,
        room,
        fit: false,
        theme,
    };
    let js = |e: JsValue| failed(describe(&e));
    // One size for every frame, the largest (a filter's label, a bias's sign, can widen the
    // picture at some positions): each picture is read at it, what it does not cover reads as
    // transparent, laid over the background.
    let (w, h) = (0..positions)
        .map(|step| frame_size(&layer, step, frame))
        .fold((1, 1), |a, b| (a.0.max(b.0), a.1.max(b.1)));
    let out = canvas::new_canvas().map_err(js)?;
    // Read back at every position: a context made for it (Chromium warns otherwise).
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"willReadFrequently".into(), &true.into()).map_err(js)?;
    out.get_context_with_context_options("2d", &opts)
        .map_err(js)?;
    let mut frames = canvas::Frames::default();
    let mut paint = |step: usize| -> Result<Vec<u8>, JsValue> {
        let at = (&layer, step, frame);
        paint_here(&out, canvas::Sizing::Store, &mut frames, at, None, 1.0)?;
        let data = canvas::context(&out)?.get_image_data(0.0, 0.0, w.into(), h.into())?;
        Ok(with_margin(&data.data().0, w, h, MARGIN))
    };
    // The palette learns from up to six pictures spread over the animation, the first and
    // the last among them (each filter's shading, the maps filling), every third pixel.
    let mut learn = Vec::new();
    let samples = positions.min(6);
    for i in 0..samples {
        let step = i * (positions - 1) / (samples - 1).max(1);
        let picture = paint(step).map_err(js)?;
        learn.extend(picture.chunks_exact(4).step_by(3).flatten());
    }
    let bg = ChartInk::of(theme).bg;
    let (gw, gh) = (w + 2 * MARGIN, h + 2 * MARGIN);
    let mut gif = Animation::new(gw, gh, [bg.0, bg.1, bg.2], &[&learn]).map_err(failed)?;
    drop(learn);
    for step in 0..positions {
        let picture = paint(step).map_err(js)?;
        gif.add(&picture, delay_cs).map_err(failed)?;
        if step % 4 == 3 {
            status.set_text_content(Some(&tr!("gif.progress", step + 1, positions)));
            breathe().await;
        }
    }
    let bytes = gif.finish().map_err(failed)?;
    Ok((positions, bytes))
}
