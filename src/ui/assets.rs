//! Parts of the page fetched rather than built into its wasm (the size budget): the string
//! tables (the page's language before it renders, another when it is chosen), and the
//! real-image view, which is its own wasm (`src/bin/convscope-lab.rs`). Where they live is known to `globalThis.convscopeAssets`,
//! which `www/boot.js` (the page), `www/convscope.mjs` (the JavaScript API) and the
//! single-file build each define: `table(lang)` resolves to the table's text, `lab()` to the
//! view's initialised wasm-bindgen module.

use crate::app::i18n::{self, Lang};
use crate::tr;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A JavaScript failure as a short text (an Error's message, a string, or its debug form).
pub(crate) fn describe(e: &JsValue) -> String {
    if let Some(e) = e.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    e.as_string().unwrap_or_else(|| "unknown error".into())
}

/// Calls `convscopeAssets[method](arg)` and awaits the promise it returns.
async fn call(method: &str, arg: &JsValue) -> Result<JsValue, String> {
    let assets = Reflect::get(&js_sys::global(), &"convscopeAssets".into())
        .ok()
        .filter(|a| a.is_object())
        .ok_or("convscopeAssets is missing")?;
    let f: Function = Reflect::get(&assets, &method.into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or("convscopeAssets cannot load it")?;
    let promise = f.call1(&assets, arg).map_err(|e| describe(&e))?;
    let promise = Promise::resolve(&promise);
    JsFuture::from(promise).await.map_err(|e| describe(&e))
}

/// The text of `lang`'s table, fetched (the loaders keep it, so a second call costs nothing).
pub async fn table_text(lang: Lang) -> Result<String, String> {
    call("table", &lang.code().into())
        .await?
        .as_string()
        .ok_or_else(|| "not text".into())
}

/// Fetches and installs `lang`'s table unless it is already at hand; the error says why not.
pub async fn table(lang: Lang) -> Result<(), String> {
    if i18n::loaded(lang) {
        return Ok(());
    }
    let text = table_text(lang).await?;
    i18n::install(lang, text)
        .map_err(|e| format!("{}.txt, line {}: {}", lang.code(), e.line, e.why))
}

/// Installs the tables a page in `lang` needs before it renders: `lang`'s, else English's
/// (the page then says why `lang` did not come). The error is the `fatal.table` sentence, in
/// `lang`, naming the first failure (the page and the JS API show it as it is).
pub async fn page_tables(lang: Lang) -> Result<(), String> {
    let first = match table(lang).await {
        Err(why) if lang != Lang::En => table(Lang::En).await.map_err(|_| why),
        done => done,
    };
    first.map_err(|why| i18n::with_lang(lang, || tr!("fatal.table", why)))
}

/// Loads the real-image view's module (once per page; later calls share it).
pub async fn lab() -> Result<JsValue, String> {
    call("lab", &JsValue::UNDEFINED).await
}
