//! Shading spans of a text without an element per span: the CSS Custom Highlight API. While
//! the animation plays, the dot product writes each channel's products as one text node and
//! shades its padding terms with the page's `::highlight(convscope-pad)` rule; an element per
//! term made an animation step re-style and re-lay-out ~30 more boxes (PERFORMANCE.md, session
//! 26). Paused, it keeps an element per term: Chromium rebuilds every highlight's marks at any
//! change to the page, which repainted the lines at each slider change (session 27). A
//! browser without the API (`CSS.highlights`) always keeps an element per term
//! ([`supported`]).
//!
//! web-sys has the API only behind `web_sys_unstable_apis`, so the three calls used are bound
//! here.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Node, Range};

#[wasm_bindgen]
extern "C" {
    /// A set of ranges that a `::highlight(name)` rule styles once it is registered.
    type Highlight;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<Highlight, JsValue>;
    #[wasm_bindgen(method)]
    fn add(this: &Highlight, range: &Range);
    #[wasm_bindgen(method, js_name = delete)]
    fn remove(this: &Highlight, range: &Range);

    /// `CSS.highlights`: the page's highlights by name.
    type Registry;
    #[wasm_bindgen(method)]
    fn set(this: &Registry, name: &str, highlight: &Highlight);
}

thread_local! {
    /// The padding terms' highlight, shared by every ConvScope on the page (one name, one
    /// rule); `None` without the API.
    static PAD: Option<Highlight> = registered("convscope-pad");
}

fn registered(name: &str) -> Option<Highlight> {
    let css = js_sys::Reflect::get(&js_sys::global(), &"CSS".into()).ok()?;
    let registry = js_sys::Reflect::get(&css, &"highlights".into())
        .ok()
        .filter(JsValue::is_object)?;
    let highlight = Highlight::new().ok()?;
    registry.unchecked_ref::<Registry>().set(name, &highlight);
    Some(highlight)
}

/// Whether this browser shades text through highlights.
pub fn supported() -> bool {
    PAD.with(Option::is_some)
}

/// One panel's share of the padding highlight: the ranges it shades.
#[derive(Default)]
pub struct Shaded(RefCell<Vec<Range>>);

impl Shaded {
    /// Shades exactly `spans`, each (text node, start, end) in UTF-16 code units, in place of
    /// what this panel shaded before. Ranges are kept and moved rather than made anew.
    pub fn set(&self, spans: Vec<(Node, u32, u32)>) {
        PAD.with(|pad| {
            let Some(pad) = pad else {
                return;
            };
            let mut ranges = self.0.borrow_mut();
            let mut used = 0;
            for (node, start, end) in spans {
                let range = match ranges.get(used) {
                    Some(r) => r.clone(),
                    None => match Range::new() {
                        Ok(r) => {
                            pad.add(&r);
                            ranges.push(r.clone());
                            r
                        }
                        Err(_) => continue,
                    },
                };
                // Start first: a start past the old end pulls the end along, then the end is set.
                if range.set_start(&node, start).is_ok() && range.set_end(&node, end).is_ok() {
                    used += 1;
                } else {
                    range.collapse();
                }
            }
            for r in ranges.drain(used..) {
                pad.remove(&r);
            }
        });
    }
}

impl Drop for Shaded {
    fn drop(&mut self) {
        self.set(Vec::new());
    }
}
