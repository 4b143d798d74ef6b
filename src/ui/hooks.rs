//! Hooks shared by the components: room and theme for the canvases, the address bar.

use crate::app::state::Theme;
use gloo_events::EventListener;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, MutationObserver, MutationObserverInit};
use yew::prelude::*;

/// The inner width of the element behind `node` and the window's inner height, kept up to date
/// across window resizes ((0, 0) until it is mounted): the room a canvas may use.
#[hook]
pub fn use_room(node: NodeRef) -> (f64, f64) {
    let room = use_state_eq(|| (0.0f64, 0.0f64));
    {
        let room = room.clone();
        use_effect_with((), move |_| {
            let measure = move || {
                let height = web_sys::window()
                    .and_then(|w| w.inner_height().ok())
                    .and_then(|h| h.as_f64())
                    .unwrap_or(0.0);
                if let Some(el) = node.cast::<HtmlElement>() {
                    room.set((el.client_width() as f64, height));
                }
            };
            measure();
            let listener =
                web_sys::window().map(|w| EventListener::new(&w, "resize", move |_| measure()));
            move || drop(listener)
        });
    }
    *room
}

/// The theme to draw: `theme`, or for [`Theme::Auto`] what the system prefers, followed live
/// (the media queries `prefers-contrast: more` and `prefers-color-scheme: dark`).
#[hook]
pub fn use_system_theme(theme: Theme) -> Theme {
    let query = |q: &str| web_sys::window().and_then(|w| w.match_media(q).ok().flatten());
    let read = move || {
        let on = |q: &str| query(q).is_some_and(|m| m.matches());
        (
            on("(prefers-color-scheme: dark)"),
            on("(prefers-contrast: more)"),
        )
    };
    let system = use_state_eq(read);
    {
        let system = system.clone();
        use_effect_with((), move |_| {
            // Both queries report changes; re-read both on either.
            let listeners: Vec<EventListener> =
                ["(prefers-color-scheme: dark)", "(prefers-contrast: more)"]
                    .iter()
                    .filter_map(|q| query(q))
                    .map(|m| {
                        let system = system.clone();
                        EventListener::new(&m, "change", move |_| system.set(read()))
                    })
                    .collect();
            move || drop(listeners)
        });
    }
    let (dark, contrast) = *system;
    theme.resolve(dark, contrast)
}

/// The theme of the page around `element` (its closest `data-theme`), followed live and
/// resolved like [`use_system_theme`]: the real-image view is an app of its own, mounted into
/// the page's section, and learns the page's theme this way.
#[hook]
pub fn use_page_theme(element: Element) -> Theme {
    let read = |el: &Element| {
        el.closest("[data-theme]")
            .ok()
            .flatten()
            .and_then(|t| t.get_attribute("data-theme"))
            .and_then(|code| Theme::parse(&code))
            .unwrap_or_default()
    };
    let chosen = {
        let el = element.clone();
        use_state_eq(move || read(&el))
    };
    {
        let chosen = chosen.clone();
        use_effect_with(element, move |el| {
            let target = el.closest("[data-theme]").ok().flatten();
            let el = el.clone();
            let changed = Closure::<dyn FnMut()>::new(move || chosen.set(read(&el)));
            let observer = MutationObserver::new(changed.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(t)) = (&observer, &target) {
                let init = MutationObserverInit::new();
                init.set_attributes(true);
                init.set_attribute_filter(&js_sys::Array::of1(&"data-theme".into()));
                let _ = o.observe_with_options(t, &init);
            }
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(changed);
            }
        });
    }
    use_system_theme(*chosen)
}

/// How often, at most, the address bar is rewritten while the settings keep changing.
const ADDRESS_EVERY_MS: u32 = 200;

/// What [`use_address`] has still to write.
#[derive(Default)]
struct Address {
    /// The query written next, if it differs from the one in the address bar.
    pending: Option<String>,
    /// The timer that writes it (kept after it fires, so it is never dropped while running).
    timer: Option<gloo_timers::callback::Timeout>,
    /// Whether the timer is yet to fire.
    scheduled: bool,
    /// Whether anything was written yet: the first write, at start, is at once.
    started: bool,
}

impl Address {
    fn flush(&mut self) {
        self.scheduled = false;
        if let Some(q) = self.pending.take() {
            replace_query(&q);
        }
    }
}

/// Keeps the address bar's query equal to `query` (when `enabled`: a mounted app leaves its
/// host's address alone). The first query, at start, is written at once, so a link that
/// loads is normalised before anything else; later ones at most every [`ADDRESS_EVERY_MS`],
/// after the frame the change paints. `history.replaceState` costs Chromium 1–3 ms of main
/// thread a call, which a slider change paid before its frame, and a drag sent it sixty
/// times a second. The last change is always written, and one still waiting is written
/// when the page is hidden.
#[hook]
pub fn use_address(query: String, enabled: bool) {
    let state = use_mut_ref(Address::default);
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .map(|w| EventListener::new(&w, "pagehide", move |_| state.borrow_mut().flush()));
            move || drop(listener)
        });
    }
    use_effect_with(query, move |q| {
        if !enabled {
            return;
        }
        let mut a = state.borrow_mut();
        if !a.started {
            a.started = true;
            replace_query(q);
            return;
        }
        a.pending = Some(q.clone());
        if !a.scheduled {
            a.scheduled = true;
            let state = state.clone();
            a.timer = Some(gloo_timers::callback::Timeout::new(
                ADDRESS_EVERY_MS,
                move || state.borrow_mut().flush(),
            ));
        }
    });
}

/// Writes `query` into the address bar without adding a history entry.
fn replace_query(query: &str) {
    let Some(w) = web_sys::window() else {
        return;
    };
    let path = w.location().pathname().unwrap_or_default();
    let url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
