//! The real-image view as its own wasm, loaded by the page only when the view's section comes
//! near the viewport (`src/ui/lab_slot.rs`), so the page's first load stays within its size
//! budget. Trunk builds it (`index.html`, `data-type="worker"`: built and copied, never
//! loaded by the page's own loader); `convscopeAssets.lab()` imports it.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("The real-image view runs in the browser, inside ConvScope: `make serve`.");
}

/// What [`mount_lab`] returns: remove the view again.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub struct LabHandle {
    app: Option<yew::AppHandle<convscope::ui::LabRoot>>,
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
impl LabHandle {
    /// Removes the view from its element.
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

/// Renders the real-image view into `element` with the built-in picture `image` (its id), in
/// `lang` (a code; `table` is that language's table, which the page fetched); `on_image` is
/// called with a picture's id when another is chosen, so the page's link follows.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn mount_lab(
    element: web_sys::Element,
    image: String,
    lang: String,
    table: Option<String>,
    on_image: js_sys::Function,
) -> LabHandle {
    let on_image = yew::Callback::from(move |b: convscope::app::images::Builtin| {
        let _ = on_image.call1(&JsValue::NULL, &b.id().into());
    });
    let app = convscope::ui::mount_lab(element, &image, &lang, table, on_image);
    LabHandle { app: Some(app) }
}
