//! The ConvScope binary: on wasm32 it mounts the page; natively it only points at the docs.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

#[cfg(target_arch = "wasm32")]
fn main() {
    convscope::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("ConvScope runs in the browser: `make serve`, then open http://127.0.0.1:8080");
}

/// The JavaScript API: renders ConvScope into `element` with `query` (the address's keys) and
/// resolves to a handle (`step`, `back`, `play`, `pause`, `first`, `last`, `set`, `query`,
/// `destroy`). `www/convscope.mjs` wraps it as `mount(element, config)`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub async fn mount(element: web_sys::Element, query: String) -> Result<Handle, JsValue> {
    // Async: it waits for the string table of the mount's language (fetched, not built in).
    convscope::ui::remote::mount(element, query)
        .await
        .map(Handle)
        .map_err(|why| js_sys::Error::new(&why).into())
}

/// What [`mount`] returns: drive the mounted ConvScope, or remove it
/// (see [`convscope::ui::remote::Handle`]; exported here, not by the library, so the
/// real-image view's wasm does not carry it).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub struct Handle(convscope::ui::remote::Handle);

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
impl Handle {
    /// One position forward.
    pub fn step(&self) {
        self.0.step();
    }
    /// One position back.
    pub fn back(&self) {
        self.0.back();
    }
    /// Start the animation.
    pub fn play(&self) {
        self.0.play();
    }
    /// Stop the animation.
    pub fn pause(&self) {
        self.0.pause();
    }
    /// The first position.
    pub fn first(&self) {
        self.0.first();
    }
    /// The last position.
    pub fn last(&self) {
        self.0.last();
    }
    /// Changes the settings named in `config` (a query string or an object with the
    /// address's keys); returns the sentences about values that were not used.
    pub fn set(&self, config: JsValue) -> js_sys::Array {
        self.0.set(config)
    }
    /// The settings as a query string (what a link to this frame would carry).
    pub fn query(&self) -> String {
        self.0.query()
    }
    /// Removes ConvScope from its element.
    pub fn destroy(&mut self) {
        self.0.destroy();
    }
}

/// A message to the stage's worker (`www/stage-worker.js`, which runs this module): see
/// [`convscope::ui::stage_worker`]. Exported here, not by the library, like [`mount`].
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn stage_frame(msg: JsValue) -> JsValue {
    convscope::ui::stage_worker::on_message(msg)
}
