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

/// Puts this wasm's sentences in `lang` (`table`, fetched by the page) for a code-panel call.
#[cfg(target_arch = "wasm32")]
fn speak(lang: &str, table: Option<String>) {
    use convscope::app::i18n::{self, Lang};
    let lang = Lang::parse(lang).unwrap_or_default();
    if let Some(t) = table {
        let _ = i18n::install(lang, t);
    }
    i18n::set_lang(i18n::shown(lang));
}

/// The page's code panel: the layer its address `query` describes, as PyTorch, Torch7 and
/// Caffe. The exporters and the importer live in this wasm, fetched when the panel opens,
/// not in the page's (its size budget).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn code_export(query: &str) -> js_sys::Array {
    convscope::app::code::export_query(query)
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect()
}

/// The page's layer stack: its code (PyTorch, Torch7, Caffe) for the stack `text`
/// (`Stack::to_text`), in `lang` (`table`, fetched by the page: a layer's refusal is a
/// sentence). Throws for a text that is not a stack.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn stack_export(
    text: &str,
    lang: String,
    table: Option<String>,
) -> Result<js_sys::Array, String> {
    speak(&lang, table);
    let code = convscope::app::stack_code::export_stack_text(text)
        .ok_or_else(|| format!("not a stack: {text}"))?;
    Ok(code.iter().map(|s| JsValue::from_str(s)).collect())
}

/// The page's code panel: `text` read onto the layer its address `query` describes, in
/// `lang`. Returns [what to say, the new layer's address], or throws the sentence saying why
/// it could not be read.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn code_import(
    text: &str,
    query: &str,
    lang: String,
    table: Option<String>,
) -> Result<js_sys::Array, String> {
    speak(&lang, table);
    let (said, query) = convscope::app::code::import_query(text, query)?;
    Ok(js_sys::Array::of2(&said.into(), &query.into()))
}

/// The page's "Save the animation as GIF" (`convscope::ui::gif_save`): the layer the address
/// `query` describes (with its view and colours), drawn for a stage `width` × `height`,
/// `delay_cs` hundredths of a second a position, offered as `name`; `status` says how it goes,
/// in `lang` (`table`, fetched by the page). The painting and the encoder live in this wasm,
/// fetched when one is first made.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub async fn gif_save(
    query: String,
    width: f64,
    height: f64,
    delay_cs: u16,
    name: String,
    status: web_sys::Element,
    lang: String,
    table: Option<String>,
) {
    speak(&lang, table);
    convscope::ui::gif_save(&query, (width, height), delay_cs, &name, &status).await;
}
