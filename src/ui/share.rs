//! The Share panel: the link to this exact frame, an `<iframe>` snippet for slides, and a
//! Markdown link, each with a Copy button.

use super::live::Live;
use crate::app::state::Viz;
use crate::app::url;
use crate::tr;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The page's address without its query: what links and snippets start from.
fn base_url() -> String {
    web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default()
}

/// Copies `text` with the asynchronous clipboard API when the browser offers it (a secure
/// context), looked up dynamically so no unstable web-sys API is needed. Returns whether
/// the call was made; otherwise the caller selects the text for Ctrl+C.
pub(crate) fn copy(text: &str) -> bool {
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).ok();
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = get(&window.into(), "navigator").and_then(|n| get(&n, "clipboard"));
    let Some(clipboard) = clipboard.filter(|c| !c.is_undefined()) else {
        return false;
    };
    match get(&clipboard, "writeText").and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        Some(f) => f.call1(&clipboard, &JsValue::from_str(text)).is_ok(),
        None => false,
    }
}

/// Props of [`Share`].
#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The state to share.
    pub viz: Viz,
    /// A short description for the Markdown link ("7×7, F 3, S 2 → 3 × 3 × 1").
    pub title: AttrValue,
    /// The animation's short path: the open panel's links name the frame on screen, so while
    /// it is open every tick goes through the reducer (and a render).
    #[prop_or_default]
    pub live: Option<Rc<Live>>,
}

/// One copyable text with its label.
#[derive(Properties, PartialEq)]
struct CopyRowProps {
    label: AttrValue,
    value: AttrValue,
    testid: AttrValue,
}

#[component]
fn CopyRow(props: &CopyRowProps) -> Html {
    let input = use_node_ref();
    let status = use_state(String::new);
    let onclick = {
        let input = input.clone();
        let status = status.clone();
        let value = props.value.clone();
        Callback::from(move |_: MouseEvent| {
            if copy(&value) {
                status.set(tr!("share.copied").into());
            } else {
                if let Some(el) = input.cast::<HtmlInputElement>() {
                    el.select();
                }
                status.set(tr!("share.selected").into());
            }
        })
    };
    html! {
        <div class="copy-row">
            <label>
                <span>{ props.label.clone() }</span>
                <input ref={input} type="text" readonly=true autocomplete="off" value={props.value.clone()} data-testid={props.testid.clone()} />
            </label>
            <button type="button" {onclick}>{ tr!("share.copy") }</button>
            <span class="copy-status" aria-live="polite">{ (*status).clone() }</span>
        </div>
    }
}

/// The Share panel. Its links name the current frame, so while the animation runs they
/// change on every step; a closed panel builds none of them (each step would rewrite three
/// text boxes nobody sees), and opening it builds them for the frame shown.
#[component]
pub fn Share(props: &ShareProps) -> Html {
    let open = use_state_eq(|| false);
    // The summary's click runs before the browser opens the details, so the links are in
    // the same frame as the open panel; `toggle` keeps the state right whatever opened it.
    let onclick = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            let details = e
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|s| s.parent_element());
            if let Some(d) = details {
                open.set(!d.has_attribute("open"));
            }
        })
    };
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            open.set(
                e.target_unchecked_into::<web_sys::Element>()
                    .has_attribute("open"),
            );
        })
    };
    // Escape closes the open panel and gives the focus back to its button, as a popup does.
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        let details = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("details").ok().flatten())
            .filter(|d| d.has_attribute("open"));
        if let (true, Some(d)) = (e.key() == "Escape", details) {
            e.stop_propagation();
            let _ = d.remove_attribute("open");
            if let Some(s) = d
                .first_element_child()
                .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = s.focus();
            }
        }
    });
    if let Some(live) = &props.live {
        live.hold(*open);
    }
    html! {
        <details class="share" {ontoggle} {onkeydown}>
            <summary data-testid="share" {onclick}>{ tr!("share.summary") }</summary>
            if *open { { links(props) } }
        </details>
    }
}

/// The links and snippets for the panel's state: built only while the panel is open.
fn links(props: &ShareProps) -> Html {
    let base = base_url();
    // Opened while the animation runs, the panel names the frame the short path has reached.
    let viz = Viz {
        step: props
            .live
            .as_ref()
            .map_or(props.viz.step, |l| l.step_or(props.viz.step)),
        ..props.viz.clone()
    };
    let q = url::to_query(&Viz {
        playing: false,
        ..viz.clone()
    });
    let link = if q.is_empty() {
        base.clone()
    } else {
        format!("{base}?{q}")
    };
    let embed = url::embed_url(&base, &viz);
    // 16:9 at a size that reads on a projector; the page scales its text to the frame.
    let iframe = format!(
        r#"<iframe src="{}" width="960" height="540" style="border:0" title="ConvScope: {}" loading="lazy"></iframe>"#,
        embed.replace('&', "&amp;"),
        props.title
    );
    let markdown = format!("[ConvScope: {}]({link})", props.title);
    html! {
        <div class="share-body">
            <CopyRow label={tr!("share.link")} value={link} testid="share-link" />
            <CopyRow label={tr!("share.iframe")} value={iframe} testid="share-iframe" />
            <CopyRow label={tr!("share.markdown")} value={markdown} testid="share-markdown" />
        </div>
    }
}
