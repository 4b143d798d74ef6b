//! The ConvScope binary: on wasm32 it mounts the page; natively it only points at the docs.

#[cfg(target_arch = "wasm32")]
fn main() {
    convscope::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("ConvScope runs in the browser: `make serve`, then open http://127.0.0.1:8080");
}

/// The JavaScript API: renders ConvScope into `element` with `query` (the address's keys) and
/// returns a handle (`step`, `back`, `play`, `pause`, `first`, `last`, `set`, `query`,
/// `destroy`). `www/convscope.mjs` wraps it as `mount(element, config)`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount(element: web_sys::Element, query: String) -> convscope::ui::remote::Handle {
    convscope::ui::remote::mount(element, query)
}
